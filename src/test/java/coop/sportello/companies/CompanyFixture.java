package coop.sportello.companies;

import coop.sportello.platform.domain.CodiceFiscale;
import coop.sportello.testing.Http;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A company of its own with its HR admin, and the calls the HR admin makes (through HTTP). */
public final class CompanyFixture {

  public static final int YEAR = LocalDate.now(ZoneId.of("Europe/Rome")).getYear();

  public final UUID companyId;
  public final String hr;
  private final Http http;
  private final Pool pool;

  private CompanyFixture(UUID companyId, String hr, Http http, Pool pool) {
    this.companyId = companyId;
    this.hr = hr;
    this.http = http;
    this.pool = pool;
  }

  /** A new company ({@code vat}: 11 digits, unique per test) whose HR admin is {@code username}. */
  public static CompanyFixture create(Vertx vertx, Pool pool, Http http, String username, String vat) {
    UUID account = await(TestAccounts.create(vertx, pool, username, "hr_admin"));
    UUID company = await(pool.preparedQuery("""
            WITH c AS (INSERT INTO companies (name, vat_number, municipality) VALUES ($2, $3, '016024') RETURNING id)
            UPDATE accounts SET company_id = (SELECT id FROM c) WHERE id = $1 RETURNING company_id""")
        .execute(Tuple.of(account, "Azienda " + username, vat))).iterator().next().getUUID(0);
    return new CompanyFixture(company, await(http.accessToken(username)), http, pool);
  }

  /** A valid codice fiscale from its first 15 characters. */
  public static String cf(String first15) {
    return first15 + CodiceFiscale.checkCharacter(first15);
  }

  /** The same code with a wrong check character. */
  public static String badCf(String first15) {
    char right = CodiceFiscale.checkCharacter(first15);
    return first15 + (right == 'A' ? 'B' : 'A');
  }

  public static String csv(String... lines) {
    return String.join("\r\n", lines) + "\r\n";
  }

  public String group(String name) {
    var created = await(http.post("/api/v1/company/groups", hr, new JsonObject().put("name", name)));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject().getString("id");
  }

  /** A plan of this year, running today, with {@code credit} cents per person. */
  public String plan(String group, int credit, String unusedCredit) {
    var created = await(http.post("/api/v1/company/plans", hr, terms(credit, unusedCredit).put("groupId", group)));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject().getString("id");
  }

  public static JsonObject terms(int credit, String unusedCredit) {
    return new JsonObject().put("year", YEAR).put("creditPerEmployeeCents", credit)
        .put("startsOn", YEAR + "-01-01").put("endsOn", YEAR + "-12-31").put("unusedCredit", unusedCredit);
  }

  public HttpResponse<Buffer> dryRun(String csv, boolean closeMissing) {
    return await(http.client().post("/api/v1/company/employee-imports?dryRun=true").bearerTokenAuthentication(hr)
        .sendJsonObject(new JsonObject().put("csv", csv).put("closeMissing", closeMissing)));
  }

  public HttpResponse<Buffer> apply(String csv, boolean closeMissing) {
    return apply(csv, closeMissing, UUID.randomUUID().toString());
  }

  public HttpResponse<Buffer> apply(String csv, boolean closeMissing, String key) {
    return await(http.post("/api/v1/company/employee-imports", hr,
        new JsonObject().put("csv", csv).put("closeMissing", closeMissing), key));
  }

  public HttpResponse<Buffer> close(String codiceFiscale) {
    return await(http.post("/api/v1/company/leavers", hr, new JsonObject().put("codiceFiscale", codiceFiscale)));
  }

  /** One number from the database: {@code sql} takes the company as $1. */
  public long count(String sql) {
    return await(pool.preparedQuery(sql).execute(Tuple.of(companyId))).iterator().next().getLong(0);
  }

  public long accounts() {
    return count("SELECT count(*) FROM accounts WHERE company_id = $1");
  }

  public long employees() {
    return count("SELECT count(*) FROM employees WHERE company_id = $1");
  }

  public long invitations() {
    return count("""
        SELECT count(*) FROM outbox o JOIN employees e ON e.account_id::text = o.recipient
         WHERE o.topic = 'account.invitation' AND e.company_id = $1""");
  }

  public long ledgerRows() {
    return count("SELECT count(*) FROM wallet_ledger l JOIN welfare_plans p ON p.id = l.plan_id WHERE p.company_id = $1");
  }

  public UUID accountOf(String codiceFiscale) {
    return await(pool.preparedQuery("SELECT id FROM accounts WHERE codice_fiscale = $1").execute(Tuple.of(codiceFiscale)))
        .iterator().next().getUUID(0);
  }

}
