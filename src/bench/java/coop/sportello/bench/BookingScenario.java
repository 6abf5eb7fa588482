package coop.sportello.bench;

import coop.sportello.booking.BookingRepository;
import coop.sportello.booking.domain.BookingCode;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static coop.sportello.bench.BenchApp.await;

/**
 * Bookings per second and latency of POST /bookings/holds with 200 concurrent clients, for one
 * hot slot and spread over 1,000 slots, beside pgbench running the same SQL statement on the same
 * database (best of several connection counts) as the physical limit.
 *
 * <p>Per case, three rounds of: the most bookings per second Sportello completes when the 200
 * clients send back to back (closed loop: there latency is only clients / throughput, Little's
 * law), then pgbench's best rate run its own way (one statement per round trip) and pipelining
 * statements as Sportello does. The medians give the ratios. Then, for each of the two limits, the
 * latency when the 200 clients together ask for 70% of it, each on its own schedule, timed from
 * when each request was due (so a slow answer also delays the next and is not hidden). The clients are
 * {@link HoldClientsMain}, a process of their own. With {@code -Dbench.nodes=2} the clients are
 * spread over two clustered nodes on the same database.
 *
 * <p>The holds are many people's, as on a real day: {@link #SIGNED_IN} signed-in citizens share
 * the 200 clients (each client goes round its own of them, so nobody has two holds in flight),
 * and pgbench draws each hold's person from all {@link #PEOPLE}. One person holding every place
 * is what the per-person limits refuse, so it is no load to measure.
 *
 * <p>All of it twice: with every process on every core ("shared"), and with PostgreSQL alone on
 * one core while Sportello, its clients and pgbench's client share the other ("split"), as when
 * the database has a host of its own. Shared, Sportello's own work (HTTP, JSON, the clients) is
 * taken from the CPU the database would otherwise have, which pgbench's light C client hardly
 * does; split, both are held to the same database capacity, the limit the comparison is about.
 */
final class BookingScenario implements Scenario {

  private static final int CLIENTS = 200;
  /** Citizens of Bergamo (which the benchmark's service serves) whose holds pgbench makes; -Dbench.booking.people= to change. */
  private static final int PEOPLE = Integer.getInteger("bench.booking.people", 500_000);
  /**
   * Of them, the first this many are signed in and hold through HTTP: each token's signature is
   * checked once and then remembered (TokenService keeps at most 100,000), so this stays below.
   */
  private static final int SIGNED_IN = Integer.getInteger("bench.booking.signedIn", 50_000);
  /** The benchmark's citizens: the same ids in Sportello's tokens and in pgbench's statements. */
  private static final BergamoFixtures.Citizens CITIZENS = new BergamoFixtures.Citizens("8000", "Persona");
  /** Sportello's pool, sized to this 2-core machine (16 measured slower: more backends than cores); -Dbench.pool= to change. */
  private static final int POOL = Integer.getInteger("bench.pool", 4);
  /** HTTP verticle instances (0: one per core, the default); -Dbench.httpInstances= to change. */
  private static final int HTTP_INSTANCES = Integer.getInteger("bench.httpInstances", 0);
  /** -Dbench.booking.case=hot or spread runs only that case. */
  private static final String ONLY = System.getProperty("bench.booking.case", "");
  /**
   * Where the processes run: "shared" (everything on every core) and "split" (PostgreSQL on one
   * core, the rest on the other); -Dbench.booking.cpus=shared or split runs only that one.
   */
  private static final List<String> TOPOLOGIES = List.of(System.getProperty("bench.booking.cpus", "shared,split").split(","));
  private static final String APPLICATION_CPU = "0";
  private static final String DATABASE_CPU = "1";
  private static final String ALL_CPUS = "0-" + (Runtime.getRuntime().availableProcessors() - 1);
  /**
   * pgbench's runs, {connections, statements per pipeline}: one statement per round trip (its
   * default) and also pipelined, as Sportello sends its holds; the best of them is the limit. 8 and
   * 16 connections were measured too, and were never the best on 2 cores.
   */
  private static final int[][] PGBENCH_RUNS = {{2, 1}, {4, 1}, {2, 10}, {4, 10}};
  /** Rounds of Sportello and pgbench, one after the other; -Dbench.booking.rounds= to change. */
  private static final int ROUNDS = Integer.getInteger("bench.booking.rounds", 3);
  private static final double PACED_SHARE = 0.7;
  /** -Dbench.booking.dump=prefix writes every latency with its start time to prefix-*.txt, to see when the slow ones happened. */
  private static final String DUMP = System.getProperty("bench.booking.dump");
  /**
   * -Dbench.booking.sweep=0.6,0.7,0.8 also paces the clients at these shares of Sportello's own
   * back-to-back rate: how the tail grows with the load.
   */
  private static final List<Double> SWEEP = Stream.of(System.getProperty("bench.booking.sweep", "").split(","))
      .filter(share -> !share.isBlank()).map(Double::valueOf).toList();
  /**
   * Before anything is measured: long enough for the JIT to finish (with 3 s, C2 was still
   * compiling through the first measurement, half a core taken from PostgreSQL);
   * -Dbench.booking.warmUpSeconds= to change (a short run that only shows the scenario works).
   */
  private static final long WARM_UP_MS = Integer.getInteger("bench.booking.warmUpSeconds", 25) * 1000L;
  /**
   * Each measurement first runs this long at its own load, not counted (the JIT, the pool and
   * PostgreSQL's caches settle); -Dbench.booking.runWarmUpSeconds= to change.
   */
  private static final long RUN_WARM_UP_MS = Integer.getInteger("bench.booking.runWarmUpSeconds", 5) * 1000L;
  /** Each measurement, Sportello's and pgbench's alike, in whole seconds (pgbench's -T); -Dbench.booking.seconds= to change. */
  private static final long MEASURE_MS = Math.max(1, Integer.getInteger("bench.booking.seconds", 10)) * 1000L;

