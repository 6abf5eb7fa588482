package coop.sportello.bench;

import coop.sportello.calls.CallAddresses;
import coop.sportello.calls.CallDistributor;
import coop.sportello.calls.PbxSignature;
import coop.sportello.calls.domain.ErlangC;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static coop.sportello.bench.BenchApp.await;

/**
 * The contact center under simulated traffic, driven through the signed PBX webhook as a real
 * PBX would: Poisson arrivals, exponential handle times, simulated operators who answer when
 * rung. Two runs:
 * <ol>
 *   <li>load: 2,000 callers waiting, then 200 arrivals/s served at about the same rate; decision
 *       latency inside the owner, and from an operator's hang-up webhook to their next offer;</li>
 *   <li>Erlang C: fixed operators, no abandons, a long run; measured SL and ASA beside the formula.</li>
 * </ol>
 * Options: {@code -Dbench.calls.runs=load,erlang}, {@code -Dbench.calls.rate=200}, {@code -Dbench.calls.waiting=2000},
 * {@code -Dbench.calls.measure=30}, {@code -Dbench.calls.erlangSeconds=240}.
 */
final class CallQueueScenario implements Scenario {

  private static final String SECRET = "segreto-benchmark";
  private static final double RATE = Double.parseDouble(System.getProperty("bench.calls.rate", "200"));
  private static final int WAITING = Integer.getInteger("bench.calls.waiting", 2_000);
  private static final int MEASURE_S = Integer.getInteger("bench.calls.measure", 30);
  private static final int LOAD_OPERATORS = 100;
  /** Mean caller patience in the load run (exponential); the Erlang C run has none. */
  private static final double PATIENCE_S = Double.parseDouble(System.getProperty("bench.calls.patience", "600"));
  private static final int ERLANG_S = Integer.getInteger("bench.calls.erlangSeconds", 900);
  private static final int ERLANG_WARM_UP_S = 60;
  private static final int ERLANG_AGENTS = Integer.getInteger("bench.calls.agents", 30);
  private static final double ERLANG_HANDLE_S = Double.parseDouble(System.getProperty("bench.calls.handle", "2.0"));
  private static final double ERLANG_RATE = Double.parseDouble(System.getProperty("bench.calls.erlangRate", "13"));
  private static final int ERLANG_THRESHOLD_S = 1;

  @Override
  public String name() {
    return "calls";
  }

  @Override
  public String description() {
    return "phone queue through the signed PBX webhook: " + WAITING + " callers waiting and " + (int) RATE
        + " arrivals/s (decision latency), then " + ERLANG_AGENTS + " fixed operators for " + ERLANG_S
        + " s (measured SL and ASA beside Erlang C)";
  }

  private Pbx current;

  /** Stops the simulated people before their load generator goes: talk timers still due would find it closed. */
  private void pbxStop(Vertx load) throws Exception {
    if (current != null) {
      current.stopped = true;
    }
    await(load.close());
  }

