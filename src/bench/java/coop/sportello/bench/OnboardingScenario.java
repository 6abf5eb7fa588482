package coop.sportello.bench;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.companies.CompanyFixture;
import coop.sportello.companies.domain.EmployeeList;
import coop.sportello.testing.Http;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static coop.sportello.bench.BenchApp.await;

/**
 * Issue 20's two bulk paths, through HTTP against the application on the tests' PostgreSQL.
 *
 * <p><b>Company employee import.</b> An HR admin (with two groups, each with this year's running
 * plan) sends a dry run, then the import, then the same file again; each timed from the client.
 * Two files, each as large as the import accepts ({@link EmployeeList#MAX_ROWS} rows, which fit in
 * {@link EmployeeList#MAX_CHARS} characters): "realistic" (names, surnames, addresses and badges as
 * a payroll export has them) and "shortest" (one-letter names, seven-character addresses, no
 * badge). One row more is refused with the import's own answer, and the scenario says so. A smaller import goes first, unmeasured, so that neither file meets a cold JIT.
 * Checks: every row an employee with an account, an invitation in the outbox and a funded wallet;
 * the re-import changes nothing.
 *
 * <p><b>Sign-ups.</b> {@link #SIGN_UPS} sign-ups, each a new address, from {@link #CLIENTS}
 * concurrent clients; each from a source of its own ({@code X-Forwarded-For} behind a trusted
 * proxy on loopback, as behind the real one), so the per-source throttle counts them as it would
 * count many people and the limits stay the shipped ones. {@link #WARM_UP} go first, unmeasured.
 * Every sign-up hashes its password with Argon2id (19 MiB, 2 passes) on the hashing pool (one
 * thread per core, {@code PasswordHasher}) by design, so the figure is bound by the cores: the CPU each part took is printed. Checks: one
 * account and one verify-email message in the outbox per sign-up.
 */
final class OnboardingScenario implements Scenario {

  private static final int SIGN_UPS = Integer.getInteger("bench.onboarding.signUps", 400);
  private static final int WARM_UP = Integer.getInteger("bench.onboarding.warmUp", 60);
  /** 16: more than the hashing pool's one thread per core, so sign-ups queue for a hash as in a burst. */
  private static final int CLIENTS = Integer.getInteger("bench.onboarding.clients", 16);
  /** -Dbench.onboarding.part=import or sign-up runs only that part. */
  private static final String ONLY = System.getProperty("bench.onboarding.part", "");
  private static final int WARM_UP_ROWS = 300;
  private static final String SIGN_UP_DOMAIN = "iscritti-bench.it";
  private static final String PASSWORD = "mare d'inverno a Bergamo";
  private static final Map<String, String> THREAD_GROUPS = Map.of(
      "password-hashing", "password hashing (Argon2id)", "vert.x-eventloop-thread", "event loops (server and clients)");
  private static final String[] GIVEN = {"Mario", "Lucia", "Giuseppe", "Francesca", "Alessandro", "Chiara", "Giovanni",
      "Sara", "Luca", "Giulia", "Niccolò", "Maria Grazia"};
  private static final String[] FAMILY = {"Rossi", "Bianchi", "Verdi", "Colombo", "Ferrari", "Esposito", "Romano",
      "Ricci", "Marino", "Greco", "D'Angelo", "De Santis"};

  @Override
  public String name() {
    return "onboarding";
  }

  @Override
  public String description() {
    return "employee import at its largest (dry run, import, same file again) and " + SIGN_UPS + " sign-ups from "
        + CLIENTS + " concurrent clients (Argon2id each)";
  }

  @Override
  public List<String> run() throws Exception {
    try (BenchApp bench = BenchApp.start(new JsonObject()
        .put("auth", new JsonObject().put("trustedProxies", new JsonArray().add("127.0.0.1"))))) {
      await(CatalogFixture.insertMunicipalities(bench.app.pool()));
      Vertx load = BenchApp.loadGenerator();
      try {
        Http http = new Http(load, bench.app.port());
        List<String> lines = new ArrayList<>();
        lines.add(bench.describe() + "; " + Runtime.getRuntime().availableProcessors() + " cores");
        if (!ONLY.equals("sign-up")) {
          imports(bench, http, lines);
        }
        if (!ONLY.equals("import")) {
          signUps(bench, load, lines);
        }
        return lines;
      } finally {
        await(load.close());
      }
    }
  }

