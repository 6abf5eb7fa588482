package coop.sportello.web;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The municipal officer's page in the browser: the menu leads there, the Comune's shops are listed
 * with category and address, the officer accredits one (it joins the public page of where to spend
 * the vouchers, linked from there) and revokes it after a confirmation. On a desktop and on a phone.
 */
class ComuneBrowserTest extends AppTestBase {

  @Test
  void theOfficerAccreditsAShopAndRevokesIt() {
    await(TestAccounts.create(vertx, app.pool(), "comweb.funzionario", "municipal_officer"));
    await(app.pool().query("""
        INSERT INTO providers (name, vat_number, municipality, kind, address, shop_category)
        VALUES ('Forno Santa Caterina', '61616161616', '016024', 'shop', 'Via Santa Caterina 5, Bergamo', 'bakery')""").execute());

    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.DESKTOP).open("/comune.html");
      browser.find("#utente").sendKeys("comweb.funzionario");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.waitForText("main h1", "Comune di prova");
      browser.waitForText("#esercizi", "Forno Santa Caterina");
      browser.waitForText("#esercizi", "Panificio");
      browser.waitForText("#esercizi", "Non accreditato");
      assertEquals(1, browser.all(".it-header-navbar-wrapper a[href='/comune.html']").size(), "the menu leads officers here");
      browser.assertUsable("shops, none accredited, DESKTOP");

      browser.click("#esercizi tbody button");
      browser.waitForText("#esercizi", "Accreditato dal");
      assertEquals(1, shopsInPublicList());
      browser.script("document.getElementById('esercizi').scrollIntoView();");
      browser.screenshot("comune");

      // The public list a citizen with buoni spesa reads, reached from the officer's page.
      browser.click("#esercizi a[href='/dove-spendere.html?comune=016024']");
      browser.waitForText("#negozi", "Forno Santa Caterina");
      browser.waitForText("#negozi h2", "Panificio");
      browser.waitForText("#negozi", "Via Santa Caterina 5, Bergamo");
      browser.waitForText("#esito", "Un negozio accetta i buoni spesa di Bergamo.");
      browser.assertUsable("where to spend the vouchers, DESKTOP");

      browser.viewport(Browser.Viewport.PHONE).open("/comune.html");
      browser.waitForText("#esercizi", "Accreditato dal");
      browser.click("#esercizi tbody button.btn-outline-danger");
      browser.waitForText("#esercizi .alert-warning", "Revocare l’accreditamento di Forno Santa Caterina?");
      browser.assertUsable("revoke asked, PHONE");
      browser.click("#esercizi .alert-warning button.btn-danger");
      browser.waitForText("#esercizi", "Revocato il");
      assertEquals(0, shopsInPublicList());
      for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
        browser.viewport(viewport).open("/comune.html");
        browser.waitForText("#esercizi", "Revocato il");
        browser.assertUsable("shop revoked, " + viewport);
      }
    }
  }

  private int shopsInPublicList() {
    return await(http.get("/api/v1/municipalities/016024/shops", null)).bodyAsJsonObject().getJsonArray("items").size();
  }
}
