package coop.sportello.bench;

import coop.sportello.demo.DemoData;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.sqlclient.Row;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static coop.sportello.bench.BenchApp.await;

/**
 * Issue 23's reports on a network's year: the demo's networks plus made-up ones up to
 * {@link #PROVIDERS} cooperatives, {@link #MUNICIPALITIES} municipalities and {@link #COMPANIES}
 * companies, and {@link #BOOKINGS} bookings of {@link #PEOPLE} people over the past year, delivered
 * and paid (demo/22-history.sql at this size, the generator the demo itself uses).
 *
 * <p>Reports on screen: {@link #REQUESTS} requests of {@code GET /api/v1/reports/{scope}/{id}},
 * one after the other as people open the page, each a random scope (the network, a cooperative, a
 * project, a municipality, a company, an area) over a random period (a month, a quarter, the whole
 * year), by the supervisor; then the same with {@link #CONCURRENT} at once. p50/p95/p99 of each.
 *
 * <p>The full-year export: {@code GET /api/v1/reports/network/all/export.xlsx} for the whole
 * year, written to a file as it arrives, timed, its rows counted from the sheet, and the heap of
 * this JVM (which runs the application) sampled every 20 ms throughout: the peak used and the
 * maximum allowed. Run it with {@code MAVEN_OPTS=-Xmx256m} to hold the application to 256 MB.
 *
 * <p>Options: {@code -Dbench.reports.bookings=1000000}, {@code .people=60000},
 * {@code .requests=40}, {@code .concurrent=4}; {@code -Dbench.reports.seedOnly=true} stops after the seeding (to time the generator).
 */
final class ReportingScenario implements Scenario {

  private static final int BOOKINGS = Integer.getInteger("bench.reports.bookings", 1_000_000);
  private static final int PEOPLE = Integer.getInteger("bench.reports.people", 60_000);
  private static final int PROVIDERS = 200;
  private static final int MUNICIPALITIES = 100;
  private static final int COMPANIES = 50;
  private static final int REQUESTS = Integer.getInteger("bench.reports.requests", 40);
  private static final int CONCURRENT = Integer.getInteger("bench.reports.concurrent", 4);
  private static final ZoneId ROME = ZoneId.of("Europe/Rome");

  @Override
  public String name() {
    return "reports";
  }

  @Override
  public String description() {
    return "reports on a network's year (" + BOOKINGS + " bookings, " + PROVIDERS + " cooperatives, " + MUNICIPALITIES
        + " municipalities, " + COMPANIES + " companies): on screen one at a time and " + CONCURRENT
        + " at once, and the full-year XLSX export streamed";
  }

