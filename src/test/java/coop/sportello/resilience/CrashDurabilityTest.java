package coop.sportello.resilience;

import coop.sportello.Main;
import coop.sportello.platform.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static coop.sportello.testing.AppTestBase.await;
import static coop.sportello.testing.Waits.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code Main} with its embedded PostgreSQL and demo data, as {@code java -jar} runs it,
 * is killed with SIGKILL together with every process of its database while holds and confirmations
 * are being made and acknowledged. Started again (once: the first start must work), it still has
 * every hold and confirmation it acknowledged, and every slot's {@code taken} equals the places of
 * its live bookings and holds.
 */
class CrashDurabilityTest {

  private static final int CLIENTS = 16;
  private static final int HOLDS_BEFORE_THE_KILL = 150;
  private static final int CONFIRMS_BEFORE_THE_KILL = 50;
  private static final List<String> CITIZENS = List.of("cittadino", "roberto.cortinovis", "antonio.zanon", "lucia.tonello");

  private final Vertx vertx = Vertx.vertx();
  private final List<Process> started = new ArrayList<>();
  private Path postgresDir;

  /** Acknowledged (2xx received) holds and confirmations: booking ids. */
  private final Set<UUID> held = ConcurrentHashMap.newKeySet();
  private final Set<UUID> confirmed = ConcurrentHashMap.newKeySet();
  private volatile boolean driving = true;

  @AfterEach
  void cleanUp() throws Exception {
    driving = false;
    for (Process process : started) {
      if (process.isAlive()) {
        process.destroy(); // SIGTERM: Main stops cleanly, its PostgreSQL with it
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    }
    if (postgresDir != null && Files.exists(postgresDir.resolve("postmaster.pid"))) {
      try {
        PostgresProcesses.killTogether(postgresDir, List.of());
      } catch (IOException gone) {
        // no live postmaster left: nothing to clean
      }
    }
    await(vertx.close());
  }

  @Test
  void acknowledgedHoldsAndConfirmationsSurviveAKillOfSportelloAndItsDatabaseTogether() throws Exception {
    Path home = Files.createTempDirectory("sportello-crash");
    postgresDir = home.resolve("postgres");
    int httpPort = PostgresProcesses.freePort();
    int postgresPort = PostgresProcesses.freePort();
    Path config = home.resolve("config.json");
    Files.writeString(config, new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", httpPort).put("drainDelayMillis", 0))
        .put("database", new JsonObject().put("embedded", new JsonObject()
            .put("dataDir", postgresDir.toString()).put("port", postgresPort)))
        .put("dataDir", home.resolve("data").toString())
        .put("demoData", "on")
        // No hold may expire between the kill and the check.
        .put("booking", new JsonObject().put("holdSeconds", 3_600)).encodePrettily());

    Process first = sportello(home, config, "first");
    awaitReady(first, home.resolve("first.log"));
    WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(httpPort),
        new PoolOptions().setHttp1MaxSize(CLIENTS));
    List<String> tokens = new ArrayList<>();
    for (String citizen : CITIZENS) {
      tokens.add(await(web.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
          .put("username", citizen).put("password", "sportello-demo"))).bodyAsJsonObject().getString("accessToken"));
    }
    Pool database = pool(postgresPort);
    List<UUID> slots = new ArrayList<>();
    await(database.query("""
        SELECT s.id FROM slots s JOIN services sv ON sv.id = s.service_id
         WHERE sv.retired_at IS NULL AND s.capacity - s.taken >= 4
           AND s.starts_at > now() + make_interval(mins => sv.min_notice_minutes) + interval '1 day'
           AND s.starts_at < now() + make_interval(days => sv.booking_horizon_days)
         ORDER BY s.starts_at LIMIT 300""").execute()).forEach(row -> slots.add(row.getUUID(0)));
    await(database.close());
    assertTrue(slots.size() >= 100, "demo slots to book: " + slots.size());

    for (int i = 0; i < CLIENTS; i++) {
      drive(web, tokens.get(i % tokens.size()), slots);
    }
    eventually("holds and confirmations acknowledged under way").atMost(Duration.ofSeconds(120))
        .until(() -> held.size() >= HOLDS_BEFORE_THE_KILL && confirmed.size() >= CONFIRMS_BEFORE_THE_KILL);

