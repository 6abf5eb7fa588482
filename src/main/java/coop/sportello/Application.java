package coop.sportello;

import coop.sportello.accounts.AccountsModule;
import coop.sportello.accounts.AccountsService;
import coop.sportello.bandi.BandiModule;
import coop.sportello.booking.BookingModule;
import coop.sportello.calendar.CalendarModule;
import coop.sportello.calls.CallModule;
import coop.sportello.catalog.CatalogModule;
import coop.sportello.chat.ChatModule;
import coop.sportello.chat.ChatService;
import coop.sportello.companies.CompaniesModule;
import coop.sportello.demo.DemoData;
import coop.sportello.kiosk.KioskModule;
import coop.sportello.kiosk.KioskService;
import coop.sportello.notifications.NotificationSettings;
import coop.sportello.notifications.NotificationsModule;
import coop.sportello.payments.PaymentsModule;
import coop.sportello.payments.card.StripeSettings;
import coop.sportello.people.PeopleModule;
import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.areas.AreaModule;
import coop.sportello.platform.auth.AuthModule;
import coop.sportello.platform.bridge.PlatformBridge;
import coop.sportello.platform.bridge.SocketFanOut;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.database.Database;
import coop.sportello.platform.http.HttpServers;
import coop.sportello.platform.links.LinkKey;
import coop.sportello.platform.site.SiteModule;
import coop.sportello.pricing.PricingModule;
import coop.sportello.privacy.PrivacyModule;
import coop.sportello.providers.ProvidersModule;
import coop.sportello.receipts.ReceiptsModule;
import coop.sportello.staff.StaffModule;
import coop.sportello.statements.StatementsModule;
import coop.sportello.surveys.SurveysModule;
import coop.sportello.delivery.DeliveryModule;
import coop.sportello.events.EventsModule;
import coop.sportello.frontdesk.FrontDeskModule;
import coop.sportello.projects.ProjectsModule;
import coop.sportello.reporting.ReportingModule;
import coop.sportello.vouchers.VouchersModule;
import coop.sportello.welfarecard.WelfareCardModule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Wires Sportello together: the platform (database, node bus, sockets), then identity and each
 * capability as a {@link Module}, then the HTTP servers; {@link #stop()} takes them down in
 * reverse. The fields are what shutdown needs.
 */
public final class Application {

  private final JsonObject config;
  private final List<Module> modules = new ArrayList<>();
  private Database database;
  private NodeBus nodeBus;
  private HttpServers http;
  private final List<DemoData.DemoLogin> demoLogins = new ArrayList<>();

  private Application(JsonObject config) {
    this.config = config;
  }

  public static Future<Application> start(Vertx vertx, JsonObject config) {
    Application app = new Application(config);
    return app.boot(vertx).map(app).recover(failure -> app.stop().transform(ignored -> Future.failedFuture(failure)));
  }

  private Future<Void> boot(Vertx vertx) {
    return Database.start(vertx, config.getJsonObject("database"))
        .compose(db -> {
          database = db;
          return DemoData.wanted(config.getString("demoData"), db.embedded()) ? DemoData.seedIfEmpty(vertx, db.pool()) : Future.succeededFuture(List.<DemoData.DemoLogin>of());
        })
        .compose(logins -> {
          demoLogins.addAll(logins);
          nodeBus = new NodeBus(vertx);
          return nodeBus.start();
        })
        .compose(v -> AreaModule.create(database.pool(), config.getJsonObject("areas", new JsonObject())))
        .compose(areas -> LinkKey.load(database.pool()).compose(links -> {
          modules.add(areas);
          Platform platform = new Platform(vertx, database.pool(), database.statements(), database.endpoint(),
              database.embedded(), new SocketFanOut(), nodeBus, areas.areas(), links, Clock.systemUTC());
          return AuthModule.create(platform, AuthModule.Settings.from(config.getJsonObject("auth"), Path.of(config.getString("dataDir"))))
              .compose(auth -> startModules(platform, auth))
              .compose(auth -> HttpServers.start(vertx, config.getJsonObject("http"), platform, auth,
                  modules.stream().map(Module::api).toList()));
        }))
        .map(servers -> {
          http = servers;
          return null;
        });
  }

  /** Every capability, created from its section of the configuration and started in this order. */
  private Future<AuthModule> startModules(Platform platform, AuthModule auth) {
    KioskModule kiosk = KioskModule.create(platform, KioskService.Settings.from(config.getJsonObject("kiosk")));
    // The municipalities' voucher wallets (buoni spesa, issue 22) pay bookings by voucher.
    VouchersModule vouchers = VouchersModule.create(platform, kiosk.pins());
    PaymentsModule payments = PaymentsModule.create(platform, new PaymentsModule.Settings(
        config.getJsonObject("booking").getLong("expiryMillis"), publicUrl(),
        StripeSettings.from(config.getJsonObject("payments").getJsonObject("stripe"))), Optional.of(vouchers.wallets()));
    PeopleModule people = PeopleModule.create(platform);
    CallModule calls = CallModule.create(platform, CallModule.Settings.from(config.getJsonObject("calls")), people.service());
    BookingModule booking = BookingModule.create(platform, BookingModule.Settings.from(config.getJsonObject("booking")), kiosk.pins(),
        payments.service());
    modules.addAll(List.of(auth, new PlatformBridge(platform.vertx()), SiteModule.create(config.getJsonObject("site")),
        CatalogModule.create(platform, CatalogModule.Settings.from(config.getJsonObject("catalog"))),
        kiosk,
        AccountsModule.create(platform, AccountsService.Settings.from(config.getJsonObject("accounts")),
            config.getJsonObject("auth").getJsonArray("trustedProxies").stream().map(String::valueOf).toList()),
        booking,
        payments,
        people,
        ChatModule.create(platform, ChatService.Settings.from(config.getJsonObject("chat")), people.service()),
        calls,
        NotificationsModule.create(platform, NotificationSettings.from(config.getJsonObject("notifications"),
            config.getJsonObject("site").getString("network"), publicUrl()))));
    modules.add(CalendarModule.create(platform, config.getJsonObject("http").getString("publicUrl")));
    modules.add(StaffModule.create(platform, config.getJsonObject("site").getString("network"), calls.service()));
    modules.add(CompaniesModule.create(platform));
    modules.add(PricingModule.create(platform));
    modules.add(WelfareCardModule.create(platform));
    modules.add(ProvidersModule.create(platform));
    modules.add(StatementsModule.create(platform));
    modules.add(DeliveryModule.create(platform));
    modules.add(FrontDeskModule.create(platform));
    modules.add(ProjectsModule.create(platform));
    modules.add(SurveysModule.create(platform));
    modules.add(ReportingModule.create(platform));
    modules.add(EventsModule.create(platform, booking.service()));
    modules.add(PrivacyModule.create(platform, PrivacyModule.Settings.from(config.getJsonObject("privacy"),
        config.getJsonObject("site").getString("network"))));
    modules.add(vouchers);
    modules.add(ReceiptsModule.create(platform, ReceiptsModule.Settings.from(config.getJsonObject("receipts"))));
    modules.add(BandiModule.create(platform, vouchers));
    Future<Void> started = Future.succeededFuture();
    for (Module module : modules) {
      started = started.compose(v -> module.start());
    }
    return started.map(auth);
  }

  /** Where links in messages point: the notifications' own setting, else the site's public URL, else this machine. */
  private String publicUrl() {
    String own = config.getJsonObject("notifications").getString("publicUrl");
    String site = config.getJsonObject("http").getString("publicUrl");
    String chosen = !own.isBlank() ? own : !site.isBlank() ? site : "http://localhost:" + config.getJsonObject("http").getInteger("port");
    return chosen.endsWith("/") ? chosen.substring(0, chosen.length() - 1) : chosen;
  }

  /**
   * Drains HTTP (readiness DOWN first, see {@link HttpServers#stop}), stops the modules in reverse
   * order, then closes the database.
   */
  public Future<Void> stop() {
    Future<Void> stopped = http == null ? Future.succeededFuture() : http.stop();
    for (int i = modules.size() - 1; i >= 0; i--) {
      stopped = stopped.eventually(modules.get(i)::stop);
    }
    return stopped
        .eventually(() -> nodeBus == null ? Future.succeededFuture() : nodeBus.stop())
        .eventually(() -> database == null ? Future.succeededFuture() : database.stop());
  }

  /** Every module, in start order (the route-rule and OpenAPI tests walk their routes). */
  public List<Module> modules() {
    return List.copyOf(modules);
  }

  /** The module of that class (tests and benchmarks reach services through it). */
  public <T extends Module> T module(Class<T> type) {
    return modules.stream().filter(type::isInstance).map(type::cast).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no module " + type.getSimpleName()));
  }

  public int port() {
    return http.port();
  }

  public Pool pool() {
    return database.pool();
  }

  public boolean embeddedDatabase() {
    return database.embedded();
  }

  public List<DemoData.DemoLogin> demoLogins() {
    return List.copyOf(demoLogins);
  }

  public JsonObject config() {
    return config;
  }
}
