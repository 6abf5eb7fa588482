package coop.sportello.web;

import coop.sportello.catalog.CatalogFixture;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cooperative's payments page (pagamenti-ente.html) in a real browser: last month's statement
 * by channel with the fee and the net, its CSV file downloaded as Excel wants it, the payments with
 * "Registra pagamento" on the one due at the cooperative (the record call itself is part B's route:
 * here its 409 answer is played by the page's fetch, to prove the page says so and reloads), and
 * the receipts section. Desktop and phone; axe-core and no sideways scrolling in every state.
 */
class ProviderPaymentsBrowserTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");

  /** Answers POST .../record with a 409 problem, as part B's route does for a payment no longer due. */
  private static final String RECORD_REFUSED = """
      const real = window.fetch; window.recordCalls = [];
      window.fetch = async (path, init) => {
        if (String(path).endsWith('/record')) {
          window.recordCalls.push({path: String(path), body: init.body});
          return new Response(JSON.stringify({type: '/problems/payment-not-due', title: 'Conflitto', status: 409,
            detail: 'Il pagamento è già stato registrato.'}), {status: 409, headers: {'Content-Type': 'application/problem+json'}});
        }
        return real(path, init);
      };""";

  @Test
  void theAdminSeesTheStatementDownloadsTheCsvAndRecordsAPaymentDueAtTheCooperative() throws Exception {
    CatalogFixture.municipalities(app.pool());
    UUID admin = await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "pagamenti.admin", "61616161616"));
    UUID person = await(TestAccounts.create(vertx, app.pool(), "pagamenti.persona", "citizen"));
    MoneyRows money = new MoneyRows(app.pool());
    UUID provider = money.providerOf(admin);
    money.fee(provider, 250);
    UUID service = money.service(provider, "childhood", "Doposcuola del mercoledì");
    YearMonth month = YearMonth.now(ROME).minusMonths(1);
    OffsetDateTime tenth = month.atDay(10).atTime(15, 0).atZone(ROME).toOffsetDateTime();
    var byCard = money.booking(service, person.toString(), tenth, tenth.plusHours(2), "confirmed", 4_200);
    money.payment(byCard, "card", 4_200, "completed", null, tenth.minusDays(3));
    var atDesk = money.booking(service, person.toString(), tenth.plusDays(1), tenth.plusDays(1).plusHours(2), "confirmed", 2_100);
    UUID due = money.payment(atDesk, "at_provider", 2_100, "due", null, tenth.minusDays(2));

    Path downloads = Files.createTempDirectory("sportello-csv");
    try (Browser browser = new Browser(app.port())) {
      browser.saveDownloadsIn(downloads);
      for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
        boolean desktop = viewport == Browser.Viewport.DESKTOP;
        browser.viewport(viewport).open("/pagamenti-ente.html");
        if (desktop) {
          browser.find("#utente").sendKeys("pagamenti.admin");
          browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
        }
        browser.waitForText("#pagamenti-esito", "pagamenti");
        browser.script("const m = document.getElementById('mese'); m.value = arguments[0];", month.toString());
        browser.click("#mese-mostra");
        browser.waitForText("#rendiconto-tabella tr[data-channel='card']", "42,00 €");
        browser.waitForText("#svolte", "2 prenotazioni confermate e finite nel mese, per 63,00 €");
        browser.waitForText("#netto", "1,05 €");
        browser.waitForText("#netto", "40,95 €");
        browser.waitForText("#pagamenti-tabella tr[data-payment='" + due + "']", "Da pagare");
        browser.waitUntil(d -> !String.valueOf(browser.script("return document.getElementById('ricevute-elenco').textContent.trim();")).isEmpty(),
            "the receipts section drawn");
        browser.assertUsable("pagamenti e rendiconto (" + viewport + ")");
        browser.screenshot(desktop ? "pagamenti-ente" : "pagamenti-ente-telefono");
        if (!desktop) {
          continue;
        }

        browser.click("#scarica-csv");
        Path file = downloads.resolve("rendiconto-" + month + ".csv");
        browser.waitUntil(d -> Files.exists(file), "the saved file " + file);
        browser.waitForText("#csv-esito", "rendiconto-" + month + ".csv");
        String csv = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("\uFEFFVoce;Canale;Movimenti;Importo (€)\r\n"), csv);
        assertTrue(csv.contains("Incassato;Carta;1;42,00\r\n"), csv);

        // Registra pagamento: the means, then the call (its refusal played here), said and redrawn.
        browser.script(RECORD_REFUSED);
        browser.click("tr[data-payment='" + due + "'] [data-action='record']");
        assertEquals("modo-" + due, browser.driver().switchTo().activeElement().getAttribute("id"), "focus moves to the means");
        browser.assertUsable("registra pagamento, scelta del modo");
        browser.find("#modo-" + due).sendKeys("POS");
        browser.click("tr[data-payment='" + due + "'] [data-action='record-confirm']");
        browser.waitForText("#pagamenti-esito", "Questo pagamento non è più da registrare. Il pagamento è già stato registrato.");
        assertEquals("{\"means\":\"pos\"}", browser.script("return window.recordCalls[0].body;"));
        assertTrue(String.valueOf(browser.script("return window.recordCalls[0].path;")).endsWith("/api/v1/provider/payments/" + due + "/record"));
        browser.find("tr[data-payment='" + due + "'] [data-action='record']");
        browser.assertUsable("registra pagamento, rifiutato");
      }
    }
  }
}