  private record Run(double perSecond, Stats latency, long refused, long clientCollections) {
    @Override
    public String toString() {
      return String.format("%.0f bookings/s, %s, %d refused%s", perSecond, latency.summary(), refused,
          clientCollections == 0 ? "" : ", the clients stopped " + clientCollections + " times to collect garbage");
    }
  }

  @Override
  public String name() {
    return "booking";
  }

  @Override
  public String description() {
    return "holds through HTTP, " + CLIENTS + " concurrent clients, hot slot and 1,000 slots, beside pgbench (same SQL)";
  }

  @Override
  public List<String> run() throws Exception {
    try (BenchApp bench = BenchApp.start(new JsonObject()
        .put("booking", new JsonObject().put("holdSeconds", 36_000))
        // Both topologies take about 20 minutes: one sign-in has to last them.
        .put("auth", new JsonObject().put("accessTokenSeconds", 4 * 3600))
        .put("database", new JsonObject().put("poolSize", POOL))
        .put("http", new JsonObject().put("instances", HTTP_INSTANCES)))) {
      List<String> slots = seed(bench);
      List<Integer> ports = bench.nodes.stream().map(node -> node.app().port()).toList();
      Path tokens = signIn(bench);
      PgConnectOptions db = PgConnectOptions.fromUri(bench.app.config().getJsonObject("database").getString("url"));
      List<String> lines = new ArrayList<>();
      lines.add(bench.describe());
      drive(ports, tokens, slots, 0, WARM_UP_MS, 0);
      for (String topology : TOPOLOGIES) {
        boolean split = topology.equals("split");
        if (split && !CpuPinning.available()) {
          lines.add("database on a core of its own: not measured, taskset is missing");
          continue;
        }
        try {
          if (split) {
            // PostgreSQL alone on one core; this JVM, its event loops, the clients and pgbench
            // (started from here) on the other: as when the database has a host of its own.
            CpuPinning.pinPostgres(bench, DATABASE_CPU);
            CpuPinning.pin(ProcessHandle.current().pid(), APPLICATION_CPU);
          }
          for (boolean hot : new boolean[] {true, false}) {
            if (ONLY.isEmpty() || ONLY.equals(hot ? "hot" : "spread")) {
              measure(bench, ports, tokens, slots, db, hot, (split ? "database on its own core, " : "shared cores, ")
                  + (hot ? "hot slot" : "1,000 slots"), lines);
            }
          }
        } finally {
          if (split) {
            unpin(bench);
          }
        }
      }
      Files.deleteIfExists(tokens);
      return lines;
    }
  }

  /** Both back on every core; the JVM first, so that it never stays pinned if PostgreSQL's restore fails. */
  private static void unpin(BenchApp bench) throws Exception {
    CpuPinning.pin(ProcessHandle.current().pid(), ALL_CPUS);
    CpuPinning.pinPostgres(bench, ALL_CPUS);
  }

