package coop.sportello.platform.bridge;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import coop.sportello.platform.VertxInternals;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers broadcast feeds (addresses registered with {@link BridgeRules#broadcast}) straight to
 * the sockets of this node that subscribed to them: the frame is encoded once per message and
 * written to each socket, instead of one event-bus delivery, bridge check and encoding per socket.
 * Subscriptions still go through the bridge and its rules; only delivery takes this shorter path.
 */
public final class SocketFanOut {

  /** Subscribers of one address, grouped by the event loop their socket lives on. */
  private final Map<String, Map<Context, Set<SockJSSocket>>> byAddress = new ConcurrentHashMap<>();
  private final Map<SockJSSocket, Set<String>> bySocket = new ConcurrentHashMap<>();
  private final Map<SockJSSocket, Context> contexts = new ConcurrentHashMap<>();

  /**
   * The context the socket's events arrive on, to be captured when the bridge event arrives
   * (before any asynchronous check moves the work elsewhere). Each socket runs on a duplicate of
   * its event loop's context; grouping by the duplicates would make one task per socket, so this
   * is the event loop's own context.
   */
  static Context socketContext() {
    return VertxInternals.eventLoopContext(Vertx.currentContext());
  }

  /** {@code context}: {@link #socketContext()} as captured on the socket's own event. */
  void subscribe(String address, SockJSSocket socket, Context socketContext) {
    Context context = contexts.computeIfAbsent(socket, s -> socketContext);
    byAddress.computeIfAbsent(address, a -> new ConcurrentHashMap<>())
        .computeIfAbsent(context, c -> ConcurrentHashMap.newKeySet()).add(socket);
    bySocket.computeIfAbsent(socket, s -> ConcurrentHashMap.newKeySet()).add(address);
  }

  void unsubscribe(String address, SockJSSocket socket) {
    Map<Context, Set<SockJSSocket>> groups = byAddress.get(address);
    Context context = contexts.get(socket);
    if (groups != null && context != null && groups.get(context) != null) {
      groups.get(context).remove(socket);
    }
    Set<String> addresses = bySocket.get(socket);
    if (addresses != null) {
      addresses.remove(address);
    }
  }

  void forget(SockJSSocket socket) {
    Set<String> addresses = bySocket.get(socket);
    if (addresses != null) {
      List.copyOf(addresses).forEach(a -> unsubscribe(a, socket));
    }
    bySocket.remove(socket);
    contexts.remove(socket);
  }

  /** Sends {@code body} to every socket of this node subscribed to {@code address}; returns how many. */
  public int deliver(String address, JsonObject body) {
    Map<Context, Set<SockJSSocket>> groups = byAddress.get(address);
    if (groups == null || groups.isEmpty()) {
      return 0;
    }
    byte[] frame = new JsonObject().put("type", "rec").put("address", address).put("body", body).encode()
        .getBytes(StandardCharsets.UTF_8);
    int sent = 0;
    // One task per event loop, which writes to its own sockets: the loops work in parallel.
    for (Map.Entry<Context, Set<SockJSSocket>> group : groups.entrySet()) {
      Set<SockJSSocket> sockets = group.getValue();
      sent += sockets.size();
      group.getKey().runOnContext(v -> {
        for (SockJSSocket socket : sockets) {
          // One buffer per socket: each write owns (and releases) what it is given.
          socket.write(Buffer.buffer(frame));
        }
      });
    }
    return sent;
  }
}
