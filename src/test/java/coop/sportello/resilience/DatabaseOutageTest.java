package coop.sportello.resilience;

import coop.sportello.Application;
import coop.sportello.calls.CallModule;
import coop.sportello.catalog.CatalogAddresses;
import coop.sportello.catalog.CatalogModule;
import coop.sportello.platform.SportelloVertx;
import coop.sportello.testing.BridgeClient;
import coop.sportello.testing.Http;
import coop.sportello.testing.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static coop.sportello.testing.AppTestBase.await;
import static coop.sportello.testing.Waits.eventually;
import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real PostgreSQL of the test's own, stopped, then frozen, under a running Sportello with a screen
 * connected throughout. While the database is away every request that needs it answers a 503
 * problem within the request timeout and readiness says DOWN; when it is back, readiness says UP,
 * requests are served, call distribution is owned again (its advisory lock held anew), and the
 * availability feed, which kept trying, delivers to the screen that never disconnected.
 *
 * <p>"Away longer than the old give-up time": the feed's old policy stopped after 1,000 attempts
 * (500 ms apart, about 8 minutes). Here the attempts come 5 ms apart, and the database stays away
 * until the feed has made more than 1,000 of them.
 */
class DatabaseOutageTest {

  private static final long REQUEST_TIMEOUT_MILLIS = 1_000;
  /** A 503 must come within the request timeout, plus what a loaded 2-core machine adds. */
  private static final long ANSWER_BOUND_MILLIS = REQUEST_TIMEOUT_MILLIS + 1_500;
  /** Readiness has its own 2 s limit on the database's answer. */
  private static final long READINESS_BOUND_MILLIS = 2_000 + 1_500;
  private static final int OLD_GIVE_UP_ATTEMPTS = 1_000;
  private static final String AREA = "childhood";

  private final Vertx vertx = SportelloVertx.create();
  private Path dataDir;
  private int port;
  private EmbeddedPostgres postgres;
  private Application app;

