package coop.sportello.bench;

import coop.sportello.testing.TestAccounts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgConnectOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static coop.sportello.bench.BenchApp.await;

/**
 * Bookings per second and latency of POST /bookings/holds with 200 concurrent clients, for one
 * hot slot and spread over 1,000 slots; then pgbench runs the same SQL transaction (idempotency
 * key, conditional slot update with booking insert, audit row, outbox row) on the same database,
 * with as many connections as Sportello's pool, as the physical limit.
 */
final class BookingScenario implements Scenario {

  private static final int CLIENTS = 200;
  private static final int POOL = 16;
  private static final long WARM_UP_MS = 3_000;
  private static final long MEASURE_MS = 10_000;

  @Override
  public String name() {
    return "booking";
  }

  @Override
  public String description() {
    return "holds through HTTP, " + CLIENTS + " concurrent clients, hot slot and 1,000 slots, beside pgbench (same SQL, "
        + POOL + " connections)";
  }

  @Override
  public List<String> run() throws Exception {
    try (BenchApp bench = BenchApp.start(new JsonObject()
        .put("booking", new JsonObject().put("holdSeconds", 36_000))
        .put("database", new JsonObject().put("poolSize", POOL)))) {
      await(TestAccounts.create(bench.vertx, bench.app.pool(), "bench.citizen", "citizen"));
      List<String> slots = seed(bench);
      Vertx client = Vertx.vertx();
      WebClient web = WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(bench.app.port()), new PoolOptions().setHttp1MaxSize(CLIENTS));
      String token = await(web.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
          .put("username", "bench.citizen").put("password", TestAccounts.PASSWORD))).bodyAsJsonObject().getString("accessToken");
      List<String> lines = new ArrayList<>();
      String hot = slots.get(0);
      List<String> spread = slots.subList(1, slots.size());
      drive(web, token, List.of(hot), WARM_UP_MS);
      lines.add("HTTP hot slot:   " + drive(web, token, List.of(hot), MEASURE_MS));
      lines.add("HTTP 1,000 slots: " + drive(web, token, spread, MEASURE_MS));
      await(client.close());
      PgConnectOptions db = PgConnectOptions.fromUri(bench.app.config().getJsonObject("database").getString("url"));
      lines.add("pgbench hot slot:   " + pgbench(db, true));
      lines.add("pgbench 1,000 slots: " + pgbench(db, false));
      return lines;
    }
  }

  private static List<String> seed(BenchApp bench) throws Exception {
    await(bench.app.pool().query("""
        INSERT INTO municipalities (istat_code, name, province) VALUES ('016024', 'Bergamo', 'BG') ON CONFLICT DO NOTHING;
        INSERT INTO providers (name, vat_number, municipality) VALUES ('Cooperativa Carico', '55555555555', '016024');
        INSERT INTO services (provider_id, area, title, description, tariff_cents, tariff_unit, delivery_mode, audience, address,
                              min_notice_minutes, booking_horizon_days)
          SELECT id, 'health', 'Visite di prova', 'Servizio per il benchmark delle prenotazioni.', 1000, 'session', 'at_place',
                 'everyone', 'Via Roma 1', 0, 730 FROM providers WHERE vat_number = '55555555555';
        INSERT INTO resources (provider_id, name, kind, capacity)
          SELECT id, 'Sala grande', 'room', 1000 FROM providers WHERE vat_number = '55555555555';
        INSERT INTO slots (service_id, resource_id, starts_at, ends_at, capacity)
          SELECT s.id, r.id, date_trunc('hour', now()) + (48 + g) * interval '1 hour',
                 date_trunc('hour', now()) + (48 + g) * interval '1 hour' + interval '30 minutes', 10000000
            FROM services s, resources r, generate_series(0, 1000) g
           WHERE s.title = 'Visite di prova' AND r.name = 'Sala grande';
        CREATE TABLE bench_slots AS SELECT row_number() OVER (ORDER BY starts_at) - 1 AS n, id FROM slots
          WHERE service_id = (SELECT id FROM services WHERE title = 'Visite di prova');""").execute());
    List<String> ids = new ArrayList<>();
    await(bench.app.pool().query("SELECT id FROM bench_slots ORDER BY n").execute()).forEach(r -> ids.add(r.getUUID(0).toString()));
    return ids;
  }

  private static String drive(WebClient web, String token, List<String> slots, long durationMs) throws Exception {
    long deadline = System.currentTimeMillis() + durationMs;
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    long[] refused = new long[1];
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      Promise<Void> done = Promise.promise();
      next(web, token, slots, deadline, latencies, refused, done);
      loops.add(done.future());
    }
    await(Future.all(loops));
    long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
    return String.format("%.0f bookings/s, %s, %d refused", nanos.length / (durationMs / 1000.0),
        new Stats(nanos).summary(), refused[0]);
  }

  private static void next(WebClient web, String token, List<String> slots, long deadline, ConcurrentLinkedQueue<Long> latencies,
                           long[] refused, Promise<Void> done) {
    if (System.currentTimeMillis() >= deadline) {
      done.complete();
      return;
    }
    long start = System.nanoTime();
    web.post("/api/v1/bookings/holds").bearerTokenAuthentication(token)
        .putHeader("Idempotency-Key", UUID.randomUUID().toString())
        .sendJsonObject(new JsonObject().put("slotId", slots.get(ThreadLocalRandom.current().nextInt(slots.size()))))
        .onComplete(result -> {
          if (result.succeeded() && result.result().statusCode() == 201) {
            latencies.add(System.nanoTime() - start);
          } else {
            synchronized (refused) {
              refused[0]++;
            }
          }
          next(web, token, slots, deadline, latencies, refused, done);
        });
  }

  /** The hold transaction as Sportello runs it, for pgbench. */
  private static final String SCRIPT = """
      \\set n random(%s)
      \\set key random(1, 2000000000)
      BEGIN;
      INSERT INTO idempotency_keys (principal, idem_key, request_hash, status, response)
        VALUES ('pgbench', 'k' || :key || '-' || :client_id || '-' || random(), '\\x00', 0, '{}');
      WITH claimed AS (
        UPDATE slots s SET taken = s.taken + 1 FROM services sv
         WHERE s.id = (SELECT id FROM bench_slots WHERE n = :n) AND sv.id = s.service_id AND sv.retired_at IS NULL AND s.taken + 1 <= s.capacity
           AND s.starts_at >= now() + make_interval(mins => sv.min_notice_minutes)
           AND s.starts_at <= now() + make_interval(days => sv.booking_horizon_days)
        RETURNING s.id, s.service_id, s.resource_id, s.starts_at, s.ends_at
      ), b AS (
        INSERT INTO bookings (code, slot_id, service_id, resource_id, starts_at, ends_at, places, status, one_at_a_time,
                              person, acted_by, hold_expires_at)
        SELECT (SELECT string_agg(substr('ACDEFGHJKMNPQRTUVWXY34679', (random() * 24)::int + 1, 1), '')
                  FROM generate_series(1, 8)), c.id, c.service_id, c.resource_id, c.starts_at, c.ends_at, 1, 'held',
               r.kind = 'person', 'pgbench', 'pgbench', now() + interval '10 hours'
          FROM claimed c JOIN resources r ON r.id = c.resource_id
        RETURNING id
      ), a AS (
        INSERT INTO booking_audit (booking_id, actor, action, detail) SELECT id, 'pgbench', 'held', '{}' FROM b
      )
      INSERT INTO outbox (topic, recipient, payload) SELECT 'booking.held', 'pgbench', '{}' FROM b;
      COMMIT;
      """;

  private static String pgbench(PgConnectOptions db, boolean hot) throws IOException, InterruptedException {
    Path script = Files.createTempFile("sportello-bench", ".sql");
    Files.writeString(script, SCRIPT.formatted(hot ? "0, 0" : "1, 1000"));
    ProcessBuilder builder = new ProcessBuilder("pgbench", "-n", "-c", String.valueOf(POOL), "-j", "2", "-T",
        String.valueOf(MEASURE_MS / 1000), "-f", script.toString(), "-h", db.getHost(), "-p", String.valueOf(db.getPort()),
        "-U", db.getUser(), db.getDatabase()).redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", db.getPassword());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return "pgbench not installed (apt-get install postgresql-client)";
    }
    String output = new String(process.getInputStream().readAllBytes());
    process.waitFor(60, TimeUnit.SECONDS);
    Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(output);
    Matcher latency = Pattern.compile("latency average = ([0-9.]+) ms").matcher(output);
    if (!tps.find()) {
      return "pgbench failed: " + output.lines().filter(l -> l.contains("ERROR") || l.contains("error")).findFirst().orElse(output);
    }
    return String.format("%s transactions/s, average latency %s ms", tps.group(1), latency.find() ? latency.group(1) : "?");
  }
}
