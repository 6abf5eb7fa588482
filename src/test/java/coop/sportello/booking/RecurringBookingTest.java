package coop.sportello.booking;

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
    await(app.pool().query("""
        INSERT INTO municipalities (istat_code, name, province) VALUES ('028063', 'Piazzola sul Brenta', 'PD')
        ON CONFLICT DO NOTHING""").execute());
    await(TestAccounts.create(vertx, app.pool(), "admin.domicilio", "provider_admin"));
    await(TestAccounts.create(vertx, app.pool(), "famiglia.verdi", "citizen"));
    await(TestAccounts.create(vertx, app.pool(), "famiglia.neri", "citizen"));
    family = await(http.accessToken("famiglia.verdi"));
    neighbour = await(http.accessToken("famiglia.neri"));
    String admin = await(http.accessToken("admin.domicilio"));
    service = await(http.post("/api/v1/provider/services", admin, new JsonObject().put("area", "elderly")
        .put("title", "Assistenza domiciliare pomeridiana").put("description", "Un'operatrice a casa per due ore.")
        .put("tariffCents", 2200).put("tariffUnit", "hour").put("deliveryMode", "at_home").put("audience", "elderly")
        .put("municipalities", new JsonArray().add("028063")))).bodyAsJsonObject().getString("id");
    giulia = carer(admin, "Operatrice Giulia", DayOfWeek.TUESDAY, DayOfWeek.THURSDAY);
    carer(admin, "Operatrice Marta", DayOfWeek.TUESDAY);
  }

  private String carer(String admin, String name, DayOfWeek... days) {
    String id = await(http.post("/api/v1/provider/resources", admin, new JsonObject().put("name", name)
        .put("kind", "person").put("capacity", 1))).bodyAsJsonObject().getString("id");
    for (DayOfWeek day : days) {
      var rule = await(http.post("/api/v1/provider/services/" + service + "/rules", admin, new JsonObject()
          .put("resourceId", id).put("weekday", day.getValue()).put("opens", "15:00").put("closes", "17:00")
          .put("slotMinutes", 120).put("places", 1).put("validFrom", FROM.toString()).put("validUntil", UNTIL.toString())));
      assertEquals(201, rule.statusCode(), rule.bodyAsString());
    }
    return id;
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
  }
}
