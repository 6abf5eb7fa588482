package coop.sportello.bench;

import coop.sportello.testing.FakeStripe;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static coop.sportello.bench.BenchApp.await;

/**
 * Issue 21's card path from the client, at {@link #CLIENTS} concurrent clients: hold
 * ({@code POST /bookings/holds}), confirm paying the whole price by card ({@code payment: {credit:
 * false, rest: "card"}}: 202 with the checkout, the session opened by the application through
 * stripe-java against {@link FakeStripe}, a local Stripe server in this JVM on a Vert.x of its own),
 * the signed {@code checkout.session.completed} webhook posted as Stripe posts it (built and signed
 * with FakeStripe's helpers), and the booking read back ({@code GET /bookings/{id}}: confirmed).
 * Each client goes round these four steps back to back, each path for a citizen of its own.
 *
 * <p>Two cases: spread (paths round-robin over {@link #SLOTS} slots, so holds do not fight over
 * one row) and hot (every path on one slot with room for all of them: the row lock of the slot is
 * shared by every hold). After each, the run is checked in the database: every booking confirmed,
 * confirmed once in its audit, one completed card payment of its price and one {@code money_ledger}
 * row of that amount, every slot's taken places equal to the places of its live bookings and within
 * its capacity, one checkout session opened at Stripe per booking. Then a small over-demand check:
 * {@link #CLIENTS} clients each try one path on a slot with half as many places. And, as the
 * yardstick measured the same way at the same moment, the same clients making holds only.
 *
 * <p>Options: {@code -Dbench.payments.case=spread|hot|holds}, {@code .warmUpSeconds=20},
 * {@code .seconds=30}, {@code .clients=200}; {@code -Dbench.pool=} (the application's pool, default
 * as shipped: 16) and {@code -Dbench.stripeWorkers=} (the Stripe call pool, default as shipped).
 */
final class PaymentsScenario implements Scenario {

  private static final int CLIENTS = Integer.getInteger("bench.payments.clients", 200);
  private static final int SLOTS = 1_000;
  /** Citizens with a token; each path takes the next one, so each person holds a few bookings at most. */
  private static final int PEOPLE = Integer.getInteger("bench.payments.people", 50_000);
  private static final long WARM_UP_MS = Integer.getInteger("bench.payments.warmUpSeconds", 20) * 1000L;
  private static final long MEASURE_MS = Integer.getInteger("bench.payments.seconds", 30) * 1000L;
  private static final String ONLY = System.getProperty("bench.payments.case", "");
  private static final String ACCOUNT = "acct_1BenchPagamenti";
  private static final int TARIFF = 2_500;
  private static final String[] STEPS = {"hold", "confirm", "webhook", "read"};
  private static final int EXAMPLES = 5;
  private static final Map<String, String> THREAD_GROUPS = new java.util.LinkedHashMap<>(Map.of(
      "vert.x-eventloop-thread", "event loops (app, clients, FakeStripe)", "stripe-calls", "Stripe calls (stripe-java)",
      "vert.x-worker-thread", "Vert.x workers"));

  @Override
  public String name() {
    return "payments";
  }

  @Override
  public String description() {
    return "hold → confirm by card (checkout at the local Stripe server) → signed webhook → read back confirmed, "
        + CLIENTS + " concurrent clients, spread over " + SLOTS + " slots and on one hot slot";
  }

