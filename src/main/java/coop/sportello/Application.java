package coop.sportello;

import coop.sportello.booking.BookingRepository;
import coop.sportello.booking.BookingRoutes;
import coop.sportello.booking.BookingService;
import coop.sportello.booking.WalletRepository;
import coop.sportello.calls.CallControl;
import coop.sportello.calls.CallOwnership;
import coop.sportello.calls.CallRepository;
import coop.sportello.calls.CallRoutes;
import coop.sportello.calls.CallVerticle;
import coop.sportello.calls.WebhookCommandSender;
import coop.sportello.calls.ari.AriAdapterVerticle;
import coop.sportello.catalog.AvailabilityFeed;
import coop.sportello.chat.ChatRepository;
import coop.sportello.chat.ChatRoutes;
import coop.sportello.chat.ChatService;
import coop.sportello.chat.ChatVerticle;
import coop.sportello.catalog.CatalogRepository;
import coop.sportello.catalog.CatalogRoutes;
import coop.sportello.catalog.CatalogService;
import coop.sportello.demo.DemoData;
import coop.sportello.platform.auth.AuthRepository;
import coop.sportello.platform.auth.AuthRoutes;
import coop.sportello.platform.auth.AuthService;
import coop.sportello.platform.auth.LoginPolicy;
import coop.sportello.platform.auth.OidcVerifier;
import coop.sportello.platform.auth.PasswordHasher;
import coop.sportello.platform.auth.RevokedSessions;
import coop.sportello.platform.auth.SigningKeys;
import coop.sportello.platform.auth.TokenService;
import coop.sportello.platform.bridge.BridgeRules;
import coop.sportello.platform.bridge.EventBusBridge;
import coop.sportello.platform.bridge.PlatformBridge;
import coop.sportello.platform.bridge.SocketFanOut;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.database.DatabaseServer;
import coop.sportello.platform.database.Migrations;
import coop.sportello.platform.database.EventLoopStatements;
import coop.sportello.platform.database.Pools;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.HttpSettings;
import coop.sportello.platform.http.HttpVerticle;
import coop.sportello.platform.http.Idempotency;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wires Sportello together: database server, migrations, pool, identity, modules and the HTTP
 * verticles, in that order; {@link #stop()} takes them down in reverse.
 */
public final class Application {

  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  private final Vertx vertx;
  private final JsonObject config;
  private final AtomicInteger port = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final List<String> deployments = new ArrayList<>();
  private final SocketFanOut fanOut = new SocketFanOut();
  private DatabaseServer database;
  private Pool pool;
  /** Pipelined connections, one per event loop, for hot statements that commit on their own. */
  private EventLoopStatements statements;
  private OidcVerifier oidc;
  private RevokedSessions revokedSessions;
  private AuthService authService;
  private List<DemoData.DemoLogin> demoLogins = List.of();
  private long housekeepingTimer = -1;
  private long horizonTimer = -1;
  private long expiryTimer = -1;
  private BookingService bookings;
  private CatalogService catalog;
  private AvailabilityFeed availabilityFeed;
  private ChatService chat;
  private CallOwnership callOwnership;
  /** This node's end of NodeBus on a clustered bus (null on a single node). */
  private MessageConsumer<JsonObject> nodeRelay;
  private String pbxWebhookSecret;
  private boolean pbxWebhookSecretGenerated;

  private Application(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.config = config;
  }

  public static Future<Application> start(Vertx vertx, JsonObject config) {
    Application app = new Application(vertx, config);
    return app.boot().map(app).recover(failure -> app.stop().transform(ignored -> Future.failedFuture(failure)));
  }

  private Future<Void> boot() {
    JsonObject auth = config.getJsonObject("auth", new JsonObject());
    Path dataDir = Path.of(config.getString("dataDir", "data"));
    return DatabaseServer.start(vertx, config.getJsonObject("database", new JsonObject()))
        .compose(db -> {
          database = db;
          return Migrations.migrate(vertx, db.endpoint());
        })
        .compose(applied -> {
          LOG.info("Database schema up to date ({} migrations applied now)", applied);
          pool = Pools.create(vertx, database.endpoint(), config.getJsonObject("database").getInteger("poolSize", 16));
          statements = new EventLoopStatements(vertx, database.endpoint());
          return demoDataWanted() ? DemoData.seedIfEmpty(vertx, pool) : Future.succeededFuture(List.of());
        })
        .compose(logins -> {
          demoLogins = logins;
          return vertx.executeBlocking(() -> SigningKeys.resolve(
              auth.getString("privateKeyPem"), auth.getString("publicKeyPem"), dataDir), false);
        })
        .compose(keys -> OidcVerifier.start(vertx, auth.getJsonObject("oidc", new JsonObject())).compose(verifier -> {
          oidc = verifier;
          int accessSeconds = auth.getInteger("accessTokenSeconds", 600);
          revokedSessions = new RevokedSessions(accessSeconds);
          TokenService tokens = new TokenService(vertx, keys, auth.getString("issuer", "sportello"),
              auth.getString("audience", "sportello"), accessSeconds, oidc, revokedSessions);
          AuthRepository repository = new AuthRepository(pool);
          authService = new AuthService(vertx, repository, new PasswordHasher(vertx), tokens,
              new AuthService.Settings(auth.getInteger("refreshTokenSeconds", 1_209_600),
                  auth.getInteger("bridgeTicketSeconds", 30),
                  new LoginPolicy(auth.getInteger("maxFailedLogins", 5),
                      Duration.ofMinutes(auth.getInteger("lockMinutes", 15)))));
          Idempotency idempotency = new Idempotency(pool);
          catalog = new CatalogService(new CatalogRepository(pool), Clock.systemUTC(),
              config.getJsonObject("catalog", new JsonObject()).getInteger("horizonDays", 180));
          availabilityFeed = catalog.feed(vertx, database.endpoint().connectOptions(), fanOut);
          JsonObject bookingConfig = config.getJsonObject("booking", new JsonObject());
          bookings = new BookingService(vertx, new BookingRepository(pool, statements::current), new WalletRepository(pool),
              bookingConfig.getInteger("holdSeconds", 300));
          chat = new ChatService(vertx, new ChatRepository(pool),
              ChatService.Settings.from(config.getJsonObject("chat", new JsonObject())), Clock.systemUTC());
          JsonObject calls = config.getJsonObject("calls", new JsonObject());
          pbxWebhookSecret = pbxWebhookSecret(calls);
          CallRepository callRepository = new CallRepository(pool);
          CallControl callControl = new CallControl(vertx, calls.getLong("handoverWaitMillis", 5_000L),
              callRepository::ownerNode);
          callOwnership = new CallOwnership(vertx, database.endpoint().connectOptions(), callRepository, Clock.systemUTC(),
              calls.getLong("tickMillis", 250L), List.of(
                  () -> AriAdapterVerticle.deployIfConfigured(vertx, calls),
                  () -> deployPbxCommandSender(calls)));
          List<ApiModule> modules = List.of(
              new AuthRoutes(authService, repository, idempotency),
              new PlatformBridge(),
              new CatalogRoutes(catalog, idempotency),
              new coop.sportello.kiosk.KioskRoutes(vertx, pool, config.getJsonObject("kiosk", new JsonObject())), // before BookingRoutes: guards kiosks' booking calls
              new BookingRoutes(bookings, idempotency),
              new ChatRoutes(chat),
              new CallRoutes(callControl, callRepository, () -> pbxWebhookSecret));
          return new NodeBus(vertx).startRelay().map(relay -> nodeRelay = relay)
              .compose(v -> revokedSessions.start(vertx, pool))
              .compose(v -> PlatformBridge.startConsumers(vertx))
              .compose(v -> availabilityFeed.start())
              .compose(v -> vertx.deployVerticle(new ChatVerticle(chat)).onSuccess(deployments::add))
              .compose(v -> vertx.deployVerticle(new CallVerticle(callOwnership, callControl,
                  calls.getLong("ownerPollMillis", 1000L))).onSuccess(deployments::add))

              .compose(v -> deployHttp(modules, tokens));
        }))
        .onSuccess(v -> {
          housekeepingTimer = vertx.setPeriodic(300_000, id ->
              new AuthRepository(pool).deleteExpired().onFailure(e -> LOG.warn("Housekeeping failed", e)));
          // Slots roll forward to the booking horizon now (in the background) and every six hours.
          extendSlots();
          horizonTimer = vertx.setPeriodic(6 * 3_600_000L, id -> extendSlots());
          // Expired holds give their places back within a few seconds, on whichever node gets there first.
          expiryTimer = vertx.setPeriodic(2_000, id -> bookings.expireHolds()
              .compose(expired -> bookings.offerFreedPlaces())
              .onFailure(e -> LOG.warn("Could not expire holds or offer freed places", e)));
        });
  }

  private void extendSlots() {
    bookings.wallets().expireEndedPlans()
        .onSuccess(n -> LOG.info("Unused welfare credit of ended plans expired ({} wallets)", n))
        .onFailure(e -> LOG.warn("Could not expire ended welfare plans", e));
    catalog.extendHorizon()
        .onSuccess(added -> LOG.info("Slots rolled forward to the booking horizon ({} added)", added))
        .onFailure(e -> LOG.warn("Could not roll slots forward", e));
  }

  /**
   * The shared secret that signs webhooks between Sportello and the PBX. Without one configured,
   * the embedded (development) set-up makes one up for this run and prints it, so the demo's
   * simulated calls work; an external database (production) leaves the webhook closed.
   */
  private String pbxWebhookSecret(JsonObject calls) {
    String configured = calls.getJsonObject("webhook", new JsonObject()).getString("secret", "");
    if (!configured.isEmpty() || !database.isEmbedded()) {
      return configured;
    }
    byte[] random = new byte[24];
    new java.security.SecureRandom().nextBytes(random);
    String generated = java.util.HexFormat.of().formatHex(random);
    LOG.warn("Generated a PBX webhook secret for this run; set SPORTELLO_PBX_WEBHOOK_SECRET in production");
    pbxWebhookSecretGenerated = true;
    return generated;
  }

  /** The PBX-neutral way out, if a command URL is configured; runs with the distribution owner. */
  private Future<String> deployPbxCommandSender(JsonObject calls) {
    String url = calls.getJsonObject("webhook", new JsonObject()).getString("commandUrl", "");
    return url.isEmpty() ? Future.succeededFuture() : vertx.deployVerticle(new WebhookCommandSender(url, pbxWebhookSecret));
  }

  /** Whether this node owns call distribution now. */
  public boolean ownsCallDistribution() {
    return callOwnership != null && callOwnership.owner();
  }

  /** Whether the PBX secret was made up for this development run (then the banner shows it). */
  public boolean pbxWebhookSecretGenerated() {
    return pbxWebhookSecretGenerated;
  }

  /** The secret PBX webhooks are signed with (the simulator and the tests sign with it too). */
  public String pbxWebhookSecret() {
    return pbxWebhookSecret;
  }

  private Future<Void> deployHttp(List<ApiModule> modules, TokenService tokens) {
    BridgeRules rules = new BridgeRules();
    modules.forEach(m -> m.registerBridgeRules(rules));
    EventBusBridge bridge = new EventBusBridge(vertx, authService, rules, fanOut);
    JsonObject http = config.getJsonObject("http", new JsonObject());
    HttpSettings settings = HttpSettings.from(http);
    int instances = http.getInteger("instances", 0) > 0 ? http.getInteger("instances")
        : Runtime.getRuntime().availableProcessors();
    return vertx.deployVerticle(() -> new HttpVerticle(settings, pool, tokens, bridge, modules, port, draining),
            new DeploymentOptions().setInstances(instances))
        .onSuccess(deployments::add)
        .mapEmpty();
  }

  private boolean demoDataWanted() {
    String mode = config.getString("demoData", "auto");
    return switch (mode) {
      case "on", "true" -> true;
      case "off", "false" -> false;
      default -> database.isEmbedded();
    };
  }

  /**
   * Drains HTTP, then closes the pool and the embedded database. Readiness turns DOWN first and
   * the server keeps serving for {@code http.drainDelayMillis}, so that load balancers stop
   * routing here and requests already on the wire are read; then the listener closes and
   * in-flight requests finish within the grace period.
   */
  public Future<Void> stop() {
    boolean wasServing = !draining.getAndSet(true) && !deployments.isEmpty();
    if (housekeepingTimer >= 0) {
      vertx.cancelTimer(housekeepingTimer);
    }
    if (horizonTimer >= 0) {
      vertx.cancelTimer(horizonTimer);
    }
    if (expiryTimer >= 0) {
      vertx.cancelTimer(expiryTimer);
    }
    long drainDelay = config.getJsonObject("http", new JsonObject()).getLong("drainDelayMillis", 1000L);
    Future<Void> undeployed = wasServing && drainDelay > 0 ? vertx.timer(drainDelay).mapEmpty() : Future.succeededFuture();
    for (String id : List.copyOf(deployments)) {
      undeployed = undeployed.compose(v -> vertx.undeploy(id));
    }
    deployments.clear();
    return undeployed
        .eventually(() -> revokedSessions == null ? Future.succeededFuture() : revokedSessions.stop(vertx))
        .eventually(() -> nodeRelay == null ? Future.succeededFuture() : nodeRelay.unregister())
        .eventually(() -> availabilityFeed == null ? Future.succeededFuture() : availabilityFeed.stop())
        .eventually(() -> {
          if (oidc != null) {
            oidc.close();
          }
          return Future.all(statements == null ? Future.succeededFuture() : statements.closeAll(),
              pool == null ? Future.succeededFuture() : pool.close()).mapEmpty();
        })
        .eventually(() -> database == null ? Future.succeededFuture() : database.stop(vertx));
  }

  public int port() {
    return port.get();
  }

  public Pool pool() {
    return pool;
  }

  public boolean embeddedDatabase() {
    return database.isEmbedded();
  }

  public List<DemoData.DemoLogin> demoLogins() {
    return demoLogins;
  }

  /** Sign-in, tokens and bridge tickets (benchmarks mint tickets for synthetic people through it). */
  public AuthService auth() {
    return authService;
  }

  public ChatService chat() {
    return chat;
  }

  public CatalogService catalog() {
    return catalog;
  }

  public JsonObject config() {
    return config;
  }
}
