package coop.sportello.platform.bridge;

import coop.sportello.platform.auth.AuthService;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.bridge.BridgeRules.Direction;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.Transport;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SockJS event-bus bridge at /eventbus, WebSocket transport only.
 * <p>
 * A browser first asks POST /api/v1/auth/bridge-ticket (with its access token) for a ticket that
 * lives seconds and works once, then opens {@code /eventbus/...?ticket=...}: no long-lived token
 * ever sits in a URL. Sockets without a redeemed ticket are refused; every send, publish and
 * subscription goes through {@link BridgeRules}; every inbound message has its headers replaced
 * by the verified identity.
 */
public final class EventBusBridge {

  public static final String PATH = "/eventbus";
  private static final String IDENTITY_KEY = "sportello.bridge.identity";

  private final Vertx vertx;
  private final AuthService auth;
  private final BridgeRules rules;
  private final Set<SockJSSocket> open = ConcurrentHashMap.newKeySet();

  private final SocketFanOut fanOut;

  public EventBusBridge(Vertx vertx, AuthService auth, BridgeRules rules, SocketFanOut fanOut) {
    this.vertx = vertx;
    this.auth = auth;
    this.rules = rules;
    this.fanOut = fanOut;
  }

  public void mount(Router router) {
    router.route(PATH + "/*").handler(this::redeemTicket);
    SockJSHandlerOptions options = new SockJSHandlerOptions()
        .setHeartbeatInterval(20_000)
        .setRegisterWriteHandler(false);
    for (Transport t : Transport.values()) {
      if (t != Transport.WEBSOCKET) {
        options.addDisabledTransport(t.name());
      }
    }
    SockJSBridgeOptions bridgeOptions = new SockJSBridgeOptions()
        .setMaxAddressLength(200)
        .setMaxHandlersPerSocket(200)
        .setReplyTimeout(10_000);
    rules.permitted(Direction.INBOUND).forEach(bridgeOptions::addInboundPermitted);
    rules.permitted(Direction.OUTBOUND).forEach(bridgeOptions::addOutboundPermitted);
    router.route(PATH + "/*").subRouter(SockJSHandler.create(vertx, options).bridge(bridgeOptions, this::onEvent));
  }

  /** Only the WebSocket upgrade spends the ticket; SockJS's /info probe carries it too and must not. */
  private void redeemTicket(RoutingContext ctx) {
    String ticket = ctx.request().getParam("ticket");
    if (ticket == null || !ctx.request().path().endsWith("/websocket")) {
      ctx.next();
      return;
    }
    // The WebSocket handshake needs the request unread: hold it while the database answers.
    ctx.request().pause();
    auth.redeemBridgeTicket(ticket).onComplete(result -> {
      if (result.succeeded()) {
        result.result().ifPresent(identity -> ctx.put(IDENTITY_KEY, identity));
      }
      ctx.next();
      ctx.request().resume();
    });
  }

  private void onEvent(BridgeEvent event) {
    Identity who = event.socket() == null || event.socket().routingContext() == null
        ? null : event.socket().routingContext().get(IDENTITY_KEY);
    BridgeEventType type = event.type();
    switch (type) {
      case SOCKET_CREATED -> {
        if (who != null) {
          open.add(event.socket());
          closeOnFailure(event.socket());
        }
        event.complete(who != null);
      }
      case SOCKET_CLOSED -> {
        open.remove(event.socket());
        fanOut.forget(event.socket());
        event.complete(true);
      }
      case UNREGISTER -> {
        fanOut.unsubscribe(event.getRawMessage().getString("address"), event.socket());
        event.complete(true);
      }
      case SEND, PUBLISH -> decide(event, who, Direction.INBOUND);
      case REGISTER -> decide(event, who, Direction.OUTBOUND);
      case RECEIVE -> event.complete(who != null && stillValid(who));
      default -> event.complete(true);
    }
  }

  private void decide(BridgeEvent event, Identity who, Direction direction) {
    if (who == null || !stillValid(who)) {
      event.complete(false);
      return;
    }
    JsonObject raw = event.getRawMessage();
    String address = raw.getString("address");
    Object body = raw.getValue("body");
    JsonObject jsonBody = body instanceof JsonObject json ? json : null;
    Context socketContext = SocketFanOut.socketContext();
    Future<Boolean> verdict = rules.permits(direction, who, address, jsonBody);
    verdict.onComplete(result -> {
      boolean allowed = result.succeeded() && Boolean.TRUE.equals(result.result());
      if (allowed && direction == Direction.OUTBOUND && rules.isBroadcast(address)) {
        fanOut.subscribe(address, event.socket(), socketContext);
      }
      if (allowed && direction == Direction.INBOUND) {
        // Whatever identity the client wrote into the headers is thrown away here.
        event.setRawMessage(raw.copy().put("headers",
            new JsonObject().put(BridgeIdentity.HEADER, who.toJson().encode())));
      }
      event.complete(allowed);
    });
  }

  /**
   * Closes every socket of this node (code 1001, going away) so that clients reconnect to another
   * node at once instead of holding up the shutdown.
   */
  public void closeAll() {
    for (SockJSSocket socket : List.copyOf(open)) {
      socket.close(1001, "server shutting down");
    }
    open.clear();
  }

  /**
   * A socket that fails (a message over the size limit, a broken frame) is closed with the reason,
   * instead of living on as a zombie that no longer reads. The bridge sets its own exception
   * handler (which logs and forgets the socket's subscriptions, but leaves it open) once this event
   * is decided, so this one is set just after, on the socket's own context; closing runs the
   * bridge's close handling.
   */
  private static void closeOnFailure(SockJSSocket socket) {
    Vertx.currentContext().runOnContext(v -> socket.exceptionHandler(failure -> socket.close(1009,
        "message refused: " + (failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage()))));
  }

  /**
   * Closes this node's sockets of a session that has just ended (logout, a reused refresh token, a
   * revoked kiosk device): nothing more reaches them, and the client knows at once.
   */
  public void closeSession(String sessionId) {
    for (SockJSSocket socket : List.copyOf(open)) {
      Identity who = socket.routingContext() == null ? null : socket.routingContext().get(IDENTITY_KEY);
      if (who != null && sessionId.equals(who.sessionId())) {
        open.remove(socket);
        socket.close(4001, "session ended");
      }
    }
  }

  private boolean stillValid(Identity who) {
    return who.sessionId() == null || !auth.tokens().isSessionRevoked(who.sessionId());
  }
}
