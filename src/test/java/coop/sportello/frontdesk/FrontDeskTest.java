package coop.sportello.frontdesk;

import coop.sportello.calls.CallAddresses;
import coop.sportello.calls.CallCenterFixture;
import coop.sportello.catalog.CatalogFixture;
import coop.sportello.chat.ChatAddresses;
import coop.sportello.chat.ChatPeople;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The front desk's outcomes (issue 23, part 6): an operator records a call's topic and outcome,
 * a welfare manager a conversation's, the booking made during the contact suggested and checked,
 * a recording replaced, a retry answered the same, someone else's contact refused as an unknown
 * one; and the supervisor's counts.
 */
class FrontDeskTest extends AppTestBase {

  private CallCenterFixture center;
  private ChatPeople people;
  private List<String> slots;

  @Override
  protected JsonObject overrides() {
    return CallCenterFixture.alwaysOpen().mergeIn(ChatPeople.alwaysOpen());
  }

  @BeforeAll
  void fixture() {
    center = new CallCenterFixture(vertx, app.pool(), http, app.port(), "esiti");
    people = new ChatPeople(vertx, app.pool(), http, app.port());
    LocalDate day = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(4);
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "esiti.admin", "provider_admin"));
    slots = new CatalogFixture(http, await(http.accessToken("esiti.admin"))).homeCareOn(day).slotsOn(day);
  }

  private HttpResponse<Buffer> record(String path, String token, JsonObject body, String key) {
    return await(http.client().put(path).bearerTokenAuthentication(token).putHeader("Idempotency-Key", key)
        .sendJsonObject(body));
  }

  private HttpResponse<Buffer> record(String path, String token, JsonObject body) {
    return record(path, token, body, UUID.randomUUID().toString());
  }

  /** A confirmed booking made by {@code token}'s holder, for {@code person} unless null. */
  private String book(String token, String person, String slot) {
    JsonObject hold = new JsonObject().put("slotId", slot);
    HttpResponse<Buffer> held = await(http.post("/api/v1/bookings/holds", token, person == null ? hold : hold.put("forPerson", person)));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    String id = held.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> confirmed = await(http.post("/api/v1/bookings/" + id + "/confirm", token, new JsonObject()));
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    return id;
  }

  private List<Row> stored(String channel, String contact) {
    List<Row> rows = new ArrayList<>();
    await(app.pool().preparedQuery("SELECT * FROM contact_outcomes WHERE channel = $1 AND contact_id = $2")
        .execute(Tuple.of(channel, contact))).forEach(rows::add);
    return rows;
  }

  @Test
  void theOperatorRecordsTheCallsOutcomeWithTheBookingMadeDuringIt() {
    String person = await(TestAccounts.create(vertx, app.pool(), "esiti.signora", "citizen")).toString();
    await(app.pool().preparedQuery("UPDATE accounts SET phone = '+393470000091' WHERE id = $1").execute(Tuple.of(UUID.fromString(person))));
    String ownBooking = book(await(http.accessToken("esiti.signora")), null, slots.get(1));
    center.queue("esiti-tel", "longest_idle", new JsonObject().put("wrapUpSeconds", 60));
    CallCenterFixture.Operator anna = center.operator("esiti.anna", "esiti-tel");
    CallCenterFixture.Operator bruno = center.operator("esiti.bruno", "esiti-tel");
    anna.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject());
    String call = CallCenterFixture.callId();
    String outcome = "/api/v1/calls/" + call + "/outcome";
    center.arrive(call, "esiti-tel", "+393470000091");
    waitFor(() -> !anna.offers().isEmpty(), "the offer");
    assertEquals(404, await(http.get(outcome, anna.token())).statusCode(), "ringing, not answered yet");
    anna.ask(CallAddresses.OPERATOR_ANSWER, new JsonObject().put("callId", call));
    String booked = book(anna.token(), person, slots.get(0));
    center.event("call.ended", call, new JsonObject());

    // The form after the call: nothing recorded yet, the booking made during it suggested (not the caller's own).
    HttpResponse<Buffer> form = await(http.get(outcome, anna.token()));
    assertEquals(200, form.statusCode(), form.bodyAsString());
    JsonObject f = form.bodyAsJsonObject();
    assertNull(f.getJsonObject("recorded"));
    assertEquals(new JsonObject().put("outcome", "booking").put("bookingId", booked), f.getJsonObject("suggestion"));
    assertEquals(1, f.getJsonArray("bookings").size(), f.encode());
    assertTrue(f.getJsonArray("bookings").getJsonObject(0).getString("serviceTitle").length() > 0);

    // Recorded; a retry with the same key gets the same answer and changes nothing.
    String key = UUID.randomUUID().toString();
    JsonObject body = new JsonObject().put("topic", "elderly").put("outcome", "booking").put("bookingId", booked);
    HttpResponse<Buffer> saved = record(outcome, anna.token(), body, key);
    assertEquals(200, saved.statusCode(), saved.bodyAsString());
    JsonObject first = saved.bodyAsJsonObject();
    assertEquals("call", first.getString("channel"));
    assertEquals(call, first.getString("contactId"));
    assertEquals(booked, first.getString("bookingId"));
    assertEquals(anna.subject(), first.getString("recordedBy"));
    assertEquals(first, record(outcome, anna.token(), body, key).bodyAsJsonObject(), "the retry's answer");
    List<Row> rows = stored("call", call);
    assertEquals(1, rows.size());
    assertEquals(await(app.pool().preparedQuery("SELECT arrived_at FROM calls WHERE id = $1").execute(Tuple.of(call)))
        .iterator().next().getOffsetDateTime(0).toInstant(), rows.get(0).getOffsetDateTime("contact_at").toInstant());
    assertEquals(first, await(http.get(outcome, anna.token())).bodyAsJsonObject().getJsonObject("recorded"));

    // A second recording replaces the first.
    HttpResponse<Buffer> again = record(outcome, anna.token(), new JsonObject().put("topic", "health").put("outcome", "callback"));
    assertEquals(200, again.statusCode(), again.bodyAsString());
    rows = stored("call", call);
    assertEquals(1, rows.size());
    assertEquals("health", rows.get(0).getString("topic"));
    assertEquals("callback", rows.get(0).getString("outcome"));
    assertNull(rows.get(0).getUUID("booking_id"));

    // Never a booking the client names blindly: the caller's own booking, or one with another outcome.
    HttpResponse<Buffer> notDuring = record(outcome, anna.token(), body.copy().put("bookingId", ownBooking));
    assertEquals(422, notDuring.statusCode(), notDuring.bodyAsString());
    assertEquals("/problems/booking-not-made-during-contact", notDuring.bodyAsJsonObject().getString("type"));
    assertEquals(422, record(outcome, anna.token(), body.copy().put("outcome", "information")).statusCode());
    // A topic that is no area: 400 as problem+json. An outcome that is none: 422 from the schema.
    HttpResponse<Buffer> badTopic = record(outcome, anna.token(), body.copy().put("topic", "astrologia"));
    assertEquals(400, badTopic.statusCode());
    assertTrue(badTopic.getHeader("Content-Type").startsWith("application/problem+json"), badTopic.getHeader("Content-Type"));
    assertEquals("/problems/unknown-topic", badTopic.bodyAsJsonObject().getString("type"));
    assertEquals(422, record(outcome, anna.token(), body.copy().put("outcome", "forse")).statusCode());
    assertEquals("callback", stored("call", call).get(0).getString("outcome"), "nothing refused was kept");

    // Another operator's call is refused exactly as an unknown one; a supervisor may record it.
    HttpResponse<Buffer> byBruno = record(outcome, bruno.token(), body);
    HttpResponse<Buffer> unknown = record("/api/v1/calls/chiamata-sconosciuta/outcome", anna.token(), body);
    assertEquals(404, byBruno.statusCode());
    assertEquals(404, unknown.statusCode());
    assertEquals(unknown.bodyAsJsonObject().getString("detail"), byBruno.bodyAsJsonObject().getString("detail"));
    assertEquals("/problems/contact-not-found", byBruno.bodyAsJsonObject().getString("type"));
    assertEquals(404, await(http.get(outcome, bruno.token())).statusCode());
    HttpResponse<Buffer> bySupervisor = record(outcome, center.supervisorToken(), body);
    assertEquals(200, bySupervisor.statusCode(), bySupervisor.bodyAsString());
    assertEquals(booked, bySupervisor.bodyAsJsonObject().getString("bookingId"), "the operator's booking, checked for the supervisor");
    assertEquals(403, record(outcome, await(http.accessToken("esiti.signora")), body).statusCode());
  }

  @Test
  void theManagerRecordsTheClosedConversationsOutcomeWithItsTopicByDefault() {
    ChatPeople.Person citizen = people.create("esiti.dipendente", "employee");
    ChatPeople.Person manager = people.manager("esiti.manager", "fr");
    ChatPeople.Person other = people.manager("esiti.altro", "es");
    String conversation = citizen.start("childhood", "fr");
    manager.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
    waitFor(() -> manager.events(conversation).stream().anyMatch(e -> "offered".equals(e.getString("kind"))), "the offer");
    String outcome = "/api/v1/chat/conversations/" + conversation + "/outcome";
    assertEquals(404, await(http.get(outcome, manager.token())).statusCode(), "offered, not accepted yet");
    manager.command(ChatAddresses.ACCEPT, conversation);
    String booked = book(manager.token(), citizen.subject(), slots.get(1));
    manager.command(ChatAddresses.CLOSE, conversation);

    JsonObject form = await(http.get(outcome, manager.token())).bodyAsJsonObject();
    assertEquals("childhood", form.getString("topic"));
    assertEquals(booked, form.getJsonObject("suggestion").getString("bookingId"));

    HttpResponse<Buffer> saved = record(outcome, manager.token(), new JsonObject().put("outcome", "booking").put("bookingId", booked));
    assertEquals(200, saved.statusCode(), saved.bodyAsString());
    assertEquals("childhood", saved.bodyAsJsonObject().getString("topic"), "the conversation's topic");
    List<Row> rows = stored("chat", conversation);
    assertEquals(1, rows.size());
    assertEquals(UUID.fromString(booked), rows.get(0).getUUID("booking_id"));
    assertEquals(await(app.pool().preparedQuery("SELECT queued_at FROM chat_conversations WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(conversation)))).iterator().next().getOffsetDateTime(0).toInstant(),
        rows.get(0).getOffsetDateTime("contact_at").toInstant());
    HttpResponse<Buffer> replaced = record(outcome, manager.token(), new JsonObject().put("outcome", "information").put("topic", "education"));
    assertEquals(200, replaced.statusCode(), replaced.bodyAsString());
    assertEquals("education", stored("chat", conversation).get(0).getString("topic"));

    HttpResponse<Buffer> byOther = record(outcome, other.token(), new JsonObject().put("outcome", "other"));
    HttpResponse<Buffer> unknown = record("/api/v1/chat/conversations/" + UUID.randomUUID() + "/outcome", manager.token(),
        new JsonObject().put("outcome", "other"));
    assertEquals(404, byOther.statusCode());
    assertEquals(unknown.bodyAsJsonObject().getString("detail"), byOther.bodyAsJsonObject().getString("detail"));
    assertEquals("/problems/contact-not-found", byOther.bodyAsJsonObject().getString("type"));
    assertEquals(403, record(outcome, citizen.token(), new JsonObject().put("outcome", "other")).statusCode());
    assertEquals("information", stored("chat", conversation).get(0).getString("outcome"));
  }

  @Test
  void theSupervisorCountsContactsByChannelTopicAndOutcome() {
    // A past day of its own: three calls (two answered, one abandoned after asking for a call-back)
    // and two conversations (one handled, one closed with nobody), two outcomes recorded.
    await(app.pool().query("""
        INSERT INTO call_queues (id, name, strategy, business_hours) VALUES ('esiti-passato', 'Passato', 'longest_idle',
          ARRAY['MON-SUN 00:00-24:00']) ON CONFLICT DO NOTHING""").execute());
    String day = "2025-03-12";
    String[] calls = {"passato-1", "passato-2", "passato-3"};
    await(app.pool().preparedQuery("""
        INSERT INTO calls (id, queue_id, caller_number, status, arrived_at, queue_entered_at, sequence, operator, answered_at,
                           ended_at, callback_number)
        VALUES ($1, 'esiti-passato', '+390350000001', 'ended', '2025-03-12 09:00+01', '2025-03-12 09:00+01', 1, 'op', '2025-03-12 09:01+01', '2025-03-12 09:05+01', NULL),
               ($2, 'esiti-passato', '+390350000002', 'ended', '2025-03-12 10:00+01', '2025-03-12 10:00+01', 2, 'op', '2025-03-12 10:01+01', '2025-03-12 10:05+01', NULL),
               ($3, 'esiti-passato', '+390350000003', 'abandoned', '2025-03-12 23:30+01', '2025-03-12 23:30+01', 3, NULL, NULL, '2025-03-12 23:35+01', '+390350000003')""")
        .execute(Tuple.of(calls[0], calls[1], calls[2])));
    UUID handled = UUID.randomUUID();
    UUID unanswered = UUID.randomUUID();
    await(app.pool().preparedQuery("""
        INSERT INTO chat_conversations (id, owner, owner_name, owner_request, topic, language, status, queued_at, accepted_at, closed_at)
        VALUES ($1, 'esiti-a', 'A', 'richiesta-a1', 'health', 'it', 'closed', '2025-03-12 11:00+01', '2025-03-12 11:01+01', '2025-03-12 11:20+01'),
               ($2, 'esiti-b', 'B', 'richiesta-b1', 'health', 'it', 'closed', '2025-03-12 12:00+01', NULL, '2025-03-12 12:10+01')""")
        .execute(Tuple.of(handled, unanswered)));
    await(app.pool().preparedQuery("""
        INSERT INTO contact_outcomes (channel, contact_id, contact_at, topic, outcome, recorded_by)
        VALUES ('call', $1, '2025-03-12 09:00+01', 'elderly', 'information', 'op'),
               ('chat', $2, '2025-03-12 11:00+01', 'health', 'callback', 'manager')""")
        .execute(Tuple.of(calls[0], handled.toString())));

    HttpResponse<Buffer> read = await(http.get("/api/v1/frontdesk/contacts?from=" + day + "&to=" + day, center.supervisorToken()));
    assertEquals(200, read.statusCode(), read.bodyAsString());
    JsonObject counts = read.bodyAsJsonObject();
    assertEquals(new JsonArray()
            .add(new JsonObject().put("channel", "call").put("contacts", 3).put("answered", 2).put("abandoned", 1)
                .put("callbacksRequested", 1).put("recorded", 1).put("notRecorded", 1))
            .add(new JsonObject().put("channel", "chat").put("contacts", 2).put("answered", 1).put("abandoned", 1)
                .put("callbacksRequested", 0).put("recorded", 1).put("notRecorded", 0)),
        counts.getJsonArray("channels"));
    assertEquals(new JsonArray()
            .add(new JsonObject().put("channel", "call").put("topic", "elderly").put("outcome", "information").put("contacts", 1))
            .add(new JsonObject().put("channel", "chat").put("topic", "health").put("outcome", "callback").put("contacts", 1)),
        counts.getJsonArray("outcomes"));
    // The day before counts nothing of it (Rome days: 23:30 on the 12th is still the 12th).
    JsonObject before = await(http.get("/api/v1/frontdesk/contacts?from=2025-03-11&to=2025-03-11", center.supervisorToken()))
        .bodyAsJsonObject();
    assertEquals(0, before.getJsonArray("channels").getJsonObject(0).getInteger("contacts"));
    assertEquals(400, await(http.get("/api/v1/frontdesk/contacts?from=2025-03-12&to=2025-03-11", center.supervisorToken())).statusCode());
    assertEquals(400, await(http.get("/api/v1/frontdesk/contacts?from=2025-03-12", center.supervisorToken())).statusCode());
    assertEquals(200, await(http.get("/api/v1/frontdesk/contacts?from=2025-01-01&to=2026-02-04", center.supervisorToken())).statusCode(),
        "the reports' longest period, 400 days");
    assertEquals(400, await(http.get("/api/v1/frontdesk/contacts?from=2025-01-01&to=2026-02-05", center.supervisorToken())).statusCode(),
        "one day more than a report may cover");
    await(TestAccounts.create(vertx, app.pool(), "esiti.contatore", "operator"));
    assertEquals(403, await(http.get("/api/v1/frontdesk/contacts?from=" + day + "&to=" + day,
        await(http.accessToken("esiti.contatore")))).statusCode());
  }
}
