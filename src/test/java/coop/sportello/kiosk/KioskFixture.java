package coop.sportello.kiosk;

import coop.sportello.Application;
import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.Http;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What kiosk tests need, made through the API where there is one: a member company with a funded
 * welfare plan, employees with badge, codice fiscale and PIN, a welfare-eligible service with a
 * free slot, kiosk devices signed in.
 */
final class KioskFixture {

  /** Tomorrow, so that the slot is bookable whatever the time of day the tests run. */
  static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(1);
  static final int PRICE_CENTS = 1500;
  static final int CREDIT_CENTS = 50_000;

  record Employee(String id, String displayName, String badge, String codiceFiscale, String pin, String token) { }

  /** A published service and its one slot tomorrow. */
  record Published(String serviceId, String slotId) { }

  private final Vertx vertx;
  private final Application app;
  private final Http http;
  final String supervisor;
  final String companyId;
  private final String groupId;

  KioskFixture(Vertx vertx, Application app, Http http) {
    this.vertx = vertx;
    this.app = app;
    this.http = http;
    await(TestAccounts.create(vertx, app.pool(), "responsabile.totem", "supervisor"));
    await(TestAccounts.create(vertx, app.pool(), "coop.totem", "provider_admin"));
    supervisor = await(http.accessToken("responsabile.totem"));
    companyId = await(app.pool().query("SELECT id FROM companies WHERE vat_number = '09876543210'").execute())
        .iterator().next().getUUID(0).toString();
    groupId = group(companyId, "Impiegati");
  }

  String group(String company, String name) {
    String group = await(app.pool().preparedQuery("""
            INSERT INTO employee_groups (company_id, name) VALUES ($1::uuid, $2) RETURNING id""")
        .execute(Tuple.of(company, name))).iterator().next().getUUID(0).toString();
    await(app.pool().preparedQuery("""
            WITH p AS (INSERT INTO welfare_plans (company_id, group_id, plan_year, credit_per_employee_cents, starts_on,
                                                  ends_on, unused_credit)
                       VALUES ($1::uuid, $2::uuid, $3, $4, make_date($3, 1, 1), make_date($3, 12, 31), 'expires') RETURNING id)
            SELECT id FROM p""")
        .execute(Tuple.of(company, group, DAY.getYear(), CREDIT_CENTS)));
    return group;
  }

  /** A second member company (with its own group and plan), for the rule that a company kiosk serves only its own. */
  String otherCompany() {
    String company = await(app.pool().query("""
            INSERT INTO companies (name, vat_number, municipality) VALUES ('Altra azienda', '11122233344', '016024')
            RETURNING id""").execute()).iterator().next().getUUID(0).toString();
    group(company, "Operai");
    return company;
  }

  Employee employee(String username, String displayName, String badge, String codiceFiscale, String pin) {
    return employee(username, displayName, badge, codiceFiscale, pin, companyId, groupId);
  }

  /** An employee with an account, a funded wallet and, when {@code pin} is not null, a PIN they chose themselves. */
  Employee employee(String username, String displayName, String badge, String codiceFiscale, String pin,
                    String company, String group) {
    UUID id = await(TestAccounts.create(vertx, app.pool(), username, "employee"));
    await(app.pool().preparedQuery("""
            WITH a AS (UPDATE accounts SET display_name = $2, company_id = $3::uuid, codice_fiscale = $5 WHERE id = $1 RETURNING id),
                 e AS (INSERT INTO employees (account_id, company_id, group_id, badge_code)
                       SELECT id, $3::uuid, (SELECT id FROM employee_groups WHERE company_id = $3::uuid AND id = $4::uuid),
                              $6 FROM a RETURNING account_id),
                 w AS (INSERT INTO wallets (account_id, plan_id, balance_cents)
                       SELECT e.account_id, p.id, p.credit_per_employee_cents
                         FROM e JOIN welfare_plans p ON p.group_id = $4::uuid RETURNING account_id, plan_id, balance_cents)
            INSERT INTO wallet_ledger (account_id, plan_id, amount_cents, kind, actor)
            SELECT account_id, plan_id, balance_cents, 'fund', 'test' FROM w""")
        .execute(Tuple.of(id, displayName, company, group, codiceFiscale, badge)));
    String token = await(http.accessToken(username));
    if (pin != null) {
      var set = await(http.client().put("/api/v1/kiosk/pin").bearerTokenAuthentication(token)
          .sendJsonObject(new JsonObject().put("pin", pin)));
      assertEquals(200, set.statusCode(), set.bodyAsString());
    }
    return new Employee(id.toString(), displayName, badge, codiceFiscale, pin, token);
  }

  /** Registers a device (a company's welfare point when {@code company} is set, else a town Social Point); its credential. */
  String kioskCredential(String label, String company) {
    JsonObject body = new JsonObject().put("label", label).put("location", "Ingresso");
    if (company != null) {
      body.put("companyId", company);
    }
    var created = await(http.post("/api/v1/kiosk-devices", supervisor, body));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject().getString("credential");
  }

  String kioskToken(String credential) {
    var login = await(http.client().post("/api/v1/auth/kiosk").sendJsonObject(new JsonObject().put("credential", credential)));
    assertEquals(200, login.statusCode(), login.bodyAsString());
    return login.bodyAsJsonObject().getString("accessToken");
  }

  /** A welfare-eligible service (TUIR art. 51 c.2 f) in the given area with one hour tomorrow, 20 places; the slot id. */
  String serviceSlot(String title, String area) {
    return publish(title, area, 20).slotId();
  }

  /** The same with {@code places} places (the room holds as many): the service and its slot. */
  Published publish(String title, String area, int places) {
    CatalogFixture.Service service = new CatalogFixture(http, await(http.accessToken("coop.totem"))).create(
        CatalogFixture.serviceBody(area, title, "Servizio per i dipendenti delle aziende aderenti, prenotabile dal totem.")
            .tariff(PRICE_CENTS, "session").audience("adults").welfareLetter("f").at("Via Tasso 4, Bergamo"));
    service.resource("Sala " + title, "room", places).openOn(DAY, "10:00", "11:00", 60);
    return new Published(service.id(), service.slotsOn(DAY).get(0));
  }
}
