package coop.sportello.platform.bridge;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.Module;
import coop.sportello.platform.http.ApiModule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * The bridge addresses the platform itself offers.
 * <pre>
 *   platform.whoami                 inbound, any signed-in user; replies with the identity the
 *                                   server stamped on the message: {sub, roles, name, sid, ...}
 *   platform.user.&lt;subject&gt;        outbound, only that user: personal notices {kind, text, ...}
 *   platform.announcements          outbound, any signed-in user: {text, severity}
 * </pre>
 */
public final class PlatformBridge implements Module, ApiModule {

  public static final String WHOAMI = "platform.whoami";
  public static final String ANNOUNCEMENTS = "platform.announcements";
  public static final String USER_PREFIX = "platform.user.";

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

  public PlatformBridge(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Void> start() {
    // Local: answered by the node the socket is on, also on a clustered bus.
    whoami = vertx.eventBus().localConsumer(WHOAMI, msg -> BridgeIdentity.of(msg)
        .map(Identity::toJson)
        .ifPresentOrElse(msg::reply, () -> msg.fail(401, "no identity")));
    return whoami.completion();
  }

  @Override
  public Future<Void> stop() {
    return whoami == null ? Future.succeededFuture() : whoami.unregister();
  }
}
