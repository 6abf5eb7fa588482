package coop.sportello.platform.http;

import coop.sportello.platform.VertxInternals;
import coop.sportello.platform.auth.TokenService;
import coop.sportello.platform.bridge.EventBusBridge;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CSPHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.HSTSHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.XFrameHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One instance per core, all sharing the port: health, metrics, the REST API, the event-bus
 * bridge and the static web root. Stopping it drains: no new connections, in-flight requests
 * finish (up to the grace period).
 */
public final class HttpVerticle extends VerticleBase {

  private final HttpSettings settings;
  /** Answers when the database does (readiness). */
  private final Supplier<Future<?>> databaseCheck;
  private final TokenService tokens;
  private final EventBusBridge bridge;
  private final List<ApiModule> modules;
  private final AtomicInteger boundPort;
  private final AtomicBoolean draining;
  private HttpServer server;

  public HttpVerticle(HttpSettings settings, Supplier<Future<?>> databaseCheck, TokenService tokens, EventBusBridge bridge,
                      List<ApiModule> modules, AtomicInteger boundPort, AtomicBoolean draining) {
    this.settings = settings;
    this.databaseCheck = databaseCheck;
    this.tokens = tokens;
    this.bridge = bridge;
    this.modules = modules;
    this.boundPort = boundPort;
    this.draining = draining;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(HSTSHandler.create(31_536_000, false))
        .handler(XFrameHandler.create(XFrameHandler.DENY))
        .handler(CSPHandler.create()
            .addDirective("default-src", "'self'")
            .addDirective("img-src", "'self' data:")
            .addDirective("connect-src", "'self' ws: wss:")
            .addDirective("frame-ancestors", "'none'")
            .addDirective("base-uri", "'self'")
            .addDirective("form-action", "'self'"))
        .handler(ctx -> {
          if (draining.get()) {
            // Draining: a client must not send its next request on this connection, which closes soon.
            ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
          }
          ctx.response()
              .putHeader("X-Content-Type-Options", "nosniff")
              .putHeader("Referrer-Policy", "no-referrer")
              .putHeader("Permissions-Policy", "camera=(), geolocation=(), microphone=()");
          ctx.next();
        });
    if (!settings.allowedOrigins().isEmpty()) {
      router.route().handler(CorsHandler.create()
          .addOrigins(settings.allowedOrigins())
          .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
          .allowedHeaders(Set.of("Authorization", "Content-Type", Idempotency.HEADER, coop.sportello.platform.links.SignedLinks.HEADER))
          .maxAgeSeconds(600));
    }
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    router.get("/metrics").handler(PrometheusScrapingHandler.create());

    router.route("/api/v1/*").subRouter(ApiRoutes.router(vertx, modules, Access.authenticate(tokens),
        settings.bodyLimitBytes(), settings.requestTimeoutMillis()));

    bridge.mount(router);
    router.route().handler(StaticHandler.create("webroot").setCachingEnabled(true).setMaxAgeSeconds(300));
    router.route().handler(ctx -> ctx.fail(404));
    router.route().failureHandler(new ProblemHandler());

    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(settings.host())
        // Port 0 would give every instance its own random port, and all clients would reach only
        // the first; a negative port makes the instances share one random port (Vert.x rule).
        .setPort(settings.port() == 0 ? -1 : settings.port())
        .setCompressionSupported(true)
        // HTTP/1.1 only in clear text (browsers speak HTTP/2 only over TLS, which a proxy in front
        // ends): with h2c on, Vert.x sets up a connection only once its first request has been
        // read, too late to time how long that request takes to arrive (RequestReadTimeout).
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout(settings.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setMaxFormAttributeSize(settings.bodyLimitBytes()));
    long readTimeoutMillis = TimeUnit.SECONDS.toMillis(settings.requestReadTimeoutSeconds());
    server.connectionHandler(connection -> RequestReadTimeout.install(VertxInternals.channel(connection), readTimeoutMillis));
    return server.requestHandler(router).invalidRequestHandler(ProblemHandler::invalidRequest).listen().onSuccess(s -> boundPort.set(s.actualPort()));
  }

  /** Ready means the database answers and this node is not draining. */
  private void ready(RoutingContext ctx) {
    if (draining.get()) {
      ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("status", "DOWN").put("reason", "shutting down").encode());
      return;
    }
    databaseCheck.get()
        .timeout(2, TimeUnit.SECONDS)
        .onSuccess(rows -> ctx.json(new JsonObject().put("status", "UP")
            .put("checks", new JsonObject().put("database", "UP"))))
        .onFailure(e -> ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("status", "DOWN").put("checks", new JsonObject().put("database", "DOWN")).encode()));
  }

  @Override
  public Future<?> stop() {
    bridge.closeAll();
    return server == null ? Future.succeededFuture() : server.shutdown(settings.shutdownGraceSeconds(), TimeUnit.SECONDS);
  }
}
