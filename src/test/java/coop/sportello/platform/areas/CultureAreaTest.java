package coop.sportello.platform.areas;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static coop.sportello.testing.Responses.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A network that does not want culture and leisure (areas.culture false): the screens are not
 * offered the area and no service can be published in it or moved into it, while the five welfare
 * areas stay and a service published while it was offered can still be edited, but is off the
 * citizens' screens (V71) while what was booked in it stays.
 */
class CultureAreaTest extends AppTestBase {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("areas", new JsonObject().put("culture", false));
  }

  @Test
  void aNetworkWithoutCultureNeitherListsItNorTakesServicesInIt() {
    List<String> listed = await(http.get("/api/v1/areas", null)).bodyAsJsonObject().getJsonArray("items").stream()
        .map(i -> ((JsonObject) i).getString("code")).toList();
    assertEquals(List.of("education", "childhood", "elderly", "work_life", "health"), listed);

    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.cultura", "provider_admin"));
    String admin = await(http.accessToken("admin.cultura"));
    HttpResponse<Buffer> refused = await(http.post("/api/v1/provider/services", admin,
        CatalogFixture.serviceBody("culture", "Visita al museo", "Un'ora al museo con una guida.").tariff(800, "place")
            .audience("adults").json()));
    assertProblem(refused, 422, "area-not-offered");
    assertEquals(201, await(http.post("/api/v1/provider/services", admin,
        CatalogFixture.serviceBody("health", "Ginnastica dolce", "Un'ora di movimento con un istruttore.").tariff(800, "place")
            .audience("adults").json())).statusCode());

    // A service published while the network offered the area keeps working: it can still be edited.
    await(app.pool().query("UPDATE service_areas SET offered = true WHERE code = 'culture'").execute());
    JsonObject concert = CatalogFixture.serviceBody("culture", "Concerto d'estate", "Un'ora di musica nel parco.").tariff(500, "place")
        .audience("adults").json();
    String published = await(http.post("/api/v1/provider/services", admin, concert)).bodyAsJsonObject().getString("id");
    await(app.pool().query("UPDATE service_areas SET offered = false WHERE code = 'culture'").execute());
    assertEquals(200, await(http.put("/api/v1/provider/services/" + published, admin, concert.copy().put("title", "Concerto d'autunno")))
        .statusCode());
    String yoga = await(http.post("/api/v1/provider/services", admin, CatalogFixture.serviceBody("health", "Yoga", "Un'ora di yoga.")
        .tariff(800, "place").audience("adults").json())).bodyAsJsonObject().getString("id");
    assertProblem(await(http.put("/api/v1/provider/services/" + yoga, admin, concert)), 422, "area-not-offered");
  }

  @Test
  void aServiceOfAnAreaNoLongerOfferedIsNeitherFoundNorBookedWhileItsBookingsStay() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.teatro", "provider_admin"));
    await(TestAccounts.create(vertx, app.pool(), "spettatrice", "citizen"));
    String admin = await(http.accessToken("admin.teatro"));
    String citizen = await(http.accessToken("spettatrice"));
    LocalDate day = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(5);

    offered(true);
    CatalogFixture.Service theatre = new CatalogFixture(http, admin).create(CatalogFixture.serviceBody("culture", "Teatro dei ragazzi",
        "Un'ora di teatro per tutti.").tariff(500, "place").audience("adults").at("Piazza Vecchia 1, Bergamo"));
    theatre.resource("Sala grande", "room", 40).openOn(day, "16:00", "18:00", 60);
    String service = theatre.id();
    List<String> slots = await(http.get("/api/v1/services/" + service + "/availability?from=" + day + "&to=" + day, null))
        .bodyAsJsonObject().getJsonArray("slots").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    JsonObject held = await(http.post("/api/v1/bookings/holds", citizen, new JsonObject().put("slotId", slots.get(0)))).bodyAsJsonObject();
    String booking = held.getString("id");
    assertEquals(200, await(http.post("/api/v1/bookings/" + booking + "/confirm", citizen, new JsonObject())).statusCode());
    assertEquals(1, found("culture"));

    offered(false);
    assertEquals(0, found("culture"), "not found by area");
    assertEquals(0, await(http.get("/api/v1/services?q=teatro", null)).bodyAsJsonObject().getInteger("total"), "nor by words");
    assertProblem(await(http.get("/api/v1/services/" + service, null)), 404, "not-found");
    assertProblem(await(http.get("/api/v1/services/" + service + "/availability?from=" + day + "&to=" + day, null)), 404, "not-found");
    assertProblem(await(http.post("/api/v1/bookings/holds", citizen, new JsonObject().put("slotId", slots.get(1)))), 404, "not-found");
    JsonObject kept = await(http.get("/api/v1/bookings/" + booking, citizen)).bodyAsJsonObject();
    assertEquals("confirmed", kept.getString("status"), "what was booked stays");
    JsonObject listed = await(http.get("/api/v1/provider/services", admin)).bodyAsJsonObject().getJsonArray("items").stream()
        .map(o -> (JsonObject) o).filter(o -> o.getString("id").equals(service)).findFirst().orElseThrow();
    assertEquals(false, listed.getBoolean("areaOffered"), "the cooperative sees why it is hidden");

    offered(true);
    try {
      assertEquals(1, found("culture"), "back as it was");
      assertEquals(201, await(http.post("/api/v1/bookings/holds", citizen, new JsonObject().put("slotId", slots.get(1)))).statusCode());
    } finally {
      offered(false); // as this class's network is configured, for the other test
    }
  }

  private void offered(boolean offered) {
    await(app.pool().preparedQuery("UPDATE service_areas SET offered = $1 WHERE code = 'culture'")
        .execute(io.vertx.sqlclient.Tuple.of(offered)));
  }

  private int found(String area) {
    return await(http.get("/api/v1/services?area=" + area, null)).bodyAsJsonObject().getInteger("total");
  }
}
