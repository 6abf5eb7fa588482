package coop.sportello.booking;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.ChatAssignment;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * In-person services are for the residents of the municipalities they serve (issue 17, point 17):
 * a Bergamo resident cannot hold, book in a series or wait for a place of Piazzola sul Brenta's
 * in-person services, whoever books; online services stay open to all. An operator acting for
 * the person may book anyway with a reason, kept on the booking and in its audit trail.
 */
class ResidencyTest extends AppTestBase {

  private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(4);

  private String bergamoId;
  private String bergamo;
  private String piazzola;
  private String operator;
  private String manager;
  private List<String> atPlace;
  private String atHome;
  private String online;

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.residenza", "provider_admin"));
    bergamoId = await(TestAccounts.create(vertx, app.pool(), "giulia.bergamo", "citizen")).toString();
    UUID piazzolaId = await(TestAccounts.create(vertx, app.pool(), "antonio.piazzola", "citizen"));
    await(app.pool().preparedQuery("UPDATE accounts SET municipality = $2 WHERE id = $1")
        .execute(Tuple.of(piazzolaId, CatalogFixture.PIAZZOLA)));
    await(TestAccounts.create(vertx, app.pool(), "operatore.residenza", "operator"));
    await(TestAccounts.create(vertx, app.pool(), "manager.residenza", "welfare_manager"));
    bergamo = await(http.accessToken("giulia.bergamo"));
    piazzola = await(http.accessToken("antonio.piazzola"));
    operator = await(http.accessToken("operatore.residenza"));
    manager = await(http.accessToken("manager.residenza"));
    // A welfare manager books for the citizens of the conversations they handle (ChatDeskTest).
    ChatAssignment.handles(app.pool(), "manager.residenza", bergamoId);

