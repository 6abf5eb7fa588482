package coop.sportello.booking;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.ChatAssignment;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An employee's wallet pays eligible bookings in the booking's transaction, never below zero, within the fringe limit. */
class WelfareCreditTest extends AppTestBase {

  private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(6);

  private String employee;
  private String employeeId;
  private String citizen;
  private String hr;
  private String manager;
  private String planId;
  private String campSlot;
  private String ironingSlot;

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.welfare", "provider_admin"));
    employeeId = await(TestAccounts.create(vertx, app.pool(), "operaio.bianchi", "employee")).toString();
    await(TestAccounts.create(vertx, app.pool(), "risorse.umane", "hr_admin"));
    await(TestAccounts.create(vertx, app.pool(), "solo.cittadino", "citizen"));
    await(TestAccounts.create(vertx, app.pool(), "manager.welfare", "welfare_manager"));
    planId = await(app.pool().preparedQuery("""
        WITH g AS (INSERT INTO employee_groups (company_id, name)
                   SELECT company_id, 'Operai' FROM accounts WHERE id = $1 RETURNING id, company_id),
             e AS (INSERT INTO employees (account_id, company_id, group_id, has_dependent_children)
                   SELECT $1, company_id, id, false FROM g)
        INSERT INTO welfare_plans (company_id, group_id, plan_year, credit_per_employee_cents, starts_on, ends_on, unused_credit)
        SELECT company_id, id, $2, 10000, make_date($2, 1, 1), make_date($2, 12, 31), 'expires' FROM g RETURNING id""")
        .execute(Tuple.of(UUID.fromString(employeeId), DAY.getYear()))).iterator().next().getUUID(0).toString();
    employee = await(http.accessToken("operaio.bianchi"));
    citizen = await(http.accessToken("solo.cittadino"));
    hr = await(http.accessToken("risorse.umane"));
    manager = await(http.accessToken("manager.welfare"));
    // A welfare manager books for the citizens of the conversations they handle (ChatDeskTest).
    ChatAssignment.handles(app.pool(), "manager.welfare", employeeId);
    String admin = await(http.accessToken("admin.welfare"));
    campSlot = slotOf(admin, "Campo estivo aziendale", "f_bis", 3000);
    ironingSlot = slotOf(admin, "Stireria in azienda", "fringe_benefit", 60000);
  }

  private String slotOf(String admin, String title, String letter, int tariff) {
    CatalogFixture.Service service = new CatalogFixture(http, admin).create(CatalogFixture.serviceBody("work_life", title,
        "Servizio per i dipendenti delle aziende aderenti.").tariff(tariff, "session").audience("adults")
        .welfareLetter(letter).at("Via Tasso 4, Bergamo"));
    service.resource("Spazio " + title, "room", 20).openOn(DAY, "09:00", "10:00", 60);
    return service.slotsOn(DAY).get(0);
  }

  private HttpResponse<Buffer> post(String token, String path, JsonObject body) {
    return await(http.post(path, token, body));
  }

  private JsonObject wallet() {
    return await(http.get("/api/v1/welfare/wallet", employee)).bodyAsJsonObject();
  }

  private int balance() {
    return wallet().getJsonArray("wallets").getJsonObject(0).getInteger("balanceCents");
  }

  private String holdFor(String token, String slot, int places) {
    var held = post(token, "/api/v1/bookings/holds", new JsonObject().put("slotId", slot).put("places", places));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    return held.bodyAsJsonObject().getString("id");
  }

  @Test
  void theWalletPaysRefundsAndNeverGoesBelowZeroAndEveryBalanceMatchesItsLedger() {
    var funded = post(hr, "/api/v1/welfare/plans/" + planId + "/fund", new JsonObject());
    assertEquals(200, funded.statusCode(), funded.bodyAsString());
    assertEquals(0, post(hr, "/api/v1/welfare/plans/" + planId + "/fund", new JsonObject()).bodyAsJsonObject()
        .getInteger("walletsOpened"), "a plan funds each employee once");
    int start = balance();
    assertEquals(10000, start);

    String paid = holdFor(employee, campSlot, 2);
    var confirmed = post(employee, "/api/v1/bookings/" + paid + "/confirm", new JsonObject().put("payWithWelfare", true));
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    assertEquals(6000, confirmed.bodyAsJsonObject().getInteger("paidWithWelfareCents"));
    assertEquals(4000, balance());

    String tooDear = holdFor(employee, campSlot, 2);
    var refused = post(employee, "/api/v1/bookings/" + tooDear + "/confirm", new JsonObject().put("payWithWelfare", true));
    assertEquals(409, refused.statusCode());
    assertEquals("/problems/insufficient-credit", refused.bodyAsJsonObject().getString("type"));
    assertEquals(4000, balance(), "nothing taken");
    assertEquals("held", await(http.get("/api/v1/bookings/" + tooDear, employee)).bodyAsJsonObject().getString("status"),
        "the hold is still a hold: the whole confirmation rolled back");

    assertEquals(200, post(employee, "/api/v1/bookings/" + paid + "/cancel", new JsonObject()).statusCode());
    assertEquals(10000, balance(), "cancelling refunds");
    JsonObject account = wallet().getJsonArray("wallets").getJsonObject(0);
    assertEquals(account.getInteger("balanceCents").longValue(), account.getLong("ledgerCents"), "balance = sum of ledger");
    assertEquals(3, wallet().getJsonArray("movements").size(), "fund, payment, refund");
  }

  @Test
  void fringeBenefitsStopAtTheYearlyLimitInsteadOfGoingOverByACent() {
    post(hr, "/api/v1/welfare/plans/" + planId + "/fund", new JsonObject());
    String ironing = holdFor(employee, ironingSlot, 2);
    var refused = post(employee, "/api/v1/bookings/" + ironing + "/confirm", new JsonObject().put("payWithWelfare", true));
    assertEquals(409, refused.statusCode());
    assertEquals("/problems/fringe-benefit-limit", refused.bodyAsJsonObject().getString("type"), "EUR 1,200 > EUR 1,000");
  }

  @Test
  void aWelfareManagerConfirmingWithTheEmployeesCreditOnlyAsksTheEmployee() {
    post(hr, "/api/v1/welfare/plans/" + planId + "/fund", new JsonObject());
    int before = balance();
    var held = post(manager, "/api/v1/bookings/holds", new JsonObject().put("slotId", campSlot).put("forPerson", employeeId));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    var asked = post(manager, "/api/v1/bookings/" + held.bodyAsJsonObject().getString("id") + "/confirm",
        new JsonObject().put("payWithWelfare", true));
    assertEquals(202, asked.statusCode(), asked.bodyAsString());
    assertEquals("confirmed", asked.bodyAsJsonObject().getJsonObject("booking").getString("status"));
    assertEquals(0, asked.bodyAsJsonObject().getJsonObject("booking").getInteger("paidWithWelfareCents"));
    assertEquals(before, balance(), "the manager's word takes nothing from the employee's credit");

    // The employee says no (approving is WelfareConsentTest's): the wallet and its ledger stay as they were.
    String consent = asked.bodyAsJsonObject().getJsonObject("welfareConsent").getString("id");
    var refused = post(employee, "/api/v1/welfare/consents/" + consent + "/refuse", new JsonObject());
    assertEquals(200, refused.statusCode(), refused.bodyAsString());
    assertEquals(before, balance());
    assertEquals(0, wallet().getJsonArray("movements").stream().map(JsonObject.class::cast)
        .filter(m -> m.getString("kind").equals("payment") && held.bodyAsJsonObject().getString("id").equals(m.getString("bookingId")))
        .count());
  }

  @Test
  void onlyEmployeesPayWithCreditAndOnlyTheirHrFundsPlans() {
    String held = holdFor(citizen, campSlot, 1);
    assertEquals(422, post(citizen, "/api/v1/bookings/" + held + "/confirm", new JsonObject().put("payWithWelfare", true))
        .statusCode());
    assertEquals(403, post(employee, "/api/v1/welfare/plans/" + planId + "/fund", new JsonObject()).statusCode());
    assertEquals(404, post(hr, "/api/v1/welfare/plans/" + UUID.randomUUID() + "/fund", new JsonObject()).statusCode());
    assertEquals(403, await(http.get("/api/v1/welfare/wallet", citizen)).statusCode());
  }
}
