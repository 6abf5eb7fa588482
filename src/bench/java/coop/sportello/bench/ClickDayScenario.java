package coop.sportello.bench;

import coop.sportello.platform.auth.AuthModule;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.auth.TokenService;
import coop.sportello.platform.domain.CodiceFiscale;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static coop.sportello.bench.BenchApp.await;

/**
 * Issue 22's click day: the Comune di Piazzola sul Brenta publishes a buoni spesa bando (first
 * come, first served) and {@link #APPLICATIONS} residents apply in its first {@link #SECONDS}
 * seconds through the real HTTP API, each a citizen of their own (a live session, resident in
 * Piazzola, a codice fiscale, an ISEE under the threshold, a household of one), each uploading
 * their ISEE attestation as a PDF of 150–400 KB ({@code POST /bandi/:id/uploads}, the bytes as
 * the body) and then submitting ({@code POST /bandi/:id/applications}) — open loop: application i
 * starts at i × SECONDS / APPLICATIONS whatever the server's pace, so that a slow server shows as
 * latency, not as a lower offered rate (at most {@link #CONNECTIONS} requests on the wire, the
 * others wait in the client, timed from when they were due).
 *
 * <p>Meanwhile {@link #BROWSERS} clients browse the catalog ({@code GET /services} searches and a
 * service's availability), timed against a baseline measured just before. After the minute: NONE
 * LOST (the protocols the clients got back against the database's, each with its document of the
 * size uploaded; every client without a receipt with its problem type), FAIR ORDER (received_at
 * in protocol order, in the database and in the receipts), and the review's admission in ranking
 * order on a budget that fits {@link #ADMIT} applications ({@code POST /comune/bandi/:id/admit-in-ranking}):
 * exactly the first ADMIT protocols admitted, granted within budget and equal to the admitted
 * amounts, one voucher wallet each with balance = ledger.
 *
 * <p>By default the applications are prepared as the bando page lets people do: every applicant
 * uploads their PDF in the {@link #PREPARE_SECONDS} before the opening (open loop; the bando is
 * published with its opening at the first whole minute after that), and the minute carries the
 * submissions. {@code -Dbench.clickday.prepared=false} puts the uploads in the minute too.
 *
 * <p>Options (for a short run): {@code -Dbench.clickday.applications=10000}, {@code .seconds=60},
 * {@code .admit=3000}, {@code .browsers=4}, {@code .connections=512}, {@code .baselineSeconds=10},
 * {@code .prepareSeconds=300}, {@code .prepared=false}.
 */
final class ClickDayScenario implements Scenario {

  private static final int APPLICATIONS = Integer.getInteger("bench.clickday.applications", 10_000);
  private static final int SECONDS = Integer.getInteger("bench.clickday.seconds", 60);
  private static final int ADMIT = Integer.getInteger("bench.clickday.admit", APPLICATIONS * 3 / 10);
  private static final int BROWSERS = Integer.getInteger("bench.clickday.browsers", 4);
  private static final int CONNECTIONS = Integer.getInteger("bench.clickday.connections", 512);
  private static final int BASELINE_SECONDS = Integer.getInteger("bench.clickday.baselineSeconds", 10);
  /**
   * As the bando page lets people do: each applicant uploads their document while the bando is
   * published but not yet open (open loop over {@link #PREPARE_SECONDS}), and the first minute
   * carries the submissions. {@code -Dbench.clickday.prepared=false}: everybody uploads in the
   * minute too (the worst case).
   */
  private static final boolean PREPARED = !"false".equals(System.getProperty("bench.clickday.prepared"));
  private static final int PREPARE_SECONDS = Integer.getInteger("bench.clickday.prepareSeconds", 300);
  private static final String PIAZZOLA = "028063";
  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final long AMOUNT_CENTS = 15_000;
  private static final int PDF_SIZES = 16;
  private static final int EXAMPLES = 3;

  @Override
  public String name() {
    return "clickday";
  }

  @Override
  public String description() {
    return "click day: a buoni spesa bando of Piazzola sul Brenta opens and " + APPLICATIONS + " residents apply in "
        + SECONDS + " s " + (PREPARED ? "(each uploaded a 150–400 KB PDF in the " + PREPARE_SECONDS + " s of preparation before the"
        + " opening; in the minute they submit)" : "(upload a 150–400 KB PDF, then submit, both in the minute)")
        + ", open loop, while " + BROWSERS + " clients browse the catalog";
  }

  /** What one applicant's client saw. */
  private static final class Attempt {
    final int n;
    /** When it is due: its upload in the preparation, then its submission in the minute (set again). */
    volatile long dueNanos;
    final int pdfBytes;
    volatile long uploadNanos = -1;
    volatile long submitNanos = -1;
    volatile long doneNanos = -1;
    volatile long protocol = -1;
    volatile Instant receivedAt;
    volatile String refusal;
    /** The upload's id once stored (its 201). */
    volatile String documentId;
    /** The keys of its two requests: a retry sends the same ones, as the page does. */
    final String uploadKey = UUID.randomUUID().toString();
    final String submitKey = UUID.randomUUID().toString();
    volatile boolean retried;

