package coop.sportello.web;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.companies.CompanyFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static coop.sportello.companies.CompanyFixture.badCf;
import static coop.sportello.companies.CompanyFixture.cf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HR admin's page in a real browser (issue 20): a plan made with the form, a CSV file with a
 * wrong check character whose row says so in plain Italian, the fixed file imported, the same
 * file imported again changing nothing, and a leaver closed. Desktop and phone; axe-core in every state.
 */
class CompanyBrowserTest extends AppTestBase {

  private static final String VERDI = "VRDGPP70C15L219";

  private static Path file(String name, String text) {
    try {
      Path dir = Files.createTempDirectory("sportello-csv");
      // As Excel's "CSV UTF-8" writes it: a byte-order mark, semicolons, CRLF.
      return Files.writeString(dir.resolve(name), "\uFEFF" + text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String list(String verdi) {
    return CompanyFixture.csv("Codice fiscale;Nome;Cognome;E-mail;Badge;Gruppo",
        cf("RSSMRA85T10A562") + ";Mario;Rossi;mario.rossi@pagina.example.it;P-0001;Uffici",
        verdi + ";Giuseppe;Verdi;giuseppe.verdi@pagina.example.it;P-0002;Uffici");
  }

  @Test
  void anHrAdminFixesTheRowTheDryRunFlagsImportsAndImportsAgainWithNothingChanged() {
    CatalogFixture.municipalities(app.pool());
    CompanyFixture acme = CompanyFixture.create(vertx, app.pool(), http, "hr.pagina", "99999999999");
    Path wrong = file("dipendenti-errore.csv", list(badCf(VERDI)));
    Path fixed = file("dipendenti.csv", list(cf(VERDI)));
    for (Browser.Viewport viewport : new Browser.Viewport[] {Browser.Viewport.DESKTOP, Browser.Viewport.PHONE}) {
      boolean desktop = viewport == Browser.Viewport.DESKTOP;
      try (Browser browser = new Browser(app.port())) {
        browser.viewport(viewport);
        browser.open("/azienda.html");
        browser.find("#utente").sendKeys("hr.pagina");
        browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
        browser.waitForText("#azienda-nome", "Azienda hr.pagina");
        if (desktop) {
          browser.assertUsable("azienda, senza gruppi");
          browser.find("#gruppo-nome").sendKeys("Uffici");
          browser.click("#gruppo-form button[type=submit]");
          browser.waitForText("#gruppi-tabella", "Uffici");
          browser.find("#piano-credito").sendKeys("250,00");
          setValue(browser, "piano-inizio", CompanyFixture.YEAR + "-01-01");
          setValue(browser, "piano-fine", CompanyFixture.YEAR + "-12-31");
          browser.click("#piano-salva");
          browser.waitForText("#piano-esito", "Piano creato.");
          browser.waitForText("#piani-tabella", "250,00 €");
        }
        browser.assertUsable("azienda, gruppi e piani (" + viewport + ")");

        browser.find("#import-file").sendKeys(wrong.toString());
        browser.click("#import-controlla");
        browser.waitForText("#resoconto-tabella", "L'ultimo carattere non corrisponde agli altri");
        browser.waitForText("#resoconto-sintesi", "Correggi le righe segnate");
        assertEquals("Da correggere", browser.find("#resoconto-tabella tr[data-line='3'] .company-refused").getText());
        assertEquals(true, browser.script("return document.getElementById('import-conferma').hidden;"),
            "a file with a problem cannot be imported");
        browser.assertUsable("import, una riga da correggere (" + viewport + ")");
        if (desktop) {
          browser.screenshot("azienda-import-errore");
        }

        browser.find("#import-file").sendKeys(fixed.toString());
        browser.click("#import-controlla");
        browser.waitForText("#resoconto-sintesi", desktop ? "2 nuovi" : "0 nuovi");
        if (desktop) {
          browser.click("#import-conferma");
          browser.waitForText("#resoconto-titolo", "Importazione fatta");
          browser.waitForText("#resoconto-sintesi", "2 nuovi dipendenti invitati");
          browser.waitForText("#gruppi-tabella", "Uffici");
          browser.assertUsable("import fatto");
          browser.screenshot("azienda-import-fatto");
          assertEquals(2, acme.employees());
          assertEquals(2, acme.invitations());
        } else {
          // The same file again, on the phone: every row says "Nessuna modifica" and nothing changes.
          browser.waitForText("#resoconto-tabella", "nessuna modifica");
          browser.click("#import-conferma");
          browser.waitForText("#resoconto-titolo", "Importazione fatta");
          browser.waitForText("#resoconto-sintesi", "2 senza modifiche");
          browser.assertUsable("import di nuovo, nulla cambia (phone)");
          assertEquals(2, acme.employees());
          assertEquals(2, acme.invitations(), "no new invitation");
          assertEquals(2, acme.ledgerRows(), "no new ledger row");

          // Giuseppe leaves: closed one by one, his credit (which expires) goes back with one ledger row.
          browser.find("#uscita-cf").sendKeys(cf(VERDI).toLowerCase());
          browser.click("#uscita-chiudi");
          browser.waitForText("#uscita-esito", "non è più tra i dipendenti");
          browser.waitForText("#gruppi-tabella", "Uffici 1 1 0 1");
          browser.assertUsable("un dipendente chiuso (phone)");
          assertEquals(3, acme.ledgerRows(), "one expiry row");
        }
      }
    }
  }

  private static void setValue(Browser browser, String id, String value) {
    browser.script("const f = document.getElementById(arguments[0]); f.value = arguments[1];"
        + "f.dispatchEvent(new Event('input', {bubbles: true})); f.dispatchEvent(new Event('change', {bubbles: true}));", id, value);
  }
}
