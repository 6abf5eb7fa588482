package coop.sportello.companies;

import coop.sportello.testing.AppTestBase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample file the README offers imports cleanly as the demo HR admin (hr.admin / sportello-demo). */
class DemoEmployeeFileTest extends AppTestBase {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("demoData", "on");
  }

  @Test
  void theSampleFileAddsFourEmployeesAndLeavesTheDemoEmployeeAsHeIs() throws IOException {
    String csv;
    try (InputStream in = getClass().getResourceAsStream("/demo/dipendenti-esempio.csv")) {
      csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String hr = await(http.login("hr.admin", "sportello-demo")).getString("accessToken");
    JsonObject body = new JsonObject().put("csv", csv).put("closeMissing", false);
    JsonObject report = await(http.client().post("/api/v1/company/employee-imports?dryRun=true").bearerTokenAuthentication(hr)
        .sendJsonObject(body)).bodyAsJsonObject();
    assertTrue(report.getBoolean("canApply"), report.encodePrettily());
    assertEquals(4L, report.getJsonObject("counts").getLong("create"));
    assertEquals(List.of("nessuna modifica"), report.getJsonArray("rows").getJsonObject(0).getJsonArray("changes").getList(),
        "Luca Ferrari (the demo employee) is already there");
    var applied = await(http.post("/api/v1/company/employee-imports", hr, body, UUID.randomUUID().toString()));
    assertEquals(200, applied.statusCode(), applied.bodyAsString());
  }
}
