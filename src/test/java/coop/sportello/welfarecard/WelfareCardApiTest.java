package coop.sportello.welfarecard;

import coop.sportello.testing.AppTestBase;
import coop.sportello.welfarecard.WelfareCardFixture.Employee;
import coop.sportello.welfarecard.domain.CardNumber;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static coop.sportello.welfarecard.WelfareCardFixture.fixed;
import static coop.sportello.welfarecard.WelfareCardFixture.ids;
import static coop.sportello.welfarecard.WelfareCardFixture.percent;
import static coop.sportello.welfarecard.WelfareCardFixture.terms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Welfare Card through HTTP: the supervisor's agreements (idempotent, refused to anyone else),
 * cards issued to all employees or on request (one per person however many ask at once), the
 * holder's card with its package and QR code, the provider's check by number or QR code (the same
 * shape for unknown and malformed numbers, never the person), and revocation when the holder
 * leaves or their company leaves the agreement.
 */
class WelfareCardApiTest extends AppTestBase {

  private WelfareCardFixture f;
  private UUID hourly;
  private UUID session;
  private UUID elsewhere;

  @BeforeAll
  void setUp() {
    f = new WelfareCardFixture(vertx, app, http, "wcapi");
    hourly = f.service("Baby sitter a ore", 2100, "hour");
    session = f.service("Stireria aziendale", 5000, "session");
    elsewhere = f.serviceOfAnotherCooperative("Fisioterapia", 4000, "55555555555");
  }

  @Test
  void theSupervisorMakesAnAgreementAndItsCardsAndTheEmployeeSeesTheDiscountedPackage() {
    UUID acme = f.company("Acme Modena", "11111111119");
    Employee anna = f.employee("wcapi.anna", "Anna Ferri", acme, "FRRNNA80A41F257X");
    Employee bruno = f.employee("wcapi.bruno", "Bruno Sala", acme, "SLABRN75M12F257Y");
    JsonObject body = terms("Welfare Card Modena " + UUID.randomUUID(), ids(acme),
        percent(hourly, 15), fixed(session, 3000), percent(elsewhere, 10));

    HttpResponse<Buffer> first = await(http.post("/api/v1/welfare-card-agreements", f.supervisor, body, "wcapi-create-1"));
    assertEquals(201, first.statusCode(), first.bodyAsString());
    HttpResponse<Buffer> again = await(http.post("/api/v1/welfare-card-agreements", f.supervisor, body, "wcapi-create-1"));
    assertEquals(201, again.statusCode());
    assertEquals(first.bodyAsJsonObject(), again.bodyAsJsonObject(), "a retry gets the first answer, no second agreement");
    HttpResponse<Buffer> sameName = await(http.post("/api/v1/welfare-card-agreements", f.supervisor, body));
    assertEquals(409, sameName.statusCode(), sameName.bodyAsString());
    assertTrue(sameName.bodyAsJsonObject().getString("type").endsWith("agreement-exists"));
    assertEquals(403, await(http.post("/api/v1/welfare-card-agreements", f.provider, body)).statusCode());
    assertEquals(403, await(http.post("/api/v1/welfare-card-agreements", anna.token(), body)).statusCode());

    UUID agreement = UUID.fromString(first.bodyAsJsonObject().getString("id"));
    assertEquals(404, f.myCard(anna).statusCode(), "no card before it is issued");
    assertTrue(f.myCard(anna).bodyAsJsonObject().getBoolean("canRequest"));
    assertEquals(2, f.issue(agreement));
    assertEquals(0, f.issue(agreement), "issuing again makes no second card");

    HttpResponse<Buffer> mine = f.myCard(anna);
    assertEquals(200, mine.statusCode(), mine.bodyAsString());
    assertEquals("no-store", mine.getHeader("Cache-Control"));
    JsonObject card = mine.bodyAsJsonObject();
    assertTrue(CardNumber.parse(card.getString("number")).isPresent(), card.encode());
    assertEquals(CardNumber.display(card.getString("number")), card.getString("display"));
    assertEquals("valid", card.getString("status"));
    assertEquals("Acme Modena", card.getString("company"));
    assertEquals(agreement.toString(), card.getJsonObject("agreement").getString("id"));
    assertTrue(card.getJsonObject("qr").getString("svg").contains("<svg"), "the QR code comes as SVG");
    JsonArray services = card.getJsonArray("services");
    assertEquals(3, services.size());
    assertEquals(1785, priceOf(services, hourly), "21,00 € an hour less 15%");
    assertEquals(3000, priceOf(services, session), "the agreed fixed price");
    assertEquals(3600, priceOf(services, elsewhere));
    assertNotEquals(card.getString("number"), f.myCard(bruno).bodyAsJsonObject().getString("number"));

    JsonArray listed = await(http.get("/api/v1/welfare-card-agreements", f.supervisor)).bodyAsJsonObject().getJsonArray("items");
    JsonObject shown = listed.stream().map(JsonObject.class::cast)
        .filter(a -> a.getString("id").equals(agreement.toString())).findFirst().orElseThrow();
    assertEquals(2, shown.getInteger("liveCards"));
    assertEquals(3, shown.getJsonArray("services").size());
  }

