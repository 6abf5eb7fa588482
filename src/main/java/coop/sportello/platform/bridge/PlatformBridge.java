package coop.sportello.platform.bridge;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.Module;
import coop.sportello.platform.http.ApiModule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * The bridge addresses the platform itself offers.
 * <pre>
 *   platform.whoami                 inbound, any signed-in user; replies with the identity the
 *                                   server stamped on the message: {sub, roles, name, sid, ...}
 *   platform.user.&lt;subject&gt;        outbound, only that user: personal notices {kind, text, ...}
 *   platform.announcements          outbound, any signed-in user: {text, severity}
 *   platform.bridge.refused         internal: a command the bridge refused is sent here with the
 *                                   problem as its body, and fails with it on the command's reply
 *                                   address (see EventBusBridge)
 * </pre>
 */
public final class PlatformBridge implements Module, ApiModule {

  public static final String WHOAMI = "platform.whoami";
  public static final String ANNOUNCEMENTS = "platform.announcements";
  public static final String USER_PREFIX = "platform.user.";
  public static final String REFUSED = "platform.bridge.refused";

  public static String userAddress(String subject) {
    return USER_PREFIX + subject;
  }

  @Override
  public ApiModule api() {
    return this;
  }

  @Override
  public void registerBridgeRules(BridgeRules rules) {
    rules.inbound("platform\\.whoami", (who, address, body) -> Future.succeededFuture(!who.isGuest()));
    rules.outbound("platform\\.announcements", (who, address, body) -> Future.succeededFuture(!who.isGuest()));
    rules.outbound("platform\\.user\\.[A-Za-z0-9:-]{1,80}",
        (who, address, body) -> Future.succeededFuture(address.equals(userAddress(who.subject()))));
  }

  private final Vertx vertx;
  private MessageConsumer<Object> whoami;
  private MessageConsumer<JsonObject> refused;

  public PlatformBridge(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Void> start() {
    // Local: answered by the node the socket is on, also on a clustered bus.
    whoami = vertx.eventBus().localConsumer(WHOAMI, msg -> BridgeIdentity.of(msg)
        .map(Identity::toJson)
        .ifPresentOrElse(msg::reply, () -> msg.fail(401, "no identity")));
    // Only the bridge sends here, with the problem it decided on (a browser's own frame to this
    // address is refused like any other address without a rule, and arrives with the bridge's problem).
    refused = vertx.eventBus().localConsumer(REFUSED, msg -> msg.fail(msg.body().getInteger("status", 403), msg.body().encode()));
    return Future.all(whoami.completion(), refused.completion()).mapEmpty();
  }

  @Override
  public Future<Void> stop() {
    return Future.all(whoami == null ? Future.succeededFuture() : whoami.unregister(),
        refused == null ? Future.succeededFuture() : refused.unregister()).mapEmpty();
  }
}
