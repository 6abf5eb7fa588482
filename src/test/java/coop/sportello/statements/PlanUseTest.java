package coop.sportello.statements;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.companies.CompanyFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.Responses.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HR's year of plan use by area and month: six people in "health" in October and seven in
 * November are shown; three people in "childhood" in October are hidden, with the area's year, and
 * enough other figures that no row or column gives them back by subtraction.
 */
class PlanUseTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private String hr;
  private String otherHr;

  private static OffsetDateTime rome(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(ROME).toOffsetDateTime();
  }

  @BeforeAll
  void year() {
    MoneyRows money = new MoneyRows(app.pool());
    CatalogFixture.municipalities(app.pool());
    UUID admin = await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "piano.coop", "61616161616"));
    UUID provider = money.providerOf(admin);
    CompanyFixture company = CompanyFixture.create(vertx, app.pool(), http, "piano.hr", "62626262626");
    CompanyFixture few = CompanyFixture.create(vertx, app.pool(), http, "piano.pochi", "63636363636");
    hr = company.hr;
    otherHr = few.hr;
    UUID plan = money.plan(company.companyId);
    UUID fewPlan = money.plan(few.companyId);
    UUID health = money.service(provider, "health", "Fisioterapia");
    UUID childhood = money.service(provider, "childhood", "Doposcuola");
    for (int i = 0; i < 6; i++) {
      spend(money, health, "salute-" + i, plan, "2026-10-" + (10 + i), 1_000);
    }
    for (int i = 0; i < 7; i++) {
      spend(money, health, "salute-" + i, plan, "2026-11-" + (10 + i), 1_500);
    }
    for (int i = 0; i < 3; i++) {
      spend(money, childhood, "infanzia-" + i, plan, "2026-10-2" + i, 2_000);
    }
    spend(money, health, "solo", fewPlan, "2026-10-05", 3_000);
  }

  private static void spend(MoneyRows money, UUID service, String person, UUID plan, String date, int cents) {
    var booking = money.booking(service, person, rome(date + "T09:00"), rome(date + "T10:00"), "confirmed", cents);
    money.payment(booking, "welfare_credit", cents, "completed", plan, rome(date + "T08:00"));
  }

  @Test
  void anAreaOfThreePeopleIsHiddenAndNoTotalGivesItBack() {
    JsonObject use = ok(await(http.get("/api/v1/company/plan-use?year=2026", hr)));
    assertEquals(5, use.getInteger("minPeople"));
    assertTrue(use.getBoolean("suppressed"));
    JsonArray areas = use.getJsonArray("areas");
    assertEquals(coop.sportello.platform.areas.Area.codes().size(), areas.size(), "every area, used or not: a row of its own would say someone used it");
    JsonObject health = area(areas, "health");
    JsonObject childhood = area(areas, "childhood");
    JsonObject childOctober = childhood.getJsonArray("months").getJsonObject(9);
    assertEquals(new JsonObject().put("hidden", true).put("month", 10), childOctober, "three people: not shown");
    assertTrue(childhood.getJsonObject("total").getBoolean("hidden"), "the area's year has three people too");
    JsonObject healthNovember = health.getJsonArray("months").getJsonObject(10);
    assertEquals(new JsonObject().put("hidden", false).put("people", 7).put("spentCents", 10_500).put("refundedCents", 0)
        .put("netCents", 10_500).put("month", 11), healthNovember);
    assertEquals(0, health.getJsonArray("months").getJsonObject(0).getLong("people"), "January: nobody, shown as 0");

    // The table with its totals: no row and no column with exactly one hidden figure.
    List<List<Boolean>> grid = new ArrayList<>();
    for (Object area : areas) {
      grid.add(line(((JsonObject) area).getJsonArray("months"), ((JsonObject) area).getJsonObject("total")));
    }
    grid.add(line(use.getJsonArray("months"), use.getJsonObject("total")));
    for (List<Boolean> row : grid) {
      assertNotEquals(1, row.stream().filter(h -> h).count(), use.encodePrettily());
    }
    for (int c = 0; c <= 12; c++) {
      int column = c;
      assertNotEquals(1, grid.stream().filter(row -> row.get(column)).count(), "month " + (c + 1) + ": " + use.encodePrettily());
    }
    assertEquals(new JsonObject().put("grantedCents", 0).put("usedCents", null), use.getJsonObject("plan"),
        "no wallet was funded in this test; nobody used a wallet");
  }

  @Test
  void aCompanyOfOnePersonSeesNothingAndAnotherCompanysUseIsNotCounted() {
    JsonObject use = ok(await(http.get("/api/v1/company/plan-use?year=2026", otherHr)));
    JsonObject health = area(use.getJsonArray("areas"), "health");
    assertTrue(health.getJsonArray("months").getJsonObject(9).getBoolean("hidden"));
    assertEquals(0, area(use.getJsonArray("areas"), "elderly").getJsonObject("total").getLong("people"));
    assertTrue(use.getJsonObject("total").getBoolean("hidden"));
    assertNull(use.getJsonObject("plan").getLong("usedCents"));
    assertEquals(400, await(http.get("/api/v1/company/plan-use?year=26", hr)).statusCode());
    assertEquals(403, await(http.get("/api/v1/company/plan-use?year=2026", await(http.accessToken("piano.coop")))).statusCode());
  }

  private static JsonObject area(JsonArray areas, String code) {
    return areas.stream().map(JsonObject.class::cast).filter(a -> a.getString("area").equals(code)).findFirst().orElseThrow();
  }

  private static List<Boolean> line(JsonArray months, JsonObject total) {
    List<Boolean> out = new ArrayList<>();
    months.forEach(m -> out.add(((JsonObject) m).getBoolean("hidden")));
    out.add(total.getBoolean("hidden"));
    return out;
  }
}