  @Override
  public List<String> run() throws Exception {
    Vertx stripeVertx = Vertx.vertx();
    FakeStripe stripe = await(FakeStripe.start(stripeVertx));
    JsonObject stripeConfig = stripe.config();
    if (Integer.getInteger("bench.stripeWorkers") != null) {
      stripeConfig.put("workerPoolSize", Integer.getInteger("bench.stripeWorkers"));
    }
    JsonObject overrides = new JsonObject()
        .put("payments", new JsonObject().put("stripe", stripeConfig))
        .put("auth", new JsonObject().put("accessTokenSeconds", 4 * 3600));
    if (Integer.getInteger("bench.pool") != null) {
      overrides.put("database", new JsonObject().put("poolSize", Integer.getInteger("bench.pool")));
    }
    try (BenchApp bench = BenchApp.start(overrides)) {
      Seeded seeded = seed(bench);
      List<String> tokens = signIn(bench);
      Vertx load = BenchApp.loadGenerator();
      try {
        WebClient client = WebClient.create(load, new WebClientOptions().setDefaultHost("127.0.0.1")
            .setDefaultPort(bench.app.port()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(CLIENTS));
        List<String> lines = new ArrayList<>();
        JsonObject stripeSettings = bench.app.config().getJsonObject("payments").getJsonObject("stripe");
        lines.add(bench.describe() + "; pool " + bench.app.config().getJsonObject("database").getInteger("poolSize")
            + " connections; Stripe calls on a worker pool of " + stripeSettings.getInteger("workerPoolSize")
            + " threads; FakeStripe in the same JVM on a Vert.x of its own; "
            + Runtime.getRuntime().availableProcessors() + " cores");
        AtomicInteger people = new AtomicInteger();
        Driver driver = new Driver(client, stripe, tokens, people, false);
        if (ONLY.isEmpty() || ONLY.equals("spread")) {
          measure(bench, stripe, driver, seeded.spread(), "spread over " + SLOTS + " slots", lines);
        }
        if (ONLY.isEmpty() || ONLY.equals("hot")) {
          measure(bench, stripe, driver, List.of(seeded.hot()), "one hot slot", lines);
        }
        if (ONLY.isEmpty() || ONLY.equals("holds")) {
          measure(bench, stripe, driver.holdsOnly(), seeded.spread(), "holds only (no payment), spread over " + SLOTS + " slots",
              lines);
        }
        overDemand(bench, driver, seeded.scarce(), lines);
        return lines;
      } finally {
        await(load.close());
      }
    } finally {
      await(stripe.close());
      await(stripeVertx.close());
    }
  }

  // ---- the paths ----------------------------------------------------------------------------

  /** Where a path failed: the step, the request, the answer. */
  private record Failure(String step, String request, String answer) { }

  /** One run's figures: paths completed in the window, step and path latencies of paths started in it, failures. */
  private static final class Tally {
    final long measureFrom;
    final long measureUntil;
    final AtomicLong completedInWindow = new AtomicLong();
    final Map<String, ConcurrentLinkedQueue<Long>> steps = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Long> paths = new ConcurrentLinkedQueue<>();
    final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Failure> examples = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> bookings = new ConcurrentLinkedQueue<>();
    final AtomicLong started = new AtomicLong();

    Tally(long measureFrom, long measureUntil) {
      this.measureFrom = measureFrom;
      this.measureUntil = measureUntil;
      for (String step : STEPS) {
        steps.put(step, new ConcurrentLinkedQueue<>());
      }
    }

    /** A path that went through: counted if it ended in the window, timed (with its steps, if any) if it started in it. */
    void completed(long start, long end, long nanos, long[] marks) {
      if (end >= measureFrom && end < measureUntil) {
        completedInWindow.incrementAndGet();
      }
      if (start >= measureFrom && start < measureUntil) {
        paths.add(nanos);
        for (int s = 0; marks != null && s < STEPS.length; s++) {
          steps.get(STEPS[s]).add(marks[s + 1] - marks[s]);
        }
      }
    }

    void failed(Failure failure) {
      failures.computeIfAbsent(failure.step(), s -> new AtomicLong()).incrementAndGet();
      if (examples.size() < EXAMPLES) {
        examples.add(failure);
      }
    }

    long failedCount() {
      return failures.values().stream().mapToLong(AtomicLong::get).sum();
    }
  }

  /** The four steps of a path, as a browser and Stripe would make them, timed from the client. */
  private record Driver(WebClient client, FakeStripe stripe, List<String> tokens, AtomicInteger people, boolean holdOnly) {

    /** The same clients, making holds only: today's hold figure measured the same way, beside the path's. */
    Driver holdsOnly() {
      return new Driver(client, stripe, tokens, people, true);
    }

    /** Paths back to back on {@code clients} clients until {@code stopAt} (nanoTime), and at most {@code perClient} each if > 0. */
    Future<Void> run(List<String> slots, int clients, long stopAt, int perClient, Tally tally) {
      AtomicInteger next = new AtomicInteger();
      List<Future<Void>> all = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        Promise<Void> done = Promise.promise();
        loop(slots, next, stopAt, perClient > 0 ? perClient : -1, tally, done);
        all.add(done.future());
      }
      return Future.all(all).mapEmpty();
    }

    private void loop(List<String> slots, AtomicInteger next, long stopAt, int left, Tally tally, Promise<Void> done) {
      if (left == 0 || System.nanoTime() >= stopAt) {
        done.complete();
        return;
      }
      String slot = slots.get(Math.floorMod(next.getAndIncrement(), slots.size()));
      String token = tokens.get(Math.floorMod(people.getAndIncrement(), tokens.size()));
      path(slot, token, tally).onComplete(r -> loop(slots, next, stopAt, left - 1, tally, done));
    }

    Future<Void> path(String slot, String token, Tally tally) {
      long start = System.nanoTime();
      tally.started.incrementAndGet();
      long[] marks = new long[STEPS.length + 1];
      marks[0] = start;
      JsonObject holdBody = new JsonObject().put("slotId", slot).put("places", 1);
      return post("/api/v1/bookings/holds", token, holdBody).compose(held -> {
        marks[1] = System.nanoTime();
        if (held.statusCode() != 201) {
          return failed(tally, "hold", "POST /api/v1/bookings/holds " + holdBody.encode(), held);
        }
        String booking = held.bodyAsJsonObject().getString("id");
        tally.bookings.add(booking);
        if (holdOnly) {
          tally.completed(start, marks[1], marks[1] - start, null);
          return Future.<Void>succeededFuture();
        }
        JsonObject confirmBody = new JsonObject().put("payment", new JsonObject().put("credit", false).put("rest", "card"));
        String confirmPath = "/api/v1/bookings/" + booking + "/confirm";
        return post(confirmPath, token, confirmBody).compose(confirmed -> {
          marks[2] = System.nanoTime();
          JsonObject checkout = confirmed.statusCode() == 202 ? confirmed.bodyAsJsonObject().getJsonObject("checkout") : null;
          if (checkout == null || checkout.getString("sessionId") == null) {
            return failed(tally, "confirm", "POST " + confirmPath + " " + confirmBody.encode(), confirmed);
          }
          // What Stripe does when the person has paid: the session completes, the event is signed and posted.
          FakeStripe.SignedWebhook signed = stripe.signedWebhook(stripe.sessionCompleted(checkout.getString("sessionId")));
          return client.post("/api/v1/payments/stripe/webhook").putHeader("Stripe-Signature", signed.signature())
              .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(signed.payload())).compose(hook -> {
                marks[3] = System.nanoTime();
                if (hook.statusCode() != 200) {
                  return failed(tally, "webhook", "POST /api/v1/payments/stripe/webhook (checkout.session.completed of "
                      + checkout.getString("sessionId") + ")", hook);
                }
                return client.get("/api/v1/bookings/" + booking).bearerTokenAuthentication(token).send().compose(read -> {
                  marks[4] = System.nanoTime();
                  JsonObject shown = read.statusCode() == 200 ? read.bodyAsJsonObject() : null;
                  long confirmations = shown == null || shown.getJsonArray("audit") == null ? 0
                      : shown.getJsonArray("audit").stream().filter(a -> a instanceof JsonObject o
                          && "confirmed".equals(o.getString("action"))).count();
                  if (shown == null || !"confirmed".equals(shown.getString("status")) || confirmations != 1) {
                    return failed(tally, "read", "GET /api/v1/bookings/" + booking + " after the webhook's 200 (expected "
                        + "status confirmed, one 'confirmed' in its audit; saw " + confirmations + ")", read);
                  }
                  tally.completed(start, marks[4], marks[4] - start, marks);
                  return Future.<Void>succeededFuture();
                });
              });
        });
      }).recover(e -> {
        tally.failed(new Failure("transport", "", e.toString()));
        return Future.succeededFuture();
      });
    }

