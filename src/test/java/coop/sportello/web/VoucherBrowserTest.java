package coop.sportello.web;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import coop.sportello.vouchers.VoucherFixture;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Buoni spesa in the browser, on a phone: a shopkeeper types the citizen's voucher code and the
 * amount at the counter page, the citizen types their PIN on the shop's phone and the charge goes
 * through with the balance left shown; the citizen's wallet page shows the balance, the movement,
 * the QR code and the shops, and a charge a shop asks for shows up on it with the one-time code
 * that confirms it. Each state checked with axe-core.
 */
class VoucherBrowserTest extends AppTestBase {

  @Test
  void aShopkeeperChargesTheCitizenConfirmsWithPinAndSeesTheBalanceAndAOneTimeCodeOnTheirPhone() {
    VoucherFixture f = new VoucherFixture(vertx, app, "vbweb");
    f.shopkeeper("vbweb.negozio", f.shop("Alimentari Vbweb", VoucherFixture.BERGAMO));
    UUID anna = f.citizen("vbweb.anna", "2468");
    UUID wallet = f.wallet(anna, 15_000, VoucherFixture.NEXT_YEAR);
    String code = f.code(wallet);

    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.PHONE).open("/cassa-buoni.html");
      browser.find("#utente").sendKeys("vbweb.negozio");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.waitForText("#oggi", "Nessun addebito oggi");
      browser.assertUsable("the counter, empty, PHONE");
      browser.find("#codice").sendKeys(code.substring(0, 4) + " " + code.substring(4, 8) + " " + code.substring(8));
      browser.find("#importo").sendKeys("23,50");
      browser.click("#chiedi");
      browser.waitForText("#conferma-titolo", "Il cliente conferma 23,50 €");
      browser.assertUsable("the customer confirms, PHONE");
      browser.find("#prova").sendKeys("2468");
      browser.click("#conferma-invia");
      browser.waitForText("#cassa-fatto", "Addebitati 23,50 €. Saldo rimasto sul buono: 126,50 €.");
      browser.waitForText("#oggi", "Storna 23,50 €");
      browser.waitForText("#rendiconto", "Bergamo");
      browser.waitForText("#rendiconto-totale", "23,50 €");
      browser.assertUsable("charged, PHONE");
      browser.screenshot("cassa-buoni");

      browser.script("localStorage.clear(); sessionStorage.clear();");
      browser.open("/i-miei-buoni.html");
      browser.find("#utente").sendKeys("vbweb.anna");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.waitForText("#portafogli", "126,50 €");
      browser.waitForText("#portafogli", "Spesa – Alimentari Vbweb");
      browser.waitForText("#portafogli", "Alimentari Vbweb – Alimentari – Via XX Settembre 10, Bergamo");
      browser.waitForText("#portafogli", code.substring(0, 4) + " " + code.substring(4, 8));
      Object drawn = browser.script("const i = document.querySelector('#portafogli img'); return i.complete && i.naturalWidth > 0");
      assertEquals(Boolean.TRUE, drawn, "the QR code is drawn");
      browser.assertUsable("the wallet, PHONE");

      String shopkeeper = await(http.accessToken("vbweb.negozio"));
      var asked = await(http.post("/api/v1/shop/voucher-charges", shopkeeper, new JsonObject().put("walletCode", code)
          .put("amountCents", 1_000)));
      assertEquals(201, asked.statusCode(), asked.bodyAsString());
      String charge = asked.bodyAsJsonObject().getString("id");
      String oneTimeCode = f.oneTimeCode(charge);
      browser.waitForText("#portafogli", "Alimentari Vbweb chiede 10,00 €");
      browser.waitForText("#portafogli", oneTimeCode);
      browser.assertUsable("a charge to confirm, PHONE");
      browser.screenshot("i-miei-buoni");
      var confirmed = await(http.post("/api/v1/shop/voucher-charges/" + charge + "/confirm", shopkeeper,
          new JsonObject().put("oneTimeCode", oneTimeCode)));
      assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
      browser.waitForText("#portafogli", "116,50 €");
    }
  }
}