  @Override
  public List<String> run() throws Exception {
    try (BenchApp bench = BenchApp.start(new JsonObject().put("auth", new JsonObject().put("accessTokenSeconds", 4 * 3600)))) {
      List<String> lines = new ArrayList<>();
      long seedStarted = System.nanoTime();
      await(DemoData.seedIfEmpty(bench.vertx, bench.app.pool(),
          new DemoData.HistorySize(BOOKINGS, PEOPLE, PROVIDERS, MUNICIPALITIES, COMPANIES)));
      // The receipts of a made-up year are not what is measured: the relay would issue a million
      // of them in the background while the reports are timed.
      await(bench.app.pool().query("DELETE FROM receipts_due").execute());
      await(bench.app.pool().query("VACUUM ANALYZE").execute());
      Row sizes = await(bench.app.pool().query("""
          SELECT (SELECT count(*) FROM bookings), (SELECT count(*) FROM providers WHERE kind = 'cooperative'),
                 (SELECT count(*) FROM municipalities), (SELECT count(*) FROM companies),
                 (SELECT count(*) FROM delivery_records), (SELECT count(*) FROM payments)""").execute()).iterator().next();
      lines.add(bench.describe() + "; " + Runtime.getRuntime().availableProcessors() + " cores; seeded in "
          + (System.nanoTime() - seedStarted) / 1_000_000_000 + " s: " + sizes.getLong(0) + " bookings, " + sizes.getLong(1)
          + " cooperatives, " + sizes.getLong(2) + " municipalities, " + sizes.getLong(3) + " companies, "
          + sizes.getLong(4) + " delivery records, " + sizes.getLong(5) + " payments");
      System.out.println("- " + lines.get(0));
      if (Boolean.getBoolean("bench.reports.seedOnly")) {
        return lines;
      }

      List<String> targets = targets(bench);
      Vertx load = BenchApp.loadGenerator();
      try {
        WebClient client = WebClient.create(load, new WebClientOptions().setDefaultHost("127.0.0.1")
            .setDefaultPort(bench.app.port()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(CONCURRENT));
        String token = await(client.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
            .put("username", "supervisore").put("password", "sportello-demo"))).bodyAsJsonObject().getString("accessToken");
        Random random = new Random(23);
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
          String target = targets.get(random.nextInt(targets.size()));
          requests.add(new Request(target, period(random)));
        }
        // Warm-up: a few scopes once each (a report given up at the request limit is fine here).
        for (String target : targets.subList(1, Math.min(targets.size(), 6))) {
          await(client.get(target + period(random).query()).bearerTokenAuthentication(token).send());
        }
        lines.add(onScreen(client, token, requests, 1));
        lines.add(onScreen(client, token, requests, CONCURRENT));
        lines.add(heaviest(client, token));
        lines.add(export(load, client, token));
        return lines;
      } finally {
        await(load.close());
      }
    }
  }

  /** Report paths of every scope, the ids taken from the seeded year. */
  private static List<String> targets(BenchApp bench) throws Exception {
    List<String> targets = new ArrayList<>();
    targets.add("/api/v1/reports/network/all");
    await(bench.app.pool().query("""
        (SELECT 'providers/' || id FROM providers WHERE kind = 'cooperative' ORDER BY id LIMIT 40)
        UNION ALL (SELECT 'municipalities/' || istat_code FROM municipalities ORDER BY istat_code LIMIT 40)
        UNION ALL (SELECT 'companies/' || id FROM companies ORDER BY id LIMIT 20)
        UNION ALL (SELECT 'areas/' || code FROM service_areas)
        UNION ALL (SELECT 'projects/' || id FROM projects ORDER BY id LIMIT 10)""").execute())
        .forEach(r -> targets.add("/api/v1/reports/" + r.getString(0)));
    Collections.shuffle(targets.subList(1, targets.size()), new Random(7));
    return targets;
  }

  /** A report's period: its kind (month, quarter, year) and its query string. */
  private record Period(String kind, String query) { }

  /** A report to ask: its path without the period, and the period. */
  private record Request(String target, Period period) {
    String path() {
      return target + period.query();
    }
  }

  /** A month, a quarter or the whole past year, ending yesterday or at a month's end. */
  private static Period period(Random random) {
    LocalDate today = LocalDate.now(ROME);
    return switch (random.nextInt(3)) {
      case 0 -> {
        LocalDate month = today.minusMonths(1 + random.nextInt(11)).withDayOfMonth(1);
        yield new Period("month", "?from=" + month + "&to=" + month.plusMonths(1).minusDays(1));
      }
      case 1 -> {
        LocalDate start = today.minusMonths(3 + random.nextInt(9)).withDayOfMonth(1);
        yield new Period("quarter", "?from=" + start + "&to=" + start.plusMonths(3).minusDays(1));
      }
      default -> lastYear();
    };
  }

  /** The 365 days up to yesterday. */
  private static Period lastYear() {
    LocalDate today = LocalDate.now(ROME);
    return new Period("year", "?from=" + today.minusDays(365) + "&to=" + today.minusDays(1));
  }

  /** One report asked: its scope, its period's kind (month, quarter, year), how long it took, and its HTTP status. */
  private record Asked(String scope, String period, long nanos, int status) { }

  /**
   * The requests by {@code atOnce} clients; a report the application gives up on (503 after its
   * request time limit) is counted, with its time, not thrown: it is a result.
   */
  private static String onScreen(WebClient client, String token, List<Request> requests, int atOnce) throws Exception {
    List<Asked> asked = Collections.synchronizedList(new ArrayList<>());
    AtomicLong next = new AtomicLong();
    long started = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
    for (int w = 0; w < atOnce; w++) {
      Thread worker = new Thread(() -> {
        for (long i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
          Request request = requests.get((int) i);
          String path = request.path();
          long t0 = System.nanoTime();
          try {
            int status = await(client.get(path).bearerTokenAuthentication(token).send()).statusCode();
            if (status != 200 && status != 503) {
              throw new IllegalStateException(path + " answered " + status);
            }
            asked.add(new Asked(path.split("/")[4], request.period().kind(), System.nanoTime() - t0, status));
          } catch (Exception e) {
            failures.add(e);
            return;
          }
        }
      });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    StringBuilder line = new StringBuilder(String.format("reports on screen, %d at once: %d reports in %.1f s; ", atOnce,
        asked.size(), seconds));
    line.append(figures("all", asked)).append(" (target p95 < 1000 ms: ")
        .append(percentile(asked, 0.95) < 1_000_000_000L && asked.stream().allMatch(a -> a.status() == 200) ? "PASS" : "FAIL")
        .append("); by scope:");
    asked.stream().map(Asked::scope).distinct().sorted().forEach(scope ->
        line.append(" ").append(figures(scope, asked.stream().filter(a -> a.scope().equals(scope)).toList())).append(";"));
    line.append(" by period:");
    for (String period : List.of("month", "quarter", "year")) {
      List<Asked> ofPeriod = asked.stream().filter(a -> a.period().equals(period)).toList();
      if (!ofPeriod.isEmpty()) {
        line.append(" ").append(figures(period, ofPeriod)).append(";");
      }
    }
    return line.toString();
  }

  /**
   * The reports that count the most rows, whatever the draw picked: the whole network's year and
   * the elderly area's year, five times each, one at a time.
   */
  private static String heaviest(WebClient client, String token) throws Exception {
    String year = lastYear().query();
    StringBuilder line = new StringBuilder("the heaviest reports, 5 times each, one at a time:");
    for (String target : List.of("/api/v1/reports/network/all", "/api/v1/reports/areas/elderly")) {
      List<Asked> asked = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        int status = await(client.get(target + year).bearerTokenAuthentication(token).send()).statusCode();
        asked.add(new Asked(target, "year", System.nanoTime() - t0, status));
      }
      line.append(" ").append(figures(target.substring("/api/v1/reports/".length()) + " year", asked)).append(";");
    }
    return line.toString();
  }

  private static String figures(String name, List<Asked> asked) {
    long unavailable = asked.stream().filter(a -> a.status() == 503).count();
    return String.format("%s %d: p50 %d ms, p95 %d ms, max %d ms%s", name, asked.size(), percentile(asked, 0.50) / 1_000_000,
        percentile(asked, 0.95) / 1_000_000, percentile(asked, 1.0) / 1_000_000,
        unavailable == 0 ? "" : ", " + unavailable + " answered 503 at the request time limit");
  }

  private static long percentile(List<Asked> asked, double quantile) {
    List<Long> sorted = asked.stream().map(Asked::nanos).sorted().toList();
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1)));
  }

  private static String export(Vertx load, WebClient client, String token) throws Exception {
    String path = "/api/v1/reports/network/all/export.xlsx" + lastYear().query();
    Path file = Files.createTempFile("report-year", ".xlsx");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();
    AtomicLong peak = new AtomicLong(heapBefore);
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.start();
    long started = System.nanoTime();
    AsyncFile out = await(load.fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true)));
    HttpResponse<Void> answer = await(client.get(path).bearerTokenAuthentication(token).as(BodyCodec.pipe(out)).send());
    double seconds = (System.nanoTime() - started) / 1e9;
    sampling.set(false);
    sampler.join();
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("export answered " + answer.statusCode() + ": " + Files.readString(file));
    }
    long bytes = Files.size(file);
    long rows = sheetRows(file);
    Files.delete(file);
    long maxHeap = memory.getHeapMemoryUsage().getMax();
    return String.format("full-year XLSX export: %d rows, %.1f MB in %.1f s (%.0f rows/s); heap of the JVM running the"
            + " application: peak %d MB used while exporting (before: %d MB), maximum allowed %s (target under 256 MB: %s)",
        rows, bytes / 1e6, seconds, rows / seconds, peak.get() >> 20, heapBefore >> 20,
        maxHeap < 0 ? "unlimited" : (maxHeap >> 20) + " MB", peak.get() < 256L << 20 ? "PASS" : "FAIL");
  }

  /** The data rows of the first sheet (less its header), read as a stream with fastexcel-reader. */
  private static long sheetRows(Path file) throws Exception {
    try (var reader = new org.dhatim.fastexcel.reader.ReadableWorkbook(file.toFile());
         var rows = reader.getFirstSheet().openStream()) {
      return Math.max(0, rows.count() - 1);
    }
  }
}
