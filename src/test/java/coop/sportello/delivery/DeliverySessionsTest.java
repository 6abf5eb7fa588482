package coop.sportello.delivery;

import coop.sportello.statements.MoneyRows.Booking;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.Responses.assertProblem;
import static coop.sportello.testing.Responses.ok;
import static coop.sportello.delivery.DeliveryTest.rome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery per session (V57) and the cooperative's staff: an enrolment is listed on each day it
 * has a session and recorded per session, each in its own month, so a month's closing covers the
 * sessions in it and not the others; an ordinary booking keeps one record. The staff see the day
 * and record, and may not close a month, correct one, or see the money.
 */
class DeliverySessionsTest extends AppTestBase {

  private DeliveryFixture coop;
  private String staff;
  private String otherStaff;

  @BeforeAll
  void cooperative() {
    coop = DeliveryFixture.create(vertx, app.pool(), http, "ses", "43434343434");
    UUID staffId = await(TestAccounts.create(vertx, app.pool(), "ses.operatrice", "provider_staff"));
    await(app.pool().preparedQuery("UPDATE accounts SET provider_id = $2 WHERE id = $1").execute(Tuple.of(staffId, coop.provider)));
    staff = await(http.accessToken("ses.operatrice"));
    UUID otherAdmin = await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "ses.altro", "44444444445"));
    UUID otherStaffId = await(TestAccounts.create(vertx, app.pool(), "ses.altra.operatrice", "provider_staff"));
    await(app.pool().preparedQuery("UPDATE accounts SET provider_id = $2 WHERE id = $1")
        .execute(Tuple.of(otherStaffId, coop.rows.providerOf(otherAdmin))));
    otherStaff = await(http.accessToken("ses.altra.operatrice"));
  }

  /** Three sessions: two in November 2025 (a week apart), one in December. */
  private Booking camp() {
    return DeliveryFixture.enrolment(app.pool(), coop.service, coop.person, 9_000,
        rome("2025-11-24T09:00"), rome("2025-11-24T12:00"),
        rome("2025-11-26T09:00"), rome("2025-11-26T12:00"),
        rome("2025-12-01T09:00"), rome("2025-12-01T11:00"));
  }

  @Test
  void anEnrolmentIsListedOnEachDayItHasASessionWithThatSessionsTimes() {
    Booking camp = camp();
    JsonObject first = only(day("2025-11-24", coop.admin), camp);
    JsonObject third = only(day("2025-12-01", coop.admin), camp);
    assertEquals(1, first.getInteger("session"));
    assertEquals(3, first.getInteger("sessions"));
    assertEquals(180, first.getInteger("bookedMinutes"), "the session's minutes, not the enrolment's");
    assertEquals(3, third.getInteger("session"));
    assertEquals(120, third.getInteger("bookedMinutes"));
    assertTrue(third.getString("start").startsWith("2025-12-01T09:00"), third.encode());
    assertEquals(0, day("2025-11-25", coop.admin).stream().filter(i -> ((JsonObject) i).getString("id").equals(camp.id().toString()))
        .count(), "no session that day");
  }

  @Test
  void eachSessionHasItsOwnRecordAndAnEnrolmentsSessionMustBeNamed() {
    Booking camp = camp();
    String path = "/api/v1/provider/bookings/" + camp.id() + "/delivery";
    String firstSlot = only(day("2025-11-24", coop.admin), camp).getString("slotId");
    String secondSlot = only(day("2025-11-26", coop.admin), camp).getString("slotId");

    assertProblem(await(http.put(path, coop.admin, new JsonObject().put("outcome", "delivered"))), 422, "session-required");
    assertProblem(await(http.put(path, coop.admin, new JsonObject().put("outcome", "delivered")
        .put("slotId", UUID.randomUUID().toString()))), 404, null);

    JsonObject delivered = ok(await(http.put(path, coop.admin, new JsonObject().put("outcome", "delivered").put("slotId", firstSlot))));
    assertEquals(firstSlot, delivered.getString("slotId"));
    assertEquals(180, delivered.getJsonObject("delivery").getInteger("minutes"), "the session's minutes");
    assertProblem(await(http.put(path, coop.admin, new JsonObject().put("outcome", "partial").put("minutes", 181)
        .put("slotId", secondSlot))), 422, "invalid-minutes");
    ok(await(http.put(path, staff, new JsonObject().put("outcome", "partial").put("minutes", 90).put("slotId", secondSlot))));

    assertEquals(2, count("SELECT count(*) FROM delivery_records WHERE booking_id = $1", camp.id()));
    assertEquals(List.of("2025-11-01", "2025-11-01"), months(camp));
    JsonObject second = ok(await(http.get(path + "?slotId=" + secondSlot, coop.admin)));
    assertEquals("partial", second.getJsonObject("delivery").getString("outcome"));
    assertEquals(1, second.getJsonArray("history").size());
    assertProblem(await(http.get(path, coop.admin)), 422, "session-required");
    assertEquals("delivered", only(day("2025-11-24", coop.admin), camp).getJsonObject("delivery").getString("outcome"));
    assertEquals(null, only(day("2025-12-01", coop.admin), camp).getValue("delivery"));

    Booking visit = coop.booking(rome("2025-11-24T15:00"), rome("2025-11-24T16:00"));
    JsonObject ordinary = ok(await(http.put("/api/v1/provider/bookings/" + visit.id() + "/delivery", coop.admin,
        new JsonObject().put("outcome", "delivered"))));
    assertEquals(only(day("2025-11-24", coop.admin), visit).getString("slotId"), ordinary.getString("slotId"),
        "an ordinary booking keeps one record, on its own slot");
  }

  @Test
  void closingAMonthCoversItsSessionsAndNotTheNextMonths() {
    DeliveryFixture own = DeliveryFixture.create(vertx, app.pool(), http, "ses2", "45454545454");
    Booking camp = DeliveryFixture.enrolment(app.pool(), own.service, own.person, 9_000,
        rome("2025-10-30T09:00"), rome("2025-10-30T12:00"), rome("2025-11-03T09:00"), rome("2025-11-03T12:00"));
    String path = "/api/v1/provider/bookings/" + camp.id() + "/delivery";
    String october = only(day("2025-10-30", own.admin), camp).getString("slotId");
    String november = only(day("2025-11-03", own.admin), camp).getString("slotId");
    ok(await(http.put(path, own.admin, new JsonObject().put("outcome", "delivered").put("slotId", october))));
    ok(await(http.post("/api/v1/provider/periods/2025-10/close", own.admin, new JsonObject())));

    assertTrue(only(day("2025-10-30", own.admin), camp).getBoolean("monthClosed"));
    assertFalse(only(day("2025-11-03", own.admin), camp).getBoolean("monthClosed"));
    assertProblem(await(http.put(path, own.admin, new JsonObject().put("outcome", "no_show").put("slotId", october))), 409,
        "month-closed");
    ok(await(http.put(path, own.admin, new JsonObject().put("outcome", "no_show").put("slotId", november))));
    JsonObject corrected = ok(await(http.post(path + "/corrections", own.admin, new JsonObject().put("outcome", "partial")
        .put("minutes", 60).put("slotId", october).put("reason", "Uscita anticipata"))));
    assertEquals(october, corrected.getString("slotId"));
    assertEquals(1, count("SELECT count(*) FROM delivery_corrections WHERE booking_id = $1", camp.id()));
    assertProblem(await(http.post(path + "/corrections", own.admin, new JsonObject().put("outcome", "delivered")
        .put("slotId", november).put("reason", "Errore"))), 409, "month-open");
  }

  @Test
  void theStaffSeeTheDayAndRecordButNeitherCloseNorCorrectNorSeeMoney() {
    Booking visit = coop.booking(rome("2025-11-10T09:00"), rome("2025-11-10T10:00"));
    String path = "/api/v1/provider/bookings/" + visit.id() + "/delivery";
    assertEquals(1, day("2025-11-10", staff).stream().filter(i -> ((JsonObject) i).getString("id").equals(visit.id().toString()))
        .count());
    JsonObject recorded = ok(await(http.put(path, staff, new JsonObject().put("outcome", "delivered"))));
    assertEquals("Utente ses.operatrice", recorded.getJsonObject("delivery").getString("recordedByName"));
    ok(await(http.get(path, staff)));

    assertProblem(await(http.post("/api/v1/provider/periods/2025-11/close", staff, new JsonObject())), 403, null);
    assertProblem(await(http.post(path + "/corrections", staff, new JsonObject().put("outcome", "no_show").put("reason", "x"))),
        403, null);
    assertProblem(await(http.get("/api/v1/provider/periods?year=2025", staff)), 403, null);
    assertProblem(await(http.get("/api/v1/provider/projects", staff)), 403, null);
    assertEquals(403, await(http.get("/api/v1/provider/statements/2025-11", staff)).statusCode(), "no statements");

    assertProblem(await(http.put(path, otherStaff, new JsonObject().put("outcome", "no_show"))), 404, null);
    assertEquals(0, day("2025-11-10", otherStaff).size(), "another cooperative's staff see their own day only");
  }

  private JsonArray day(String date, String token) {
    return ok(await(http.get("/api/v1/provider/day?date=" + date, token))).getJsonArray("items");
  }

  private static JsonObject only(JsonArray items, Booking booking) {
    List<JsonObject> found = items.stream().map(JsonObject.class::cast)
        .filter(i -> i.getString("id").equals(booking.id().toString())).toList();
    assertEquals(1, found.size(), items.encodePrettily());
    return found.get(0);
  }

  private List<String> months(Booking booking) {
    List<String> months = new ArrayList<>();
    await(app.pool().preparedQuery("SELECT month::text FROM delivery_records WHERE booking_id = $1 ORDER BY month")
        .execute(Tuple.of(booking.id()))).forEach(r -> months.add(r.getString(0)));
    return months;
  }

  private long count(String sql, UUID booking) {
    return await(app.pool().preparedQuery(sql).execute(Tuple.of(booking))).iterator().next().getLong(0);
  }
}
