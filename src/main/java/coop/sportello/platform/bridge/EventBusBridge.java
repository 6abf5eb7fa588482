package coop.sportello.platform.bridge;

import coop.sportello.platform.auth.AuthService;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.bridge.BridgeRules.Direction;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import coop.sportello.platform.http.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.Transport;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SockJS event-bus bridge at /eventbus, WebSocket transport only.
 * <p>
 * A browser first asks POST /api/v1/auth/bridge-ticket (with its access token) for a ticket that
 * lives seconds and works once, then opens {@code /eventbus/...?ticket=...}: no long-lived token
 * ever sits in a URL. Sockets without a redeemed ticket are refused; every send, publish and
 * subscription goes through {@link BridgeRules}; every inbound message has its headers replaced
 * by the verified identity. A refused command with a reply address is answered on that address
 * (403, a problem), as any other refusal is; refusals are logged without flooding the log
 * ({@link RefusalLog}).
 */
public final class EventBusBridge {

  public static final String PATH = "/eventbus";
  /** Addresses are at most this long (the rules' patterns are shorter still). */
  static final int MAX_ADDRESS_LENGTH = 200;
  /** Subscriptions one socket may hold; with commands waiting for replies it stays under the bridge's 200 handlers. */
  static final int MAX_SUBSCRIPTIONS = 100;
  /** Reply addresses longer than this are refused by Vert.x's bridge (vertx-eventbus.js uses UUIDs). */
  private static final int MAX_REPLY_ADDRESS_LENGTH = 36;
  private static final String IDENTITY_KEY = "sportello.bridge.identity";
  /** The problem type of a command the bridge itself refused (its address is not the caller's to use). */
  public static final String REFUSED_TYPE = "bridge-refused";

