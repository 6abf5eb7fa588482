package coop.sportello.statements;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.companies.CompanyFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.Responses.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cooperative's October 2026, written as the money core writes it (payments, refunds,
 * money_ledger): its payments list, its statement as JSON and as a CSV file for Italian Excel,
 * counted by Europe/Rome month (a payment at 00:30 of 1 November in Rome is November's, one at
 * 00:30 of 1 October is October's); and a company's credit use, with areas of fewer than five
 * people merged into "altro" or left out.
 */
class StatementsTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");

  private MoneyRows money;
  private String admin;
  private UUID adminId;
  private UUID person;
  private String other;
  private String hr;

  private static OffsetDateTime rome(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(ROME).toOffsetDateTime();
  }

  @BeforeAll
  void october() {
    money = new MoneyRows(app.pool());
    CatalogFixture.municipalities(app.pool());
    adminId = await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "rend.admin", "31313131313"));
    await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "rend.altro", "32323232323"));
    person = await(TestAccounts.create(vertx, app.pool(), "rend.persona", "employee"));
    admin = await(http.accessToken("rend.admin"));
    other = await(http.accessToken("rend.altro"));
    CompanyFixture company = CompanyFixture.create(vertx, app.pool(), http, "rend.hr", "33333333333");
    hr = company.hr;
    UUID plan = money.plan(company.companyId);

    UUID provider = money.providerOf(adminId);
    money.fee(provider, 250);
    UUID service = money.service(provider, "health", "Fisioterapia a domicilio");
    String who = person.toString();
    // Card 30,00 € (fee 0,75 €) and card 10,20 € (fee 0,255 €: half a cent rounds up to 0,26 €).
    var b1 = money.booking(service, who, rome("2026-10-10T09:00"), rome("2026-10-10T10:00"), "confirmed", 3_000);
    money.payment(b1, "card", 3_000, "completed", null, rome("2026-10-05T12:00"));
    var b2 = money.booking(service, who, rome("2026-10-20T09:00"), rome("2026-10-20T10:00"), "confirmed", 1_020);
    money.payment(b2, "card", 1_020, "completed", null, rome("2026-10-12T12:00"));
    // Ends at 23:30 of 31 October in Rome (22:30 UTC): delivered in October. Credit paid at 00:30 of 1 October in Rome.
    var b3 = money.booking(service, who, rome("2026-10-31T22:00"), rome("2026-10-31T23:30"), "confirmed", 1_500);
    money.payment(b3, "welfare_credit", 1_000, "completed", plan, rome("2026-10-01T00:30"));
    money.payment(b3, "at_provider", 500, "due", null, rome("2026-10-01T00:30"));
    // Paid by card, then cancelled and refunded in full: received and refunded, not delivered; the fee stays.
    var b4 = money.booking(service, who, rome("2026-10-15T09:00"), rome("2026-10-15T10:00"), "cancelled", 2_000);
    UUID refunded = money.payment(b4, "card", 2_000, "completed", null, rome("2026-10-02T12:00"));
    money.refund(refunded, 2_000, rome("2026-10-14T18:00"));
    // November's, in Rome (23:30 UTC of 31 October): neither its booking nor its money count in October.
    var b5 = money.booking(service, who, rome("2026-11-01T00:30"), rome("2026-11-01T01:30"), "confirmed", 4_000);
    money.payment(b5, "at_provider", 4_000, "completed", null, rome("2026-11-01T00:30"));
    // September's: paid at 23:30 of 30 September in Rome.
    var b6 = money.booking(service, who, rome("2026-09-30T22:00"), rome("2026-09-30T23:00"), "confirmed", 900);
    money.payment(b6, "card", 900, "completed", null, rome("2026-09-30T23:30"));
  }

  @Test
  void theStatementCountsTheRomeMonthByChannelWithTheFeeRoundedPerPayment() {
    JsonObject s = ok(await(http.get("/api/v1/provider/statements/2026-10", admin)));
    assertEquals("2026-10", s.getString("month"));
    assertEquals(new JsonObject().put("bookings", 3).put("cents", 5_520), s.getJsonObject("delivered"), s.encodePrettily());
    assertEquals(channels(1_000, 0, 6_020, 0), cents(s.getJsonArray("received")));
    assertEquals(List.of(1L, 0L, 3L, 0L), movements(s.getJsonArray("received")));
    assertEquals(7_020, s.getLong("receivedCents"));
    assertEquals(channels(0, 0, 2_000, 0), cents(s.getJsonArray("refunded")));
    assertEquals(2_000, s.getLong("refundedCents"));
    assertEquals(250, s.getJsonObject("platformFee").getInteger("bps"));
    assertEquals(75 + 26 + 50, s.getJsonObject("platformFee").getLong("cents"), "per payment, half up: 0,75 + 0,26 + 0,50");
    assertTrue(s.getJsonObject("platformFee").getJsonObject("rule").getString("it").contains("arrotondato"));
    assertEquals(7_020 - 2_000 - 151, s.getLong("netCents"));

    JsonObject november = ok(await(http.get("/api/v1/provider/statements/2026-11", admin)));
    assertEquals(channels(0, 0, 0, 4_000), cents(november.getJsonArray("received")), "paid at 00:30 of 1 November in Rome");
    JsonObject september = ok(await(http.get("/api/v1/provider/statements/2026-09", admin)));
    assertEquals(channels(0, 0, 900, 0), cents(september.getJsonArray("received")), "paid at 23:30 of 30 September in Rome");
    assertEquals(23, september.getJsonObject("platformFee").getLong("cents"), "9,00 € at 2,5% = 0,225 €: 0,23 €");

    JsonObject theirs = ok(await(http.get("/api/v1/provider/statements/2026-10", other)));
    assertEquals(0, theirs.getLong("receivedCents"), "another cooperative sees only its own money");
    assertEquals(0, theirs.getJsonObject("delivered").getLong("bookings"));
  }

  @Test
  void theStatementCsvIsForItalianExcel() {
    HttpResponse<Buffer> file = await(http.get("/api/v1/provider/statements/2026-10/csv", admin));
    assertEquals(200, file.statusCode(), file.bodyAsString());
    assertTrue(file.getHeader("Content-Type").startsWith("text/csv"), file.getHeader("Content-Type"));
    assertEquals("attachment; filename=\"rendiconto-2026-10.csv\"", file.getHeader("Content-Disposition"));
    String text = file.bodyAsString("UTF-8");
    assertTrue(text.startsWith("\uFEFFVoce;Canale;Movimenti;Importo (€)\r\n"), text);
    assertTrue(text.contains("\r\nPrenotazioni svolte nel mese;;3;55,20\r\n"), text);
    assertTrue(text.contains("\r\nIncassato;Credito welfare;1;10,00\r\n"), text);
    assertTrue(text.contains("\r\nIncassato;Carta;3;60,20\r\n"), text);
    assertTrue(text.contains("\r\nRimborsato;Carta;1;20,00\r\n"), text);
    assertTrue(text.contains("(2,5% dei pagamenti con carta);Carta;;1,51\r\n"), text);
    assertTrue(text.contains(";;;48,69\r\n"), text);
  }

  @Test
  void thePaymentsListShowsTheMonthsBookingsPaymentsAndLogsTheRead() {
    long readsBefore = reads();
    JsonObject page = ok(await(http.get("/api/v1/provider/payments?month=2026-10", admin)));
    JsonArray items = page.getJsonArray("items");
    assertEquals(5, page.getLong("total"), page.encodePrettily());
    assertEquals(5, items.size());
    assertEquals(500, page.getLong("dueCents"));
    assertEquals(3_000 + 1_020 + 1_000, page.getLong("completedCents"), "completed, net of refunds");
    JsonObject due = items.stream().map(JsonObject.class::cast).filter(i -> i.getString("state").equals("due")).findFirst().orElseThrow();
    assertEquals("at_provider", due.getString("method"));
    assertEquals(500, due.getInteger("amountCents"));
    assertEquals("Fisioterapia a domicilio", due.getJsonObject("service").getString("title"));
    assertEquals("Utente rend.persona", due.getString("personName"));
    assertTrue(due.getString("start").startsWith("2026-10-31T22:00"), due.getString("start"));
    JsonObject refunded = items.stream().map(JsonObject.class::cast).filter(i -> i.getInteger("refundedCents") > 0).findFirst().orElseThrow();
    assertEquals("cancelled", refunded.getString("bookingStatus"));
    assertEquals(2_000, refunded.getInteger("refundedCents"));
    assertEquals(readsBefore + 1, reads(), "the person on the page is in the read log, as in the bookings list");

    assertEquals(0, ok(await(http.get("/api/v1/provider/payments?month=2026-10", other))).getJsonArray("items").size(),
        "another cooperative sees none of them");
    assertEquals(1, ok(await(http.get("/api/v1/provider/payments?month=2026-10&page=2&size=4", admin))).getJsonArray("items").size());
  }

  @Test
  void aWrongMonthOrRoleIsAClearRefusal() {
    for (String path : List.of("/api/v1/provider/statements/2026-13", "/api/v1/provider/statements/ottobre",
        "/api/v1/provider/statements/2026-13/csv", "/api/v1/provider/payments", "/api/v1/provider/payments?month=26-10")) {
      HttpResponse<Buffer> refused = await(http.get(path, admin));
      assertEquals(422, refused.statusCode(), path + ": " + refused.bodyAsString());
      assertEquals("application/problem+json", refused.getHeader("Content-Type"));
      assertTrue(refused.bodyAsJsonObject().getString("detail").contains("AAAA-MM"), refused.bodyAsString());
    }
    assertEquals(400, await(http.get("/api/v1/provider/payments?month=2026-10&size=500", admin)).statusCode());
    assertEquals(403, await(http.get("/api/v1/provider/statements/2026-10", hr)).statusCode());
    assertEquals(403, await(http.get("/api/v1/company/credit-use?month=2026-10", admin)).statusCode());
    assertEquals(401, await(http.get("/api/v1/provider/statements/2026-10", null)).statusCode());
  }

  private long reads() {
    return await(app.pool().preparedQuery("""
            SELECT count(*) FROM personal_data_reads WHERE person = $1 AND reader = $2 AND what = 'provider-bookings'""")
        .execute(Tuple.of(person, adminId.toString()))).iterator().next().getLong(0);
  }

  private static List<Long> channels(long credit, long voucher, long card, long atProvider) {
    return List.of(credit, voucher, card, atProvider);
  }

  private static List<Long> cents(JsonArray channels) {
    assertEquals(List.of("welfare_credit", "voucher", "card", "at_provider"),
        channels.stream().map(c -> ((JsonObject) c).getString("channel")).toList());
    return channels.stream().map(c -> ((JsonObject) c).getLong("cents")).toList();
  }

  private static List<Long> movements(JsonArray channels) {
    return channels.stream().map(c -> ((JsonObject) c).getLong("movements")).toList();
  }
}
