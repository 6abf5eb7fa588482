package coop.sportello.booking;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Intake questions (issue 18, flow 4) through HTTP: a home-care service asks who receives it and
 * where, the booking cannot be confirmed without them (and stays held meanwhile), the answers stay
 * with the booking for the person and reach the cooperative that runs the service, and no other.
 */
class IntakeTest extends AppTestBase {

  private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(5);
  private static final JsonArray HOME_CARE_QUESTIONS = new JsonArray()
      .add(new JsonObject().put("kind", "notes").put("required", false))
      .add(new JsonObject().put("kind", "address").put("required", true))
      .add(new JsonObject().put("kind", "beneficiary").put("required", true));
  private static final JsonObject ANSWERS = new JsonObject().put("beneficiary", "  Giuseppe   Rossi ")
      .put("address", "Via Pignolo 12,\n24121 Bergamo").put("notes", "Citofono Rossi.\nSecondo piano, senza ascensore.");

  private CatalogFixture admin;
  private String adminToken;
  private String otherAdmin;
  private String citizen;
  private String operator;
  private String citizenId;
  private String homeCare;
  private List<String> daySlots;

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.casa", "provider_admin"));
    await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "admin.altra", "11111111111"));
    citizenId = await(TestAccounts.create(vertx, app.pool(), "figlia.rossi", "citizen")).toString();
    await(TestAccounts.create(vertx, app.pool(), "operatore.casa", "operator"));
    adminToken = await(http.accessToken("admin.casa"));
    admin = new CatalogFixture(http, adminToken);
    otherAdmin = await(http.accessToken("admin.altra"));
    citizen = await(http.accessToken("figlia.rossi"));
    operator = await(http.accessToken("operatore.casa"));

    JsonObject body = CatalogFixture.serviceBody("elderly", "Assistenza domiciliare con domande",
            "Un operatore a casa per l'igiene e la compagnia.")
        .tariff(2000, "hour").deliveredAt("at_home").audience("elderly").withoutPersonalLimits().json()
        .put("intake", HOME_CARE_QUESTIONS);
    homeCare = admin.createService(body);
    String team = admin.createResource("Squadra domiciliare", "group", 5);
    for (int week = 0; week < 4; week++) {
      HttpResponse<Buffer> rule = admin.ruleOn(homeCare, team, DAY.plusWeeks(week), "09:00", "12:00", 60, 5);
      assertEquals(201, rule.statusCode(), rule.bodyAsString());
    }
    daySlots = admin.availability(homeCare, DAY, DAY).getJsonArray("slots").stream()
        .map(s -> ((JsonObject) s).getString("id")).toList();
    assertEquals(3, daySlots.size());
  }

  private HttpResponse<Buffer> post(String token, String path, JsonObject body) {
    return await(http.post("/api/v1" + path, token, body));
  }

  private HttpResponse<Buffer> get(String token, String path) {
    return await(http.get("/api/v1" + path, token));
  }

  private String hold(String token, String slot, String forPerson) {
    JsonObject body = new JsonObject().put("slotId", slot);
    if (forPerson != null) {
      body.put("forPerson", forPerson);
    }
    HttpResponse<Buffer> held = post(token, "/bookings/holds", body);
    assertEquals(201, held.statusCode(), held.bodyAsString());
    return held.bodyAsJsonObject().getString("id");
  }

  private static void assertProblem(HttpResponse<Buffer> r, int status, String type) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertTrue(r.getHeader("Content-Type").startsWith("application/problem+json"), r.getHeader("Content-Type"));
    assertEquals("/problems/" + type, r.bodyAsJsonObject().getString("type"), r.bodyAsString());
  }

  private static void assertAnswers(JsonObject intake) {
    assertEquals(new JsonObject().put("beneficiary", "Giuseppe Rossi").put("address", "Via Pignolo 12, 24121 Bergamo")
        .put("notes", "Citofono Rossi.\nSecondo piano, senza ascensore."), intake);
  }

  @Test
  void theCooperativeDeclaresTheQuestionsAndEveryScreenReadsThem() {
    JsonArray inOrder = new JsonArray().add(new JsonObject().put("kind", "beneficiary").put("required", true))
        .add(new JsonObject().put("kind", "address").put("required", true))
        .add(new JsonObject().put("kind", "notes").put("required", false));
    assertEquals(inOrder, get(null, "/services/" + homeCare).bodyAsJsonObject().getJsonArray("intake"), "the kinds' fixed order");
    JsonObject hit = get(null, "/services?q=domande").bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(s -> s.getString("id").equals(homeCare)).findFirst().orElseThrow();
    assertEquals(inOrder, hit.getJsonArray("intake"), "search results carry the questions too");

    JsonObject plain = CatalogFixture.serviceBody("education", "Doposcuola senza domande", "Compiti insieme il pomeriggio.").json();
    String other = admin.createService(plain);
    assertEquals(new JsonArray(), get(null, "/services/" + other).bodyAsJsonObject().getJsonArray("intake"), "none by default");
    HttpResponse<Buffer> notesOnly = put("/provider/services/" + other, plain.copy()
        .put("intake", new JsonArray().add(new JsonObject().put("kind", "notes").put("required", false))));
    assertEquals(200, notesOnly.statusCode(), notesOnly.bodyAsString());
    HttpResponse<Buffer> untouched = put("/provider/services/" + other, plain.copy().put("title", "Doposcuola con note"));
    assertEquals(200, untouched.statusCode(), untouched.bodyAsString());
    assertEquals(new JsonArray().add(new JsonObject().put("kind", "notes").put("required", false)),
        untouched.bodyAsJsonObject().getJsonArray("intake"), "a change without intake keeps the questions");
    assertEquals(new JsonArray(), put("/provider/services/" + other, plain.copy().put("intake", new JsonArray()))
        .bodyAsJsonObject().getJsonArray("intake"), "an empty intake asks nothing");

    assertProblem(put("/provider/services/" + other, plain.copy().put("intake", new JsonArray()
        .add(new JsonObject().put("kind", "notes").put("required", false))
        .add(new JsonObject().put("kind", "notes").put("required", true)))), 422, "intake-declaration");
    assertProblem(admin.post("/provider/services", plain.copy().put("intake", new JsonArray()
        .add(new JsonObject().put("kind", "phone").put("required", true)))), 422, "validation");
  }

  private HttpResponse<Buffer> put(String path, JsonObject body) {
    return await(http.client().put("/api/v1" + path).bearerTokenAuthentication(adminToken)
        .putHeader("Idempotency-Key", UUID.randomUUID().toString()).sendJsonObject(body));
  }

  @Test
  void aConfirmationWithoutTheRequiredAnswersIsRefusedAndTheHoldCanStillBeConfirmed() {
    String booking = hold(citizen, daySlots.get(0), null);
    String key = UUID.randomUUID().toString();
    HttpResponse<Buffer> refused = await(http.post("/api/v1/bookings/" + booking + "/confirm", citizen,
        new JsonObject().put("intake", new JsonObject().put("notes", "Citofono Rossi").put("beneficiary", "   ")), key));
    assertProblem(refused, 400, "intake-missing");
    assertEquals(new JsonArray().add("beneficiary").add("address"), refused.bodyAsJsonObject().getJsonArray("missing"));
    assertTrue(refused.bodyAsJsonObject().getString("detail").contains("chi riceve il servizio"));
    assertEquals("held", get(citizen, "/bookings/" + booking).bodyAsJsonObject().getString("status"), "the hold stays held");

    HttpResponse<Buffer> tooLong = post(citizen, "/bookings/" + booking + "/confirm", new JsonObject()
        .put("intake", ANSWERS.copy().put("address", "Via ".repeat(80))));
    assertProblem(tooLong, 422, "intake-invalid");
    assertEquals(new JsonArray().add(new JsonObject().put("field", "address").put("reason", "too-long").put("max", 300)),
        tooLong.bodyAsJsonObject().getJsonArray("invalid"));
    assertProblem(post(citizen, "/bookings/" + booking + "/confirm", new JsonObject().put("intake", ANSWERS.copy().put("phone", "3"))),
        422, "validation");
    assertProblem(post(citizen, "/bookings/" + booking + "/confirm", new JsonObject().put("intake", new JsonObject())),
        400, "intake-missing");
    assertProblem(post(citizen, "/bookings/" + booking + "/confirm", new JsonObject()), 400, "intake-missing");

    // The refusal kept nothing under the key: the same key confirms once the answers are there, and replays.
    JsonObject body = new JsonObject().put("intake", ANSWERS);
    HttpResponse<Buffer> confirmed = await(http.post("/api/v1/bookings/" + booking + "/confirm", citizen, body, key));
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    assertEquals("confirmed", confirmed.bodyAsJsonObject().getString("status"));
    assertAnswers(confirmed.bodyAsJsonObject().getJsonObject("intake"));
    HttpResponse<Buffer> replayed = await(http.post("/api/v1/bookings/" + booking + "/confirm", citizen, body, key));
    assertEquals(confirmed.bodyAsJsonObject(), replayed.bodyAsJsonObject());

    assertAnswers(get(citizen, "/bookings/" + booking).bodyAsJsonObject().getJsonObject("intake"));
    JsonObject listed = get(citizen, "/bookings").bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(b -> b.getString("id").equals(booking)).findFirst().orElseThrow();
    assertAnswers(listed.getJsonObject("intake"));
    assertProblem(get(otherAdmin, "/bookings/" + booking), 404, "not-found");

    // A reschedule keeps the answers with the new booking.
    HttpResponse<Buffer> moved = post(citizen, "/bookings/" + booking + "/reschedule", new JsonObject().put("slotId", daySlots.get(2)));
    assertEquals(200, moved.statusCode(), moved.bodyAsString());
    assertAnswers(moved.bodyAsJsonObject().getJsonObject("intake"));
  }

  @Test
  void postgresqlKeepsTheAnswersTrimmedWithinTheirLengthsAndFreeOfControlCharacters() {
    String booking = hold(citizen, daySlots.get(2), null);
    for (String wrong : List.of("intake_beneficiary = ' Anna'", "intake_beneficiary = ''", "intake_address = E'Via Roma\\n1'",
        "intake_beneficiary = repeat('a', 121)", "intake_notes = E'riga\\u0007'", "intake_notes = E'note\\n'")) {
      Throwable refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> await(app.pool()
          .query("UPDATE bookings SET " + wrong + " WHERE id = '" + booking + "'").execute()), wrong);
      assertTrue(refused.getMessage().contains("check"), wrong + ": " + refused.getMessage());
    }
    await(app.pool().query("UPDATE bookings SET intake_notes = E'riga uno\\n\\triga due', intake_beneficiary = 'Anna Rossi' "
        + "WHERE id = '" + booking + "'").execute());
    assertEquals(new JsonObject().put("beneficiary", "Anna Rossi").put("notes", "riga uno\n\triga due"),
        get(citizen, "/bookings/" + booking).bodyAsJsonObject().getJsonObject("intake"));
  }

  @Test
  void anOperatorConfirmsWithTheAnswersThePersonGivesOnThePhoneAndThePersonSeesThem() {
    String booking = hold(operator, daySlots.get(1), citizenId);
    HttpResponse<Buffer> confirmed = post(operator, "/bookings/" + booking + "/confirm", new JsonObject().put("intake", ANSWERS));
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    assertAnswers(get(citizen, "/bookings/" + booking).bodyAsJsonObject().getJsonObject("intake"));
  }

  @Test
  void aWeeklySeriesNeedsTheAnswersOnceAndEveryDateKeepsThem() {
    JsonObject series = new JsonObject().put("serviceId", homeCare).put("weekdays", new JsonArray().add(DAY.getDayOfWeek().getValue()))
        .put("start", "11:00").put("from", DAY.plusWeeks(1).toString()).put("until", DAY.plusWeeks(3).toString())
        .put("mode", "all_or_nothing");
    HttpResponse<Buffer> refused = post(citizen, "/bookings/recurring", series.copy()
        .put("intake", new JsonObject().put("beneficiary", "Giuseppe Rossi")));
    assertProblem(refused, 400, "intake-missing");
    assertEquals(new JsonArray().add("address"), refused.bodyAsJsonObject().getJsonArray("missing"));
    long live = await(app.pool().query("SELECT count(*) FROM bookings WHERE starts_at > now() + interval '8 days' "
        + "AND status IN ('held', 'confirmed')").execute()).iterator().next().getLong(0);
    assertEquals(0, live, "nothing of the series was kept");

    HttpResponse<Buffer> booked = post(citizen, "/bookings/recurring", series.copy().put("intake", ANSWERS));
    assertEquals(201, booked.statusCode(), booked.bodyAsString());
    JsonArray dates = booked.bodyAsJsonObject().getJsonArray("booked");
    assertEquals(3, dates.size());
    dates.forEach(b -> assertAnswers(((JsonObject) b).getJsonObject("intake")));
  }

  @Test
  void theCooperativeSeesItsBookingsWithTheAnswersAndNoOtherCooperativeDoes() {
    String booking = hold(citizen, daySlots.get(1), null);
    assertEquals(200, post(citizen, "/bookings/" + booking + "/confirm", new JsonObject().put("intake", ANSWERS)).statusCode());

    String window = "/provider/bookings?from=" + DAY + "&to=" + DAY.plusDays(1);
    HttpResponse<Buffer> own = get(adminToken, window);
    assertEquals(200, own.statusCode(), own.bodyAsString());
    JsonObject page = own.bodyAsJsonObject();
    assertEquals(DAY.toString(), page.getString("from"));
    assertEquals(1, page.getInteger("page"));
    JsonObject item = page.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(b -> b.getString("id").equals(booking)).findFirst().orElseThrow();
    assertEquals("Assistenza domiciliare con domande", item.getJsonObject("service").getString("title"));
    assertEquals("Squadra domiciliare", item.getJsonObject("resource").getString("name"));
    assertEquals("Utente figlia.rossi", item.getString("personName"));
    assertEquals("confirmed", item.getString("status"));
    assertEquals(1, item.getInteger("places"));
    assertTrue(item.getString("start").startsWith(DAY + "T10:00:00"), item.getString("start"));
    assertAnswers(item.getJsonObject("intake"));
    assertFalse(item.containsKey("person"), "the person's account id stays with Sportello");
    assertTrue(page.getLong("total") >= page.getJsonArray("items").size());

    JsonObject firstOfOne = get(adminToken, window + "&size=1").bodyAsJsonObject();
    assertEquals(1, firstOfOne.getJsonArray("items").size());
    assertEquals(page.getLong("total"), firstOfOne.getLong("total"));
    JsonObject pastTheEnd = get(adminToken, window + "&page=50&size=200").bodyAsJsonObject();
    assertEquals(0, pastTheEnd.getJsonArray("items").size());
    assertEquals(page.getLong("total"), pastTheEnd.getLong("total"));

    JsonObject others = get(otherAdmin, window).bodyAsJsonObject();
    assertEquals(0, others.getLong("total"), others.encode());
    assertEquals(new JsonArray(), others.getJsonArray("items"));

    assertProblem(get(citizen, window), 403, "forbidden");
    assertProblem(get(adminToken, "/provider/bookings?from=" + DAY), 400, "bad-request");
    assertProblem(get(adminToken, "/provider/bookings?from=" + DAY + "&to=" + DAY.plusDays(63)), 400, "bad-request");
    assertProblem(get(adminToken, "/provider/bookings?from=" + DAY + "&to=" + DAY.minusDays(1)), 400, "bad-request");
    assertProblem(get(adminToken, window + "&size=201"), 400, "bad-request");
    assertEquals(200, get(adminToken, "/provider/bookings?from=" + DAY + "&to=" + DAY.plusDays(62)).statusCode());
  }
}
