package coop.sportello.web;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.companies.CompanyFixture;
import coop.sportello.statements.MoneyRows;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HR admin's credit-use section of azienda.html in a real browser: last month's credit by area,
 * five people in "Salute e benessere" shown, the two people of "Genitorialità e infanzia" left out
 * and said so, the CSV file downloaded; a month of nobody says so. Desktop and phone; axe-core and
 * no sideways scrolling in every state.
 */
class CompanyCreditUseBrowserTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final String[] MONTHS = {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
      "settembre", "ottobre", "novembre", "dicembre"};

  @Test
  void theHrAdminSeesLastMonthsCreditByAreaWithoutSmallCellsAndDownloadsIt() throws Exception {
    CatalogFixture.municipalities(app.pool());
    MoneyRows money = new MoneyRows(app.pool());
    UUID provider = money.providerOf(await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "uso.coop", "71717171717")));
    CompanyFixture company = CompanyFixture.create(vertx, app.pool(), http, "uso.hr", "72727272727");
    UUID plan = money.plan(company.companyId);
    UUID health = money.service(provider, "health", "Fisioterapia");
    UUID childhood = money.service(provider, "childhood", "Doposcuola");
    YearMonth month = YearMonth.now(ROME).minusMonths(1);
    for (int i = 0; i < 7; i++) {
      OffsetDateTime at = month.atDay(i + 1).atTime(9, 0).atZone(ROME).toOffsetDateTime();
      var booking = money.booking(i < 5 ? health : childhood, "dipendente-" + i, at, at.plusHours(1), "confirmed", 2_500);
      money.payment(booking, "welfare_credit", 2_500, "completed", plan, at.minusHours(1));
    }

    Path downloads = Files.createTempDirectory("sportello-credit");
    try (Browser browser = new Browser(app.port())) {
      browser.saveDownloadsIn(downloads);
      for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
        boolean desktop = viewport == Browser.Viewport.DESKTOP;
        browser.viewport(viewport).open("/azienda.html");
        if (desktop) {
          browser.find("#utente").sendKeys("uso.hr");
          browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
        }
        browser.waitForText("#credito-tabella tr[data-area='health']", "Salute e benessere 5 125,00 € 0,00 € 125,00 €");
        browser.waitForText("#credito-nascosto", "non sono mostrate");
        browser.waitForText("#credito-tabella caption", "Credito welfare speso a " + MONTHS[month.getMonthValue() - 1] + " " + month.getYear());
        String shown = browser.find("#credito-uso").getText();
        assertFalse(shown.contains("Genitorialità") || shown.contains("Altro"), "two people alone are never shown: " + shown);
        browser.assertUsable("uso del credito (" + viewport + ")");
        if (!desktop) {
          continue;
        }
        browser.script("document.getElementById('credito-titolo').scrollIntoView();");
        browser.screenshot("azienda-uso-credito");

        browser.click("#credito-csv");
        Path file = downloads.resolve("credito-welfare-" + month + ".csv");
        browser.waitUntil(d -> Files.exists(file), "the saved file " + file);
        browser.waitForText("#credito-esito", "credito-welfare-" + month + ".csv");
        String csv = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("\uFEFFArea;Persone;"), csv);
        assertTrue(csv.contains("Salute e benessere;5;125,00;0,00;125,00\r\n"), csv);

        // A month when nobody spent credit.
        browser.script("document.getElementById('credito-mese').value = '2021-01';");
        browser.click("#credito-mostra");
        browser.waitForText("#credito-uso", "Nessun credito speso in questo mese.");
        browser.assertUsable("uso del credito, mese vuoto");
      }
    }
  }
}
