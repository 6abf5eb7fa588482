package coop.sportello.platform.areas;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static coop.sportello.testing.Responses.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A network that does not want culture and leisure (areas.culture false): the screens are not
 * offered the area and no service can be published in it or moved into it, while the five welfare
 * areas stay and a service published while it was offered can still be edited.
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
}
