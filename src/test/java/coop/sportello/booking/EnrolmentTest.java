package coop.sportello.booking;

import coop.sportello.catalog.CatalogFixture;
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

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Enrolments through HTTP: a summer camp sold by the week, every covered day's places taken and given back together. */
class EnrolmentTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  /** A Monday at least two days ahead: the camp's first week. */
  private static final LocalDate WEEK1 = LocalDate.now(ROME).plusDays(1).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
  private static final LocalDate WEEK2 = WEEK1.plusWeeks(1);
  private static final int CAPACITY = 6;

  private String mother;
  private String father;
  private String neighbour;
  private String camp;
  private String hourly;

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.estate", "provider_admin"));
    await(TestAccounts.create(vertx, app.pool(), "mamma.bianchi", "citizen"));
    await(TestAccounts.create(vertx, app.pool(), "papa.gialli", "citizen"));
    await(TestAccounts.create(vertx, app.pool(), "vicina.neri", "citizen"));
    mother = await(http.accessToken("mamma.bianchi"));
    father = await(http.accessToken("papa.gialli"));
    neighbour = await(http.accessToken("vicina.neri"));
    CatalogFixture catalog = new CatalogFixture(http, await(http.accessToken("admin.estate")));
    CatalogFixture.Service summer = catalog.create(CatalogFixture.serviceBody("childhood", "Centro estivo al parco",
        "Settimane al parco per bambini.").tariff(13_500, "week").audience("children").at("Via del Parco 1, Bergamo"));
    CatalogFixture.Resource group = summer.resource("Gruppo Scoiattoli", "group", CAPACITY);
    for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
      group.openEvery(day, WEEK1, WEEK2.plusDays(6), "08:00", "16:00", 480);
    }
    camp = summer.id();
    hourly = catalog.create(CatalogFixture.serviceBody("elderly", "Compagnia", "Un'ora di compagnia.")).id();
  }

  private HttpResponse<Buffer> quote(String token, String service, LocalDate from, int periods, int places) {
    return await(http.get("/api/v1/services/" + service + "/enrolment-quote?from=" + from + "&periods=" + periods
        + "&places=" + places, token));
  }

  private static JsonObject enrolment(String service, LocalDate from, int periods, int places) {
    return new JsonObject().put("serviceId", service).put("from", from.toString()).put("periods", periods).put("places", places);
  }

  /** Places taken on every slot of the camp, by start. */
  private List<Integer> taken() {
    List<Integer> taken = new ArrayList<>();
    for (Row r : await(app.pool().preparedQuery("SELECT taken FROM slots WHERE service_id = $1 ORDER BY starts_at")
        .execute(Tuple.of(UUID.fromString(camp))))) {
      taken.add(r.getInteger(0));
    }
    return taken;
  }

  private static List<Integer> times(int n, int value) {
    List<Integer> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(value);
    }
    return list;
  }

  private static List<Integer> concat(List<Integer> a, List<Integer> b) {
    List<Integer> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void twoWeeksForTwoChildrenAreQuotedHeldConfirmedAndCancelledAllTogether() {
    JsonObject quote = quote(mother, camp, WEEK1, 2, 2).bodyAsJsonObject();
    assertEquals(10, quote.getInteger("slots"), quote.encodePrettily());
    assertEquals(WEEK1.toString(), quote.getJsonArray("dates").getString(0));
    assertEquals(WEEK2.plusDays(4).toString(), quote.getJsonArray("dates").getString(9));
    assertEquals(WEEK2.plusDays(6).toString(), quote.getString("to"));
    assertTrue(quote.getBoolean("available"));
    assertEquals(54_000, quote.getJsonObject("price").getInteger("priceCents"));
    assertEquals("2 settimane × 135,00 € a settimana × 2 posti",
        quote.getJsonObject("price").getJsonArray("lines").getJsonObject(0).getString("label"));
    assertEquals(times(10, 0), taken(), "a quote takes nothing");

    String key = UUID.randomUUID().toString();
    HttpResponse<Buffer> held = await(http.post("/api/v1/enrolments", mother, enrolment(camp, WEEK1, 2, 2), key));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    JsonObject booking = held.bodyAsJsonObject();
    assertEquals("held", booking.getString("status"));
    assertEquals(2, booking.getInteger("places"));
    assertEquals(WEEK1.atTime(8, 0), OffsetDateTime.parse(booking.getString("start")).atZoneSameInstant(ROME).toLocalDateTime(),
        "from the first covered slot's start");
    assertEquals(WEEK2.plusDays(4).atTime(16, 0),
        OffsetDateTime.parse(booking.getString("end")).atZoneSameInstant(ROME).toLocalDateTime(), "to the last one's end");
    assertEquals(times(10, 2), taken(), "every covered day holds the places");

    HttpResponse<Buffer> again = await(http.post("/api/v1/enrolments", mother, enrolment(camp, WEEK1, 2, 2), key));
    assertEquals(201, again.statusCode());
    assertEquals(booking.getString("id"), again.bodyAsJsonObject().getString("id"), "the same key answers the same enrolment");
    assertEquals(times(10, 2), taken(), "and takes nothing more");
    assertEquals(54_000, await(app.pool().preparedQuery("SELECT price_cents FROM bookings WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(booking.getString("id"))))).iterator().next().getInteger(0));

    HttpResponse<Buffer> confirmed = await(http.post("/api/v1/bookings/" + booking.getString("id") + "/confirm", mother,
        new JsonObject()));
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    assertEquals("confirmed", confirmed.bodyAsJsonObject().getString("status"));

    HttpResponse<Buffer> cancelled = await(http.post("/api/v1/bookings/" + booking.getString("id") + "/cancel", mother,
        new JsonObject()));
    assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());
    assertEquals(times(10, 0), taken(), "cancelling gives back every day's places, not only the first's");
  }

  @Test
  void aPeriodWithAFullDayTakesNothingAndSaysWhichDates() {
    HttpResponse<Buffer> neighbours = await(http.post("/api/v1/enrolments", neighbour, enrolment(camp, WEEK2, 1, 4)));
    assertEquals(201, neighbours.statusCode(), neighbours.bodyAsString());
    List<Integer> before = taken();

    JsonObject quote = quote(father, camp, WEEK1, 2, 3).bodyAsJsonObject();
    assertEquals(false, quote.getBoolean("available"));
    assertEquals(5, quote.getJsonArray("fullDates").size(), quote.encodePrettily());

    HttpResponse<Buffer> refused = await(http.post("/api/v1/enrolments", father, enrolment(camp, WEEK1, 2, 3)));
    assertEquals(409, refused.statusCode(), refused.bodyAsString());
    assertEquals("/problems/period-full", refused.bodyAsJsonObject().getString("type"));
    assertEquals(new JsonArray().add(WEEK2.toString()).add(WEEK2.plusDays(1).toString()).add(WEEK2.plusDays(2).toString())
        .add(WEEK2.plusDays(3).toString()).add(WEEK2.plusDays(4).toString()), refused.bodyAsJsonObject().getJsonArray("fullDates"));
    assertEquals(before, taken(), "nothing taken, not even the first week's free days");

    HttpResponse<Buffer> firstWeekOnly = await(http.post("/api/v1/enrolments", father, enrolment(camp, WEEK1, 1, 3)));
    assertEquals(201, firstWeekOnly.statusCode(), firstWeekOnly.bodyAsString());

    // An expired hold gives back every day too.
    BookingService bookings = app.module(BookingModule.class).service();
    await(bookings.expireHolds(Instant.now().plusSeconds(3_600)));
    assertEquals(times(10, 0), taken());
  }

  @Test
  void onlyWholePeriodsOfWeekOrMonthServicesNotYetBegunAreEnrolments() {
    assertEquals("/problems/invalid-period", quote(mother, camp, WEEK1.plusDays(1), 1, 1).bodyAsJsonObject().getString("type"));
    assertEquals("/problems/not-an-enrolment", quote(mother, hourly, WEEK1, 1, 1).bodyAsJsonObject().getString("type"));
    LocalDate thisMonday = LocalDate.now(ROME).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    assertEquals("/problems/period-started", quote(mother, camp, thisMonday, 1, 1).bodyAsJsonObject().getString("type"));
    assertEquals("/problems/no-slots-in-period", quote(mother, camp, WEEK1.plusWeeks(3), 1, 1).bodyAsJsonObject().getString("type"));
    assertEquals(422, await(http.post("/api/v1/enrolments", mother, enrolment(camp, WEEK1.plusDays(2), 1, 1))).statusCode());
    assertEquals(400, await(http.get("/api/v1/services/" + camp + "/enrolment-quote?from=" + WEEK1 + "&periods=0", mother))
        .statusCode());
    assertEquals(401, await(http.get("/api/v1/services/" + camp + "/enrolment-quote?from=" + WEEK1 + "&periods=1", null))
        .statusCode());
    // A single day of the camp is not sold, and an enrolment is not moved to one.
    String monday = await(app.pool().preparedQuery("SELECT id FROM slots WHERE service_id = $1 ORDER BY starts_at LIMIT 1")
        .execute(Tuple.of(UUID.fromString(camp)))).iterator().next().getUUID(0).toString();
    assertEquals(422, await(http.post("/api/v1/bookings/holds", mother, new JsonObject().put("slotId", monday))).statusCode());
    HttpResponse<Buffer> enrolled = await(http.post("/api/v1/enrolments", mother, enrolment(camp, WEEK2, 1, 1)));
    assertEquals(201, enrolled.statusCode(), enrolled.bodyAsString());
    HttpResponse<Buffer> moved = await(http.post("/api/v1/bookings/" + enrolled.bodyAsJsonObject().getString("id") + "/reschedule",
        mother, new JsonObject().put("slotId", monday)));
    assertEquals(422, moved.statusCode(), moved.bodyAsString());
    assertEquals("/problems/enrolment-only", moved.bodyAsJsonObject().getString("type"));
    assertEquals(200, await(http.post("/api/v1/bookings/" + enrolled.bodyAsJsonObject().getString("id") + "/cancel", mother,
        new JsonObject())).statusCode());

    HttpResponse<Buffer> tooMany = await(http.post("/api/v1/enrolments", mother, enrolment(camp, WEEK1, 1, 5)));
    assertEquals(409, tooMany.statusCode(), tooMany.bodyAsString());
    assertEquals("places-per-booking", tooMany.bodyAsJsonObject().getString("limit"));
  }
}
