package coop.sportello.booking;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many families enrol at once in the last places of a summer camp's weeks: no slot ever gives more
 * places than it has, and every enrolment either holds every day of its period or nothing at all.
 */
class EnrolmentConcurrencyTest extends AppTestBase {

  private static final LocalDate WEEK1 = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(1)
      .with(TemporalAdjusters.next(DayOfWeek.MONDAY));
  private static final int CAPACITY = 5;
  private static final int FAMILIES = 18;

  private final List<String> tokens = new ArrayList<>();
  private String camp;

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.estate", "provider_admin"));
    for (int i = 0; i < FAMILIES; i++) {
      await(TestAccounts.create(vertx, app.pool(), "famiglia." + i, "citizen"));
      tokens.add(await(http.accessToken("famiglia." + i)));
    }
    CatalogFixture.Service summer = new CatalogFixture(http, await(http.accessToken("admin.estate"))).create(
        CatalogFixture.serviceBody("childhood", "Centro estivo in riva al fiume", "Settimane al fiume.")
            .tariff(12_000, "week").audience("children").at("Via del Fiume 3, Bergamo"));
    CatalogFixture.Resource group = summer.resource("Gruppo Lontre", "group", CAPACITY);
    for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
      group.openEvery(day, WEEK1, WEEK1.plusWeeks(1).plusDays(6), "08:00", "16:00", 480);
    }
    camp = summer.id();
  }

  @Test
  void noSlotIsOverbookedAndEachEnrolmentIsAllOrNothing() {
    // A third ask for the first week, a third for both weeks, a third for the second week; one or two children each.
    List<Future<HttpResponse<Buffer>>> asked = new ArrayList<>();
    for (int i = 0; i < FAMILIES; i++) {
      LocalDate from = i % 3 == 2 ? WEEK1.plusWeeks(1) : WEEK1;
      int periods = i % 3 == 1 ? 2 : 1;
      asked.add(http.post("/api/v1/enrolments", tokens.get(i), new JsonObject().put("serviceId", camp)
          .put("from", from.toString()).put("periods", periods).put("places", 1 + i % 2)));
    }
    await(Future.join(asked), 120);
    int held = 0;
    for (int i = 0; i < FAMILIES; i++) {
      HttpResponse<Buffer> answer = asked.get(i).result();
      if (answer.statusCode() == 201) {
        held++;
        UUID booking = UUID.fromString(answer.bodyAsJsonObject().getString("id"));
        long covered = await(app.pool().preparedQuery("SELECT count(*) FROM booking_slots WHERE booking_id = $1")
            .execute(Tuple.of(booking))).iterator().next().getLong(0);
        assertEquals(i % 3 == 1 ? 10 : 5, covered, "every day of the period, family " + i);
      } else {
        assertEquals(409, answer.statusCode(), answer.bodyAsString());
        assertEquals("/problems/period-full", answer.bodyAsJsonObject().getString("type"));
      }
    }
    assertTrue(held > 0 && held < FAMILIES, "some families got places and some did not: " + held);
    assertEquals(held, await(app.pool().preparedQuery("SELECT count(*) FROM bookings WHERE service_id = $1")
        .execute(Tuple.of(UUID.fromString(camp)))).iterator().next().getLong(0), "a refused enrolment leaves no booking");

    int slots = 0;
    for (Row slot : await(app.pool().preparedQuery("""
            SELECT s.capacity, s.taken, coalesce((SELECT sum(bs.places) FROM booking_slots bs JOIN bookings b ON b.id = bs.booking_id
                                                   WHERE bs.slot_id = s.id AND b.status IN ('held', 'confirmed')), 0) AS held
              FROM slots s WHERE s.service_id = $1""").execute(Tuple.of(UUID.fromString(camp))))) {
      slots++;
      assertTrue(slot.getInteger("taken") <= slot.getInteger("capacity"), "never more than the capacity");
      assertEquals(slot.getLong("held").intValue(), slot.getInteger("taken"), "the places taken are the enrolments' places");
    }
    assertEquals(10, slots);
  }
}
