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
 * offered the area and no service can be published in it, while the five welfare areas stay.
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
  }
}