  @Test
  void anEmployeeAsksForTheirCardOnceHoweverManyTimesAndOnlyWhenTheirCompanyTakesPart() {
    UUID member = f.company("Officine Emiliane", "22222222228");
    UUID outsider = f.company("Non Aderente S.r.l.", "33333333337");
    Employee carla = f.employee("wcapi.carla", "Carla Dini", member, "DNICRL82R50F257Z");
    Employee dario = f.employee("wcapi.dario", "Dario Lenzi", outsider, "LNZDRA79S01F257W");
    f.agreement(terms("Accordo Officine " + UUID.randomUUID(), ids(member), percent(hourly, 20)));

    HttpResponse<Buffer> none = f.myCard(dario);
    assertEquals(404, none.statusCode());
    assertFalse(none.bodyAsJsonObject().getBoolean("canRequest"));
    assertEquals(404, await(http.post("/api/v1/me/welfare-card", dario.token(), new JsonObject())).statusCode());

    // Ten requests at once, each with its own key: one card.
    List<Future<HttpResponse<Buffer>>> asks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      asks.add(http.post("/api/v1/me/welfare-card", carla.token(), new JsonObject()));
    }
    await(Future.join(asks));
    long created = asks.stream().filter(a -> a.result().statusCode() == 201).count();
    assertEquals(1, created, "one request makes the card, the others get it");
    assertTrue(asks.stream().allMatch(a -> a.result().statusCode() == 201 || a.result().statusCode() == 200));
    assertEquals(1L, liveCards(carla.id()));
    assertEquals(f.myCard(carla).bodyAsJsonObject().getString("number"),
        asks.get(0).result().bodyAsJsonObject().getString("number"));
  }

  @Test
  void aProviderLearnsTheCardsStateCompanyAndAgreementButNeverThePerson() {
    UUID coop = f.company("Ceramiche Sassuolo", "44444444446");
    Employee elena = f.employee("wcapi.elena", "Elena Rota", coop, "RTOLNE94B68F257V");
    UUID agreement = f.agreement(terms("Accordo Ceramiche " + UUID.randomUUID(), ids(coop),
        percent(hourly, 15), percent(elsewhere, 10)));
    f.issue(agreement);
    JsonObject card = f.myCard(elena).bodyAsJsonObject();
    String number = card.getString("number");

    JsonObject byNumber = f.verify(f.provider, number).bodyAsJsonObject();
    assertEquals("valid", byNumber.getString("status"), byNumber.encode());
    assertEquals("Ceramiche Sassuolo", byNumber.getString("company"));
    assertEquals(agreement.toString(), byNumber.getJsonObject("agreement").getString("id"));
    assertEquals(1, byNumber.getJsonArray("services").size(), "only this provider's services of the package");
    assertEquals(hourly.toString(), byNumber.getJsonArray("services").getJsonObject(0).getString("id"));
    String text = byNumber.encode();
    assertFalse(text.contains("Elena") || text.contains("Rota") || text.contains(elena.id().toString())
        || text.contains("RTOLNE"), "nothing about the person: " + text);

    JsonObject byQr = f.verify(f.provider, card.getJsonObject("qr").getString("payload")).bodyAsJsonObject();
    assertEquals(byNumber, byQr, "the QR code's token checks the same card");

    String typo = number.substring(0, 11) + (char) ('0' + (number.charAt(11) - '0' + 1) % 10);
    String forged = card.getJsonObject("qr").getString("payload").replace(number, otherNumber(number));
    String nobodys = otherNumber(number);
    for (String presented : List.of(typo, "abc", "1", nobodys, forged, "welfare-card.x.y.z")) {
      HttpResponse<Buffer> answer = f.verify(f.provider, presented);
      assertEquals(200, answer.statusCode(), presented + ": " + answer.bodyAsString());
      JsonObject unknown = answer.bodyAsJsonObject();
      assertEquals("unknown", unknown.getString("status"), presented);
      assertEquals(byNumber.fieldNames(), unknown.fieldNames(), "the same shape for " + presented);
      assertTrue(unknown.getJsonArray("services").isEmpty());
    }

    assertEquals(403, f.verify(elena.token(), number).statusCode(), "only provider staff check cards");
    assertEquals(403, f.verify(f.supervisor, number).statusCode());
    assertEquals(0L, count("SELECT count(*) FROM personal_data_reads WHERE person = $1", elena.id()),
        "the answer names nobody, so there is no read to log");
  }

  @Test
  void aCardIsRevokedWhenItsHolderLeavesOrTheirCompanyLeavesTheAgreement() {
    UUID one = f.company("Latteria Carpi", "66666666664");
    UUID two = f.company("Tessiture Carpi", "77777777772");
    Employee fabio = f.employee("wcapi.fabio", "Fabio Neri", one, "NREFBA80A01F257U");
    Employee gina = f.employee("wcapi.gina", "Gina Verdi", two, "VRDGNI85C41F257T");
    Employee ugo = f.employee("wcapi.ugo", "Ugo Bassi", two, "BSSUGO70C01F257S");
    String name = "Accordo Carpi " + UUID.randomUUID();
    UUID agreement = f.agreement(terms(name, ids(one, two), percent(hourly, 15)));
    assertEquals(3, f.issue(agreement));
    String fabios = f.myCard(fabio).bodyAsJsonObject().getString("number");
    String ginas = f.myCard(gina).bodyAsJsonObject().getString("number");

    await(app.pool().preparedQuery("UPDATE employees SET left_on = current_date WHERE account_id = $1").execute(Tuple.of(fabio.id())));
    assertEquals("revoked", f.verify(f.provider, fabios).bodyAsJsonObject().getString("status"));
    assertEquals(404, f.myCard(fabio).statusCode());

    HttpResponse<Buffer> changed = await(http.put("/api/v1/welfare-card-agreements/" + agreement, f.supervisor,
        terms(name, ids(one), percent(hourly, 15))));
    assertEquals(200, changed.statusCode(), changed.bodyAsString());
    assertEquals("revoked", f.verify(f.provider, ginas).bodyAsJsonObject().getString("status"));
    assertEquals(0L, liveCards(ugo.id()));
    assertEquals(0, f.issue(agreement), "nobody of a company that left gets a new card");
    assertEquals(404, await(http.put("/api/v1/welfare-card-agreements/" + UUID.randomUUID(), f.supervisor,
        terms(name, ids(one), percent(hourly, 15)))).statusCode());
  }

  @Test
  void badAgreementsAreRefusedWithClearProblems() {
    JsonObject reversed = terms("Accordo al contrario", ids(f.companyId), percent(hourly, 10))
        .put("validUntil", WelfareCardFixture.TODAY.minusDays(1).toString());
    assertProblem(422, "invalid-agreement", reversed);
    assertProblem(422, "unknown-company", terms("Accordo senza azienda", ids(UUID.randomUUID()), percent(hourly, 10)));
    assertProblem(422, "unknown-service", terms("Accordo senza servizio", ids(f.companyId), percent(UUID.randomUUID(), 10)));
    assertProblem(422, "invalid-discount", terms("Accordo troppo generoso", ids(f.companyId), percent(hourly, 101)));
    assertProblem(422, "invalid-discount", terms("Accordo senza sconto", ids(f.companyId), percent(hourly, 0)));
    assertProblem(422, "invalid-agreement", terms("Accordo doppio", ids(f.companyId), percent(hourly, 10), fixed(hourly, 100)));
    assertProblem(422, "validation", terms("Accordo vuoto", ids(f.companyId)));
    assertProblem(422, "validation", terms("Accordo strano", new JsonArray().add("non-un-id"), percent(hourly, 10)));
  }

  private void assertProblem(int status, String type, JsonObject body) {
    HttpResponse<Buffer> answer = await(http.post("/api/v1/welfare-card-agreements", f.supervisor, body));
    assertEquals(status, answer.statusCode(), answer.bodyAsString());
    assertEquals("application/problem+json", answer.getHeader("Content-Type"));
    assertTrue(answer.bodyAsJsonObject().getString("type").endsWith(type), answer.bodyAsString());
  }

  private static int priceOf(JsonArray services, UUID service) {
    return services.stream().map(JsonObject.class::cast).filter(s -> s.getString("id").equals(service.toString()))
        .findFirst().orElseThrow().getInteger("priceCents");
  }

  /** A valid number that differs from {@code number}. */
  private static String otherNumber(String number) {
    String body = number.substring(0, 10) + (char) ('0' + (number.charAt(10) - '0' + 1) % 10);
    return body + CardNumber.checkDigit(body);
  }

  private long liveCards(UUID account) {
    return count("SELECT count(*) FROM welfare_cards WHERE account_id = $1 AND revoked_at IS NULL", account);
  }

  private long count(String sql, UUID id) {
    return await(app.pool().preparedQuery(sql).execute(Tuple.of(id))).iterator().next().getLong(0);
  }
}