  @Override
  public List<String> run() throws Exception {
    List<String> out = new ArrayList<>();
    // Each run on a fresh server and database: the load run leaves a backlog behind.
    List<String> runs = List.of(System.getProperty("bench.calls.runs", "load,erlang").split(","));
    for (boolean loadRun : new boolean[] {true, false}) {
      if (!runs.contains(loadRun ? "load" : "erlang")) {
        continue;
      }
      try (BenchApp bench = BenchApp.start(new JsonObject().put("calls", new JsonObject()
          .put("webhook", new JsonObject().put("secret", SECRET))))) {
        Vertx load = BenchApp.loadGenerator();
        try {
          Pbx pbx = new Pbx(bench, load);
          current = pbx;
          await(pbx.supervise());
          if (loadRun) {
            loadRun(bench, pbx, out);
          } else {
            erlangRun(bench, pbx, out);
          }
        } finally {
          pbxStop(load);
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ run 1

  private void loadRun(BenchApp bench, Pbx pbx, List<String> out) throws Exception {
    double handle = LOAD_OPERATORS / RATE;
    await(pbx.queue("carico", 0, 1));
    List<String> operators = await(pbx.operators("carico", LOAD_OPERATORS));
    long started = System.nanoTime();
    await(pbx.arrivals("carico", WAITING, Double.POSITIVE_INFINITY));
    out.add(String.format("set-up: %d callers queued through the webhook in %.1f s", WAITING,
        (System.nanoTime() - started) / 1e9));
    pbx.handleSeconds = handle;
    pbx.patienceSeconds = PATIENCE_S;
    await(pbx.login(operators));
    // Let the operators' first round of calls start, then measure a steady window.
    Thread.sleep(3_000);
    pbx.resetLatencies();
    Histogram decisions = Histogram.of(bench, CallDistributor.DECISION_TIMER);
    Histogram stored = Histogram.of(bench, CallDistributor.STORED_TIMER);
    long[] waiting = {Long.MAX_VALUE, 0};
    long watcher = bench.vertx.setPeriodic(500, id -> bench.vertx.eventBus().<JsonObject>request(CallAddresses.CONTROL,
        new JsonObject().put("type", "read.wall")).onSuccess(wall -> {
          long w = wall.body().getJsonArray("queues").getJsonObject(0).getLong("waiting");
          waiting[0] = Math.min(waiting[0], w);
          waiting[1] = Math.max(waiting[1], w);
        }));
    long arrivalsBefore = pbx.sent.get();
    long measureStart = System.nanoTime();
    await(pbx.arrivals("carico", (int) (RATE * MEASURE_S), RATE));
    double seconds = (System.nanoTime() - measureStart) / 1e9;
    bench.vertx.cancelTimer(watcher);
    out.add(String.format("load: %d arrivals in %.1f s (%.0f/s), %d operators with exponential handle time (mean %.2f s);"
            + " callers waiting during the window: min %d, max %d",
        pbx.sent.get() - arrivalsBefore, seconds, (pbx.sent.get() - arrivalsBefore) / seconds, LOAD_OPERATORS, handle,
        waiting[0], waiting[1]));
    out.add("load: decision inside the owner (event in -> offers decided, in memory) " + decisions.since());
    out.add("load: event in -> its changes stored (group commit) " + stored.since());
    out.add("load: operator's hang-up webhook sent -> their next offer received by the PBX "
        + new Stats(pbx.nextOfferLatencies()).summary());
    out.add("load: arrival webhook round trip (stored and answered) " + new Stats(pbx.arrivalLatencies()).summary());
    out.add(String.format("load: webhooks %d, refused %d (an answer or hang-up crossing an abandon), failed %d;"
            + " callers who gave up (patience exponential, mean %.0f s): %d",
        pbx.webhooks.get(), pbx.refused.get(), pbx.failed.get(), PATIENCE_S, pbx.abandoned.get()));
    pbx.patienceSeconds = 0;
    await(pbx.logout(operators));
  }

  // ------------------------------------------------------------------ run 2

  private void erlangRun(BenchApp bench, Pbx pbx, List<String> out) throws Exception {
    await(pbx.queue("erlang", 0, ERLANG_THRESHOLD_S));
    List<String> operators = await(pbx.operators("erlang", ERLANG_AGENTS));
    pbx.handleSeconds = ERLANG_HANDLE_S;
    await(pbx.login(operators));
    OffsetDateTime warmUpEnds = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(ERLANG_WARM_UP_S);
    await(pbx.arrivals("erlang", (int) (ERLANG_RATE * ERLANG_S), ERLANG_RATE));
    // Let the last callers be answered and served.
    Thread.sleep((long) (ERLANG_HANDLE_S * 4_000));
    Row measured = await(bench.app.pool().preparedQuery("""
            SELECT count(*) AS answered, avg(wait_ms) / 1000.0 AS asa,
                   avg(CASE WHEN wait_ms <= $2 * 1000 THEN 1.0 ELSE 0.0 END) AS sl
            FROM call_log WHERE queue_id = 'erlang' AND event = 'CONNECT' AND at >= $1""")
        .execute(Tuple.of(warmUpEnds, ERLANG_THRESHOLD_S))).iterator().next();
    Row talk = await(bench.app.pool().query(
        "SELECT avg(talk_ms) / 1000.0 FROM call_log WHERE queue_id = 'erlang' AND event = 'COMPLETE'").execute()).iterator().next();
    double measuredHandle = talk.getNumeric(0).doubleValue();
    Row entered = await(bench.app.pool().query("""
            SELECT count(*) / EXTRACT(EPOCH FROM max(at) - min(at)) AS rate
            FROM call_log WHERE queue_id = 'erlang' AND event = 'ENTER'""").execute()).iterator().next();
    double measuredRate = entered.getNumeric("rate").doubleValue();
    ErlangC.Prediction nominal = ErlangC.predict(ERLANG_RATE, ERLANG_HANDLE_S, ERLANG_AGENTS, ERLANG_THRESHOLD_S);
    ErlangC.Prediction actual = ErlangC.predict(measuredRate, measuredHandle, ERLANG_AGENTS, ERLANG_THRESHOLD_S);
    double sl = measured.getNumeric("sl").doubleValue();
    double asa = measured.getNumeric("asa").doubleValue();
    JsonObject wall = await(bench.vertx.eventBus().<JsonObject>request(CallAddresses.CONTROL,
        new JsonObject().put("type", "read.wall"))).body();
    JsonObject erlangQueue = wall.getJsonArray("queues").stream().map(JsonObject.class::cast)
        .filter(q -> "erlang".equals(q.getString("id"))).findFirst().orElseThrow();
    out.add(String.format("erlang: %d operators, Poisson arrivals %.1f/s (measured %.3f/s), exponential handle time mean"
            + " %.1f s (measured %.3f s), traffic %.2f Erlang, threshold %d s, no abandons; %d s run, first %d s left out",
        ERLANG_AGENTS, ERLANG_RATE, measuredRate, ERLANG_HANDLE_S, measuredHandle, measuredRate * measuredHandle,
        ERLANG_THRESHOLD_S, ERLANG_S, ERLANG_WARM_UP_S));
    out.add(String.format("erlang: answered in the window %d; measured SL(%d s) %.1f%%, ASA %.3f s",
        measured.getLong("answered"), ERLANG_THRESHOLD_S, sl * 100, asa));
    out.add(String.format("erlang: Erlang C with the measured rate and handle time: SL %.1f%%, ASA %.3f s (Pw %.3f) -> SL off by %.1f points,"
            + " ASA off by %.1f%%", actual.serviceLevel() * 100, actual.asaSeconds(), actual.probabilityOfWaiting(),
        (sl - actual.serviceLevel()) * 100, (asa - actual.asaSeconds()) / actual.asaSeconds() * 100));
    out.add(String.format("erlang: Erlang C with the nominal rate and handle time: SL %.1f%%, ASA %.3f s",
        nominal.serviceLevel() * 100, nominal.asaSeconds()));
    out.addAll(idealQueueComparison(bench, warmUpEnds, measuredRate, measuredHandle));
    out.add(String.format("erlang: the service's own KPIs for the whole run: offered %d, answered %d, SL %.1f%%,"
            + " SL with abandons %.1f%%, ASA %.3f s, AHT %.3f s",
        erlangQueue.getLong("offered"), erlangQueue.getLong("answered"), erlangQueue.getDouble("serviceLevel") * 100,
        erlangQueue.getDouble("serviceLevelWithAbandoned") * 100, erlangQueue.getDouble("asaSeconds"),
        erlangQueue.getDouble("ahtSeconds")));
    await(pbx.logout(operators));
  }

  /**
   * Two yardsticks beside the formula. Erlang C is an average over endless time; one run of a few
   * minutes scatters around it, so: (1) the same callers (their arrival instants and talk times as
   * stored) replayed through an ideal first-come-first-served queue with N operators and no
   * delays, which says what this very sample should have given; (2) the spread of SL and ASA over
   * 40 simulated runs of the same length drawn from the same Poisson and exponential laws.
   */
  private static List<String> idealQueueComparison(BenchApp bench, OffsetDateTime warmUpEnds, double rate, double handle)
      throws Exception {
    List<Row> rows = new ArrayList<>();
    await(bench.app.pool().query("""
            SELECT e.at AS entered, c.wait_ms, k.talk_ms
            FROM call_log e
            JOIN call_log c ON c.call_id = e.call_id AND c.event = 'CONNECT'
            JOIN call_log k ON k.call_id = e.call_id AND k.event = 'COMPLETE'
            WHERE e.queue_id = 'erlang' AND e.event = 'ENTER' ORDER BY e.at""").execute()).forEach(rows::add);
    double[] arrivals = new double[rows.size()];
    double[] talks = new double[rows.size()];
    double[] measuredWaits = new double[rows.size()];
    long origin = rows.get(0).getOffsetDateTime("entered").toInstant().toEpochMilli();
    double windowStart = (warmUpEnds.toInstant().toEpochMilli() - origin) / 1000.0;
    for (int i = 0; i < rows.size(); i++) {
      arrivals[i] = (rows.get(i).getOffsetDateTime("entered").toInstant().toEpochMilli() - origin) / 1000.0;
      talks[i] = rows.get(i).getLong("talk_ms") / 1000.0;
      measuredWaits[i] = rows.get(i).getLong("wait_ms") / 1000.0;
    }
    double[] idealWaits = fcfs(arrivals, talks, ERLANG_AGENTS);
    double[] measured = slAndAsa(arrivals, measuredWaits, windowStart);
    double[] ideal = slAndAsa(arrivals, idealWaits, windowStart);
    List<String> out = new ArrayList<>();
    out.add(String.format("erlang: the same %d callers (arrivals and talk times as stored) through an ideal FCFS queue with %d"
            + " operators and no delays: SL %.1f%%, ASA %.3f s; measured on these callers: SL %.1f%%, ASA %.3f s"
            + " (what routing, HTTP and commits add: %+.1f points, %+.3f s)",
        (int) ideal[2], ERLANG_AGENTS, ideal[0] * 100, ideal[1], measured[0] * 100, measured[1],
        (measured[0] - ideal[0]) * 100, measured[1] - ideal[1]));
    java.util.Random random = new java.util.Random(7);
    double duration = arrivals[arrivals.length - 1];
    List<Double> sls = new ArrayList<>();
    List<Double> asas = new ArrayList<>();
    for (int run = 0; run < 40; run++) {
      List<Double> a = new ArrayList<>();
      for (double t = -Math.log(1 - random.nextDouble()) / rate; t < duration; t += -Math.log(1 - random.nextDouble()) / rate) {
        a.add(t);
      }
      double[] at = a.stream().mapToDouble(Double::doubleValue).toArray();
      double[] talk = new double[at.length];
      for (int i = 0; i < talk.length; i++) {
        talk[i] = -Math.log(1 - random.nextDouble()) * handle;
      }
      double[] r = slAndAsa(at, fcfs(at, talk, ERLANG_AGENTS), windowStart);
      sls.add(r[0]);
      asas.add(r[1]);
    }
    out.add(String.format("erlang: 40 simulated runs of the same length and laws: SL %.1f%% ± %.1f points (sd),"
            + " ASA %.3f s ± %.3f s (sd) — the spread any single run of this length has around Erlang C",
        mean(sls) * 100, sd(sls) * 100, mean(asas), sd(asas)));
    return out;
  }

  /** Waits in a first-come-first-served queue with {@code servers} operators and no delays. */
  private static double[] fcfs(double[] arrivals, double[] talks, int servers) {
    java.util.PriorityQueue<Double> free = new java.util.PriorityQueue<>();
    for (int i = 0; i < servers; i++) {
      free.add(0.0);
    }
    double[] waits = new double[arrivals.length];
    for (int i = 0; i < arrivals.length; i++) {
      double start = Math.max(arrivals[i], free.poll());
      waits[i] = start - arrivals[i];
      free.add(start + talks[i]);
    }
    return waits;
  }

  /** {SL within the threshold, ASA, count} over callers who arrived after {@code from}. */
  private static double[] slAndAsa(double[] arrivals, double[] waits, double from) {
    int n = 0;
    int within = 0;
    double total = 0;
    for (int i = 0; i < arrivals.length; i++) {
      if (arrivals[i] >= from) {
        n++;
        total += waits[i];
        within += waits[i] <= ERLANG_THRESHOLD_S ? 1 : 0;
      }
    }
    return new double[] {(double) within / n, total / n, n};
  }

  private static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static double sd(List<Double> xs) {
    double m = mean(xs);
    return Math.sqrt(xs.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (xs.size() - 1));
  }

  // ------------------------------------------------------------------ the simulated PBX and operators

  /**
   * Sends signed webhooks from its own Vert.x; hears Sportello's commands on the server's bus (as
   * an in-process PBX adapter would); its operators answer at once when rung and hang up after an
   * exponential handle time.
   */
  private static final class Pbx {

    private final BenchApp bench;
    private final Vertx load;
    private final Context context;
    private final WebClient client;
    private final Random random = new Random(42);
    final AtomicLong sent = new AtomicLong();
    final AtomicLong webhooks = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong abandoned = new AtomicLong();
    private final java.util.Set<String> connected = new java.util.HashSet<>();
    volatile double handleSeconds = 1;
    volatile double patienceSeconds;
    volatile boolean stopped;
    private final Map<String, Long> hangUpSentAt = new HashMap<>();
    private final List<Long> nextOffer = new ArrayList<>();
    private final List<Long> arrivalRoundTrips = new ArrayList<>();
    private String supervisorToken;

    Pbx(BenchApp bench, Vertx load) {
      this.bench = bench;
      this.load = load;
      this.context = load.getOrCreateContext();
      this.client = WebClient.create(load, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(bench.app.port()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
      bench.vertx.eventBus().<JsonObject>consumer(CallAddresses.PBX_COMMAND, msg -> {
        JsonObject command = msg.body();
        if ("route".equals(command.getString("command"))) {
          context.runOnContext(v -> rung(command.getString("callId"), command.getString("operator")));
        }
      });
    }

    Future<Void> supervise() {
      // A token names a live session of its subject (TokenService): the account and its session, in one statement.
      return bench.app.pool().query("""
              WITH a AS (INSERT INTO accounts (username, display_name, password_hash, roles)
                         VALUES ('bench.supervisore', 'Supervisore', 'x', ARRAY['supervisor']) RETURNING id)
              INSERT INTO auth_sessions (account_id, expires_at) SELECT id, now() + interval '1 day' FROM a
              RETURNING account_id, id""").execute()
          .map(rows -> {
            var row = rows.iterator().next();
            supervisorToken = bench.app.module(coop.sportello.platform.auth.AuthModule.class).tokens().issue(new Identity(row.getUUID(0).toString(),
                java.util.Set.of(Role.SUPERVISOR), row.getUUID(1).toString(), "Supervisore", null, null, null));
            return null;
          });
    }

    Future<Void> queue(String id, int wrapUp, int thresholdSeconds) {
      return client.put("/api/v1/calls/queues/" + id).bearerTokenAuthentication(supervisorToken)
          .sendJsonObject(new JsonObject().put("name", "Coda " + id).put("maxLength", 100_000).put("wrapUpSeconds", wrapUp)
              .put("ringSeconds", 120).put("announceSeconds", 0).put("autoPauseAfter", 0)
              .put("serviceLevel", new JsonObject().put("percent", 80).put("seconds", thresholdSeconds))
              .put("businessHours", new JsonArray().add("MON-SUN 00:00-24:00")))
          .compose(r -> r.statusCode() == 200 ? Future.succeededFuture() : Future.failedFuture(r.bodyAsString()));
    }

    Future<List<String>> operators(String queue, int n) {
      List<Future<String>> created = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String subject = queue + "-operatore-" + i;
        created.add(client.put("/api/v1/calls/operators/" + subject).bearerTokenAuthentication(supervisorToken)
            .sendJsonObject(new JsonObject().put("name", "Operatore " + i).put("endpoint", "PJSIP/" + subject)
                .put("queues", new JsonArray().add(new JsonObject().put("queue", queue))))
            .compose(r -> r.statusCode() == 200 ? Future.succeededFuture(subject) : Future.failedFuture(r.bodyAsString())));
      }
      return Future.all(created).map(all -> all.<String>list());
    }

    /** Logs simulated operators in through the owner's control address (they have no browser). */
    Future<Void> login(List<String> operators) {
      return control(operators, "operator.login");
    }

    Future<Void> logout(List<String> operators) {
      return control(operators, "operator.logout").recover(e -> Future.succeededFuture());
    }

    private Future<Void> control(List<String> operators, String type) {
      List<Future<?>> done = new ArrayList<>();
      for (String subject : operators) {
        done.add(bench.vertx.eventBus().request(CallAddresses.CONTROL, new JsonObject().put("type", type).put("operator", subject),
            new DeliveryOptions().setSendTimeout(30_000)));
      }
      return Future.all(done).mapEmpty();
    }

    /** {@code n} arrivals as a Poisson process of {@code rate} per second (infinite: as fast as they are taken). */
    Future<Void> arrivals(String queue, int n, double rate) {
      Countdown answered = new Countdown(n);
      context.runOnContext(v -> {
        if (Double.isInfinite(rate)) {
          sendBurst(queue, n, answered);
        } else {
          schedule(queue, n, rate, System.nanoTime(), answered);
        }
      });
      return answered.done.future();
    }

    private void sendBurst(String queue, int left, Countdown answered) {
      // At most 64 at once: the preload is limited by the server, not by a pile of pending requests.
      for (int i = 0; i < Math.min(64, left); i++) {
        arrive(queue, answered).onComplete(ar -> { });
      }
      if (left > 64) {
        load.setTimer(20, id -> sendBurst(queue, left - 64, answered));
      }
    }

    private void schedule(String queue, int left, double rate, long due, Countdown answered) {
      if (left == 0) {
        return;
      }
      arrive(queue, answered);
      long next = due + (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
      long delayMs = Math.max(1, (next - System.nanoTime()) / 1_000_000);
      load.setTimer(delayMs, id -> schedule(queue, left - 1, rate, next, answered));
    }

    private Future<Void> arrive(String queue, Countdown answered) {
      String callId = "sim-" + UUID.randomUUID();
      long start = System.nanoTime();
      sent.incrementAndGet();
      if (patienceSeconds > 0) {
        long patienceMs = Math.max(1, (long) (-Math.log(1 - random.nextDouble()) * patienceSeconds * 1000));
        load.setTimer(patienceMs, id -> {
          if (!connected.contains(callId)) {
            abandoned.incrementAndGet();
            webhook(new JsonObject().put("type", "call.ended").put("callId", callId));
          }
        });
      }
      return webhook(new JsonObject().put("type", "call.arrived").put("callId", callId).put("queue", queue)
          .put("from", "+39347" + (1_000_000 + random.nextInt(8_999_999))))
          .onComplete(ar -> {
            arrivalRoundTrips.add(System.nanoTime() - start);
            answered.countDown();
          }).mapEmpty();
    }

    private void rung(String callId, String operator) {
      connected.add(callId);
      Long hungUp = hangUpSentAt.remove(operator);
      if (hungUp != null) {
        nextOffer.add(System.nanoTime() - hungUp);
      }
      webhook(new JsonObject().put("type", "call.answered").put("callId", callId).put("operator", operator))
          .onSuccess(v -> {
            long talkMs = Math.max(1, (long) (-Math.log(1 - random.nextDouble()) * handleSeconds * 1000));
            load.setTimer(talkMs, id -> {
              hangUpSentAt.put(operator, System.nanoTime());
              webhook(new JsonObject().put("type", "call.ended").put("callId", callId));
            });
          });
    }

    private Future<JsonObject> webhook(JsonObject event) {
      if (stopped) {
        return Future.succeededFuture(new JsonObject());
      }
      event.put("eventId", UUID.randomUUID().toString());
      Buffer body = event.toBuffer();
      webhooks.incrementAndGet();
      return client.post("/api/v1/telephony/events").putHeader("Content-Type", "application/json")
          .putHeader(PbxSignature.HEADER, PbxSignature.sign(SECRET, System.currentTimeMillis() / 1000, body.getBytes()))
          .sendBuffer(body)
          .map(r -> {
            if (r.statusCode() != 200) {
              refused.incrementAndGet();
              return new JsonObject();
            }
            return r.bodyAsJsonObject();
          })
          .onFailure(e -> failed.incrementAndGet());
    }

    void resetLatencies() {
      context.runOnContext(v -> {
        nextOffer.clear();
        arrivalRoundTrips.clear();
      });
    }

    long[] nextOfferLatencies() throws Exception {
      return onContext(() -> nextOffer.stream().mapToLong(Long::longValue).toArray());
    }

    long[] arrivalLatencies() throws Exception {
      return onContext(() -> arrivalRoundTrips.stream().mapToLong(Long::longValue).toArray());
    }

    private <T> T onContext(java.util.function.Supplier<T> read) throws Exception {
      io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
      context.runOnContext(v -> p.complete(read.get()));
      return await(p.future());
    }
  }

  /** Completes once every arrival of a run has been answered (all on the load generator's context). */
  private static final class Countdown {
    private int left;
    final io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();

    Countdown(int n) {
      left = n;
    }

    void countDown() {
      if (--left == 0) {
        done.complete();
      }
    }
  }

  /** Percentiles of a Micrometer histogram over a window: the difference of two snapshots. */
  private static final class Histogram {
    private final Timer timer;
    private final CountAtBucket[] before;

    private Histogram(Timer timer) {
      this.timer = timer;
      this.before = timer.takeSnapshot().histogramCounts();
    }

    static Histogram of(BenchApp bench, String name) {
      MeterRegistry registry = BackendRegistries.getDefaultNow();
      return new Histogram(registry.find(name).timer());
    }

    String since() {
      CountAtBucket[] after = timer.takeSnapshot().histogramCounts();
      double[] counts = new double[after.length];
      double total = 0;
      for (int i = 0; i < after.length; i++) {
        counts[i] = after[i].count() - (i < before.length ? before[i].count() : 0);
        total += i == 0 ? counts[i] : 0;
      }
      // Buckets are cumulative: the last one holds everything.
      total = counts[counts.length - 1];
      return String.format("n=%.0f p50<=%s p99<=%s p99.9<=%s", total, bound(after, counts, total, 0.5),
          bound(after, counts, total, 0.99), bound(after, counts, total, 0.999));
    }

    private static String bound(CountAtBucket[] buckets, double[] cumulative, double total, double p) {
      for (int i = 0; i < buckets.length; i++) {
        if (cumulative[i] >= p * total) {
          double ms = buckets[i].bucket(TimeUnit.NANOSECONDS) / 1e6;
          return ms < 1 ? String.format("%.0f µs", ms * 1000) : String.format("%.2f ms", ms);
        }
      }
      return "n/a";
    }
  }
}
