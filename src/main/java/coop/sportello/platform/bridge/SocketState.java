package coop.sportello.platform.bridge;

import io.vertx.core.Future;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the bridge keeps about one open socket: the addresses it subscribed to (the subscriptions
 * whose permission can end while the socket lives, with their rule), the line its re-checked
 * deliveries keep, and how its refusals were logged (see {@link RefusalLog}).
 */
final class SocketState {

  private static final AtomicLong NUMBERS = new AtomicLong();

  /** A number for log lines: which socket, without anything about who holds it. */
  final long number = NUMBERS.incrementAndGet();
  final Set<String> registered = ConcurrentHashMap.newKeySet();
  final Map<String, BridgeRules.Rule> rechecked = new ConcurrentHashMap<>();

  /** Re-checked deliveries complete one after another, so they reach the socket in the order they came. */
  private Future<Boolean> deliveries = Future.succeededFuture(true);

  // Refusals: the first is logged as it happens, the rest counted and summed up (RefusalLog).
  boolean refusedBefore;
  int unreported;
  long reportedAt;
  String lastRefused;

  synchronized Future<Boolean> afterEarlierDeliveries(java.util.function.Supplier<Future<Boolean>> check) {
    deliveries = deliveries.transform(ignored -> check.get());
    return deliveries;
  }
}