  /** One case: rounds of Sportello and pgbench back to back, then the paced runs. */
  private static void measure(BenchApp bench, List<Integer> ports, Path tokens, List<String> slots, PgConnectOptions db,
                              boolean hot, String name, List<String> lines) throws Exception {
    List<String> targets = hot ? List.of(slots.get(0)) : slots.subList(1, slots.size());
    // Rounds of Sportello and pgbench back to back, so both meet the same moods of this VM
    // (pgbench's own best moved by 25% between single runs); medians are compared.
    List<Double> sportello = new ArrayList<>();
    Map<Boolean, List<Double>> limits = Map.of(false, new ArrayList<>(), true, new ArrayList<>());
    for (int round = 1; round <= ROUNDS; round++) {
      settle(bench);
      Run closed = drive(ports, tokens, targets, RUN_WARM_UP_MS, MEASURE_MS, 0);
      sportello.add(closed.perSecond());
      lines.add(name + ", round " + round + ", HTTP back to back: " + closed);
      // Two limits: pgbench's own way (one statement per round trip), and pipelined as Sportello sends.
      for (boolean pipelined : new boolean[] {false, true}) {
        double best = 0;
        StringBuilder pg = new StringBuilder();
        for (int[] run : PGBENCH_RUNS) {
          if ((run[1] > 1) != pipelined) {
            continue;
          }
          settle(bench);
          PgbenchRun result = pgbench(db, hot, run[0], run[1]);
          if (result.failure() != null) {
            pg.append(run[0]).append(" connections: ").append(result.failure()).append("; ");
            continue;
          }
          best = Math.max(best, result.perSecond());
          pg.append(String.format("%d connections%s %.0f/s (avg %.1f ms); ", run[0],
              run[1] > 1 ? " by " + run[1] : "", result.perSecond(), result.latencyMs()));
        }
        if (best > 0) {
          limits.get(pipelined).add(best);
        }
        lines.add(name + ", round " + round + ", " + kind(pipelined) + ": " + pg + String.format("best %.0f/s", best));
      }
    }
    double http = median(sportello);
    lines.add(String.format("%s, HTTP back to back, median of %d rounds: %.0f bookings/s", name, ROUNDS, http));
    for (double share : SWEEP) {
      settle(bench);
      lines.add(String.format("%s, HTTP paced at %.0f%% of its own rate: %s", name, share * 100,
          drive(ports, tokens, targets, RUN_WARM_UP_MS, MEASURE_MS, share * http)));
    }
    for (boolean pipelined : new boolean[] {false, true}) {
      double limit = median(limits.get(pipelined));
      if (limit <= 0) {
        continue;
      }
      lines.add(String.format("%s, %s, median of the rounds' best: %.0f/s; ratio HTTP/%s: %.2f", name, kind(pipelined),
          limit, kind(pipelined), http / limit));
      settle(bench);
      Run paced = drive(ports, tokens, targets, RUN_WARM_UP_MS, MEASURE_MS, PACED_SHARE * limit);
      lines.add(String.format("%s, HTTP paced at %.0f/s (%.0f%% of %s): %s", name, PACED_SHARE * limit,
          PACED_SHARE * 100, kind(pipelined), paced));
    }
  }

