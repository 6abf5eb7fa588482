package coop.sportello.web;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import coop.sportello.welfarecard.WelfareCardFixture;
import coop.sportello.welfarecard.WelfareCardFixture.Employee;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.util.List;
import java.util.UUID;

import static coop.sportello.welfarecard.WelfareCardFixture.fixed;
import static coop.sportello.welfarecard.WelfareCardFixture.ids;
import static coop.sportello.welfarecard.WelfareCardFixture.percent;
import static coop.sportello.welfarecard.WelfareCardFixture.terms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "La tua Welfare Card" in the browser: an employee of a member company without a card asks for
 * it, then sees the card (number, company, validity, QR code drawn) and the package with the
 * discounted prices; an employee of a company outside any agreement is told why there is none.
 * On a desktop and on a phone.
 */
class WelfareCardBrowserTest extends AppTestBase {

  @Test
  void anEmployeeAsksForTheCardAndSeesItsQrCodeAndDiscountedPackage() {
    WelfareCardFixture f = new WelfareCardFixture(vertx, app, http, "wcweb");
    UUID hourly = f.service("Baby sitter a ore", 2100, "hour");
    UUID ironing = f.service("Stireria aziendale", 5000, "session");
    UUID member = f.company("Biomedicale Mirandola S.p.A.", "81818181818");
    Employee irene = f.employee("wcweb.irene", "Irene Golinelli", member, "GLNRNI88D41F257R");
    f.employee("wcweb.luca", "Luca Fuori", f.company("Fuori Rete S.r.l.", "82828282828"), "FRILCU80A01F257Q");
    f.agreement(terms("Welfare Card Modena", ids(member), percent(hourly, 15), fixed(ironing, 3000)));

    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.DESKTOP).open("/carta-welfare.html");
      browser.find("#utente").sendKeys("wcweb.irene");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.waitForText("#nessuna", "aderisce alla Welfare Card: chiedila");
      browser.assertUsable("no card yet, may ask, DESKTOP");
      browser.click("#richiedi");
      browser.waitForText("#tessera", "Biomedicale Mirandola S.p.A.");
      String number = f.myCard(irene).bodyAsJsonObject().getString("display");
      browser.waitForText("#tessera-numero", number);
      browser.waitForText("#tessera-accordo", "Welfare Card Modena");
      browser.waitForText("#tessera-stato", "Valida");
      browser.waitForText("#pacchetto-righe", "17,85 € all’ora");
      browser.waitForText("#pacchetto-righe", "30,00 € a incontro");
      browser.waitForText("#pacchetto-righe", "−15%");
      assertTrue(browser.all("#nessuna").get(0).getAttribute("hidden") != null, "no 'ask for it' once the card is there");
      Object drawn = browser.script("const i = document.getElementById('tessera-qr'); return i.complete && i.naturalWidth > 0");
      assertEquals(Boolean.TRUE, drawn, "the QR code is drawn (CSP allows the data: SVG)");
      assertTrue(browser.find("#tessera-qr").getAttribute("alt").contains(number));
      browser.assertUsable("the card, DESKTOP");
      browser.screenshot("carta-welfare");

      browser.viewport(Browser.Viewport.PHONE).open("/carta-welfare.html");
      browser.waitForText("#tessera-numero", number);
      browser.waitForText("#pacchetto-righe", "17,85 €");
      browser.assertUsable("the card, PHONE");

      browser.script("localStorage.clear(); sessionStorage.clear();");
      browser.viewport(Browser.Viewport.DESKTOP).open("/carta-welfare.html");
      browser.find("#utente").sendKeys("wcweb.luca");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.waitForText("#nessuna", "non aderisce");
      for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
        browser.viewport(viewport).open("/carta-welfare.html");
        browser.waitForText("#nessuna", "non aderisce");
        assertTrue(browser.all("#richiedi").get(0).getAttribute("hidden") != null, "nothing to ask for");
        browser.assertUsable("no card, company outside, " + viewport);
      }
    }
  }
}
