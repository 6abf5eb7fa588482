package coop.sportello.platform.http;

import coop.sportello.platform.Platform;
import coop.sportello.platform.auth.AuthModule;
import coop.sportello.platform.auth.RevokedSessions;
import coop.sportello.platform.bridge.BridgeRules;
import coop.sportello.platform.bridge.EventBusBridge;
import coop.sportello.platform.database.DatabaseHealth;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP verticles (one per core, or {@code http.instances}) sharing one port, with every
 * module's routes and bridge rules; stopping drains them.
 */
public final class HttpServers {

  private final Vertx vertx;
  private final long drainDelayMillis;
  private final AtomicInteger port = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();
  private String deployment;
  private MessageConsumer<JsonObject> sessionsEnded;

  private HttpServers(Vertx vertx, long drainDelayMillis) {
    this.vertx = vertx;
    this.drainDelayMillis = drainDelayMillis;
  }

  /** @param http the {@code http} section of the configuration */
  public static Future<HttpServers> start(Vertx vertx, JsonObject http, Platform platform, AuthModule auth,
                                          List<? extends ApiModule> modules) {
    HttpServers servers = new HttpServers(vertx, http.getLong("drainDelayMillis"));
    BridgeRules rules = new BridgeRules();
    modules.forEach(m -> m.registerBridgeRules(rules));
    EventBusBridge bridge = new EventBusBridge(vertx, auth.service(), rules, platform.fanOut());
    HttpSettings settings = HttpSettings.from(http);
    int instances = http.getInteger("instances") > 0 ? http.getInteger("instances") : Runtime.getRuntime().availableProcessors();
    List<ApiModule> mounted = List.copyOf(modules);
    return vertx.deployVerticle(() -> new HttpVerticle(settings, () -> DatabaseHealth.check(platform.statements()), auth.tokens(),
            bridge, mounted, servers.port, servers.draining), new DeploymentOptions().setInstances(instances))
        .map(id -> {
          servers.deployment = id;
          // Every node hears of an ended session (NodeBus) and closes its own sockets of it.
          servers.sessionsEnded = vertx.eventBus().<JsonObject>localConsumer(RevokedSessions.ADDRESS,
              msg -> bridge.closeSession(msg.body().getString("sessionId")));
          return servers;
        });
  }

  public int port() {
    return port.get();
  }

  /**
   * Readiness turns DOWN first and the servers keep serving for {@code http.drainDelayMillis}, so
   * that load balancers stop routing here and requests already on the wire are read; then the
   * listeners close and in-flight requests finish within the grace period.
   */
  public Future<Void> stop() {
    if (draining.getAndSet(true) || deployment == null) {
      return Future.succeededFuture();
    }
    sessionsEnded.unregister();
    Future<Void> delay = drainDelayMillis > 0 ? vertx.timer(drainDelayMillis).mapEmpty() : Future.succeededFuture();
    return delay.compose(v -> vertx.undeploy(deployment));
  }
}
