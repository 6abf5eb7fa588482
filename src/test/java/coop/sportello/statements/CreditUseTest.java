package coop.sportello.statements;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.companies.CompanyFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;

import static coop.sportello.testing.Responses.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A company's welfare credit use in October 2026, never per person: six people in "health" make a
 * cell of their own; three in "childhood" and two in "elderly" are too few alone and are merged
 * into "altro" (five people); in September only two people spent credit, so nothing is shown and
 * the answer says something was left out. Another company's credit is not counted.
 */
class CreditUseTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private String hr;

  private static OffsetDateTime rome(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(ROME).toOffsetDateTime();
  }

  @BeforeAll
  void october() {
    MoneyRows money = new MoneyRows(app.pool());
    CatalogFixture.municipalities(app.pool());
    UUID admin = await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "credito.coop", "51515151515"));
    UUID provider = money.providerOf(admin);
    CompanyFixture company = CompanyFixture.create(vertx, app.pool(), http, "credito.hr", "52525252525");
    CompanyFixture elsewhere = CompanyFixture.create(vertx, app.pool(), http, "credito.altra", "53535353535");
    hr = company.hr;
    UUID plan = money.plan(company.companyId);
    UUID otherPlan = money.plan(elsewhere.companyId);
    UUID health = money.service(provider, "health", "Fisioterapia");
    UUID childhood = money.service(provider, "childhood", "Doposcuola");
    UUID elderly = money.service(provider, "elderly", "Compagnia agli anziani");

    int day = 1;
    for (int i = 0; i < 6; i++) {
      UUID payment = spend(money, health, "salute-" + i, plan, day++, 1_000);
      if (i == 0) {
        money.refund(payment, 400, rome("2026-10-28T10:00"));
      }
    }
    for (int i = 0; i < 3; i++) {
      spend(money, childhood, "infanzia-" + i, plan, day++, 2_000);
    }
    // Two people spend twice each in "elderly": still two people.
    for (int i = 0; i < 4; i++) {
      spend(money, elderly, "anziani-" + (i % 2), plan, day++, 500);
    }
    spend(money, health, "altra-azienda", otherPlan, 2, 9_900);
    // September: two people only.
    for (int i = 0; i < 2; i++) {
      var booking = money.booking(health, "settembre-" + i, rome("2026-09-1" + i + "T09:00"), rome("2026-09-1" + i + "T10:00"), "confirmed", 700);
      money.payment(booking, "welfare_credit", 700, "completed", plan, rome("2026-09-0" + (i + 1) + "T09:00"));
    }
  }

  private static UUID spend(MoneyRows money, UUID service, String person, UUID plan, int day, int cents) {
    String date = String.format("2026-10-%02d", day);
    var booking = money.booking(service, person, rome(date + "T09:00"), rome(date + "T10:00"), "confirmed", cents);
    return money.payment(booking, "welfare_credit", cents, "completed", plan, rome(date + "T08:00"));
  }

  @Test
  void areasOfFewerThanFivePeopleAreMergedIntoAltro() {
    HttpResponse<Buffer> answer = await(http.get("/api/v1/company/credit-use?month=2026-10", hr));
    JsonObject use = ok(answer);
    assertEquals(new JsonArray()
        .add(cell("health", 6, 6_000, 400))
        .add(cell("altro", 5, 6_000 + 2_000, 0)), use.getJsonArray("cells"), use.encodePrettily());
    assertEquals(14_000, use.getLong("spentCents"));
    assertEquals(13_600, use.getLong("netCents"));
    assertFalse(use.getBoolean("suppressed"));
    assertEquals(5, use.getInteger("minPeople"));
    assertFalse(answer.bodyAsString().contains("salute-") || answer.bodyAsString().contains("anziani-"), "no person, not even a number");
  }

  @Test
  void aMonthOfFewerThanFivePeopleShowsNothingAndSaysSo() {
    JsonObject use = ok(await(http.get("/api/v1/company/credit-use?month=2026-09", hr)));
    assertEquals(new JsonArray(), use.getJsonArray("cells"));
    assertEquals(0, use.getLong("spentCents"), "the left-out cell is not in the total either");
    assertTrue(use.getBoolean("suppressed"));
    String csv = await(http.get("/api/v1/company/credit-use/csv?month=2026-09", hr)).bodyAsString("UTF-8");
    assertTrue(csv.contains("\r\nNon mostrato: aree con meno di 5 persone in tutto;;;;\r\n"), csv);
  }

  @Test
  void theCsvIsForItalianExcel() {
    HttpResponse<Buffer> file = await(http.get("/api/v1/company/credit-use/csv?month=2026-10", hr));
    assertEquals(200, file.statusCode(), file.bodyAsString());
    assertEquals("attachment; filename=\"credito-welfare-2026-10.csv\"", file.getHeader("Content-Disposition"));
    String text = file.bodyAsString("UTF-8");
    assertTrue(text.startsWith("\uFEFFArea;Persone;Credito speso (€);Credito rimborsato (€);Netto (€)\r\n"), text);
    assertTrue(text.contains("\r\nSalute e benessere;6;60,00;4,00;56,00\r\n"), text);
    assertTrue(text.contains("\r\nAltro (aree con meno di 5 persone);5;80,00;0,00;80,00\r\n"), text);
    assertTrue(text.contains("\r\nTotale;;140,00;4,00;136,00\r\n"), text);
    assertEquals(422, await(http.get("/api/v1/company/credit-use/csv?month=2026-1", hr)).statusCode());
  }

  private static JsonObject cell(String area, long people, long spent, long refunded) {
    return new JsonObject().put("area", area).put("people", people).put("spentCents", spent)
        .put("refundedCents", refunded).put("netCents", spent - refunded);
  }
}
