package coop.sportello.booking;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Weekly home care: every Tuesday and Thursday at 15:00 for four weeks, with the same carer. */
class RecurringBookingTest extends AppTestBase {

  private static final LocalDate FROM = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(2)
      .with(TemporalAdjusters.next(DayOfWeek.MONDAY));
  private static final LocalDate UNTIL = FROM.plusWeeks(4).minusDays(1);

  private String family;
  private String neighbour;
  private String service;
  private String giulia;

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.domicilio", "provider_admin"));
    await(TestAccounts.create(vertx, app.pool(), "famiglia.verdi", "citizen"));
    await(TestAccounts.create(vertx, app.pool(), "famiglia.neri", "citizen"));
    family = await(http.accessToken("famiglia.verdi"));
    neighbour = await(http.accessToken("famiglia.neri"));
    CatalogFixture.Service homeCare = new CatalogFixture(http, await(http.accessToken("admin.domicilio"))).create(
        CatalogFixture.serviceBody("elderly", "Assistenza domiciliare pomeridiana", "Un'operatrice a casa per due ore.")
            .tariff(2200, "hour").deliveredAt("at_home").audience("elderly"));
    service = homeCare.id();
    giulia = carer(homeCare, "Operatrice Giulia", DayOfWeek.TUESDAY, DayOfWeek.THURSDAY);
    carer(homeCare, "Operatrice Marta", DayOfWeek.TUESDAY);
  }

  private String carer(CatalogFixture.Service homeCare, String name, DayOfWeek... days) {
    CatalogFixture.Resource carer = homeCare.resource(name, "person", 1);
    for (DayOfWeek day : days) {
      carer.openEvery(day, FROM, UNTIL, "15:00", "17:00", 120);
    }
    return carer.id();
  }

  private JsonObject series(String mode) {
    return new JsonObject().put("serviceId", service).put("weekdays", new JsonArray().add(2).add(4)).put("start", "15:00")
        .put("from", FROM.toString()).put("until", UNTIL.toString()).put("mode", mode);
  }

  @Test
  void thePreviewListsTheClashesAndTheChoiceDecidesWhatIsBookedWithOneCarerThroughout() {
    JsonObject preview = await(http.post("/api/v1/bookings/recurring/preview", family, series("all_or_nothing")))
        .bodyAsJsonObject();
    assertEquals(giulia, preview.getString("resourceId"), "the carer who covers both days");
    assertEquals(8, preview.getJsonArray("dates").size());
    assertEquals(0, preview.getJsonArray("clashes").size());

    // The neighbours take Giulia's second Thursday.
    String secondThursday = preview.getJsonArray("dates").getJsonObject(3).getString("slotId");
    var taken = await(http.post("/api/v1/bookings/holds", neighbour, new JsonObject().put("slotId", secondThursday)));
    assertEquals(201, taken.statusCode(), taken.bodyAsString());

    JsonObject again = await(http.post("/api/v1/bookings/recurring/preview", family, series("all_or_nothing"))).bodyAsJsonObject();
    assertEquals(1, again.getJsonArray("clashes").size());
    assertEquals("full", again.getJsonArray("clashes").getJsonObject(0).getString("clash"));

    var refused = await(http.post("/api/v1/bookings/recurring", family, series("all_or_nothing")));
    assertEquals(409, refused.statusCode());
    assertEquals("/problems/recurrence-clashes", refused.bodyAsJsonObject().getString("type"));
    assertEquals(0, await(http.get("/api/v1/bookings", family)).bodyAsJsonObject().getJsonArray("items").size(),
        "all or nothing: nothing");

    var booked = await(http.post("/api/v1/bookings/recurring", family, series("skip_clashes")));
    assertEquals(201, booked.statusCode(), booked.bodyAsString());
    JsonArray items = booked.bodyAsJsonObject().getJsonArray("booked");
    assertEquals(7, items.size());
    assertEquals(1, booked.bodyAsJsonObject().getJsonArray("skipped").size());
    assertTrue(items.stream().allMatch(b -> giulia.equals(((JsonObject) b).getString("resourceId"))
        && "confirmed".equals(((JsonObject) b).getString("status"))), "same carer, all confirmed");

    // Every Thursday is taken now: skipping the clashes would book nothing, and that is no success.
    JsonObject thursdays = series("skip_clashes").put("weekdays", new JsonArray().add(4));
    var nothing = await(http.post("/api/v1/bookings/recurring", neighbour, thursdays));
    assertEquals(409, nothing.statusCode(), nothing.bodyAsString());
    assertEquals("/problems/recurrence-clashes", nothing.bodyAsJsonObject().getString("type"));
    assertEquals(4, nothing.bodyAsJsonObject().getJsonArray("clashes").size());

    // A series of a service that does not exist is no empty preview but a 404.
    var unknown = await(http.post("/api/v1/bookings/recurring/preview", family,
        series("skip_clashes").put("serviceId", java.util.UUID.randomUUID().toString())));
    assertEquals(404, unknown.statusCode(), unknown.bodyAsString());
  }
}
