package coop.sportello.delivery;

import coop.sportello.statements.MoneyRows;
import coop.sportello.statements.MoneyRows.Booking;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Future;
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
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.Responses.assertProblem;
import static coop.sportello.testing.Responses.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider's day and its delivery records over HTTP, on a real PostgreSQL: only the
 * cooperative's own confirmed bookings, by time, with intake answers; each outcome and its
 * validation; re-recording with history; closing a month, 409 after it, a correction with its
 * reason; and who may do none of it. Dates are in 2025 (always past) unless a test needs the future.
 */
class DeliveryTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");

  private MoneyRows rows;
  private UUID service;
  private UUID otherService;
  private String person;
  private String admin;
  private String colleague;
  private String other;
  private String citizen;

  static OffsetDateTime rome(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(ROME).toOffsetDateTime();
  }

  @BeforeAll
  void cooperatives() {
    DeliveryFixture ours = DeliveryFixture.create(vertx, app.pool(), http, "del", "41414141414");
    rows = ours.rows;
    service = ours.service;
    person = ours.person;
    admin = ours.admin;
    colleague = ours.colleague;
    UUID otherId = await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "del.altro", "42424242424"));
    otherService = rows.service(rows.providerOf(otherId), "health", "Fisioterapia altrui");
    other = await(http.accessToken("del.altro"));
    citizen = await(http.accessToken("del.persona"));
  }

  private Booking booking(String start, String end) {
    return rows.booking(service, person, rome(start), rome(end), "confirmed", 2_000);
  }

  // ---- the day ------------------------------------------------------------------------------------

  @Test
  void theDayListsTheCooperativesConfirmedBookingsByTimeWithTheirIntakeAnswers() {
    Booking late = booking("2025-10-07T11:00", "2025-10-07T12:30");
    Booking early = booking("2025-10-07T09:00", "2025-10-07T10:00");
    Booking midnight = booking("2025-10-07T00:15", "2025-10-07T00:45"); // 22:15 UTC of 6 October: Rome's 7 October
    rows.booking(service, person, rome("2025-10-07T10:00"), rome("2025-10-07T11:00"), "cancelled", 2_000);
    booking("2025-10-08T00:30", "2025-10-08T01:00"); // the next day in Rome (22:30 UTC of the 7th)
    Booking theirs = rows.booking(otherService, person, rome("2025-10-07T09:30"), rome("2025-10-07T10:30"), "confirmed", 2_000);
    await(app.pool().preparedQuery("UPDATE bookings SET intake_beneficiary = 'Nonna Lina', intake_notes = 'Citofono rotto' WHERE id = $1")
        .execute(Tuple.of(early.id())));

    long readsBefore = one("SELECT count(*) FROM personal_data_reads WHERE what = 'provider-bookings'", Tuple.tuple());
    JsonObject day = ok(await(http.get("/api/v1/provider/day?date=2025-10-07", admin)));
    assertEquals("2025-10-07", day.getString("date"));
    JsonArray items = day.getJsonArray("items");
    assertEquals(List.of(midnight.id().toString(), early.id().toString(), late.id().toString()), ids(items), items.encodePrettily());
    JsonObject first = items.getJsonObject(1);
    assertEquals("Assistenza domiciliare", first.getJsonObject("service").getString("title"));
    assertEquals("Stanza " + early.code(), first.getJsonObject("resource").getString("name"));
    assertEquals("Utente del.persona", first.getString("personName"));
    assertEquals(60, first.getInteger("bookedMinutes"));
    assertEquals(1, first.getInteger("places"));
    assertEquals(new JsonObject().put("beneficiary", "Nonna Lina").put("notes", "Citofono rotto"), first.getJsonObject("intake"));
    assertNull(first.getValue("delivery"));
    assertEquals(90, items.getJsonObject(2).getInteger("bookedMinutes"));

    String resource = first.getJsonObject("resource").getString("id");
    assertEquals(List.of(early.id().toString()),
        ids(ok(await(http.get("/api/v1/provider/day?date=2025-10-07&resourceId=" + resource, admin))).getJsonArray("items")));

    assertEquals(List.of(theirs.id().toString()),
        ids(ok(await(http.get("/api/v1/provider/day?date=2025-10-07", other))).getJsonArray("items")), "only its own");
    assertEquals(0, ok(await(http.get("/api/v1/provider/day?date=2025-10-07&resourceId=" + resource, other)))
        .getJsonArray("items").size(), "another cooperative's resource shows nothing");
    assertEquals(403, await(http.get("/api/v1/provider/day?date=2025-10-07", citizen)).statusCode());
    assertEquals(401, await(http.get("/api/v1/provider/day?date=2025-10-07", null)).statusCode());
    assertProblem(await(http.get("/api/v1/provider/day?date=7-10-2025", admin)), 400, null);
    assertProblem(await(http.get("/api/v1/provider/day", admin)), 400, null);

    long logged = one("SELECT count(*) FROM personal_data_reads WHERE what = 'provider-bookings'", Tuple.tuple());
    assertTrue(logged > readsBefore, "the read names people, so it is logged");
  }

  // ---- recording ----------------------------------------------------------------------------------

  @Test
  void eachOutcomeCountsItsMinutes() {
    Booking a = booking("2025-10-10T09:00", "2025-10-10T10:00");
    JsonObject delivered = ok(put(a, admin, new JsonObject().put("outcome", "delivered")));
    assertEquals(a.id().toString(), delivered.getString("bookingId"));
    assertEquals("delivered", delivered.getJsonObject("delivery").getString("outcome"));
    assertEquals(60, delivered.getJsonObject("delivery").getInteger("minutes"), "the booked minutes");
    assertEquals(1, delivered.getJsonObject("delivery").getInteger("version"));
    assertEquals("Utente del.admin", delivered.getJsonObject("delivery").getString("recordedByName"));

    Booking b = booking("2025-10-10T11:00", "2025-10-10T12:00");
    assertEquals(45, ok(put(b, admin, new JsonObject().put("outcome", "delivered").put("minutes", 45)))
        .getJsonObject("delivery").getInteger("minutes"));

    Booking c = booking("2025-10-10T13:00", "2025-10-10T14:00");
    JsonObject partial = ok(put(c, admin, new JsonObject().put("outcome", "partial").put("minutes", 30).put("note", "  Arrivato tardi ")))
        .getJsonObject("delivery");
    assertEquals(30, partial.getInteger("minutes"));
    assertEquals("Arrivato tardi", partial.getString("note"));

    Booking d = booking("2025-10-10T15:00", "2025-10-10T16:00");
    JsonObject noShow = ok(put(d, admin, new JsonObject().put("outcome", "no_show").put("note", "Non ha risposto al citofono")))
        .getJsonObject("delivery");
    assertEquals(0, noShow.getInteger("minutes"));

    JsonObject day = ok(await(http.get("/api/v1/provider/day?date=2025-10-10", admin)));
    assertEquals(List.of("delivered", "delivered", "partial", "no_show"), day.getJsonArray("items").stream()
        .map(i -> ((JsonObject) i).getJsonObject("delivery").getString("outcome")).toList());
  }

  @Test
  void aBookingWhoseDeliveryIsRecordedIsNotMoved() {
    Booking b = booking("2025-10-17T09:00", "2025-10-17T10:00");
    JsonObject elsewhere = new JsonObject().put("slotId", UUID.randomUUID().toString());
    HttpResponse<Buffer> before = await(http.post("/api/v1/bookings/" + b.id() + "/reschedule", citizen, elsewhere,
        UUID.randomUUID().toString()));
    assertTrue(before.statusCode() >= 400 && !before.bodyAsString().contains("delivery-recorded"),
        "before any record the move fails on the unknown slot, not on the delivery: " + before.bodyAsString());
    ok(put(b, admin, new JsonObject().put("outcome", "no_show")));
    assertProblem(await(http.post("/api/v1/bookings/" + b.id() + "/reschedule", citizen, elsewhere, UUID.randomUUID().toString())),
        409, "delivery-recorded");
  }

  @Test
  void recordingIsValidated() {
    Booking b = booking("2025-10-11T09:00", "2025-10-11T10:00");
    assertProblem(put(b, admin, new JsonObject().put("outcome", "partial")), 422, "invalid-minutes");
    assertProblem(put(b, admin, new JsonObject().put("outcome", "partial").put("minutes", 0)), 422, "invalid-minutes");
    assertProblem(put(b, admin, new JsonObject().put("outcome", "partial").put("minutes", 61)), 422, "invalid-minutes");
    assertProblem(put(b, admin, new JsonObject().put("outcome", "delivered").put("minutes", 61)), 422, "invalid-minutes");
    assertProblem(put(b, admin, new JsonObject().put("outcome", "no_show").put("minutes", 10)), 422, "invalid-minutes");
    assertProblem(put(b, admin, new JsonObject().put("outcome", "delivered").put("note", "x".repeat(501))), 422, null);
    assertProblem(put(b, admin, new JsonObject().put("outcome", "lost")), 422, null);
    assertProblem(put(b, admin, new JsonObject().put("outcome", "delivered").put("extra", 1)), 422, null);
    assertEquals(0L, historyRows(b), "nothing refused was written");
    ok(put(b, admin, new JsonObject().put("outcome", "partial").put("minutes", 60).put("note", "x".repeat(500))));

    Booking cancelled = rows.booking(service, person, rome("2025-10-11T11:00"), rome("2025-10-11T12:00"), "cancelled", 2_000);
    assertProblem(put(cancelled, admin, new JsonObject().put("outcome", "delivered")), 409, "booking-not-confirmed");
    ZonedDateTime later = ZonedDateTime.now(ROME).plusDays(3).withHour(9).withMinute(0).withSecond(0).withNano(0);
    Booking future = rows.booking(service, person, later.toOffsetDateTime(), later.plusHours(1).toOffsetDateTime(), "confirmed", 2_000);
    assertProblem(put(future, admin, new JsonObject().put("outcome", "delivered")), 409, "booking-in-future");
    ZonedDateTime today = ZonedDateTime.now(ROME).withHour(23).withMinute(0).withSecond(0).withNano(0);
    Booking tonight = rows.booking(service, person, today.toOffsetDateTime(), today.plusMinutes(30).toOffsetDateTime(), "confirmed", 2_000);
    assertEquals(30, ok(put(tonight, admin, new JsonObject().put("outcome", "delivered"))).getJsonObject("delivery").getInteger("minutes"),
        "today's booking may be recorded");
  }

  @Test
  void onlyTheCooperativesAdminsRecordItsBookings() {
    Booking b = booking("2025-10-12T09:00", "2025-10-12T10:00");
    JsonObject body = new JsonObject().put("outcome", "delivered");
    HttpResponse<Buffer> theirs = put(b, other, body);
    HttpResponse<Buffer> unknown = await(http.put("/api/v1/provider/bookings/" + UUID.randomUUID() + "/delivery", admin, body));
    assertProblem(theirs, 404, null);
    assertProblem(unknown, 404, null);
    assertEquals(unknown.bodyAsJsonObject().getString("detail"), theirs.bodyAsJsonObject().getString("detail"), "the same answer");
    assertEquals(403, put(b, citizen, body).statusCode());
    assertEquals(404, await(http.get("/api/v1/provider/bookings/" + b.id() + "/delivery", other)).statusCode());
    assertEquals(403, await(http.get("/api/v1/provider/bookings/" + b.id() + "/delivery", citizen)).statusCode());
    assertEquals(404, await(http.post("/api/v1/provider/bookings/" + b.id() + "/delivery/corrections", other,
        body.copy().put("reason", "prova"))).statusCode());
    assertEquals(0L, historyRows(b));
    assertEquals(200, put(b, colleague, body).statusCode(), "another admin of the same cooperative may");
  }

  @Test
  void aRetryWithTheSameKeyGetsTheFirstAnswer() {
    Booking b = booking("2025-10-13T09:00", "2025-10-13T10:00");
    JsonObject body = new JsonObject().put("outcome", "partial").put("minutes", 20);
    HttpResponse<Buffer> first = putWithKey(b, admin, body, "consegna-" + b.id());
    HttpResponse<Buffer> again = putWithKey(b, admin, body, "consegna-" + b.id());
    assertEquals(200, again.statusCode(), again.bodyAsString());
    assertEquals(ok(first), again.bodyAsJsonObject());
    assertEquals(1L, historyRows(b), "recorded once");
    assertEquals(422, putWithKey(b, admin, body.copy().put("minutes", 21), "consegna-" + b.id()).statusCode(),
        "the same key for another request");
  }

  @Test
  void recordingAgainReplacesTheRecordAndKeepsItsHistory() {
    Booking b = booking("2025-10-14T09:00", "2025-10-14T10:00");
    ok(put(b, admin, new JsonObject().put("outcome", "delivered")));
    JsonObject second = ok(put(b, colleague, new JsonObject().put("outcome", "partial").put("minutes", 40).put("note", "Uscita prima")));
    assertEquals(2, second.getJsonObject("delivery").getInteger("version"));
    assertEquals("Utente del.collega", second.getJsonObject("delivery").getString("recordedByName"));

    JsonObject history = ok(await(http.get("/api/v1/provider/bookings/" + b.id() + "/delivery", admin)));
    assertEquals(second.getJsonObject("delivery"), history.getJsonObject("delivery"));
    JsonArray versions = history.getJsonArray("history");
    assertEquals(2, versions.size());
    assertEquals(List.of("delivered", "partial"), versions.stream().map(v -> ((JsonObject) v).getString("outcome")).toList());
    assertEquals(List.of(60, 40), versions.stream().map(v -> ((JsonObject) v).getInteger("minutes")).toList());
    assertEquals(List.of("recorded", "recorded"), versions.stream().map(v -> ((JsonObject) v).getString("kind")).toList());
    assertEquals(0, history.getJsonArray("corrections").size());
  }

  // ---- closing a month ----------------------------------------------------------------------------

  @Test
  void aClosedMonthChangesOnlyByACorrectionWithItsReason() {
    Booking b = booking("2025-09-03T09:00", "2025-09-03T10:00");
    Booking never = booking("2025-09-04T09:00", "2025-09-04T10:00");
    ok(put(b, admin, new JsonObject().put("outcome", "delivered")));
    assertProblem(await(http.post("/api/v1/provider/bookings/" + b.id() + "/delivery/corrections", admin,
        new JsonObject().put("outcome", "no_show").put("reason", "Errore"))), 409, "month-open");

    JsonObject closed = ok(await(http.post("/api/v1/provider/periods/2025-09/close", admin, new JsonObject())));
    assertEquals("2025-09", closed.getString("month"));
    assertEquals("Utente del.admin", closed.getString("closedByName"));
    assertNotNull(closed.getString("closedAt"));
    assertEquals(closed, ok(await(http.post("/api/v1/provider/periods/2025-09/close", colleague, new JsonObject()))),
        "closing twice answers the same");
    JsonArray periods = ok(await(http.get("/api/v1/provider/periods?year=2025", admin))).getJsonArray("items");
    assertEquals(List.of(closed), periods.stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("month").equals("2025-09")).toList(), periods.encodePrettily());
    assertEquals(0, ok(await(http.get("/api/v1/provider/periods?year=2025", other))).getJsonArray("items").stream()
        .filter(p -> ((JsonObject) p).getString("month").equals("2025-09")).count(), "another cooperative's month is its own");
    assertTrue(ok(await(http.get("/api/v1/provider/day?date=2025-09-03", admin))).getJsonArray("items").getJsonObject(0)
        .getBoolean("monthClosed"));

    assertProblem(put(b, admin, new JsonObject().put("outcome", "no_show")), 409, "month-closed");
    assertProblem(put(never, admin, new JsonObject().put("outcome", "no_show")), 409, "month-closed");
    String corrections = "/api/v1/provider/bookings/" + b.id() + "/delivery/corrections";
    assertProblem(await(http.post(corrections, admin, new JsonObject().put("outcome", "no_show"))), 422, null);
    assertProblem(await(http.post(corrections, admin, new JsonObject().put("outcome", "no_show").put("reason", "  "))), 422,
        "reason-required");
    assertProblem(await(http.post(corrections, admin, new JsonObject().put("outcome", "partial").put("reason", "Errore"))), 422,
        "invalid-minutes");

    JsonObject corrected = ok(await(http.post(corrections, colleague,
        new JsonObject().put("outcome", "no_show").put("reason", "La famiglia ha disdetto al telefono"))));
    assertEquals("no_show", corrected.getJsonObject("delivery").getString("outcome"));
    assertEquals(2, corrected.getJsonObject("delivery").getInteger("version"));
    JsonObject correction = corrected.getJsonObject("correction");
    assertEquals("La famiglia ha disdetto al telefono", correction.getString("reason"));
    assertEquals("delivered", correction.getJsonObject("before").getString("outcome"));
    assertEquals("no_show", correction.getJsonObject("after").getString("outcome"));

    JsonObject history = ok(await(http.get("/api/v1/provider/bookings/" + b.id() + "/delivery", admin)));
    assertEquals(List.of("recorded", "corrected"), history.getJsonArray("history").stream()
        .map(v -> ((JsonObject) v).getString("kind")).toList());
    JsonObject stored = history.getJsonArray("corrections").getJsonObject(0);
    assertEquals(correction.getString("reason"), stored.getString("reason"));
    assertEquals(correction.getJsonObject("before"), stored.getJsonObject("before"));
    assertEquals(colleagueSubject(), stored.getString("correctedBy"));

    JsonObject fromNothing = ok(await(http.post("/api/v1/provider/bookings/" + never.id() + "/delivery/corrections", admin,
        new JsonObject().put("outcome", "delivered").put("reason", "Registrazione dimenticata"))));
    assertNull(fromNothing.getJsonObject("correction").getValue("before"), "nothing was recorded before");
  }

  @Test
  void onlyAMonthBegunIsClosedAndMonthsAreChecked() {
    String next = ZonedDateTime.now(ROME).plusMonths(1).toLocalDate().toString().substring(0, 7);
    assertProblem(await(http.post("/api/v1/provider/periods/" + next + "/close", admin, new JsonObject())), 409, "month-not-begun");
    assertProblem(await(http.post("/api/v1/provider/periods/2025-13/close", admin, new JsonObject())), 422, "invalid-month");
    assertEquals(403, await(http.post("/api/v1/provider/periods/2025-01/close", citizen, new JsonObject())).statusCode());
    assertProblem(await(http.get("/api/v1/provider/periods", admin)), 400, null);
    assertProblem(await(http.get("/api/v1/provider/periods?year=1999", admin)), 400, null);
  }

  @Test
  void theDatabaseRefusesADirectChangeOfAClosedMonth() {
    Booking b = booking("2025-08-05T09:00", "2025-08-05T10:00");
    Booking notRecorded = booking("2025-08-06T09:00", "2025-08-06T10:00");
    ok(put(b, admin, new JsonObject().put("outcome", "delivered")));
    ok(await(http.post("/api/v1/provider/periods/2025-08/close", admin, new JsonObject())));

    assertRefused("UPDATE delivery_records SET minutes = 1, outcome = 'partial' WHERE booking_id = $1", b, "delivery_month_closed");
    assertRefused("DELETE FROM delivery_records WHERE booking_id = $1", b, "delivery_month_closed");
    assertRefused("""
        INSERT INTO delivery_records (booking_id, provider_id, month, outcome, minutes, version, recorded_by)
        SELECT b.id, sv.provider_id, '2025-08-01', 'delivered', 60, 1, 'sql' FROM bookings b JOIN services sv ON sv.id = b.service_id
         WHERE b.id = $1""", notRecorded, "delivery_month_closed");
    assertRefused("UPDATE delivery_history SET minutes = 1 WHERE booking_id = $1", b, null);
    assertRefused("DELETE FROM delivery_history WHERE booking_id = $1", b, null);
    assertEquals(60L, one("SELECT minutes::bigint FROM delivery_records WHERE booking_id = $1", Tuple.of(b.id())));

    ok(await(http.post("/api/v1/provider/bookings/" + b.id() + "/delivery/corrections", admin,
        new JsonObject().put("outcome", "partial").put("minutes", 50).put("reason", "Contato male"))));
    assertRefused("UPDATE delivery_corrections SET reason = 'altro' WHERE booking_id = $1", b, null);
    assertRefused("UPDATE delivery_records SET minutes = 1 WHERE booking_id = $1", b, "delivery_month_closed");
    assertEquals(50L, one("SELECT minutes::bigint FROM delivery_records WHERE booking_id = $1", Tuple.of(b.id())),
        "the correction's setting ended with its transaction");
  }

  @Test
  void aPersonsErasureClearsTheNotesEvenOfAClosedMonthAndKeepsTheMinutes() {
    String erased = await(TestAccounts.create(vertx, app.pool(), "del.cancella", "employee")).toString();
    Booking b = rows.booking(service, erased, rome("2025-07-02T09:00"), rome("2025-07-02T10:00"), "confirmed", 2_000);
    ok(put(b, admin, new JsonObject().put("outcome", "partial").put("minutes", 30).put("note", "Ha la febbre")));
    ok(await(http.post("/api/v1/provider/periods/2025-07/close", admin, new JsonObject())));
    ok(await(http.post("/api/v1/provider/bookings/" + b.id() + "/delivery/corrections", admin,
        new JsonObject().put("outcome", "partial").put("minutes", 20).put("note", "Febbre alta").put("reason", "Ricoverata alle 9:20"))));

    String token = await(http.accessToken("del.cancella"));
    JsonArray mine = ok(await(http.get("/api/v1/me/data", token))).getJsonObject("sections").getJsonArray("deliveries");
    assertEquals(1, mine.size(), "\"I miei dati\" shows what the cooperative recorded");
    assertEquals("Febbre alta", mine.getJsonObject(0).getString("note"));
    assertEquals("Ricoverata alle 9:20", mine.getJsonObject(0).getJsonArray("corrections").getJsonObject(0).getString("reason"));
    HttpResponse<Buffer> erasure = await(http.post("/api/v1/me/erasure", token, new JsonObject().put("password", TestAccounts.PASSWORD)));
    assertEquals(201, erasure.statusCode(), erasure.bodyAsString());
    assertEquals(0L, one("""
        SELECT (SELECT count(*) FROM delivery_records WHERE booking_id = $1 AND note IS NOT NULL)
             + (SELECT count(*) FROM delivery_history WHERE booking_id = $1 AND note IS NOT NULL)
             + (SELECT count(*) FROM delivery_corrections WHERE booking_id = $1
                  AND (reason <> '[motivo cancellato]' OR after ? 'note' OR coalesce(before ? 'note', false)))""", Tuple.of(b.id())));
    assertEquals(20L, one("SELECT minutes::bigint FROM delivery_records WHERE booking_id = $1", Tuple.of(b.id())), "the minutes stay");
    assertEquals(2L, historyRows(b));
  }

  // ---- helpers ------------------------------------------------------------------------------------

  HttpResponse<Buffer> put(Booking b, String token, JsonObject body) {
    return await(http.put("/api/v1/provider/bookings/" + b.id() + "/delivery", token, body));
  }

  HttpResponse<Buffer> putWithKey(Booking b, String token, JsonObject body, String key) {
    return await(putAsync(b, token, body, key));
  }

  Future<HttpResponse<Buffer>> putAsync(Booking b, String token, JsonObject body, String key) {
    return http.client().put("/api/v1/provider/bookings/" + b.id() + "/delivery").bearerTokenAuthentication(token)
        .putHeader("Idempotency-Key", key).sendJsonObject(body);
  }

  long historyRows(Booking b) {
    return one("SELECT count(*) FROM delivery_history WHERE booking_id = $1", Tuple.of(b.id()));
  }

  long one(String sql, Tuple args) {
    return await(app.pool().preparedQuery(sql).execute(args)).iterator().next().getLong(0);
  }

  private String colleagueSubject() {
    return await(app.pool().query("SELECT id::text FROM accounts WHERE username = 'del.collega'").execute())
        .iterator().next().getString(0);
  }

  private void assertRefused(String sql, Booking b, String constraint) {
    Throwable failure = await(app.pool().preparedQuery(sql).execute(Tuple.of(b.id())).map(r -> (Throwable) null)
        .otherwise(e -> e));
    assertNotNull(failure, sql + " was let through");
    if (constraint != null) {
      assertTrue(coop.sportello.platform.database.SqlErrors.isCheckViolation(failure, constraint), failure.toString());
    } else {
      assertTrue(failure.getMessage().contains("append-only"), failure.getMessage());
    }
  }

  private static List<String> ids(JsonArray items) {
    List<String> ids = new ArrayList<>();
    items.forEach(i -> ids.add(((JsonObject) i).getString("id")));
    return ids;
  }
}