    CatalogFixture catalog = new CatalogFixture(http, await(http.accessToken("admin.residenza")));
    CatalogFixture.Service place = catalog.create(CatalogFixture.serviceBody("childhood", "Doposcuola in biblioteca",
        "Compiti e letture in biblioteca.").at("Piazza Camerini 1, Piazzola sul Brenta").in(CatalogFixture.PIAZZOLA));
    place.resource("Sala lettura", "room", 10).openOn(DAY, "15:00", "18:00", 60);
    atPlace = place.slotsOn(DAY);
    CatalogFixture.Service home = catalog.create(CatalogFixture.serviceBody("elderly", "Pasti a domicilio",
        "Un pasto caldo portato a casa.").deliveredAt("at_home").in(CatalogFixture.PIAZZOLA));
    home.resource("Cucina centrale", "group", 10).openOn(DAY, "12:00", "13:00", 60);
    atHome = home.slotsOn(DAY).get(0);
    CatalogFixture.Service web = catalog.create(CatalogFixture.serviceBody("education", "Corso di inglese online",
        "Lezioni in videochiamata per adulti.").deliveredAt("online").in());
    web.resource("Aula virtuale", "room", 10).openOn(DAY, "20:00", "21:00", 60);
    online = web.slotsOn(DAY).get(0);
  }

  private HttpResponse<Buffer> hold(String token, JsonObject body) {
    return await(http.post("/api/v1/bookings/holds", token, body));
  }

  private static JsonObject slot(String slot) {
    return new JsonObject().put("slotId", slot);
  }

  private static void assertNotResident(HttpResponse<Buffer> refused) {
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    assertEquals("/problems/not-resident", refused.bodyAsJsonObject().getString("type"));
  }

  private int taken(String slot) {
    return await(app.pool().preparedQuery("SELECT taken FROM slots WHERE id = $1").execute(Tuple.of(UUID.fromString(slot))))
        .iterator().next().getInteger(0);
  }

  @Test
  void aBergamoResidentCannotHaveAnInPersonServiceOfPiazzolaWhoeverBooks() {
    assertNotResident(hold(bergamo, slot(atPlace.get(0))));
    assertNotResident(hold(bergamo, slot(atHome)));
    assertNotResident(hold(operator, slot(atPlace.get(0)).put("forPerson", bergamoId)));
    assertNotResident(hold(manager, slot(atPlace.get(0)).put("forPerson", bergamoId)));
    assertEquals(0, taken(atPlace.get(0)), "nothing was taken");
    assertEquals(0, taken(atHome));

    var series = await(http.post("/api/v1/bookings/recurring", bergamo, new JsonObject().put("serviceId", serviceOf(atPlace.get(0)))
        .put("weekdays", new JsonArray().add(DAY.getDayOfWeek().getValue())).put("start", "15:00")
        .put("from", DAY.toString()).put("until", DAY.toString()).put("mode", "skip_clashes")));
    assertNotResident(series);

    // Online services are open to anyone; the residents of Piazzola get theirs.
    assertEquals(201, hold(bergamo, slot(online)).statusCode());
    assertEquals(201, hold(piazzola, slot(atPlace.get(0))).statusCode());
    assertEquals(201, hold(piazzola, slot(atHome)).statusCode());

    // Someone whose residence is not on record is no resident of Piazzola either.
    UUID unknown = await(TestAccounts.create(vertx, app.pool(), "senza.residenza", "citizen"));
    await(app.pool().preparedQuery("UPDATE accounts SET municipality = NULL WHERE id = $1").execute(Tuple.of(unknown)));
    assertNotResident(hold(await(http.accessToken("senza.residenza")), slot(atPlace.get(1))));
  }

  private String serviceOf(String slot) {
    return await(app.pool().preparedQuery("SELECT service_id::text FROM slots WHERE id = $1").execute(Tuple.of(UUID.fromString(slot))))
        .iterator().next().getString(0);
  }

  @Test
  void anOperatorMayBookANonResidentWithAReasonThatIsKeptAndAudited() {
    String reason = "Ospite per tre mesi dalla figlia a Piazzola";
    assertEquals(403, hold(bergamo, slot(atPlace.get(1)).put("residencyOverride", reason)).statusCode(),
        "the person cannot waive the rule for themselves");
    assertEquals(422, hold(operator, slot(atPlace.get(1)).put("forPerson", bergamoId).put("residencyOverride", "")).statusCode(),
        "a reason, not an empty string");

    var held = hold(operator, slot(atPlace.get(1)).put("forPerson", bergamoId).put("residencyOverride", reason));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    String id = held.bodyAsJsonObject().getString("id");
    assertEquals(reason, await(app.pool().preparedQuery("SELECT residency_override FROM bookings WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(id)))).iterator().next().getString(0));
    assertEquals(200, await(http.post("/api/v1/bookings/" + id + "/confirm", operator, new JsonObject())).statusCode());
    JsonArray audit = await(http.get("/api/v1/bookings/" + id, bergamo)).bodyAsJsonObject().getJsonArray("audit");
    JsonObject first = audit.getJsonObject(0);
    assertEquals("held", first.getString("action"));
    assertEquals(reason, first.getJsonObject("detail").getString("residencyOverride"));
    assertEquals(operatorSubject(), first.getString("actor"), "who made the exception");

    // Moving the booking to another time of the same service keeps the exception.
    var moved = await(http.post("/api/v1/bookings/" + id + "/reschedule", bergamo, slot(atPlace.get(2))));
    assertEquals(200, moved.statusCode(), moved.bodyAsString());
    assertEquals(reason, await(app.pool().preparedQuery("SELECT residency_override FROM bookings WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(moved.bodyAsJsonObject().getString("id"))))).iterator().next().getString(0));
  }

  private String operatorSubject() {
    return await(app.pool().query("SELECT id::text FROM accounts WHERE username = 'operatore.residenza'").execute())
        .iterator().next().getString(0);
  }

  @Test
  void theWaitingLineIsForResidentsToo() {
    CatalogFixture catalog = new CatalogFixture(http, await(http.accessToken("admin.residenza")));
    CatalogFixture.Service small = catalog.create(CatalogFixture.serviceBody("health", "Ginnastica in piazza",
        "Ginnastica dolce all'aperto.").at("Piazza Camerini 1, Piazzola sul Brenta").in(CatalogFixture.PIAZZOLA));
    small.resource("Gruppo piazza", "group", 1).openOn(DAY, "09:00", "10:00", 60);
    String full = small.slotsOn(DAY).get(0);
    String taken = hold(piazzola, slot(full)).bodyAsJsonObject().getString("id");
    assertNotResident(await(http.post("/api/v1/bookings/waitlist", bergamo, slot(full))));
    String reason = "Segue la madre residente a Piazzola";
    var waiting = await(http.post("/api/v1/bookings/waitlist", operator, slot(full).put("forPerson", bergamoId)
        .put("residencyOverride", reason)));
    assertEquals(201, waiting.statusCode(), waiting.bodyAsString());

    // The place freed goes to her with the operator's exception, which the offer's audit row repeats.
    assertEquals(200, await(http.post("/api/v1/bookings/" + taken + "/cancel", piazzola, new JsonObject())).statusCode());
    var offer = await(app.pool().preparedQuery("""
        SELECT b.residency_override, a.detail ->> 'residencyOverride' FROM bookings b
          JOIN booking_audit a ON a.booking_id = b.id AND a.action = 'offered'
         WHERE b.person = $1 AND b.slot_id = $2 AND b.status = 'held'""")
        .execute(Tuple.of(bergamoId, UUID.fromString(full)))).iterator().next();
    assertEquals(reason, offer.getString(0));
    assertEquals(reason, offer.getString(1));
  }
}
