package coop.sportello.web;

import coop.sportello.statements.MoneyRows;
import coop.sportello.statements.MoneyRows.Booking;
import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.openqa.selenium.Keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cooperative's day (giornata-ente.html) in a real browser: a past day's bookings with their
 * intake answers and project (moved to none and back), Erogato on one, Parziale refused without minutes then recorded with
 * them, the month closed through its confirmation modal (Esc first: nothing closed, focus back on
 * the button), and a correction with its reason; then the projects page (progetti-ente.html) with
 * the project's use and a new project added; then the cooperative's staff on the day. Between the
 * two, the funder's Excel file of the project's month, downloaded from Rapporti and opened here. Desktop and phone; axe-core and no sideways scrolling
 * in every state.
 */
class DeliveryBrowserTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");

  @Test
  void theAdminRecordsTheDayClosesTheMonthAndCorrectsWithAReason() throws Exception {
    CatalogFixture.municipalities(app.pool());
    UUID admin = await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "giornata.admin", "71717171717"));
    String person = await(TestAccounts.create(vertx, app.pool(), "giornata.persona", "employee")).toString();
    MoneyRows rows = new MoneyRows(app.pool());
    UUID provider = rows.providerOf(admin);
    UUID staff = await(TestAccounts.create(vertx, app.pool(), "giornata.operatrice", "provider_staff"));
    await(app.pool().preparedQuery("UPDATE accounts SET provider_id = $2 WHERE id = $1").execute(Tuple.of(staff, provider)));
    UUID service = rows.service(provider, "health", "Assistenza domiciliare");
    await(app.pool().preparedQuery("""
            WITH p AS (INSERT INTO projects (provider_id, name, funder, starts_on, ends_on, budget_minutes, created_by)
                       VALUES ($1, 'Conciliamo 2025', 'Regione Lombardia', '2025-01-01', '2025-12-31', 600, 'prova') RETURNING id)
            INSERT INTO project_services (project_id, service_id, provider_id) SELECT p.id, $2, $1 FROM p""")
        .execute(Tuple.of(provider, service)));
    Booking nine = rows.booking(service, person, at("2025-10-07T09:00"), at("2025-10-07T10:00"), "confirmed", 2_000);
    Booking eleven = rows.booking(service, person, at("2025-10-07T11:00"), at("2025-10-07T12:30"), "confirmed", 2_000);
    await(app.pool().preparedQuery("UPDATE bookings SET intake_address = 'Via Roma 1, Bergamo' WHERE id = $1")
        .execute(Tuple.of(nine.id())));

    UUID project = await(app.pool().preparedQuery("SELECT id FROM projects WHERE provider_id = $1 AND name = 'Conciliamo 2025'")
        .execute(Tuple.of(provider))).iterator().next().getUUID(0);
    Path downloads = Files.createTempDirectory("sportello-funder");
    try (Browser browser = new Browser(app.port())) {
      browser.saveDownloadsIn(downloads);
      for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
        boolean desktop = viewport == Browser.Viewport.DESKTOP;
        browser.viewport(viewport).open("/giornata-ente.html?date=2025-10-07");
        if (desktop) {
          browser.find("#utente").sendKeys("giornata.admin");
          browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
        }
        browser.waitForText("#giorno-esito", "2 prestazioni");
        browser.waitForText("[data-booking='" + nine.id() + "']", "Via Roma 1, Bergamo");
        browser.waitForText("[data-booking='" + nine.id() + "'] dd[data-project]", "Conciliamo 2025 (Regione Lombardia)");
        browser.assertUsable("la giornata (" + viewport + ")");
        if (!desktop) {
          continue;
        }
        String first = "[data-booking='" + nine.id() + "'] ";
        String second = "[data-booking='" + eleven.id() + "'] ";
        String nineForm = "e-" + nine.id() + "-" + slotOf(nine);
        String elevenForm = "e-" + eleven.id() + "-" + slotOf(eleven);
        // Re-tagged to no project, then back to the one covering the day.
        browser.script("document.getElementById(arguments[0]).value = ''", nineForm + "-progetto");
        browser.click(first + "[data-retag] button");
        browser.waitForText("#giorno-esito", "Progetto di Utente giornata.persona: Nessun progetto.");
        browser.waitForText(first + "dd[data-project]", "Nessun progetto");
        browser.script("const s = document.getElementById(arguments[0]); s.value = s.options[1].value", nineForm + "-progetto");
        browser.click(first + "[data-retag] button");
        browser.waitForText(first + "dd[data-project]", "Conciliamo 2025 (Regione Lombardia)");
        browser.assertUsable("progetto cambiato");

        browser.click(first + "[data-outcome='delivered']");
        browser.waitForText("#giorno-esito", "Registrato: Erogato");
        browser.waitForText(first + "[data-delivery='delivered']", "Erogato, 60 minuti");

        browser.click(second + "[data-outcome='partial']");
        browser.waitForText("#" + elevenForm + "-minuti-errore", "minuti svolti");
        assertEquals(elevenForm + "-minuti", browser.driver().switchTo().activeElement().getAttribute("id"), "focus on the field");
        browser.assertUsable("parziale senza minuti");
        browser.find("#" + elevenForm + "-minuti").sendKeys("45");
        browser.find("#" + elevenForm + "-nota").sendKeys("Uscita prima");
        browser.click(second + "[data-outcome='partial']");
        browser.waitForText(second + "[data-delivery='partial']", "Parziale, 45 minuti");

        browser.click("#mese-chiudi");
        modalShown(browser, true);
        browser.waitForText("#mese-conferma-testo", "Chiudere il mese di ottobre 2025?");
        browser.waitUntil(d -> "mese-conferma-annulla".equals(activeId(browser)), "the focus in the modal");
        browser.assertUsable("conferma della chiusura");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
        modalShown(browser, false);
        browser.waitUntil(d -> "mese-chiudi".equals(activeId(browser)), "the focus back on Chiudi il mese");
        browser.waitForText("#mese-stato", "aperto");
        browser.click("#mese-chiudi");
        modalShown(browser, true);
        browser.click("#mese-conferma-si");
        browser.waitForText("#mese-esito", "è chiuso");
        browser.waitForText("#mese-stato", "chiuso");
        browser.waitForText(first + "legend", "Correggi");
        browser.assertUsable("mese chiuso");

        browser.click(first + "[data-outcome='no_show']");
        browser.waitForText("#" + nineForm + "-motivo-errore", "motivo della correzione");
        browser.find("#" + nineForm + "-motivo").sendKeys("La famiglia aveva disdetto");
        browser.click(first + "[data-outcome='no_show']");
        browser.waitForText("#giorno-esito", "Corretto: Non presentato");
        browser.waitForText(first + "[data-delivery='no_show']", "Non presentato, 0 minuti");
        browser.assertUsable("correzione registrata");
      }

      // The funder's file: the project's October as Excel, downloaded from Rapporti and opened here.
      browser.viewport(Browser.Viewport.DESKTOP).open("/rapporti.html");
      browser.waitForText("#rapporto-esito", "Rapporto di");
      browser.script("const s = document.getElementById('rep-ambito'); s.value = arguments[0];"
          + "document.getElementById('rep-dal').value = '2025-10-01'; document.getElementById('rep-al').value = '2025-10-31';",
          "projects/" + project);
      browser.click("#rep-mostra");
      browser.waitForText("#rapporto-esito", "Conciliamo 2025");
      browser.waitForText("#kpi-prenotazioni", "2");
      browser.assertUsable("il rapporto del progetto");
      browser.click("#rep-xlsx");
      Path file = downloads.resolve("rapporto-projects-" + project + "-2025-10-01-2025-10-31.xlsx");
      browser.waitUntil(d -> Files.exists(file), "the funder's file " + file);
      browser.waitForText("#rep-scaricato", "rapporto-projects-" + project);
      funderFileHoldsTheMonthPseudonymously(file);

      // The projects page: the project's use (the 45 minutes recorded of nine's no-show corrected: 45 of 600) and a new one.
      for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
        browser.viewport(viewport).open("/progetti-ente.html");
        browser.waitForText("#progetti-elenco", "Conciliamo 2025");
        browser.waitForText("#progetti-elenco [data-use]", "7% usato: 0,8 di 10 ore");
        browser.assertUsable("i progetti (" + viewport + ")");
      }
      browser.viewport(Browser.Viewport.DESKTOP);
      browser.find("#pj-nome").sendKeys("Doposcuola 2026");
      browser.find("#pj-finanziatore").sendKeys("Fondazione Cariplo");
      browser.script("document.getElementById('pj-inizio').value = '2026-01-01';"
          + "document.getElementById('pj-fine').value = '2026-12-31';"
          + "document.getElementById('pj-tipo').value = 'euros';"
          + "document.getElementById('pj-tipo').dispatchEvent(new Event('change'));");
      browser.find("#pj-budget").sendKeys("abc");
      browser.click("#pj-salva");
      browser.waitForText("#pj-budget-errore", "euro");
      assertEquals("pj-budget", activeId(browser), "focus on the budget");
      browser.find("#pj-budget").clear();
      browser.find("#pj-budget").sendKeys("12.500,00");
      browser.click("label[for='pj-s-" + service + "']");
      browser.click("#pj-salva");
      browser.waitForText("#progetti-esito", "Progetto Doposcuola 2026 aggiunto.");
      browser.waitForText("#progetti-elenco", "0% usato: 0,00 € di 12.500,00 €");
      browser.assertUsable("progetto aggiunto");
      // Removing, once asked: the new project goes; the one bookings count against stays, and the list says why.
      browser.script("window.confirm = () => true;");
      browser.script(REMOVE_ROW, "Doposcuola 2026");
      browser.waitForText("#progetti-esito", "Progetto Doposcuola 2026 tolto.");
      assertFalse(browser.find("#progetti-elenco").getText().contains("Doposcuola 2026"));
      browser.script(REMOVE_ROW, "Conciliamo 2025");
      browser.waitForText("#progetti-errore", "prenotazioni");
      browser.waitForText("#progetti-elenco", "Conciliamo 2025");

      // The cooperative's staff: the day (its only tab), no month to close, a closed month's card says whom to ask.
      browser.script("localStorage.clear(); sessionStorage.clear();");
      browser.open("/giornata-ente.html?date=2025-10-07");
      browser.find("#utente").sendKeys("giornata.operatrice");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.waitForText("#giorno-esito", "2 prestazioni");
      browser.waitForText("[data-booking='" + eleven.id() + "']", "chiedi all’amministrazione");
      assertEquals(true, browser.script("return document.getElementById('mese').hidden"), "closing a month is the admin's");
      assertEquals(1L, browser.script("return document.querySelectorAll('#sottomenu .nav-item').length"), "only the day's tab");
      browser.assertUsable("la giornata dell'operatrice");
    }
    assertEquals(1L, await(app.pool().preparedQuery("SELECT count(*) FROM delivery_corrections WHERE booking_id = $1")
        .execute(Tuple.of(nine.id()))).iterator().next().getLong(0));
  }

  /** Clicks "Togli" on the projects list's row that names arguments[0]. */
  private static final String REMOVE_ROW = "[...document.querySelectorAll('#progetti-elenco tr[data-project]')]"
      + ".find(row => row.textContent.includes(arguments[0])).querySelectorAll('button')[1].click();";

  /**
   * The file a funder gets: one row per booking of the month with what was delivered (the
   * correction included: nine not shown up, eleven 45 minutes), and the person as a pseudonym only.
   */
  private static void funderFileHoldsTheMonthPseudonymously(Path file) throws Exception {
    try (ReadableWorkbook workbook = new ReadableWorkbook(file.toFile())) {
      List<org.dhatim.fastexcel.reader.Row> rows = workbook.getFirstSheet().read();
      assertEquals(3, rows.size(), "the header and the month's two bookings");
      assertEquals("Persona (pseudonimo)", rows.get(0).getCellText(10));
      assertEquals(List.of("2025-10-07", "Non presentato", "0"),
          List.of(rows.get(1).getCellAsDate(0).orElseThrow().toLocalDate().toString(), rows.get(1).getCellText(5), rows.get(1).getCellText(6)));
      assertEquals(List.of("2025-10-07", "Parziale", "45"),
          List.of(rows.get(2).getCellAsDate(0).orElseThrow().toLocalDate().toString(), rows.get(2).getCellText(5), rows.get(2).getCellText(6)));
      String pseudonym = rows.get(1).getCellText(10);
      assertTrue(pseudonym.matches("[A-Za-z0-9_-]{12}"), pseudonym);
      assertEquals(pseudonym, rows.get(2).getCellText(10), "the same person, the same id");
      for (org.dhatim.fastexcel.reader.Row row : rows) {
        for (int i = 0; i < row.getCellCount(); i++) {
          assertFalse(row.getCellText(i).contains("giornata.persona") || row.getCellText(i).contains("Utente"),
              "no names or usernames in a funder's file: " + row.getCellText(i));
        }
      }
    }
  }

  private String slotOf(Booking booking) {
    return await(app.pool().preparedQuery("SELECT slot_id::text FROM bookings WHERE id = $1").execute(Tuple.of(booking.id())))
        .iterator().next().getString(0);
  }

  private static String activeId(Browser browser) {
    return browser.driver().switchTo().activeElement().getAttribute("id");
  }

  /** Waits until Bootstrap's modal #mese-conferma is shown (its transition over) or hidden. */
  private static void modalShown(Browser browser, boolean shown) {
    browser.waitUntil(d -> shown == Boolean.TRUE.equals(browser.script(
        "const m = document.getElementById('mese-conferma');"
            + "return m.classList.contains('show') && getComputedStyle(m).display === 'block';")),
        shown ? "the confirmation modal shown" : "the confirmation modal hidden");
  }

  private static java.time.OffsetDateTime at(String local) {
    return LocalDateTime.parse(local).atZone(ROME).toOffsetDateTime();
  }
}