  // ---- the import ---------------------------------------------------------------------------

  private static void imports(BenchApp bench, Http http, List<String> lines) throws Exception {
    imports(bench, http, "warmup", "90000000001", REALISTIC, file(REALISTIC, 0, WARM_UP_ROWS, EmployeeList.MAX_CHARS), null);
    imports(bench, http, "realistic", "90000000002", REALISTIC,
        file(REALISTIC, 10_000, EmployeeList.MAX_ROWS, EmployeeList.MAX_CHARS), lines);
    imports(bench, http, "shortest", "90000000003", SHORTEST,
        file(SHORTEST, 20_000, EmployeeList.MAX_ROWS, EmployeeList.MAX_CHARS), lines);
    String tooLong = file(SHORTEST, 30_000, EmployeeList.MAX_ROWS + 1, Integer.MAX_VALUE);
    lines.add(String.format("a file of %,d rows at the shortest (%,d characters): %s", EmployeeList.MAX_ROWS + 1,
        tooLong.length(), refusal(bench, http, tooLong)));
  }

  /**
   * Dry run, import, re-import of {@code csv} by a new company's HR admin, whose groups (each with
   * a running plan) are the layout's; figures and checks into {@code lines} unless null.
   */
  private static void imports(BenchApp bench, Http http, String kind, String vatNumber, Layout layout, String csv,
                              List<String> lines) throws Exception {
    CompanyFixture company = CompanyFixture.create(bench.vertx, bench.app.pool(), http, "hr." + kind, vatNumber);
    for (String group : layout.groups()) {
      company.plan(company.group(group), 25_000, "expires");
    }
    int rows = (int) csv.lines().count() - 1;
    long accountsBefore = company.accounts();
    Timed dryRun = send(http, company, csv, true);
    expect(dryRun, "create", rows, kind + " dry run");
    check(company.employees() == 0, kind + ": the dry run wrote nothing");
    Timed apply = send(http, company, csv, false);
    expect(apply, "create", rows, kind + " import");
    check(company.employees() == rows && company.accounts() - accountsBefore == rows && company.invitations() == rows
        && company.ledgerRows() == rows, kind + ": an employee, an account, an invitation and a funded wallet per row");
    Timed again = send(http, company, csv, false);
    expect(again, "unchanged", rows, kind + " re-import");
    check(company.employees() == rows && company.accounts() - accountsBefore == rows && company.invitations() == rows
        && company.ledgerRows() == rows, kind + ": the re-import changed nothing");
    if (lines == null) {
      return;
    }
    lines.add(String.format("import, %s file: %,d rows, %,d characters (limit %,d), answers of %,d to %,d bytes",
        kind, rows, csv.length(), EmployeeList.MAX_CHARS, dryRun.bytes(), apply.bytes()));
    lines.add(String.format("import, %s file: dry run %s, import %s, same file again %s", kind,
        dryRun.rate(rows), apply.rate(rows), again.rate(rows)));
    lines.add(String.format("import, %s file, checked: %,d employees, %,d new accounts, %,d invitations in the outbox, "
            + "%,d wallets funded; the re-import: %,d rows unchanged, nothing written", kind, company.employees(),
        company.accounts() - accountsBefore, company.invitations(), company.ledgerRows(), rows));
  }

  private record Timed(HttpResponse<Buffer> response, long nanos) {
    int bytes() {
      return response.body() == null ? 0 : response.body().length();
    }

    String rate(int rows) {
      return String.format("%.0f ms (%,.0f rows/s)", nanos / 1e6, rows / (nanos / 1e9));
    }
  }

