package coop.sportello.bandi;

import coop.sportello.testing.AppTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The municipality's reports through HTTP: one bando's applications and amounts by status, budget
 * granted and left, the applications received per minute, hour and day (Europe/Rome), the
 * Comune's bandi together, the CSV files, never a person, never another Comune's bando.
 */
class BandoReportsApiTest extends AppTestBase {

  private ReviewFixture f;
  private String officer;
  private UUID bando;

  @BeforeAll
  void setUp() {
    f = new ReviewFixture(vertx, app.pool(), http);
    officer = f.officer("reports.officer");
    UUID citizen = f.account("reports.citizen", "citizen");
    bando = f.bando(f.comune, "buoni_spesa", "first_come", 100_000);
    UUID a = f.application(bando, citizen, 20_000, 1, 0, null, "RSSMRA80A01F205X");
    UUID b = f.application(bando, citizen, 30_000, 1, 0, null);
    UUID c = f.application(bando, citizen, 10_000, 1, 0, null);
    f.application(bando, citizen, 10_000, 1, 0, null);
    // Received at known times: two in one minute, one in the next hour, one the next day (Europe/Rome).
    await(app.pool().preparedQuery("""
            UPDATE bando_applications SET received_at = CASE id
              WHEN $1 THEN timestamptz '2026-03-01 09:15:10+01' WHEN $2 THEN timestamptz '2026-03-01 09:15:50+01'
              WHEN $3 THEN timestamptz '2026-03-01 10:02:00+01' ELSE timestamptz '2026-03-02 08:00:00+01' END
             WHERE bando_id = $4""").execute(Tuple.of(a, b, c, bando)));
    assertEquals(200, await(http.post(ReviewFixture.path(bando, a, "admit"), officer, new JsonObject())).statusCode());
    assertEquals(200, await(http.post(ReviewFixture.path(bando, b, "reject"), officer,
        new JsonObject().put("reason", "Fuori dai requisiti."))).statusCode());
    f.bando(f.comune, "contributo", "score", 500_000);
    f.bando(f.otherComune, "contributo", "score", 900_000);
  }

  @Test
  void aBandosReportCountsByStatusWithTheBudgetAndTheApplicationsReceivedOverTime() {
    HttpResponse<Buffer> r = await(http.get("/api/v1/comune/bandi/" + bando + "/report?bucket=minute", officer));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject report = r.bodyAsJsonObject();
    assertEquals(100_000, report.getLong("budgetCents"));
    assertEquals(20_000, report.getLong("grantedCents"));
    assertEquals(80_000, report.getLong("residualCents"));
    assertEquals(4, report.getLong("applications"));
    // A buoni spesa admission opens its voucher wallet at once: the application is paid.
    assertEquals(new JsonObject().put("applications", 1).put("amountCents", 20_000), report.getJsonObject("byStatus").getJsonObject("paid"));
    assertEquals(new JsonObject().put("applications", 2).put("amountCents", 20_000), report.getJsonObject("byStatus").getJsonObject("submitted"));
    assertEquals(1, report.getJsonObject("byStatus").getJsonObject("rejected").getLong("applications"));
    assertEquals(0, report.getJsonObject("byStatus").getJsonObject("admitted").getLong("applications"));
    assertEquals(0L, report.getLong("spentCents"), "the wallet has spent nothing yet");
    assertTrue(report.getBoolean("spendingReported"));
    assertEquals(List.of("2026-03-01T09:15:2", "2026-03-01T10:02:1", "2026-03-02T08:00:1"), series(report));
    assertFalse(r.bodyAsString().contains("RSSMRA80A01F205X"), "aggregates only");
    assertFalse(r.bodyAsString().contains("reports.citizen"));

    assertEquals(List.of("2026-03-01T09:00:2", "2026-03-01T10:00:1", "2026-03-02T08:00:1"),
        series(await(http.get("/api/v1/comune/bandi/" + bando + "/report", officer)).bodyAsJsonObject()), "by hour by default");
    assertEquals(List.of("2026-03-01T00:00:3", "2026-03-02T00:00:1"),
        series(await(http.get("/api/v1/comune/bandi/" + bando + "/report?bucket=day", officer)).bodyAsJsonObject()));
    assertEquals(400, await(http.get("/api/v1/comune/bandi/" + bando + "/report?bucket=week", officer)).statusCode());
  }

  @Test
  void theCsvFilesOpenInExcelWithItalianSettings() {
    HttpResponse<Buffer> file = await(http.get("/api/v1/comune/bandi/" + bando + "/report/csv?bucket=day", officer));
    assertEquals(200, file.statusCode(), file.bodyAsString());
    assertTrue(file.getHeader("Content-Type").startsWith("text/csv"));
    assertTrue(file.getHeader("Content-Disposition").contains("bando-" + bando + ".csv"));
    String text = file.bodyAsString(StandardCharsets.UTF_8.name());
    assertTrue(text.startsWith("\uFEFFVoce;Dettaglio;Domande;Importo (€)\r\n"), text);
    assertTrue(text.contains("Domande per stato;Pagate;1;200,00\r\n"), text);
    assertTrue(text.contains("Budget residuo;;;800,00\r\n"), text);
    assertTrue(text.contains("Domande ricevute per giorno;2026-03-01 00:00;3;\r\n"), text);

    HttpResponse<Buffer> all = await(http.get("/api/v1/comune/report/csv", officer));
    assertEquals(200, all.statusCode());
    String[] lines = all.bodyAsString(StandardCharsets.UTF_8.name()).split("\r\n");
    assertEquals(3, lines.length, "a header and this Comune's two bandi");
    assertTrue(lines[0].startsWith("\uFEFFBando;Tipo;Stato;Budget (€)"), lines[0]);
  }

  @Test
  void theComunesReportHasOnlyItsOwnBandi() {
    JsonObject report = await(http.get("/api/v1/comune/report", officer)).bodyAsJsonObject();
    assertEquals(2, report.getJsonArray("items").size());
    assertEquals(600_000, report.getLong("budgetCents"));
    assertEquals(20_000, report.getLong("grantedCents"));
    assertEquals(580_000, report.getLong("residualCents"));
    String other = f.otherOfficer("reports.other");
    JsonObject theirs = await(http.get("/api/v1/comune/report", other)).bodyAsJsonObject();
    assertEquals(1, theirs.getJsonArray("items").size());
    assertEquals(900_000, theirs.getLong("budgetCents"));
    assertEquals(404, await(http.get("/api/v1/comune/bandi/" + bando + "/report/csv", other)).statusCode());
  }

  private static List<String> series(JsonObject report) {
    return report.getJsonObject("received").getJsonArray("items").stream()
        .map(i -> ((JsonObject) i).getString("start").substring(0, 16) + ":" + ((JsonObject) i).getLong("applications")).toList();
  }
}