  @AfterEach
  void close() throws IOException {
    try {
      if (dataDir != null && Files.exists(dataDir.resolve("postmaster.pid"))) {
        PostgresProcesses.thaw(dataDir); // whatever a failed assertion left frozen
      }
      if (app != null) {
        await(app.stop());
      }
      await(vertx.close());
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  private EmbeddedPostgres startPostgres() throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
  }

  @Test
  void stoppedFrozenAndAwayLongRequestsAnswer503InTimeAndEverythingComesBack() throws Exception {
    dataDir = Files.createTempDirectory("sportello-outage").resolve("postgres");
    port = PostgresProcesses.freePort();
    postgres = startPostgres();
    String url = "postgresql://postgres:postgres@localhost:" + port + "/postgres";
    app = await(TestApp.start(vertx, new JsonObject()
        .put("database", new JsonObject().put("url", url))
        .put("http", new JsonObject().put("requestTimeoutMillis", REQUEST_TIMEOUT_MILLIS))
        .put("catalog", new JsonObject().put("feedReconnectMinMillis", 5).put("feedReconnectMaxMillis", 5))
        .put("calls", new JsonObject().put("ownerPollMillis", 200))));
    Http http = new Http(vertx, app.port());
    waitFor(() -> app.module(CallModule.class).ownsDistribution(), "this node to own call distribution");

    var ticket = await(http.client().post("/api/v1/auth/bridge-ticket/guest").send());
    BridgeClient screen = await(BridgeClient.connect(vertx, app.port(), ticket.bodyAsJsonObject().getString("ticket")));
    screen.register(CatalogAddresses.area(AREA)).register(CatalogAddresses.REFETCH).handledForGuest();
    assertServed(http);
    assertPushReaches(screen, url);

    // 1. Stopped (pg_ctl stop, fast), and away for more attempts than the feed's old policy made.
    postgres.close();
    postgres = null;
    assertUnavailable(http);
    waitFor(() -> !app.module(CallModule.class).ownsDistribution(), "call distribution to step down without its lock");
    long attempts = app.module(CatalogModule.class).feed().reconnectAttempts();
    eventually("the feed to keep trying past the old give-up point").atMost(Duration.ofSeconds(90))
        .until(() -> app.module(CatalogModule.class).feed().reconnectAttempts() > attempts + OLD_GIVE_UP_ATTEMPTS);
    assertUnavailable(http);

    postgres = startPostgres();
    assertRecovered(http, screen, url);
    waitFor(() -> !screen.received(CatalogAddresses.REFETCH).isEmpty(), "the screen to be told to refetch");

    // 2. Frozen: the postmaster and every backend stopped, connections open but unanswered.
    PostgresProcesses.freeze(dataDir);
    try {
      assertUnavailable(http);
      assertUnavailable(http);
    } finally {
      PostgresProcesses.thaw(dataDir);
    }
    assertRecovered(http, screen, url);
    assertFalse(screen.closed(), "the screen stayed connected through both outages");
  }

  private void assertRecovered(Http http, BridgeClient screen, String url) {
    eventually("readiness UP again").atMost(Duration.ofSeconds(30))
        .until(() -> timed(() -> http.get("/health/ready", null), READINESS_BOUND_MILLIS).statusCode() == 200);
    eventually("requests served again").atMost(Duration.ofSeconds(30))
        .until(() -> timed(() -> http.get("/api/v1/municipalities", null), ANSWER_BOUND_MILLIS).statusCode() == 200);
    eventually("call distribution owned again").atMost(Duration.ofSeconds(30))
        .until(() -> app.module(CallModule.class).ownsDistribution() && advisoryLocksHeld(url) == 1);
    assertPushReaches(screen, url);
  }

  private static void assertServed(Http http) {
    assertEquals(200, await(http.get("/health/ready", null)).statusCode());
    assertEquals(200, await(http.get("/api/v1/municipalities", null)).statusCode());
  }

  /** Readiness DOWN and a request that needs the database a 503 problem, each within its bound. */
  private static void assertUnavailable(Http http) {
    HttpResponse<Buffer> ready = timed(() -> http.get("/health/ready", null), READINESS_BOUND_MILLIS);
    assertEquals(503, ready.statusCode(), ready.bodyAsString());
    assertEquals("DOWN", ready.bodyAsJsonObject().getString("status"));
    HttpResponse<Buffer> answer = timed(() -> http.get("/api/v1/municipalities", null), ANSWER_BOUND_MILLIS);
    assertEquals(503, answer.statusCode(), answer.bodyAsString());
    assertEquals("application/problem+json", answer.getHeader("Content-Type"));
    assertNotNull(answer.getHeader("Retry-After"));
    assertEquals("/problems/unavailable", answer.bodyAsJsonObject().getString("type"));
  }

  private static HttpResponse<Buffer> timed(java.util.function.Supplier<io.vertx.core.Future<HttpResponse<Buffer>>> request,
                                            long boundMillis) {
    long started = System.nanoTime();
    HttpResponse<Buffer> response = await(request.get());
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(millis <= boundMillis, "answered in " + millis + " ms, more than " + boundMillis);
    return response;
  }

  /** A change committed by another client of the database reaches the screen through this node's feed. */
  private void assertPushReaches(BridgeClient screen, String url) {
    String marker = UUID.randomUUID().toString();
    JsonObject change = new JsonObject().put("serviceId", UUID.randomUUID().toString()).put("area", AREA)
        .put("municipalities", new JsonArray()).put("marker", marker);
    Pool other = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
    try {
      await(other.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CatalogAddresses.PG_CHANNEL, change.encode())));
    } finally {
      await(other.close());
    }
    waitFor(() -> screen.received(CatalogAddresses.area(AREA)).stream().anyMatch(b -> marker.equals(b.getString("marker"))),
        "the push to reach the screen that stayed connected");
  }

  private int advisoryLocksHeld(String url) {
    Pool other = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
    try {
      return await(other.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted").execute())
          .iterator().next().getInteger(0);
    } finally {
      await(other.close());
    }
  }
}
