package coop.sportello.web;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.statements.MoneyRows;
import coop.sportello.statements.MoneyRows.Booking;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reports' screen (rapporti.html) in a real browser: a cooperative's admin reads its year
 * (KPI cards, the charts with their tables), opens a chart's data and downloads the Excel file;
 * desktop and phone, axe-core and no sideways scrolling.
 */
class ReportsBrowserTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");

  @Test
  void aCooperativeReadsItsYearWithChartsTablesAndTheFiles() {
    CatalogFixture.municipalities(app.pool());
    UUID admin = await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "rapporti.admin", "81818181818"));
    String person = await(TestAccounts.create(vertx, app.pool(), "rapporti.persona", "citizen")).toString();
    MoneyRows rows = new MoneyRows(app.pool());
    UUID provider = rows.providerOf(admin);
    UUID homeCare = rows.service(provider, "elderly", "Assistenza domiciliare");
    UUID afterSchool = rows.service(provider, "education", "Doposcuola");
    OffsetDateTime now = OffsetDateTime.now(ROME);
    for (int i = 1; i <= 3; i++) {
      Booking b = rows.booking(i < 3 ? homeCare : afterSchool, person, now.minusDays(20L * i), now.minusDays(20L * i).plusHours(1),
          "confirmed", 2_000);
      await(app.pool().preparedQuery("""
          INSERT INTO delivery_records (booking_id, slot_id, provider_id, month, outcome, minutes, version, recorded_by)
          SELECT b.id, b.slot_id, s.provider_id, date_trunc('month', b.starts_at AT TIME ZONE 'Europe/Rome')::date, 'delivered', 60, 1, 'test'
            FROM bookings b JOIN services s ON s.id = b.service_id WHERE b.id = $1""").execute(Tuple.of(b.id())));
    }

    try (Browser browser = new Browser(app.port())) {
      for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
        boolean desktop = viewport == Browser.Viewport.DESKTOP;
        browser.viewport(viewport).open("/rapporti.html");
        if (desktop) {
          browser.find("#utente").sendKeys("rapporti.admin");
          browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
        }
        browser.waitForText("#rapporto-esito", "Rapporto di Cooperativa 81818181818");
        browser.waitForText("#kpi-prenotazioni", "3");
        browser.waitForText("#kpi-ore", "3");
        browser.waitForText("#rep-ambito", "Cooperativa 81818181818");
        assertTrue(browser.find("#grafico-aree").getAttribute("aria-labelledby").length() > 0, "the chart has its name");
        browser.assertUsable("rapporti (" + viewport + ")");
        if (!desktop) {
          continue;
        }
        browser.click("#sezione-aree summary");
        browser.waitForText("#sezione-aree table", "Anziani e fragilità");
        assertEquals(2, browser.all("#sezione-aree tbody tr").size());
        browser.assertUsable("dati del grafico aperti");
        browser.screenshot("rapporti");
        browser.click("#rep-xlsx");
        browser.waitForText("#rep-scaricato", "Scaricato: rapporto-providers-" + provider);
      }
    }
  }
}
