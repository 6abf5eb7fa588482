package coop.sportello.web;

import coop.sportello.bandi.BandiFixture;
import coop.sportello.bandi.CodiciFiscali;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import coop.sportello.vouchers.VoucherFixture;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The buoni spesa journey of issue 22, end to end in the browser: a resident of Bergamo applies to
 * the Comune's buoni spesa bando on {@code bando.html} with a real small PDF; the Comune's officer
 * admits the application on {@code comune.html} ("Domande"), which opens the voucher wallet in the
 * same transaction; the citizen sees the wallet on {@code i-miei-buoni.html}; the shopkeeper of an
 * accredited shop charges 23,50 € on {@code cassa-buoni.html} and the citizen confirms with their
 * PIN on the shop's phone; the shop's "Rendiconto del mese" shows the charge. The balance and the
 * rows (application paid, wallet, ledger, charge) are checked in the database; axe-core on every page.
 */
class BuoniSpesaJourneyBrowserTest extends AppTestBase {

  private static final String TITLE = "Buoni spesa per il viaggio completo";

  @Test
  void aCitizenAppliesIsAdmittedSeesTheWalletAndSpendsItAtAnAccreditedShop() throws Exception {
    VoucherFixture vouchers = new VoucherFixture(vertx, app, "bsj");
    UUID shop = vouchers.shop("Alimentari Bsj", VoucherFixture.BERGAMO);
    vouchers.shopkeeper("bsj.negozio", shop);
    UUID citizen = vouchers.citizen("bsj.marta", "1357");
    String cf = CodiciFiscali.of(9_301, LocalDate.of(1979, 6, 2), true);
    await(app.pool().preparedQuery("UPDATE accounts SET codice_fiscale = $2, display_name = 'Marta Villa' WHERE id = $1")
        .execute(Tuple.of(citizen, cf)));
    String bando = new BandiFixture(vertx, app.pool(), http)
        .published(await(http.accessToken("bsj.ufficio")), BandiFixture.definition(TITLE));
    Path isee = Files.createTempFile("isee-", ".pdf");
    Files.write(isee, BandiFixture.pdf());

    try (Browser browser = new Browser(app.port())) {
      // The citizen applies with the ISEE attached.
      browser.viewport(Browser.Viewport.DESKTOP).open("/bando.html?id=" + bando);
      browser.waitForText("#importo", "150,00 €");
      signIn(browser, "bsj.marta");
      browser.waitUntil(d -> browser.find("#modulo").isDisplayed(), "the application form");
      browser.find("#doc-isee").sendKeys(isee.toAbsolutePath().toString());
      browser.click("#continua");
      browser.waitForText("#riepilogo", "Attestazione ISEE: " + isee.getFileName());
      browser.assertUsable("the summary");
      browser.click("#invia");
      browser.waitForText("#ricevuta-titolo", "Domanda ricevuta");
      Row application = await(app.pool().preparedQuery("SELECT id, protocol, status, amount_cents FROM bando_applications WHERE bando_id = $1")
          .execute(Tuple.of(UUID.fromString(bando)))).iterator().next();
      assertEquals("submitted", application.getString("status"));
      assertEquals(15_000, application.getInteger("amount_cents"));
      browser.waitForText("#protocollo", String.valueOf(application.getValue("protocol")));
      browser.assertUsable("the receipt");

      // The Comune's officer admits it.
      signOut(browser);
      browser.open("/comune.html");
      signIn(browser, "bsj.ufficio");
      browser.click("#bandi-elenco tr[data-bando='" + bando + "'] .bando-domande");
      browser.waitForText("#domande-elenco caption", "(1)");
      browser.waitForText("#domande-elenco tbody", "Marta Villa");
      browser.click("#domande-elenco .domanda-apri");
      browser.waitForText("#domanda-titolo", "Domanda protocollo");
      browser.waitForText("#domanda-documenti", "isee");
      browser.assertUsable("the application, the officer");
      browser.click("#domanda-ammetti");
      browser.waitForText("#domande-esito", "Restano");
      browser.assertUsable("admitted, the officer");
      assertEquals("paid", status(application.getUUID("id")));
      Row wallet = await(app.pool().preparedQuery("""
              SELECT id, code, person, municipality, granted_cents, balance_cents FROM voucher_wallets WHERE application_id = $1""")
          .execute(Tuple.of(application.getUUID("id")))).iterator().next();
      assertEquals(citizen.toString(), wallet.getString("person"));
      assertEquals(VoucherFixture.BERGAMO, wallet.getString("municipality"));
      assertEquals(15_000, wallet.getInteger("granted_cents"));
      String code = wallet.getString("code");

      // The citizen sees the wallet.
      signOut(browser);
      browser.viewport(Browser.Viewport.PHONE).open("/i-miei-buoni.html");
      signIn(browser, "bsj.marta");
      browser.waitForText("#portafogli", "150,00 €");
      browser.waitForText("#portafogli", code.substring(0, 4) + " " + code.substring(4, 8));
      browser.waitForText("#portafogli", "Alimentari Bsj");
      browser.assertUsable("the wallet, PHONE");

      // The shopkeeper charges 23,50 €, the citizen confirms with the PIN on the shop's phone.
      signOut(browser);
      browser.open("/cassa-buoni.html");
      signIn(browser, "bsj.negozio");
      browser.waitForText("#oggi", "Nessun addebito oggi");
      browser.find("#codice").sendKeys(code);
      browser.find("#importo").sendKeys("23,50");
      browser.click("#chiedi");
      browser.waitForText("#conferma-titolo", "Il cliente conferma 23,50 €");
      browser.assertUsable("the customer confirms, PHONE");
      browser.find("#prova").sendKeys("1357");
      browser.click("#conferma-invia");
      browser.waitForText("#cassa-fatto", "Addebitati 23,50 €. Saldo rimasto sul buono: 126,50 €.");
      browser.waitForText("#rendiconto-titolo", "Rendiconto del mese");
      browser.waitForText("#rendiconto", "Bergamo");
      browser.waitForText("#rendiconto-totale", "23,50 €");
      browser.assertUsable("charged, the month's statement, PHONE");
    } finally {
      Files.deleteIfExists(isee);
    }

    UUID walletId = await(app.pool().preparedQuery("SELECT id FROM voucher_wallets WHERE person = $1")
        .execute(Tuple.of(citizen.toString()))).iterator().next().getUUID(0);
    assertEquals(12_650, vouchers.balance(walletId));
    assertEquals(12_650, vouchers.ledgerSum(walletId));
    Row charge = await(app.pool().preparedQuery("SELECT shop_id, amount_cents, state, confirmed_by FROM voucher_charges WHERE wallet_id = $1")
        .execute(Tuple.of(walletId))).iterator().next();
    assertEquals(shop, charge.getUUID("shop_id"));
    assertEquals(2_350, charge.getInteger("amount_cents"));
    assertEquals("confirmed", charge.getString("state"));
    assertEquals("pin", charge.getString("confirmed_by"));
  }

  private String status(UUID application) {
    return await(app.pool().preparedQuery("SELECT status FROM bando_applications WHERE id = $1").execute(Tuple.of(application)))
        .iterator().next().getString(0);
  }

  private static void signIn(Browser browser, String username) {
    browser.find("#utente").sendKeys(username);
    browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
  }

  private static void signOut(Browser browser) {
    browser.script("localStorage.clear(); sessionStorage.clear();");
  }
}