  private final Vertx vertx;
  private final AuthService auth;
  private final BridgeRules rules;
  private final Map<SockJSSocket, SocketState> open = new ConcurrentHashMap<>();
  private final RefusalLog refusals = new RefusalLog(System::currentTimeMillis);

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
        .setMaxAddressLength(MAX_ADDRESS_LENGTH)
        .setMaxHandlersPerSocket(200)
        .setReplyTimeout(10_000);
    rules.permitted(Direction.INBOUND).forEach(bridgeOptions::addInboundPermitted);
    rules.permitted(Direction.OUTBOUND).forEach(bridgeOptions::addOutboundPermitted);
    // Where refused commands go to be answered (see decide); nobody else reaches it.
    bridgeOptions.addInboundPermitted(new PermittedOptions().setAddress(PlatformBridge.REFUSED));
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
          open.put(event.socket(), new SocketState());
          closeOnFailure(event.socket());
        }
        event.complete(who != null);
      }
      case SOCKET_CLOSED -> {
        SocketState state = open.remove(event.socket());
        if (state != null) {
          refusals.closed(state);
        }
        fanOut.forget(event.socket());
        event.complete(true);
      }
      case UNREGISTER -> {
        String address = event.getRawMessage().getString("address");
        SocketState state = open.get(event.socket());
        if (state != null && address != null) {
          state.registered.remove(address);
          state.rechecked.remove(address);
        }
        fanOut.unsubscribe(address, event.socket());
        event.complete(true);
      }
      case SEND, PUBLISH -> decide(event, who, Direction.INBOUND);
      case REGISTER -> decide(event, who, Direction.OUTBOUND);
      case RECEIVE -> deliver(event, who);
      default -> event.complete(true);
    }
  }

  private void decide(BridgeEvent event, Identity who, Direction direction) {
    JsonObject raw = event.getRawMessage();
    String address = raw.getString("address");
    SocketState state = open.get(event.socket());
    String unfit = who == null || state == null ? "no identity"
        : !stillValid(who) ? "session ended"
        : unfit(event.type(), raw, state);
    if (unfit != null) {
      refuse(event, who, state, unfit, false);
      return;
    }
    Object body = raw.getValue("body");
    JsonObject jsonBody = body instanceof JsonObject json ? json : null;
    Context socketContext = SocketFanOut.socketContext();
    Optional<BridgeRules.Rule> rule = rules.find(direction, address);
    Future<Boolean> verdict = rule.map(r -> BridgeRules.permits(r, who, address, jsonBody))
        .orElse(Future.succeededFuture(false));
    verdict.onComplete(result -> {
      boolean allowed = result.succeeded() && Boolean.TRUE.equals(result.result());
      if (!allowed) {
        refuse(event, who, state, "not permitted", true);
        return;
      }
      if (direction == Direction.OUTBOUND) {
        if (rule.get().broadcast()) {
          fanOut.subscribe(address, event.socket(), socketContext);
        }
        if (rule.get().rechecked()) {
          state.rechecked.put(address, rule.get());
        }
      } else {
        // Whatever identity the client wrote into the headers is thrown away here.
        event.setRawMessage(raw.copy().put("headers",
            new JsonObject().put(BridgeIdentity.HEADER, who.toJson().encode())));
      }
      event.complete(true);
    });
  }

  /**
   * Frames refused before any rule is asked: those Vert.x's bridge would refuse after us with a log
   * line of its own each (a second subscription to the same address, too many subscriptions, an
   * address or reply address too long). A subscription is counted from the moment it is asked for.
   */
  private static String unfit(BridgeEventType type, JsonObject raw, SocketState state) {
    String address = raw.getString("address");
    if (address == null || address.length() > MAX_ADDRESS_LENGTH) {
      return "address missing or too long";
    }
    if (type == BridgeEventType.REGISTER) {
      if (state.registered.size() >= MAX_SUBSCRIPTIONS) {
        return "too many subscriptions";
      }
      if (!state.registered.add(address)) {
        return "already registered";
      }
    }
    Object replyAddress = raw.getValue("replyAddress");
    if (replyAddress != null && !(replyAddress instanceof String reply && reply.length() <= MAX_REPLY_ADDRESS_LENGTH)) {
      return "reply address too long";
    }
    return null;
  }

  /**
   * Refuses the frame. A command that waits for a reply is answered on its reply address, like any
   * command the server refuses (failureCode and a problem as the message): the event is turned into
   * a send to {@link PlatformBridge#REFUSED}, which fails it. Anything else gets the bridge's
   * {@code {"type":"err","body":"rejected"}}, which names no address.
   */
  private void refuse(BridgeEvent event, Identity who, SocketState state, String why, boolean ruled) {
    JsonObject raw = event.getRawMessage();
    String address = raw.getString("address");
    if (state != null) {
      if (ruled && event.type() == BridgeEventType.REGISTER) {
        state.registered.remove(address); // counted when asked for; never made
      }
      refusals.refused(state, who, event.type().name().toLowerCase(Locale.ROOT) + " (" + why + ")", address);
    }
    Object replyAddress = raw.getValue("replyAddress");
    if (event.type() == BridgeEventType.SEND && who != null && replyAddress instanceof String reply
        && !reply.isEmpty() && reply.length() <= MAX_REPLY_ADDRESS_LENGTH) {
      Problem problem = new Problem(403, REFUSED_TYPE, "Operazione non permessa", "session ended".equals(why)
          ? "La sessione è terminata: accedi di nuovo e apri un nuovo collegamento."
          : "Non puoi usare questo indirizzo: " + RefusalLog.shown(address) + ".");
      event.setRawMessage(new JsonObject().put("type", "send").put("address", PlatformBridge.REFUSED)
          .put("replyAddress", reply).put("body", problem.toJson(null)));
      event.complete(true);
      return;
    }
    event.complete(false);
  }

  /**
   * A message on its way to a subscriber: only to a socket whose session lives, and, for a feed
   * whose rule says so, only if the rule still lets this socket have it. Those re-checked deliveries
   * complete in the order the messages came.
   */
  private void deliver(BridgeEvent event, Identity who) {
    if (who == null || !stillValid(who)) {
      event.complete(false);
      return;
    }
    SocketState state = open.get(event.socket());
    String address = event.getRawMessage().getString("address");
    BridgeRules.Rule rule = state == null || address == null ? null : state.rechecked.get(address);
    if (rule == null) {
      event.complete(true);
      return;
    }
    Object body = event.getRawMessage().getValue("body");
    JsonObject jsonBody = body instanceof JsonObject json ? json : null;
    state.afterEarlierDeliveries(() -> BridgeRules.permits(rule, who, address, jsonBody))
        .onComplete(result -> event.complete(result.succeeded() && Boolean.TRUE.equals(result.result())));
  }

  /**
   * Closes every socket of this node (code 1001, going away) so that clients reconnect to another
   * node at once instead of holding up the shutdown.
   */
  public void closeAll() {
    for (SockJSSocket socket : List.copyOf(open.keySet())) {
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
    for (SockJSSocket socket : List.copyOf(open.keySet())) {
      Identity who = socket.routingContext() == null ? null : socket.routingContext().get(IDENTITY_KEY);
      if (who != null && sessionId.equals(who.sessionId())) {
        socket.close(4001, "session ended");
      }
    }
  }

  private boolean stillValid(Identity who) {
    return who.sessionId() == null || !auth.tokens().isSessionRevoked(who.sessionId());
  }
}