  private static String kind(boolean pipelined) {
    return pipelined ? "pgbench pipelined" : "pgbench";
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n == 0 ? 0 : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /**
   * The service the holds are for: in person, serving Bergamo, 10 € a session, 1,001 hourly slots
   * of ten million places each (no case ever fills one), listed in {@code bench_slots} by number
   * for pgbench (0 is the hot slot). Its per-person limits are raised to the most a provider may
   * set (as for a group service): every hold still runs the limit checks, but a person of the
   * benchmark, who holds a few dozen places over a full run and never confirms, is not refused
   * (at the default three open holds a person, the signed-in citizens' holds would be refused
   * after the first 150,000, and pgbench's refused holds would count as transactions unseen).
   */
  private static List<String> seed(BenchApp bench) throws Exception {
    UUID cooperative = BergamoFixtures.cooperative(bench, "Cooperativa Carico", "55555555555", null, 0);
    BergamoFixtures.service(bench, cooperative, "Visite di prova", "Servizio per il benchmark delle prenotazioni.", 1000, 1001,
        "10000000");
    await(bench.app.pool().query("""
        UPDATE services SET max_places_per_person_slot = 1000, max_places_per_person_day = 1000,
                            max_open_holds_per_person = 1000
         WHERE title = 'Visite di prova';
        CREATE TABLE bench_slots AS SELECT row_number() OVER (ORDER BY starts_at) - 1 AS n, id FROM slots
          WHERE service_id = (SELECT id FROM services WHERE title = 'Visite di prova');
        ALTER TABLE bench_slots ADD PRIMARY KEY (n);""").execute());
    List<String> ids = new ArrayList<>();
    await(bench.app.pool().query("SELECT id FROM bench_slots ORDER BY n").execute()).forEach(r -> ids.add(r.getUUID(0).toString()));
    return ids;
  }

  /**
   * {@link #PEOPLE} citizens resident in Bergamo, and a live session and an access token for each
   * of the first {@link #SIGNED_IN}, checked once by every node (see {@link BergamoFixtures.Citizens#signIn}):
   * the tokens one a line of the file answered, for {@link HoldClientsMain}.
   */
  private static Path signIn(BenchApp bench) throws Exception {
    Path file = Files.createTempFile("sportello-bench-tokens", ".txt");
    Files.write(file, CITIZENS.signIn(bench, PEOPLE, SIGNED_IN));
    return file;
  }

  /**
   * Runs {@link #CLIENTS} clients for {@code durationMs} in {@link HoldClientsMain}, a process of
   * their own: back to back when {@code perSecond} is 0, otherwise each on a fixed schedule adding
   * up to {@code perSecond}, latency counted from when a request was due.
   */
  private static Run drive(List<Integer> ports, Path tokens, List<String> slots, long warmUpMs, long durationMs, double perSecond)
      throws Exception {
    Path slotFile = Files.createTempFile("sportello-bench-slots", ".txt");
    Files.write(slotFile, slots);
    String portList = ports.stream().map(String::valueOf).collect(Collectors.joining(","));
    Process clients = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        // A young generation that a whole run's garbage fits in: the clients never stop to
        // collect. Their first collection (copying the latency arrays) had stalled every client
        // at once for up to 0.4 s, a burst of slow holds that was the clients' own.
        "-XX:+UseSerialGC", "-Xms1g", "-Xmn768m", "-cp",
        Path.of(HoldClientsMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
        HoldClientsMain.class.getName(), "127.0.0.1", portList, tokens.toString(), slotFile.toString(),
        String.valueOf(CLIENTS), String.valueOf(warmUpMs), String.valueOf(durationMs), String.valueOf(perSecond))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader answers = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.US_ASCII))) {
      String[] counts = answers.readLine().split(" ");
      List<String> lines = answers.lines().toList();
      if (DUMP != null) {
        Files.write(Path.of(DUMP + "-" + System.currentTimeMillis() + ".txt"), lines);
      }
      long[] nanos = lines.stream().mapToLong(line -> Long.parseLong(line.substring(0, line.indexOf(' ')))).toArray();
      if (!clients.waitFor(60, TimeUnit.SECONDS) || clients.exitValue() != 0) {
        throw new IllegalStateException("the benchmark clients failed");
      }
      return new Run(Long.parseLong(counts[0]) / (durationMs / 1000.0), new Stats(nanos), Long.parseLong(counts[1]),
          Long.parseLong(counts[2]));
    } finally {
      Files.deleteIfExists(slotFile);
    }
  }

  /**
   * Starts every measurement, Sportello's and pgbench's alike, from the same state: the rows the
   * previous one inserted vacuumed and analysed, and its WAL checkpointed. Without this the run
   * after pgbench's 30 s of inserts paid for them (its first seconds answered in 100-300 ms while
   * the database caught up, then in 1-5 ms).
   */
  private static void settle(BenchApp bench) throws Exception {
    await(bench.app.pool().query("VACUUM (ANALYZE)").execute());
    await(bench.app.pool().query("CHECKPOINT").execute());
  }

  /**
   * A booking code from pgbench's own random numbers (c<statement>_1..8, drawn on its side as Sportello draws
   * its codes in the JVM), so that PostgreSQL does no more for pgbench's hold than for Sportello's.
   */
  private static String codeFromVariables(int statement) {
    return "(" + IntStream.rangeClosed(1, 8).mapToObj(i -> "substr('" + BookingCode.ALPHABET + "', :c" + statement + "_" + i + ", 1)")
        .collect(Collectors.joining(" || ")) + ")";
  }

  /**
   * What pgbench puts in place of each parameter of {@link BookingRepository#HOLD_ANSWERED} but the
   * slot ($1), the code ($3), the person ($4, who also acts: $5) and the key ($14), which differ per
   * statement: one place, a ten-hour hold as Sportello's ({@code holdSeconds}), no residency
   * override (pgbench's people live in Bergamo, which the service serves, so the residency check
   * runs for them as for Sportello's), no booking replaced, the seeded service's price and tariff (10 € a session), the principal and
   * the request hash.
   */
  private static final Map<String, String> PGBENCH_VALUES = Map.of(
      "$2", "1",
      "$6", "36000",
      "$7", "NULL",
      "$8", "NULL",
      "$9", "1000",
      "$10", "'{}'::jsonb",
      "$11", "1000",
      "$12", "'session'",
      "$13", "'pgbench'",
      "$15", "'\\x00'::bytea");

  /**
   * The hold statement exactly as Sportello runs it, with pgbench's values in place of the
   * parameters; {@code depth} of them in one pipeline when more than one.
   */
  private static String script(boolean hot, int depth) {
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      script.append("\\set n").append(i).append(" random(").append(hot ? "0, 0" : "1, 1000").append(")\n");
      script.append("\\set p").append(i).append(" random(1, ").append(PEOPLE).append(")\n");
    }
    for (int i = 0; i < depth; i++) {
      // Each statement of a pipeline its own booking code and idempotency key.
      for (int k = 1; k <= 8; k++) {
        script.append("\\set c").append(i).append('_').append(k).append(" random(1, ").append(BookingCode.ALPHABET.length()).append(")\n");
      }
      script.append("\\set key").append(i).append("a random(1, 2000000000)\n");
      script.append("\\set key").append(i).append("b random(1, 2000000000)\n");
    }
    script.append(depth > 1 ? "\\startpipeline\n" : "");
    for (int i = 0; i < depth; i++) {
      Map<String, String> values = new HashMap<>(PGBENCH_VALUES);
      values.put("$1", "(SELECT id FROM bench_slots WHERE n = :n" + i + ")");
      values.put("$3", codeFromVariables(i));
      values.put("$4", CITIZENS.idSql(":p" + i));
      values.put("$5", CITIZENS.idSql(":p" + i));
      values.put("$14", "('k' || :key" + i + "a || '-' || :key" + i + "b)");
      Matcher parameter = Pattern.compile("\\$[0-9]+").matcher(BookingRepository.HOLD_ANSWERED);
      // In a pipeline everything up to the Sync at its end is one transaction: BEGIN and COMMIT
      // make each hold its own, as each of Sportello's pipelined holds is.
      script.append(depth > 1 ? "BEGIN;\n" : "");
      script.append(parameter.replaceAll(m -> Matcher.quoteReplacement(values.get(m.group())))
          .replace('\n', ' ')).append(";\n");
      script.append(depth > 1 ? "COMMIT;\n" : "");
    }
    script.append(depth > 1 ? "\\endpipeline\n" : "");
    return script.toString();
  }

  /** Statements per second and average latency in ms (of a pipeline when pipelined), or why there are none. */
  private record PgbenchRun(double perSecond, double latencyMs, String failure) {
    static PgbenchRun failed(String failure) {
      return new PgbenchRun(0, Double.NaN, failure);
    }
  }

  /**
   * pgbench's rate with this many connections and statements per pipeline. A pgbench client that
   * meets an error stops for the rest of the run while the others go on (with millions of bookings,
   * a drawn code is now and then one already taken), which would lower the limit unseen: such a
   * run is repeated once, and left out of the limit (said in the result line) the second time.
   */
  private static PgbenchRun pgbench(PgConnectOptions db, boolean hot, int connections, int depth)
      throws IOException, InterruptedException {
    Path script = Files.createTempFile("sportello-bench", ".sql");
    Files.writeString(script, script(hot, depth));
    ProcessBuilder builder = new ProcessBuilder("pgbench", "-n", "-M", "prepared", "-c", String.valueOf(connections), "-j", "2", "-T",
        String.valueOf(MEASURE_MS / 1000), "-f", script.toString(), "-h", db.getHost(), "-p", String.valueOf(db.getPort()),
        "-U", db.getUser(), db.getDatabase()).redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", db.getPassword());
    try {
      for (int attempt = 1; ; attempt++) {
        Process process;
        try {
          process = builder.start();
        } catch (IOException e) {
          return PgbenchRun.failed("pgbench not available");
        }
        String output = new String(process.getInputStream().readAllBytes());
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
          process.destroyForcibly();
        }
        Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(output);
        Matcher latency = Pattern.compile("latency average = ([0-9.]+) ms").matcher(output);
        if (finished && process.exitValue() == 0 && !output.contains("aborted") && tps.find()) {
          return new PgbenchRun(Double.parseDouble(tps.group(1)) * depth,
              latency.find() ? Double.parseDouble(latency.group(1)) : Double.NaN, null);
        }
        if (attempt == 2) {
          System.err.println("pgbench failed twice: " + output);
          return PgbenchRun.failed("a client stopped on an error twice, not counted");
        }
        System.err.println("pgbench run repeated: " + output.lines().filter(line -> line.contains("error")).findFirst().orElse(output));
      }
    } finally {
      Files.deleteIfExists(script);
    }
  }

}