  private static Timed send(Http http, CompanyFixture company, String csv, boolean dryRun) throws Exception {
    JsonObject body = new JsonObject().put("csv", csv).put("closeMissing", false);
    long start = System.nanoTime();
    HttpResponse<Buffer> response = await(dryRun
        ? http.client().post("/api/v1/company/employee-imports?dryRun=true").bearerTokenAuthentication(company.hr).sendJsonObject(body)
        : http.post("/api/v1/company/employee-imports", company.hr, body));
    return new Timed(response, System.nanoTime() - start);
  }

  /** A 200 whose every row has {@code action}. */
  private static void expect(Timed timed, String action, int rows, String what) {
    HttpResponse<Buffer> response = timed.response();
    check(response.statusCode() == 200, what + " answered " + response.statusCode() + " "
        + response.bodyAsString().substring(0, Math.min(500, response.bodyAsString().length())));
    long count = response.bodyAsJsonObject().getJsonObject("counts").getLong(action);
    check(count == rows, what + ": " + count + " rows " + action + " of " + rows);
  }

  private static String refusal(BenchApp bench, Http http, String csv) throws Exception {
    CompanyFixture company = CompanyFixture.create(bench.vertx, bench.app.pool(), http, "hr.toolong", "90000000004");
    company.group("GG");
    HttpResponse<Buffer> response = send(http, company, csv, true).response();
    check(response.statusCode() >= 400 && response.statusCode() < 500, "the over-long file answered " + response.statusCode());
    String type = response.statusCode() == 413 ? "" : " " + response.bodyAsJsonObject().getString("type");
    return "refused, " + response.statusCode() + type;
  }

  /** A kind of file: its header and its n-th row. */
  private record Layout(String header, List<String> groups, IntFunction<String> row) { }

  private static final Layout REALISTIC = new Layout("Codice fiscale;Nome;Cognome;E-mail;Badge;Gruppo",
      List.of("Uffici", "Magazzino"), OnboardingScenario::realisticRow);
  private static final Layout SHORTEST = new Layout("cf;nome;cognome;email;gruppo", List.of("GG"),
      OnboardingScenario::shortestRow);

  /** The header and rows {@code first}, {@code first + 1}, ...: at most {@code maxRows}, as many as fit in {@code maxChars}. */
  private static String file(Layout layout, int first, int maxRows, int maxChars) {
    StringBuilder csv = new StringBuilder(layout.header()).append('\n');
    for (int n = first; n < first + maxRows; n++) {
      String line = layout.row().apply(n) + "\n";
      if (csv.length() + line.length() > maxChars) {
        break;
      }
      csv.append(line);
    }
    return csv.toString();
  }

  /** As a payroll export has it: full names (some with accents, apostrophes, two words), a work address, a badge. */
  private static String realisticRow(int n) {
    String given = GIVEN[n % GIVEN.length];
    String family = FAMILY[(n / GIVEN.length) % FAMILY.length];
    String email = (plain(given) + "." + plain(family) + n + "@azienda-bench.it").toLowerCase(Locale.ROOT);
    return String.join(";", codiceFiscale(n), given, family, email, String.format("B-%05d", n), n % 3 == 0 ? "Magazzino" : "Uffici");
  }