    // kill -9 of Sportello and its embedded PostgreSQL together, requests in flight.
    PostgresProcesses.killTogether(postgresDir, List.of(first.pid()));
    first.waitFor(30, TimeUnit.SECONDS);
    driving = false;
    Set<UUID> acknowledgedHolds = Set.copyOf(held);
    Set<UUID> acknowledgedConfirms = Set.copyOf(confirmed);

    Process second = sportello(home, config, "second");
    awaitReady(second, home.resolve("second.log"));
    Pool after = pool(postgresPort);
    try {
      Set<UUID> present = ConcurrentHashMap.newKeySet();
      Set<UUID> confirmedNow = ConcurrentHashMap.newKeySet();
      for (Row row : await(after.query("SELECT id, status FROM bookings").execute())) {
        present.add(row.getUUID(0));
        if ("confirmed".equals(row.getString(1))) {
          confirmedNow.add(row.getUUID(0));
        }
      }
      List<UUID> lostHolds = acknowledgedHolds.stream().filter(id -> !present.contains(id)).toList();
      List<UUID> lostConfirms = acknowledgedConfirms.stream().filter(id -> !confirmedNow.contains(id)).toList();
      assertEquals(List.of(), lostHolds, "acknowledged holds lost (of " + acknowledgedHolds.size() + ")");
      assertEquals(List.of(), lostConfirms, "acknowledged confirmations lost (of " + acknowledgedConfirms.size() + ")");
      List<String> wrong = new ArrayList<>();
      await(after.query("""
          SELECT s.id, s.taken,
                 COALESCE((SELECT sum(places) FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('held', 'confirmed')), 0)
            FROM slots s""").execute())
          .forEach(row -> {
            if (row.getInteger(1) != row.getLong(2).intValue()) {
              wrong.add(row.getUUID(0) + ": taken " + row.getInteger(1) + ", live " + row.getLong(2));
            }
          });
      assertEquals(List.of(), wrong, "slots whose taken is not their live bookings and holds");
    } finally {
      await(after.close());
    }
  }

  /** One client: hold a place on a random slot, confirm it, again, until the kill; acknowledgements recorded. */
  private void drive(WebClient web, String token, List<UUID> slots) {
    if (!driving) {
      return;
    }
    UUID slot = slots.get(ThreadLocalRandom.current().nextInt(slots.size()));
    web.post("/api/v1/bookings/holds").bearerTokenAuthentication(token)
        .putHeader("Idempotency-Key", UUID.randomUUID().toString())
        .sendJsonObject(new JsonObject().put("slotId", slot.toString()).put("places", 1))
        .compose(hold -> {
          if (hold.statusCode() != 201) {
            return Future.succeededFuture();
          }
          UUID booking = UUID.fromString(hold.bodyAsJsonObject().getString("id"));
          held.add(booking);
          return web.post("/api/v1/bookings/" + booking + "/confirm").bearerTokenAuthentication(token)
              .putHeader("Idempotency-Key", UUID.randomUUID().toString()).sendJsonObject(new JsonObject())
              .map(confirm -> {
                if (confirm.statusCode() == 200) {
                  confirmed.add(booking);
                }
                return null;
              });
        })
        .onComplete(done -> {
          if (done.succeeded()) {
            drive(web, token, slots);
          }
        });
  }

  private Process sportello(Path home, Path config, String name) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName())
        .directory(home.toFile())
        .redirectErrorStream(true).redirectOutput(home.resolve(name + ".log").toFile());
    builder.environment().put(ConfigLoader.CONFIG_PATH_VARIABLE, config.toString());
    Process process = builder.start();
    started.add(process);
    return process;
  }

  /** Waits for the start-up banner; a process that exits instead fails the test (no second try). */
  private static void awaitReady(Process process, Path log) {
    eventually("Sportello to start (" + log + ")").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          String output = Files.readString(log);
          if (!process.isAlive()) {
            throw new AssertionError("Sportello exited with " + process.exitValue() + " instead of starting:\n" + output);
          }
          return output.contains("Sportello is ready");
        });
  }

  private Pool pool(int port) {
    return PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("localhost").setPort(port)
        .setDatabase("postgres").setUser("postgres").setPassword("postgres")).using(vertx).build();
  }
}