    private Future<HttpResponse<Buffer>> post(String path, String token, JsonObject body) {
      return client.post(path).bearerTokenAuthentication(token).putHeader("Idempotency-Key", UUID.randomUUID().toString())
          .sendJsonObject(body);
    }

    private static Future<Void> failed(Tally tally, String step, String request, HttpResponse<Buffer> answer) {
      String body = answer.bodyAsString() == null ? "" : answer.bodyAsString();
      tally.failed(new Failure(step, request, answer.statusCode() + " " + body.substring(0, Math.min(600, body.length()))));
      return Future.succeededFuture();
    }
  }

  /** Warm-up, then the measured window, on {@code slots}; figures and checks into {@code lines}. */
  private static void measure(BenchApp bench, FakeStripe stripe, Driver driver, List<String> slots, String name,
                              List<String> lines) throws Exception {
    long sessionsBefore = sessionsOpened(stripe);
    long from = System.nanoTime() + WARM_UP_MS * 1_000_000;
    long until = from + MEASURE_MS * 1_000_000;
    Tally tally = new Tally(from, until);
    CpuUse cpu;
    Future<Void> running = driver.run(slots, CLIENTS, until, 0, tally);
    while (System.nanoTime() < from) {
      Thread.sleep(Math.max(1, Math.min(200, (from - System.nanoTime()) / 1_000_000)));
    }
    cpu = CpuUse.start(THREAD_GROUPS, CpuUse.postmasterOf(bench));
    double load = loadAverage();
    await(running);
    Map<String, Long> spent = cpu.since();
    double cpuSeconds = (System.nanoTime() - from) / 1e9;
    double seconds = MEASURE_MS / 1000.0;
    lines.add(String.format("%s: %,d completed in the %.0f s window: **%.1f/s** (%d clients back to back, "
            + "after %d s unmeasured; %,d started in all, %,d failed; load average %.2f at the window's start)",
        name, tally.completedInWindow.get(), seconds, tally.completedInWindow.get() / seconds, CLIENTS, WARM_UP_MS / 1000,
        tally.started.get(), tally.failedCount(), load));
    lines.add(name + (driver.holdOnly() ? ", hold " : ", whole path ") + stats(tally.paths).summary());
    for (String step : driver.holdOnly() ? new String[0] : STEPS) {
      lines.add(name + ", " + step + " " + stats(tally.steps.get(step)).summary());
    }
    lines.add(String.format("%s, CPU from the window's start to the last path's end (%.1f s): %s", name, cpuSeconds,
        CpuUse.describe(spent, cpuSeconds)));
    failures(name, tally, lines);
    if (!driver.holdOnly()) {
      lines.add(name + ", checked: " + check(bench, stripe, tally, sessionsBefore));
    }
  }

  /**
   * {@link #CLIENTS} clients each try one path at once on a slot with room for half of them: as
   * many confirmed as there are places, the others refused at the hold, nothing over capacity.
   */
  private static void overDemand(BenchApp bench, Driver driver, String slot, List<String> lines) throws Exception {
    Tally tally = new Tally(0, Long.MAX_VALUE);
    long start = System.nanoTime();
    await(driver.run(List.of(slot), CLIENTS, Long.MAX_VALUE, 1, tally));
    double ms = (System.nanoTime() - start) / 1e6;
    Row slotRow = one(bench, "SELECT capacity, taken, (SELECT count(*) FROM bookings b WHERE b.slot_id = s.id AND b.status = 'confirmed'),"
        + " (SELECT count(*) FROM bookings b WHERE b.slot_id = s.id) FROM slots s WHERE s.id = '" + slot + "'");
    long refusedHolds = tally.failures.getOrDefault("hold", new AtomicLong()).get();
    long otherFailures = tally.failedCount() - refusedHolds;
    String refusals = tally.examples.stream().filter(f -> f.step().equals("hold")).map(Failure::answer)
        .map(a -> a.substring(0, Math.min(a.length(), 160))).distinct().limit(2)
        .reduce((a, b) -> a + " | " + b).orElse("none");
    int capacity = slotRow.getInteger(0);
    boolean ok = slotRow.getLong(2) == capacity && slotRow.getInteger(1) == capacity && slotRow.getLong(3) == capacity
        && tally.paths.size() == capacity && refusedHolds == CLIENTS - capacity && otherFailures == 0;
    lines.add(String.format("over-demand: %d clients at once, one path each, on a slot of %d places: %d paths confirmed, "
            + "%d holds refused (e.g. %s), %d other failures; slot taken %d of %d, %d bookings confirmed, %d bookings in all; "
            + "%.0f ms for all; %s", CLIENTS, slotRow.getInteger(0), tally.paths.size(), refusedHolds, refusals, otherFailures,
        slotRow.getInteger(1), slotRow.getInteger(0), slotRow.getLong(2), slotRow.getLong(3), ms,
        ok ? "as expected" : "NOT as expected"));
    failures("over-demand (other than refused holds)", tally, lines, "hold");
  }

  private static void failures(String name, Tally tally, List<String> lines, String... expected) {
    List<String> skip = List.of(expected);
    tally.failures.forEach((step, count) -> {
      if (!skip.contains(step)) {
        lines.add(name + ", FAILED at " + step + ": " + count.get());
      }
    });
    tally.examples.stream().filter(f -> !skip.contains(f.step())).forEach(f ->
        lines.add(name + ", failure example at " + f.step() + ": request " + f.request() + " → answer " + f.answer()));
  }

  private static Stats stats(ConcurrentLinkedQueue<Long> nanos) {
    return new Stats(nanos.stream().mapToLong(Long::longValue).toArray());
  }

  // ---- checks -------------------------------------------------------------------------------

  /** The database's word on every booking the run made, and Stripe's on its sessions. */
  private static String check(BenchApp bench, FakeStripe stripe, Tally tally, long sessionsBefore) throws Exception {
    String ids = "ARRAY[" + String.join(",", tally.bookings.stream().map(id -> "'" + id + "'::uuid").toList()) + "]";
    if (tally.bookings.isEmpty()) {
      return "no bookings";
    }
    Row row = one(bench, """
        WITH mine AS (SELECT unnest(%s) AS id),
             b AS (SELECT bk.* FROM bookings bk JOIN mine USING (id)),
             per AS (
               SELECT b.id, b.status, b.price_cents,
                      (SELECT count(*) FROM booking_audit a WHERE a.booking_id = b.id AND a.action = 'confirmed') AS confirmations,
                      (SELECT count(*) FROM payments p WHERE p.booking_id = b.id) AS payments,
                      (SELECT count(*) FROM payments p WHERE p.booking_id = b.id AND p.method = 'card'
                         AND p.state = 'completed' AND p.amount_cents = b.price_cents) AS card_completed,
                      (SELECT count(*) FROM money_ledger l WHERE l.booking_id = b.id) AS ledger_rows,
                      (SELECT coalesce(sum(l.amount_cents), 0) FROM money_ledger l WHERE l.booking_id = b.id) AS ledger_cents
                 FROM b)
        SELECT (SELECT count(*) FROM mine),
               count(*),
               count(*) FILTER (WHERE status = 'confirmed'),
               count(*) FILTER (WHERE status = 'held'),
               count(*) FILTER (WHERE confirmations <> 1),
               count(*) FILTER (WHERE payments <> 1 OR card_completed <> 1),
               count(*) FILTER (WHERE ledger_rows <> 1 OR ledger_cents <> price_cents),
               coalesce(sum(price_cents), 0),
               (SELECT count(*) FROM slots s WHERE s.taken > s.capacity OR s.taken <> (SELECT coalesce(sum(x.places), 0)
                  FROM bookings x WHERE x.slot_id = s.id AND x.status IN ('held', 'confirmed'))),
               string_agg(DISTINCT status, ',')
          FROM per""".formatted(ids));
    long bookings = row.getLong(1);
    long sessions = sessionsOpened(stripe) - sessionsBefore;
    boolean ok = bookings == row.getLong(0) && row.getLong(2) == bookings && row.getLong(3) == 0 && row.getLong(4) == 0
        && row.getLong(5) == 0 && row.getLong(6) == 0 && row.getLong(8) == 0 && sessions == bookings;
    return String.format("%s — %,d bookings held by the run (statuses: %s): %,d confirmed, %,d still held, %,d not confirmed "
            + "exactly once in their audit, %,d without exactly one completed card payment of their price (and no other), "
            + "%,d without exactly one money_ledger row of their price (ledger total %,d cents); %,d slots with taken places "
            + "over capacity or not equal to their live bookings' places; %,d checkout sessions opened at Stripe",
        ok ? "PASS" : "FAIL", bookings, row.getString(9), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5),
        row.getLong(6), row.getLong(7), row.getLong(8), sessions);
  }

  private static long sessionsOpened(FakeStripe stripe) {
    return stripe.requests().stream().filter(r -> r.method().equals("POST") && r.path().equals("/v1/checkout/sessions"))
        .map(FakeStripe.Request::idempotencyKey).distinct().count();
  }

  private static Row one(BenchApp bench, String sql) throws Exception {
    return await(bench.app.pool().query(sql).execute()).iterator().next();
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  // ---- seeding ------------------------------------------------------------------------------

  private record Seeded(List<String> spread, String hot, String scarce) { }

  /**
   * A cooperative in Bergamo with a Stripe connected account (2.5% platform fee), one service for
   * Bergamo at {@link #TARIFF} cents a session, and its slots: {@link #SLOTS} of 100 places (the
   * round-robin puts a few dozen bookings at most on each, holds-only case included), one hot slot
   * with room for every path, and one with half of {@link #CLIENTS} places for the over-demand check.
   */
  private static Seeded seed(BenchApp bench) throws Exception {
    UUID cooperative = BergamoFixtures.cooperative(bench, "Cooperativa Pagamenti", "66666666666", ACCOUNT, 250);
    List<String> ids = BergamoFixtures.service(bench, cooperative, "Visite pagate",
        "Servizio per il benchmark dei pagamenti con carta.", TARIFF, SLOTS + 2,
        "CASE g WHEN 0 THEN 1000000 WHEN 1 THEN %d ELSE 100 END".formatted(CLIENTS / 2));
    return new Seeded(ids.subList(2, ids.size()), ids.get(0), ids.get(1));
  }

  /**
   * {@link #PEOPLE} citizens of Bergamo, each with a live session and an access token for it
   * already checked once by the application (see {@link BergamoFixtures.Citizens#signIn}).
   */
  private static List<String> signIn(BenchApp bench) throws Exception {
    return new BergamoFixtures.Citizens("9000", "Pagante").signIn(bench, PEOPLE, PEOPLE);
  }
}
