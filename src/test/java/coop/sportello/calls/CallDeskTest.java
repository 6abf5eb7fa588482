package coop.sportello.calls;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.chat.ChatPeople;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's desk (issue 18): the screen pop as the console shows it, the caller's upcoming
 * bookings read again after booking for them, and the notes kept with the call.
 */
class CallDeskTest extends AppTestBase {

  private CallCenterFixture center;
  private List<String> slots;

  @Override
  protected JsonObject overrides() {
    return CallCenterFixture.alwaysOpen().mergeIn(ChatPeople.alwaysOpen());
  }

  @BeforeAll
  void fixture() {
    center = new CallCenterFixture(vertx, app.pool(), http, app.port(), "banco");
    LocalDate day = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(5);
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "banco.admin", "provider_admin"));
    slots = new CatalogFixture(http, await(http.accessToken("banco.admin"))).homeCareOn(day).slotsOn(day);
  }

  private void phone(String subject, String e164) {
    await(app.pool().preparedQuery("UPDATE accounts SET phone = $2 WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(subject), e164)));
  }

  private HttpResponse<Buffer> notes(String call, String token, String text, String key) {
    return await(http.post("/api/v1/calls/" + call + "/notes", token, new JsonObject().put("notes", text), key));
  }

  @Test
  void theScreenPopNamesTheMunicipalityShowsTheNumberAndLinksTheOpenChat() {
    ChatPeople.Person caller = new ChatPeople(vertx, app.pool(), http, app.port()).create("banco.dipendente", "employee");
    phone(caller.subject(), "+393470000077");
    String chat = caller.start("health", "it");
    String booking = await(http.post("/api/v1/bookings/holds", caller.token(), new JsonObject().put("slotId", slots.get(0))))
        .bodyAsJsonObject().getString("id");

    center.queue("banco-pop", "longest_idle", new JsonObject());
    CallCenterFixture.Operator olga = center.operator("banco.olga", "banco-pop");
    olga.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject());
    String call = CallCenterFixture.callId();
    center.arrive(call, "banco-pop", "0039 347 000 0077");
    waitFor(() -> !olga.offers().isEmpty(), "the screen pop");

    JsonObject pop = olga.offers().get(0).getJsonObject("caller");
    assertEquals("+393470000077", pop.getString("number"));
    assertEquals("347 000 0077", pop.getString("numberDisplay"));
    JsonObject person = pop.getJsonObject("person");
    assertEquals(caller.subject(), person.getString("id"));
    assertEquals(CatalogFixture.BERGAMO, person.getString("municipality"));
    assertEquals("Bergamo", person.getString("municipalityName"));
    assertEquals("Azienda di prova", person.getJsonObject("company").getString("name"));
    assertEquals(chat, pop.getString("openConversationId"));
    assertEquals(booking, pop.getJsonArray("bookings").getJsonObject(0).getString("id"));
    // The person the pop recognised is kept with the call.
    assertEquals(caller.subject(), String.valueOf(await(app.pool().preparedQuery("SELECT person FROM calls WHERE id = $1")
        .execute(Tuple.of(call))).iterator().next().getValue(0)));
    center.event("call.ended", call, new JsonObject());

    // No phone number (an internal extension): nobody, nothing to show, no chat.
    String withheld = CallCenterFixture.callId();
    center.arrive(withheld, "banco-pop", "201"); // an extension: no number anyone could call back
    waitFor(() -> olga.offers().size() > 1, "the second screen pop");
    JsonObject nobody = olga.offers().get(1).getJsonObject("caller");
    assertNull(nobody.getString("numberDisplay"));
    assertNull(nobody.getString("openConversationId"));
    assertTrue(nobody.getJsonArray("bookings").isEmpty());
    center.event("call.ended", withheld, new JsonObject());
  }

  @Test
  void theOperatorOnTheCallReadsTheCallersBookingsAgainAndKeepsNotesWithTheCall() {
    String person = await(TestAccounts.create(vertx, app.pool(), "banco.signora", "citizen")).toString();
    phone(person, "+393470000078");
    center.queue("banco-note", "longest_idle", new JsonObject());
    CallCenterFixture.Operator piero = center.operator("banco.piero", "banco-note");
    CallCenterFixture.Operator rita = center.operator("banco.rita", "banco-note");
    piero.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject());
    String call = CallCenterFixture.callId();
    center.arrive(call, "banco-note", "+393470000078");
    waitFor(() -> !piero.offers().isEmpty(), "the screen pop");
    String upcoming = "/api/v1/people/" + person + "/upcoming-bookings";
    assertEquals(404, await(http.get(upcoming, piero.token())).statusCode(), "only ringing: not answered yet");
    assertEquals(404, notes(call, piero.token(), "Squilla ancora", UUID.randomUUID().toString()).statusCode());
    piero.ask(CallAddresses.OPERATOR_ANSWER, new JsonObject().put("callId", call));

    // Booking for the caller, then reading their bookings again for the console.
    String held = await(http.post("/api/v1/bookings/holds", piero.token(), new JsonObject().put("slotId", slots.get(1))
        .put("forPerson", person))).bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> again = await(http.get(upcoming, piero.token()));
    assertEquals(200, again.statusCode(), again.bodyAsString());
    assertEquals(person, again.bodyAsJsonObject().getString("personId"));
    assertEquals(held, again.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id"));
    // Another operator, who is on no call with her, reads nothing, as for a person who does not exist.
    HttpResponse<Buffer> notRita = await(http.get(upcoming, rita.token()));
    HttpResponse<Buffer> nobody = await(http.get("/api/v1/people/" + UUID.randomUUID() + "/upcoming-bookings", piero.token()));
    assertEquals(404, notRita.statusCode());
    assertEquals(404, nobody.statusCode());
    assertEquals(nobody.bodyAsJsonObject().getString("detail"), notRita.bodyAsJsonObject().getString("detail"));
    assertEquals(200, await(http.get(upcoming, center.supervisorToken())).statusCode());

    // Notes during the call: kept with it, a retry changes nothing, the supervisor sees them live.
    String key = UUID.randomUUID().toString();
    HttpResponse<Buffer> saved = notes(call, piero.token(), "  Prenotata assistenza del mattino; richiamare per l'ISEE.  ", key);
    assertEquals(200, saved.statusCode(), saved.bodyAsString());
    JsonObject written = saved.bodyAsJsonObject().getJsonObject("notes");
    assertEquals("Prenotata assistenza del mattino; richiamare per l'ISEE.", written.getString("text"));
    assertEquals(piero.subject(), written.getString("by"));
    assertEquals(saved.bodyAsJsonObject(), notes(call, piero.token(),
        "  Prenotata assistenza del mattino; richiamare per l'ISEE.  ", key).bodyAsJsonObject(), "the retry's answer");
    JsonObject live = await(http.get("/api/v1/calls/live", center.supervisorToken())).bodyAsJsonObject().getJsonArray("items")
        .stream().map(JsonObject.class::cast).filter(c -> call.equals(c.getString("callId"))).findFirst().orElseThrow();
    assertEquals(written, live.getJsonObject("notes"));

    // Another operator cannot write notes on a call they did not handle: as for an unknown call.
    HttpResponse<Buffer> byRita = notes(call, rita.token(), "Non è mia", UUID.randomUUID().toString());
    assertEquals(404, byRita.statusCode());
    assertEquals("/problems/call-not-found", byRita.bodyAsJsonObject().getString("type"));
    assertEquals(byRita.bodyAsJsonObject().getString("detail"),
        notes("chiamata-sconosciuta", piero.token(), "?", UUID.randomUUID().toString()).bodyAsJsonObject().getString("detail"));
    assertEquals(422, notes(call, piero.token(), "x".repeat(2001), UUID.randomUUID().toString()).statusCode());
    assertEquals(422, notes(call, piero.token(), "   ", UUID.randomUUID().toString()).statusCode());
    assertEquals(403, notes(call, center.supervisorToken(), "Supervisore", UUID.randomUUID().toString()).statusCode());

    // In wrap-up, after the caller hung up, the notes are completed; the day's history shows them.
    center.event("call.ended", call, new JsonObject());
    assertEquals(200, notes(call, piero.token(), "Richiamare lunedì per l'ISEE.", UUID.randomUUID().toString()).statusCode());
    assertEquals(200, await(http.get(upcoming, piero.token())).statusCode(), "shortly after the call, still");
    JsonObject stored = await(http.get("/api/v1/calls/history", center.supervisorToken())).bodyAsJsonObject()
        .getJsonArray("items").stream().map(JsonObject.class::cast).filter(c -> call.equals(c.getString("callId")))
        .findFirst().orElseThrow();
    assertEquals("Richiamare lunedì per l'ISEE.", stored.getJsonObject("notes").getString("text"));
    assertEquals("ended", stored.getString("status"));
    assertEquals(piero.subject(), stored.getString("operator"));
    assertEquals("Operatore banco.piero", stored.getString("operatorName"));
    assertEquals("Utente banco.signora", stored.getJsonObject("person").getString("name"));
    assertEquals("347 000 0078", stored.getString("fromDisplay"));
    assertEquals(403, await(http.get("/api/v1/calls/history", piero.token())).statusCode());

    // Past calls.afterCallMinutes (30) the caller is no longer the operator's to read about, nor the call to annotate.
    await(app.pool().preparedQuery("UPDATE calls SET ended_at = now() - interval '31 minutes' WHERE id = $1")
        .execute(Tuple.of(call)));
    assertEquals(404, await(http.get(upcoming, piero.token())).statusCode());
    assertEquals(404, notes(call, piero.token(), "Troppo tardi", UUID.randomUUID().toString()).statusCode());
  }
}