    Attempt(int n, long dueNanos, int pdfBytes) {
      this.n = n;
      this.dueNanos = dueNanos;
      this.pdfBytes = pdfBytes;
    }
  }

  @Override
  public List<String> run() throws Exception {
    JsonObject overrides = new JsonObject().put("auth", new JsonObject().put("accessTokenSeconds", 4 * 3600));
    if (Integer.getInteger("bench.pool") != null) {
      overrides.put("database", new JsonObject().put("poolSize", Integer.getInteger("bench.pool")));
    }
    try (BenchApp bench = BenchApp.start(overrides)) {
      List<String> lines = new ArrayList<>();
      lines.add(bench.describe() + "; pool " + bench.app.config().getJsonObject("database").getInteger("poolSize")
          + " connections; " + Runtime.getRuntime().availableProcessors() + " cores; load generator in the same JVM; "
          + CONNECTIONS + " client connections at most");
      long seedStart = System.nanoTime();
      Seeded seeded = seed(bench);
      List<String> tokens = citizens(bench);
      List<Buffer> pdfs = pdfs();
      lines.add(String.format("seeded %,d citizens of Piazzola (live sessions, codice fiscale, ISEE) and the catalog in %.1f s;"
          + " %d PDFs of %,d–%,d bytes", APPLICATIONS, (System.nanoTime() - seedStart) / 1e9, pdfs.size(),
          pdfs.get(0).length(), pdfs.get(pdfs.size() - 1).length()));
      Vertx load = BenchApp.loadGenerator();
      try {
        WebClient client = WebClient.create(load, new WebClientOptions().setDefaultHost("127.0.0.1")
            .setDefaultPort(bench.app.port()).setKeepAlive(true).setIdleTimeout(0),
            new PoolOptions().setHttp1MaxSize(CONNECTIONS).setMaxWaitQueueSize(-1));
        WebClient browsing = WebClient.create(load, new WebClientOptions().setDefaultHost("127.0.0.1")
            .setDefaultPort(bench.app.port()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(BROWSERS));
        // Prepared: the opening is the first whole minute that leaves the preparation (and the
        // baseline) time before it; the API takes minutes. Otherwise it opens now.
        LocalDateTime opensAt = LocalDateTime.now(ROME).truncatedTo(ChronoUnit.MINUTES)
            .plusMinutes(PREPARED ? (BASELINE_SECONDS + PREPARE_SECONDS + 20) / 60 + 2 : 0);
        String bando = openBando(client, seeded.officerToken(), opensAt);
        lines.add("bando published: " + bando + " (first come, budget fits " + ADMIT + " applications of "
            + AMOUNT_CENTS / 100 + " €), opening at " + opensAt.toLocalTime() + " Europe/Rome");
        // The catalog before the click day, then during it.
        Browsers baseline = new Browsers(browsing, seeded.service());
        await(baseline.run(System.nanoTime() + BASELINE_SECONDS * 1_000_000_000L));
        List<Attempt> attempts = new ArrayList<>(APPLICATIONS);
        if (PREPARED) {
          lines.add(prepare(load, client, bando, tokens, pdfs, attempts));
        }
        long opening = opensAt.atZone(ROME).toInstant().toEpochMilli();
        long t0 = System.nanoTime() + Math.max(200, opening - System.currentTimeMillis()) * 1_000_000L;
        if (PREPARED) {
          attempts.forEach(a -> a.dueNanos = t0 + (long) a.n * SECONDS * 1_000_000_000L / APPLICATIONS);
        } else {
          for (int i = 0; i < APPLICATIONS; i++) {
            attempts.add(new Attempt(i, t0 + (long) i * SECONDS * 1_000_000_000L / APPLICATIONS, pdfs.get(i % pdfs.size()).length()));
          }
        }
        while (System.nanoTime() < t0 - 2_000_000_000L) {
          Thread.sleep(500);
        }
        Browsers during = new Browsers(browsing, seeded.service());
        LoadSampler sampler = new LoadSampler();
        Thread sampling = new Thread(sampler, "loadavg-sampler");
        sampling.setDaemon(true);
        sampling.start();
        AtomicBoolean clickDayOver = new AtomicBoolean();
        Future<Void> browsed = during.runWhile(clickDayOver);
        Future<Void> applied = openLoop(load, attempts, a -> a.dueNanos, a -> {
          Future<Void> done = PREPARED ? (a.documentId != null ? submit(client, bando, tokens.get(a.n), a) : Future.succeededFuture())
              : apply(client, bando, tokens.get(a.n), pdfs.get(a.n % pdfs.size()), a);
          return done.onComplete(r -> a.doneNanos = System.nanoTime());
        });
        await(applied);
        long allDone = System.nanoTime();
        clickDayOver.set(true);
        await(browsed);
        sampler.stop();
        report(lines, attempts, t0, allDone, baseline, during, sampler);
        lines.add(retry(bench, client, bando, tokens, pdfs, attempts));
        check(bench, lines, bando, attempts);
        admit(bench, client, lines, bando, seeded.officerToken(), attempts);
        return lines;
      } finally {
        await(load.close());
      }
    }
  }

  // ---- the click day ------------------------------------------------------------------------

  /** Every attempt's {@code step} started when due (a 2 ms timer launches the ones due), completed when all have answered. */
  private static Future<Void> openLoop(Vertx load, List<Attempt> attempts, java.util.function.ToLongFunction<Attempt> dueNanos,
                                       java.util.function.Function<Attempt, Future<Void>> step) {
    Promise<Void> all = Promise.promise();
    AtomicLong launched = new AtomicLong();
    AtomicLong finished = new AtomicLong();
    load.setPeriodic(1, 2, timer -> {
      long now = System.nanoTime();
      while (launched.get() < attempts.size() && dueNanos.applyAsLong(attempts.get((int) launched.get())) <= now) {
        Attempt a = attempts.get((int) launched.getAndIncrement());
        step.apply(a).onComplete(r -> {
          if (finished.incrementAndGet() == attempts.size()) {
            all.complete();
          }
        });
      }
      if (launched.get() == attempts.size()) {
        load.cancelTimer(timer);
      }
    });
    return all.future();
  }

  /**
   * The preparation before the opening: applicant i uploads at i × PREPARE_SECONDS / APPLICATIONS
   * from now (open loop). Its figures; the attempts are filled in.
   */
  private static String prepare(Vertx load, WebClient client, String bando, List<String> tokens, List<Buffer> pdfs,
                                List<Attempt> attempts) throws Exception {
    long start = System.nanoTime() + 200_000_000L;
    for (int i = 0; i < APPLICATIONS; i++) {
      attempts.add(new Attempt(i, start + (long) i * PREPARE_SECONDS * 1_000_000_000L / APPLICATIONS, pdfs.get(i % pdfs.size()).length()));
    }
    await(openLoop(load, attempts, a -> a.dueNanos, a -> upload(client, bando, tokens.get(a.n), pdfs.get(a.n % pdfs.size()), a)
        .onComplete(r -> a.doneNanos = System.nanoTime()).mapEmpty()));
    long took = attempts.stream().mapToLong(a -> a.doneNanos).max().orElse(start) - start;
    Map<String, Long> refusals = new TreeMap<>();
    attempts.stream().filter(a -> a.documentId == null).forEach(a -> refusals.merge(String.valueOf(a.refusal), 1L, Long::sum));
    return String.format("preparation before the opening: %,d uploads offered over %d s (%.0f/s), all answered in %.1f s;"
            + " %,d stored, %,d refused: %s; upload latency %s", attempts.size(), PREPARE_SECONDS,
        attempts.size() / (double) PREPARE_SECONDS, took / 1e9, attempts.size() - refusals.values().stream().mapToLong(Long::longValue).sum(),
        refusals.values().stream().mapToLong(Long::longValue).sum(), refusals.isEmpty() ? "none" : refusals,
        stats(attempts.stream().filter(a -> a.documentId != null).toList(), a -> a.uploadNanos).summary());
  }

  private static Future<Void> apply(WebClient client, String bando, String token, Buffer pdf, Attempt a) {
    return upload(client, bando, token, pdf, a).compose(stored -> stored ? submit(client, bando, token, a) : Future.succeededFuture());
  }

  /** The document's upload; true when it is stored (its id kept on the attempt). */
  private static Future<Boolean> upload(WebClient client, String bando, String token, Buffer pdf, Attempt a) {
    long start = System.nanoTime();
    return keyed(client.post("/api/v1/bandi/" + bando + "/uploads").addQueryParam("kind", "isee")
        .addQueryParam("filename", "attestazione-isee-" + a.n + ".pdf"), token, a.uploadKey).putHeader("Content-Type", "application/pdf")
        .sendBuffer(pdf).map(uploaded -> {
          a.uploadNanos = System.nanoTime() - start;
          if (uploaded.statusCode() != 201) {
            a.refusal = "upload " + refusal(uploaded);
            return false;
          }
          a.documentId = uploaded.bodyAsJsonObject().getString("id");
          return true;
        }).recover(e -> {
          a.refusal = "upload no answer (" + e.getClass().getSimpleName() + ")";
          return Future.succeededFuture(false);
        });
  }

  /** The submission of the application with its uploaded document. */
  private static Future<Void> submit(WebClient client, String bando, String token, Attempt a) {
    JsonObject body = new JsonObject().put("members", new JsonArray()).put("answers", new JsonObject())
        .put("documentIds", new JsonArray().add(a.documentId));
    long submitStart = System.nanoTime();
    return keyed(client.post("/api/v1/bandi/" + bando + "/applications"), token, a.submitKey).sendJsonObject(body).map(receipt -> {
      a.submitNanos = System.nanoTime() - submitStart;
      if (receipt.statusCode() == 201) {
        JsonObject r = receipt.bodyAsJsonObject();
        a.protocol = r.getLong("protocol");
        a.receivedAt = Instant.parse(r.getString("receivedAtUtc"));
      } else {
        a.refusal = "submit " + refusal(receipt);
      }
      return (Void) null;
    }).recover(e -> {
      a.refusal = "submit no answer (" + e.getClass().getSimpleName() + ")";
      return Future.succeededFuture();
    });
  }

  private static HttpRequest<Buffer> idempotent(HttpRequest<Buffer> request, String token) {
    return keyed(request, token, UUID.randomUUID().toString());
  }

  private static HttpRequest<Buffer> keyed(HttpRequest<Buffer> request, String token, String key) {
    return request.bearerTokenAuthentication(token).putHeader("Idempotency-Key", key);
  }

  /**
   * What a person told "riprova" does, once, after the rush: the same upload and submission with
   * the same Idempotency-Keys (a stored application answers with its receipt). Only for answers
   * that ask for a retry (503), 64 at a time. Its figures.
   */
  private static String retry(BenchApp bench, WebClient client, String bando, List<String> tokens, List<Buffer> pdfs,
                              List<Attempt> attempts) throws Exception {
    Map<Long, Boolean> before = new HashMap<>();
    await(bench.app.pool().preparedQuery("SELECT protocol FROM bando_applications WHERE bando_id = $1")
        .execute(Tuple.of(UUID.fromString(bando)))).forEach(r -> before.put(r.getLong(0), true));
    List<Attempt> again = attempts.stream().filter(a -> a.protocol < 0 && a.refusal != null && a.refusal.contains(" 503 ")).toList();
    Map<String, Long> firstAnswers = new TreeMap<>();
    again.forEach(a -> firstAnswers.merge(a.refusal, 1L, Long::sum));
    for (int from = 0; from < again.size(); from += 64) {
      await(Future.all(again.subList(from, Math.min(again.size(), from + 64)).stream().map(a -> {
        a.retried = true;
        a.refusal = null;
        return apply(client, bando, tokens.get(a.n), pdfs.get(a.n % pdfs.size()), a);
      }).toList()));
    }
    long receipts = again.stream().filter(a -> a.protocol >= 0).count();
    long alreadyStored = again.stream().filter(a -> a.protocol >= 0 && before.containsKey(a.protocol)).count();
    Map<String, Long> still = new TreeMap<>();
    again.stream().filter(a -> a.protocol < 0).forEach(a -> still.merge(String.valueOf(a.refusal), 1L, Long::sum));
    return String.format("retried once after the rush with the same Idempotency-Keys: %,d answers that asked for a retry (%s);"
            + " %,d then got their receipt (%,d of them the application already stored during the rush, answered by its key),"
            + " %,d still without: %s", again.size(), firstAnswers, receipts, alreadyStored, again.size() - receipts,
        still.isEmpty() ? "none" : still);
  }

  /** The answer's status and problem type ({@code 409 bando-closed}), or its status and what came instead. */
  private static String refusal(HttpResponse<Buffer> answer) {
    String type = null;
    try {
      type = answer.bodyAsJsonObject().getString("type");
    } catch (RuntimeException notJson) {
      // not a problem document: said below
    }
    return answer.statusCode() + " " + (type != null ? type.substring(type.lastIndexOf('/') + 1) : "(no problem type)");
  }

  // ---- the catalog while it runs -------------------------------------------------------------

  /** A few people browsing the catalog back to back: a search, then a service's availability. */
  private static final class Browsers {
    final WebClient web;
    final String service;
    final ConcurrentLinkedQueue<Long> search = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> availability = new ConcurrentLinkedQueue<>();
    final AtomicLong failed = new AtomicLong();

    Browsers(WebClient web, String service) {
      this.web = web;
      this.service = service;
    }

    Future<Void> run(long until) {
      AtomicBoolean never = new AtomicBoolean();
      return loops(() -> System.nanoTime() >= until || never.get());
    }

    Future<Void> runWhile(AtomicBoolean over) {
      return loops(over::get);
    }

    private Future<Void> loops(java.util.function.BooleanSupplier stop) {
      List<Future<Void>> all = new ArrayList<>();
      for (int i = 0; i < BROWSERS; i++) {
        Promise<Void> done = Promise.promise();
        loop(i, stop, done);
        all.add(done.future());
      }
      return Future.all(all).mapEmpty();
    }

    private void loop(int i, java.util.function.BooleanSupplier stop, Promise<Void> done) {
      if (stop.getAsBoolean()) {
        done.complete();
        return;
      }
      LocalDate from = LocalDate.now(ROME).plusDays(2 + i % 5);
      String[] queries = {"q=visite", "area=health&municipality=" + BergamoFixtures.MUNICIPALITY, "q=benchmark&page=1"};
      long start = System.nanoTime();
      web.get("/api/v1/services?" + queries[i % queries.length]).send().compose(found -> {
        long searched = System.nanoTime();
        if (found.statusCode() != 200) {
          failed.incrementAndGet();
        } else {
          search.add(searched - start);
        }
        return web.get("/api/v1/services/" + service + "/availability?from=" + from + "&to=" + from.plusDays(6)).send()
            .map(slots -> {
              if (slots.statusCode() != 200) {
                failed.incrementAndGet();
              } else {
                availability.add(System.nanoTime() - searched);
              }
              return (Void) null;
            });
      }).onComplete(r -> {
        if (r.failed()) {
          failed.incrementAndGet();
        }
        loop(i, stop, done);
      });
    }
  }

  /** The machine's 1-minute load average every 5 s while the click day runs (the machine is shared). */
  private static final class LoadSampler implements Runnable {
    final List<Double> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    @Override
    public void run() {
      while (running) {
        samples.add(loadAverage());
        try {
          Thread.sleep(5_000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stop() {
      running = false;
      samples.add(loadAverage());
    }

    String describe() {
      return String.format("1-min load average sampled every 5 s: min %.2f, mean %.2f, max %.2f (%d samples: %s)",
          samples.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
          samples.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
          samples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), samples.size(),
          samples.stream().map(d -> String.format("%.1f", d)).reduce((x, y) -> x + " " + y).orElse(""));
    }
  }

  // ---- figures ------------------------------------------------------------------------------

  private static void report(List<String> lines, List<Attempt> attempts, long t0, long allDone, Browsers baseline,
                             Browsers during, LoadSampler sampler) {
    List<Attempt> receipts = attempts.stream().filter(a -> a.protocol >= 0).toList();
    Map<String, Long> refusals = new TreeMap<>();
    attempts.stream().filter(a -> a.protocol < 0).forEach(a -> refusals.merge(
        a.refusal == null ? "no receipt, no refusal" : a.refusal, 1L, Long::sum));
    lines.add(String.format("%,d applications offered in %d s (%.0f/s): %,d accepted with a receipt (protocol), %,d refused: %s",
        attempts.size(), SECONDS, attempts.size() / (double) SECONDS, receipts.size(), attempts.size() - receipts.size(),
        refusals.isEmpty() ? "none" : refusals.toString()));
    lines.add("submission (POST /bandi/:id/applications) latency: " + stats(receipts, a -> a.submitNanos).summary());
    if (!PREPARED) {
      lines.add("upload (POST /bandi/:id/uploads, 150–400 KB) latency: " + stats(receipts, a -> a.uploadNanos).summary());
    }
    lines.add((PREPARED ? "submission from when it was due (client waiting included): "
        : "whole application, from when it was due (upload + submit, client waiting included): ")
        + stats(receipts, a -> a.doneNanos - a.dueNanos).summary());
    int seconds = (int) Math.ceil((allDone - t0) / 1e9);
    long[] perSecond = new long[Math.max(1, seconds + 1)];
    receipts.forEach(a -> perSecond[(int) Math.max(0, Math.min(perSecond.length - 1, (a.doneNanos - t0) / 1_000_000_000L))]++);
    long[] sorted = perSecond.clone();
    java.util.Arrays.sort(sorted, 0, Math.min(sorted.length, Math.max(1, Math.min(seconds, SECONDS))));
    long inMinute = receipts.stream().filter(a -> a.doneNanos - t0 < SECONDS * 1_000_000_000L).count();
    StringBuilder series = new StringBuilder();
    for (long c : perSecond) {
      series.append(series.isEmpty() ? "" : " ").append(c);
    }
    lines.add(String.format("receipts per second (by when the client got it): %,d in the first %d s (%.0f/s); the last at %.1f s"
            + " after the opening; per second: [%s]", inMinute, SECONDS, inMinute / (double) SECONDS, (allDone - t0) / 1e9,
        series));
    lines.add("catalog while idle (baseline, " + BASELINE_SECONDS + " s): search " + stats(baseline.search).summary()
        + "; availability " + stats(baseline.availability).summary() + "; failed " + baseline.failed.get());
    lines.add("catalog during the click day: search " + stats(during.search).summary() + "; availability "
        + stats(during.availability).summary() + "; failed " + during.failed.get());
    lines.add(sampler.describe());
  }

  private static Stats stats(List<Attempt> attempts, java.util.function.ToLongFunction<Attempt> nanos) {
    return new Stats(attempts.stream().mapToLong(nanos).filter(v -> v >= 0).toArray());
  }

  private static Stats stats(ConcurrentLinkedQueue<Long> nanos) {
    return new Stats(nanos.stream().mapToLong(Long::longValue).toArray());
  }

  // ---- checks -------------------------------------------------------------------------------

  /** NONE LOST and FAIR ORDER, from the database and from the receipts. */
  private static void check(BenchApp bench, List<String> lines, String bando, List<Attempt> attempts) throws Exception {
    Map<Long, Integer> stored = new HashMap<>();
    Map<Long, Long> documents = new HashMap<>();
    await(bench.app.pool().preparedQuery("""
            SELECT a.protocol, count(d.id), coalesce(sum(d.size_bytes), 0)
              FROM bando_applications a LEFT JOIN bando_documents d ON d.application_id = a.id
             WHERE a.bando_id = $1 GROUP BY a.protocol""")
        .execute(Tuple.of(UUID.fromString(bando)))).forEach(r -> {
          stored.put(r.getLong(0), r.getInteger(2));
          documents.put(r.getLong(0), r.getLong(1));
        });
    long lost = 0;
    long wrongDocument = 0;
    List<String> examples = new ArrayList<>();
    for (Attempt a : attempts) {
      if (a.protocol < 0) {
        continue;
      }
      Integer size = stored.get(a.protocol);
      if (size == null) {
        lost++;
        if (examples.size() < EXAMPLES) {
          examples.add("protocol " + a.protocol + " not in the database");
        }
      } else if (documents.get(a.protocol) != 1 || size != a.pdfBytes) {
        wrongDocument++;
        if (examples.size() < EXAMPLES) {
          examples.add("protocol " + a.protocol + ": " + documents.get(a.protocol) + " documents, " + size + " bytes, uploaded "
              + a.pdfBytes);
        }
      }
    }
    long receipts = attempts.stream().filter(a -> a.protocol >= 0).count();
    long withoutReceipt = stored.size() - (receipts - lost);
    long noAnswer = attempts.stream().filter(a -> a.protocol < 0 && (a.refusal == null || a.refusal.contains("no answer"))).count();
    Row waiting = one(bench, "SELECT count(*), coalesce(sum(size_bytes), 0) FROM bando_documents WHERE bando_id = '" + bando
        + "' AND application_id IS NULL");
    lines.add(String.format("NONE LOST %s: %,d receipts, %,d of them not in the database, %,d without exactly their one document"
            + " of the uploaded size%s; %,d applications in the database, %,d of them without a receipt at the client; %,d"
            + " clients without a receipt and without a problem type; %,d uploaded documents left waiting (never submitted, %,d bytes)",
        lost == 0 && wrongDocument == 0 && withoutReceipt == 0 && noAnswer == 0 ? "PASS" : "FAIL", receipts, lost, wrongDocument,
        examples.isEmpty() ? "" : " (e.g. " + String.join("; ", examples) + ")", stored.size(), withoutReceipt, noAnswer,
        waiting.getLong(0), waiting.getLong(1)));
    Row order = one(bench, """
        SELECT count(*) FILTER (WHERE received_at < previous), count(*) FILTER (WHERE received_at = previous),
               min(protocol), max(protocol), count(*)
          FROM (SELECT protocol, received_at, lag(received_at) OVER (ORDER BY protocol) AS previous
                  FROM bando_applications WHERE bando_id = '%s') x""".formatted(bando));
    List<Attempt> byProtocol = attempts.stream().filter(a -> a.protocol >= 0)
        .sorted(java.util.Comparator.comparingLong(a -> a.protocol)).toList();
    long clientInversions = 0;
    for (int i = 1; i < byProtocol.size(); i++) {
      if (byProtocol.get(i).receivedAt.isBefore(byProtocol.get(i - 1).receivedAt)) {
        clientInversions++;
      }
    }
    lines.add(String.format("FAIR ORDER %s: in the database, received_at taken in protocol order has %,d inversions (%,d ties)"
            + " over protocols %d–%d (%,d applications, gaps: %,d); in the receipts the clients got, %,d inversions",
        order.getLong(0) == 0 && clientInversions == 0 ? "PASS" : "FAIL", order.getLong(0), order.getLong(1),
        order.getLong(2), order.getLong(3), order.getLong(4),
        order.getLong(4) == 0 ? 0 : order.getLong(3) - order.getLong(2) + 1 - order.getLong(4), clientInversions));
  }

  /** The review's admission in ranking order on a budget that fits {@link #ADMIT}, and the budget's and wallets' checks. */
  private static void admit(BenchApp bench, WebClient client, List<String> lines, String bando, String officer,
                            List<Attempt> attempts) throws Exception {
    long start = System.nanoTime();
    HttpResponse<Buffer> answer = await(idempotent(client.post("/api/v1/comune/bandi/" + bando + "/admit-in-ranking"), officer)
        .timeout(30 * 60_000L).sendJsonObject(new JsonObject()));
    double seconds = (System.nanoTime() - start) / 1e9;
    lines.add(String.format("admit in ranking order (POST /comune/bandi/:id/admit-in-ranking): %d in %.1f s: %s", answer.statusCode(),
        seconds, answer.bodyAsString()));
    if (answer.statusCode() != 200) {
      // The batch may go on after the request's timeout answered: wait until the admissions stop moving.
      long last = -1;
      int still = 0;
      long waitStart = System.nanoTime();
      while (still < 3 && System.nanoTime() - waitStart < 15 * 60_000_000_000L) {
        Thread.sleep(2_000);
        long granted = one(bench, "SELECT granted_cents FROM bandi WHERE id = '" + bando + "'").getLong(0);
        still = granted == last ? still + 1 : 0;
        last = granted;
      }
      lines.add(String.format("  after the %d the batch went on: admissions stopped moving %.1f s after the request (granted %,d cents)",
          answer.statusCode(), (System.nanoTime() - start) / 1e9, last));
    }
    Row row = one(bench, """
        WITH apps AS (SELECT * FROM bando_applications WHERE bando_id = '%1$s'),
             granted AS (SELECT * FROM apps WHERE status IN ('admitted', 'paid')),
             w AS (SELECT w.*, (SELECT coalesce(sum(l.amount_cents), 0) FROM voucher_ledger l WHERE l.wallet_id = w.id) AS ledger
                     FROM voucher_wallets w WHERE w.bando_id = '%1$s')
        SELECT b.budget_cents, b.granted_cents,
               (SELECT coalesce(sum(amount_cents), 0) FROM granted),
               (SELECT count(*) FROM granted),
               (SELECT count(*) FROM granted WHERE protocol > (SELECT coalesce(min(protocol), 9223372036854775807) FROM apps
                                                               WHERE status = 'submitted')),
               (SELECT count(*) FROM apps WHERE status = 'submitted'),
               (SELECT count(*) FROM w), (SELECT count(*) FROM w WHERE balance_cents <> ledger OR granted_cents <> ledger),
               (SELECT count(*) FROM granted g WHERE NOT EXISTS (SELECT 1 FROM w WHERE w.application_id = g.id)),
               (SELECT count(*) FROM apps)
          FROM bandi b WHERE b.id = '%1$s'""".formatted(bando));
    long budget = row.getLong(0);
    long granted = row.getLong(1);
    long admitted = row.getLong(3);
    long expected = Math.min(ADMIT, row.getLong(9));
    boolean ok = granted <= budget && granted == row.getLong(2) && row.getLong(4) == 0 && admitted == expected;
    lines.add(String.format("BUDGET and FIRST COME %s: budget %,d cents, granted %,d cents (<= budget: %s), sum of admitted"
            + " amounts %,d cents; %,d admitted (expected %,d of %,d applications, the first by protocol), %,d admitted after a"
            + " protocol left waiting, %,d left submitted", ok ? "PASS" : "FAIL", budget, granted, granted <= budget,
        row.getLong(2), admitted, expected, row.getLong(9), row.getLong(4), row.getLong(5)));
    // On main the review is mounted without VoucherGrants (BandiModule passes Optional.empty()): then no wallet opens.
    lines.add(String.format("WALLETS %s: %,d voucher wallets for %,d admitted, %,d with balance or grant not equal to their"
            + " ledger, %,d admitted without a wallet", admitted == 0 ? "NOT CHECKED (nothing admitted)"
            : row.getLong(6) == admitted && row.getLong(7) == 0 && row.getLong(8) == 0 ? "PASS" : row.getLong(6) == 0 ? "NONE (admission did not open wallets: VoucherGrants not plugged into the review)"
            : "FAIL", row.getLong(6), admitted, row.getLong(7), row.getLong(8)));
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

  private record Seeded(String officerToken, String service) { }

  /**
   * Piazzola sul Brenta with its Comune and the Comune's officer (a live session and a token), and
   * for the browsing clients a Bergamo cooperative's service with a month of hourly slots.
   */
  private static Seeded seed(BenchApp bench) throws Exception {
    await(bench.app.pool().query("INSERT INTO municipalities (istat_code, name, province)"
        + " VALUES ('028063', 'Piazzola sul Brenta', 'PD') ON CONFLICT DO NOTHING").execute());
    UUID comune = await(bench.app.pool().query("""
        INSERT INTO providers (name, vat_number, municipality, kind, address)
        VALUES ('Comune di Piazzola sul Brenta', '80009770282', '028063', 'municipality', 'Viale Silvestro Camerini 3')
        RETURNING id""").execute()).iterator().next().getUUID(0);
    String officer = "00000000-0000-4000-2200-000000000001";
    String session = "00000000-0001-4000-2200-000000000001";
    await(bench.app.pool().preparedQuery("""
            INSERT INTO accounts (id, username, display_name, password_hash, roles, provider_id)
            VALUES ($1::uuid, 'funzionario.clickday', 'Funzionario click day', 'nessuna', ARRAY['municipal_officer'], $2)""")
        .execute(Tuple.of(officer, comune)));
    await(bench.app.pool().preparedQuery("INSERT INTO auth_sessions (id, account_id, expires_at) VALUES ($1::uuid, $2::uuid,"
        + " now() + interval '1 day')").execute(Tuple.of(session, officer)));
    String token = bench.app.module(AuthModule.class).tokens().issue(new Identity(officer, EnumSet.of(Role.MUNICIPAL_OFFICER),
        session, "Funzionario click day", comune.toString(), null, null));
    UUID cooperative = BergamoFixtures.cooperative(bench, "Cooperativa Catalogo", "77777777777", null, 0);
    List<String> slots = BergamoFixtures.service(bench, cooperative, "Visite benchmark",
        "Servizio del catalogo consultato durante il click day.", 2_000, 24 * 30, "4");
    String service = await(bench.app.pool().preparedQuery("SELECT service_id FROM slots WHERE id = $1::uuid")
        .execute(Tuple.of(slots.get(0)))).iterator().next().getUUID(0).toString();
    return new Seeded(token, service);
  }

  /** The applicants: residents of Piazzola, each with a codice fiscale of their own and an ISEE under 15,000 €. */
  private static List<String> citizens(BenchApp bench) throws Exception {
    BergamoFixtures.Citizens people = new BergamoFixtures.Citizens("2222", "Richiedente", PIAZZOLA);
    List<String> tokens = people.signIn(bench, APPLICATIONS, APPLICATIONS);
    List<Tuple> codes = new ArrayList<>(APPLICATIONS);
    for (int n = 1; n <= APPLICATIONS; n++) {
      codes.add(Tuple.of(people.id(n), codiceFiscale(n)));
    }
    await(bench.app.pool().preparedQuery("UPDATE accounts SET codice_fiscale = $2, codice_fiscale_source = 'declared'"
        + " WHERE id = $1::uuid").executeBatch(codes));
    await(bench.app.pool().query("""
        INSERT INTO isee_declarations (account_id, value_cents, expires_on)
        SELECT %s::uuid, 300000 + (g * 97) %% 1100000, current_date + 200 FROM generate_series(1, %d) g"""
        .formatted(people.idSql("g"), APPLICATIONS)).execute());
    return tokens;
  }

  /** A valid codice fiscale of its own for applicant n: six letters from n, born on 1 January 1980. */
  static String codiceFiscale(int n) {
    StringBuilder letters = new StringBuilder();
    int v = n;
    for (int i = 0; i < 6; i++) {
      letters.append((char) ('A' + v % 26));
      v /= 26;
    }
    String first15 = letters + "80A01G587";
    return first15 + CodiceFiscale.checkCharacter(first15);
  }

  /** The bando, written and published by the officer through the API, open from this minute for a week. */
  private static String openBando(WebClient client, String officer, LocalDateTime now) throws Exception {
    JsonObject definition = new JsonObject()
        .put("title", "Buoni spesa per famiglie in difficoltà — click day")
        .put("summary", "Buoni spesa di 150 € per i nuclei residenti con ISEE sotto i 15.000 €, in ordine di arrivo.")
        .put("body", "Il Comune di Piazzola sul Brenta assegna buoni spesa in ordine di arrivo fino a esaurimento dei fondi.")
        .put("kind", "buoni_spesa")
        .put("rules", new JsonArray().add(new JsonObject().put("type", "residency"))
            .add(new JsonObject().put("type", "isee_max").put("maxCents", 1_500_000)))
        .put("amount", new JsonObject().put("baseCents", AMOUNT_CENTS).put("perChildCents", 5_000))
        .put("budgetCents", AMOUNT_CENTS * ADMIT)
        .put("opensAt", now.toString().substring(0, 16)).put("closesAt", now.plusDays(7).toString().substring(0, 16))
        .put("ranking", "first_come")
        .put("documents", new JsonArray().add(new JsonObject().put("kind", "isee").put("label", "Attestazione ISEE")
            .put("required", true)))
        .put("voucherValidUntil", LocalDate.now(ROME).plusMonths(3).toString());
    HttpResponse<Buffer> created = await(idempotent(client.post("/api/v1/comune/bandi"), officer).sendJsonObject(definition));
    if (created.statusCode() != 201) {
      throw new IllegalStateException("the bando was not created: " + created.statusCode() + " " + created.bodyAsString());
    }
    String id = created.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> published = await(idempotent(client.post("/api/v1/comune/bandi/" + id + "/publish"), officer)
        .sendJsonObject(new JsonObject()));
    if (published.statusCode() != 200) {
      throw new IllegalStateException("the bando was not published: " + published.statusCode() + " " + published.bodyAsString());
    }
    return id;
  }

  /**
   * {@link #PDF_SIZES} valid one-page PDFs from 150 to 400 KB: a scanned page (an uncompressed
   * grey image of noise, so it does not shrink in the database) placed on an A4 page, with its
   * cross-reference table, as a scanner would make them.
   */
  static List<Buffer> pdfs() {
    Random random = new Random(22);
    List<Buffer> all = new ArrayList<>();
    for (int k = 0; k < PDF_SIZES; k++) {
      int target = 150 * 1024 + k * (250 * 1024) / (PDF_SIZES - 1);
      int width = 600;
      int height = (target - 1200) / width;
      byte[] pixels = new byte[width * height];
      random.nextBytes(pixels);
      String content = "q 595 0 0 842 0 0 cm /Scan Do Q\n";
      List<byte[]> objects = List.of(
          "<< /Type /Catalog /Pages 2 0 R >>".getBytes(StandardCharsets.US_ASCII),
          "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".getBytes(StandardCharsets.US_ASCII),
          "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Scan 4 0 R >> >> /Contents 5 0 R >>"
              .getBytes(StandardCharsets.US_ASCII),
          stream("<< /Type /XObject /Subtype /Image /Width " + width + " /Height " + height
              + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Length " + pixels.length + " >>", pixels),
          stream("<< /Length " + content.length() + " >>", content.getBytes(StandardCharsets.US_ASCII)));
      Buffer pdf = Buffer.buffer().appendString("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n", "ISO-8859-1");
      List<Integer> offsets = new ArrayList<>();
      for (int i = 0; i < objects.size(); i++) {
        offsets.add(pdf.length());
        pdf.appendString((i + 1) + " 0 obj\n").appendBytes(objects.get(i)).appendString("\nendobj\n");
      }
      int xref = pdf.length();
      pdf.appendString("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
      offsets.forEach(o -> pdf.appendString(String.format("%010d 00000 n \n", o)));
      pdf.appendString("trailer\n<< /Size " + (objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
      all.add(pdf);
    }
    return all;
  }

  private static byte[] stream(String dictionary, byte[] data) {
    Buffer b = Buffer.buffer().appendString(dictionary + "\nstream\n").appendBytes(data).appendString("\nendstream");
    return b.getBytes();
  }
}