  /** The shortest row the import takes: 16 + one-letter names + a seven-character address + a two-letter group. */
  private static String shortestRow(int n) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    String email = "" + alphabet.charAt(n % 36) + alphabet.charAt(n / 36 % 36) + "@" + alphabet.charAt(n / 1296 % 26) + ".it";
    return String.join(";", codiceFiscale(n), "A", "B", email, "GG");
  }

  private static String plain(String name) {
    return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "");
  }

  /** A well-formed codice fiscale of its own for each {@code n} below 100,000. */
  private static String codiceFiscale(int n) {
    return CompanyFixture.cf(String.format("BNCMRA%02dA%02dF%03d", n / 1000 % 100, 1 + n % 28, n % 1000));
  }

  // ---- sign-ups -----------------------------------------------------------------------------

  private static void signUps(BenchApp bench, Vertx load, List<String> lines) throws Exception {
    WebClient client = WebClient.create(load, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(bench.app.port()), new PoolOptions().setHttp1MaxSize(CLIENTS));
    AtomicInteger next = new AtomicInteger();
    // Two at a time: the first hashes run in the interpreter, and a cold burst of CLIENTS of them
    // outlasted the request timeout (8 s).
    drive(client, next, WARM_UP, 2, new ConcurrentLinkedQueue<>());
    CpuUse cpu = CpuUse.start(THREAD_GROUPS, CpuUse.postmasterOf(bench));
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    drive(client, next, WARM_UP + SIGN_UPS, CLIENTS, latencies);
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Long> spent = cpu.since();
    long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
    check(nanos.length == SIGN_UPS, nanos.length + " sign-ups measured of " + SIGN_UPS);
    int total = WARM_UP + SIGN_UPS;
    long accounts = count(bench, "SELECT count(*) FROM accounts WHERE email LIKE $1");
    long messages = count(bench, """
        SELECT count(*) FROM outbox o JOIN accounts a ON a.id::text = o.recipient
         WHERE o.topic = 'account.verify-email' AND a.email LIKE $1""");
    check(accounts == total && messages == total, "sign-ups: " + accounts + " accounts and " + messages
        + " verify-email messages for " + total + " sign-ups");
    lines.add(String.format("sign-up: %,d in %.2f s, %.1f sign-ups/s, %d concurrent clients, each from its own source "
        + "(after %d unmeasured)", SIGN_UPS, seconds, SIGN_UPS / seconds, CLIENTS, WARM_UP));
    lines.add("sign-up latency " + new Stats(nanos).summary());
    lines.add(String.format("sign-up CPU over the %.2f s: %s", seconds, CpuUse.describe(spent, seconds)));
    lines.add(String.format("sign-up, checked: %,d accounts and %,d verify-email messages in the outbox for %,d sign-ups "
        + "(warm-up included), every answer 202", accounts, messages, total));
  }

  /** Sign-ups numbered from {@code next} up to {@code until}, {@code clients} at a time; any answer but 202 stops the run. */
  private static void drive(WebClient client, AtomicInteger next, int until, int clients, ConcurrentLinkedQueue<Long> latencies)
      throws Exception {
    List<Future<Void>> workers = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Promise<Void> done = Promise.promise();
      signUp(client, next, until, latencies, done);
      workers.add(done.future());
    }
    await(Future.all(workers));
  }

  private static void signUp(WebClient client, AtomicInteger next, int until, ConcurrentLinkedQueue<Long> latencies,
                             Promise<Void> done) {
    // Never past until: the next run starts exactly there, and every number is one sign-up.
    int n = next.getAndUpdate(taken -> Math.min(taken + 1, until));
    if (n >= until) {
      done.complete();
      return;
    }
    JsonObject body = new JsonObject().put("name", "Persona " + n).put("email", "persona." + n + "@" + SIGN_UP_DOMAIN)
        .put("password", PASSWORD).put("municipality", CatalogFixture.BERGAMO).put("language", "it")
        .put("acceptPrivacyNotice", true);
    long start = System.nanoTime();
    client.post("/api/v1/accounts/sign-up").putHeader("X-Forwarded-For", source(n)).sendJsonObject(body)
        .onComplete(result -> {
          if (result.failed() || result.result().statusCode() != 202) {
            done.fail(new IllegalStateException("sign-up " + n + " after " + (System.nanoTime() - start) / 1_000_000
                + " ms: " + (result.failed() ? result.cause()
                : result.result().statusCode() + " " + result.result().bodyAsString())));
            return;
          }
          latencies.add(System.nanoTime() - start);
          signUp(client, next, until, latencies, done);
        });
  }

  /** 10.x.y.z: a source of its own per sign-up. */
  private static String source(int n) {
    return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
  }

  private static long count(BenchApp bench, String sql) throws Exception {
    return await(bench.app.pool().preparedQuery(sql).execute(Tuple.of("%@" + SIGN_UP_DOMAIN))).iterator().next().getLong(0);
  }

  private static void check(boolean holds, String what) {
    if (!holds) {
      throw new IllegalStateException("check failed: " + what);
    }
  }
}
