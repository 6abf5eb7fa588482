package coop.sportello.catalog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import coop.sportello.platform.bridge.SocketFanOut;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Listens to PostgreSQL's availability notifications and delivers them to this node's subscribed
 * sockets. NOTIFY is delivered only after commit and to every listening node, so a change made on
 * any node reaches the sockets of every node, and never before it is durable. Each node feeds only
 * its own sockets, so a clustered event bus never delivers twice.
 */
public final class AvailabilityFeed {

  private static final Logger LOG = LoggerFactory.getLogger(AvailabilityFeed.class);

  /**
   * How long the feed waits before each attempt to listen again: {@code minMillis}, doubling up to
   * {@code maxMillis} ({@code catalog.feedReconnectMinMillis}, {@code catalog.feedReconnectMaxMillis}).
   */
  public record Backoff(long minMillis, long maxMillis) {
    /**
     * Attempts forever: an outage of any length ends with live screens again (the old policy gave
     * up after 1,000 attempts, about 8 minutes, and screens stayed stale until a restart).
     */
    long delay(int retries) {
      return Math.min(maxMillis, minMillis << Math.min(Math.max(retries, 0), 20));
    }
  }

  private final PgSubscriber subscriber;
  private volatile boolean stopping;

  private final AvailabilityCache cache;
  private final SocketFanOut fanOut;
  /** Attempts to listen again since the start (each failed one and the one that worked). */
  private final AtomicLong reconnectAttempts = new AtomicLong();
  private boolean listenedBefore;

  public AvailabilityFeed(Vertx vertx, PgConnectOptions connectOptions, AvailabilityCache cache, SocketFanOut fanOut,
                          Backoff backoff) {
    this.cache = cache;
    this.fanOut = fanOut;
    this.subscriber = PgSubscriber.subscriber(vertx, connectOptions).reconnectPolicy(retries -> {
      reconnectAttempts.incrementAndGet();
      return backoff.delay(retries);
    });
  }

  public Future<Void> start() {
    subscriber.channel(CatalogAddresses.PG_CHANNEL).handler(this::relay).subscribeHandler(v -> listening());
    subscriber.closeHandler(v -> {
      cache.setEnabled(false);
      if (!stopping) {
        LOG.error("Availability feed lost its PostgreSQL connection for good: screens no longer update live");
      }
    });
    return subscriber.connect();
  }

  /**
   * (Re)subscribed. Whatever changed while not listening is unknown: the cache starts empty and,
   * after a reconnect, this node's screens are told to read again what they show (their sockets
   * stayed open, so nothing else tells them that notifications were missed).
   */
  private void listening() {
    cache.setEnabled(false);
    cache.setEnabled(true);
    if (listenedBefore) {
      LOG.info("Availability feed listening again ({} reconnection attempts since start): screens told to refetch",
          reconnectAttempts.get());
      fanOut.deliver(CatalogAddresses.REFETCH, new JsonObject().put("reason", "reconnected"));
    }
    listenedBefore = true;
  }

  /** For tests and operators: how often the feed has tried to listen again since it started. */
  public long reconnectAttempts() {
    return reconnectAttempts.get();
  }

  private void relay(String payload) {
    JsonObject change;
    try {
      change = new JsonObject(payload);
    } catch (RuntimeException e) {
      LOG.warn("Ignoring an unreadable availability notification");
      return;
    }
    cache.invalidate(change.getString("serviceId"));
    fanOut.deliver(CatalogAddresses.service(change.getString("serviceId")), change);
    fanOut.deliver(CatalogAddresses.area(change.getString("area")), change);
    change.getJsonArray("municipalities").forEach(m -> fanOut.deliver(CatalogAddresses.municipality(String.valueOf(m)), change));
  }

  public Future<Void> stop() {
    stopping = true;
    cache.setEnabled(false);
    return subscriber.close();
  }
}
