package coop.sportello.web;

import coop.sportello.calls.CallCenterFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The staff page (personale.html) in a real browser: a supervisor creates an operator with a
 * queue, disables and re-enables them, reads the change log and registers a kiosk; adds a shop
 * in the Enti tab and makes a Comune's officer; a cooperative's admin, on a phone, sees only their
 * own cooperative's admins.
 */
class StaffBrowserTest extends AppTestBase {

  @Override
  protected JsonObject overrides() {
    return CallCenterFixture.alwaysOpen();
  }

  @BeforeAll
  void accounts() {
    CallCenterFixture center = new CallCenterFixture(vertx, app.pool(), http, app.port(), "pagina");
    center.queue("pagina-anziani", "longest_idle", new JsonObject().put("name", "Anziani e fragilità"));
    await(TestAccounts.create(vertx, app.pool(), "pagina.coop", "provider_admin"));
    await(TestAccounts.create(vertx, app.pool(), "pagina.collega", "provider_admin"));
    await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "pagina.altra", "55566677788"));
  }

  @Test
  void aSupervisorCreatesAnOperatorWithAQueueDisablesAndEnablesThem() {
    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.DESKTOP);
      browser.open("/personale.html");
      signIn(browser, "pagina.supervisore");
      browser.waitForText("#persone-elenco", "pagina.coop");
      assertEquals("page", browser.find("header a[href='/personale.html']").getAttribute("aria-current"),
          "the menu's staff item, shown once a supervisor is signed in");
      browser.assertUsable("the staff list");

      browser.click("#nuovo-titolo");
      assertEquals(true, browser.script("return document.getElementById('nuovo-code').hidden"),
          "queues only once the operator role is ticked");
      browser.find("#nuovo-username").sendKeys("mario.bianchi");
      browser.find("#nuovo-nome").sendKeys("Mario Bianchi");
      browser.find("#nuovo-email").sendKeys("Mario.Bianchi@Esempio.it");
      browser.click("label[for='nuovo-ruoli-operator']");
      browser.click("#nuovo-crea");
      browser.waitForText("#nuovo-code-errore", "Scegli almeno una coda");
      browser.assertUsable("the create form saying what is missing");
      browser.click("label[for='nuovo-code-pagina-anziani']");
      browser.click("#nuovo-crea");
      browser.waitForText("#persone-esito", "Account di Mario Bianchi creato");
      browser.waitForText("tr[data-staff='mario.bianchi']", "Anziani e fragilità");
      browser.script("window.scrollTo(0, 0)");
      browser.screenshot("personale");
      assertEquals("pagina-anziani", await(app.pool().query("""
          SELECT m.queue_id FROM call_members m JOIN accounts a ON a.id::text = m.subject WHERE a.username = 'mario.bianchi'""")
          .execute()).iterator().next().getString(0));

      browser.click("tr[data-staff='mario.bianchi'] .staff-actions button");
      browser.waitForText("tr[data-staff='mario.bianchi'] .staff-confirm", "Disattivare l’account di Mario Bianchi?");
      browser.assertUsable("the confirmation to disable");
      browser.click("tr[data-staff='mario.bianchi'] .staff-confirm .btn-danger");
      browser.waitForText("#persone-esito", "Account di Mario Bianchi disattivato");
      browser.waitForText("tr[data-staff='mario.bianchi']", "Disattivato");
      assertTrue(disabled("mario.bianchi"));
      browser.assertUsable("a disabled account in the list");

      browser.click("tr[data-staff='mario.bianchi'] .staff-actions button");
      browser.waitForText("#persone-esito", "Account di Mario Bianchi riattivato");
      assertFalse(disabled("mario.bianchi"));

      browser.click("#scheda-registro");
      browser.waitForText("#registro-elenco", "Riattivato");
      assertEquals(3, browser.all("#registro-elenco tr[data-action]").size());
      browser.assertUsable("the change log");

      browser.click("#scheda-totem");
      browser.waitForText("#totem-elenco", "Nessun totem registrato.");
      browser.click("#totem-titolo");
      browser.find("#totem-nome").sendKeys("Totem biblioteca");
      browser.find("#totem-luogo").sendKeys("Biblioteca Tiraboschi, Bergamo");
      browser.find("#totem-comune").sendKeys("016024");
      browser.click("#totem-registra");
      browser.waitForText("#totem-credenziale", "non la mostriamo più");
      assertTrue(browser.find("#totem-segreto").getText().length() > 40, "the credential, shown once");
      browser.waitForText("#totem-elenco", "Totem biblioteca");
      browser.assertUsable("a kiosk registered, its credential shown once");
      browser.script("window.scrollTo(0, 0)");
      browser.screenshot("personale-totem");
    }
  }

  @Test
  void aCooperativesAdminOnAPhoneSeesOnlyTheirOwnCooperativesAdmins() {
    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.PHONE);
      browser.open("/personale.html");
      browser.assertUsable("the staff page's sign-in on a phone");
      signIn(browser, "pagina.coop");
      browser.waitForText("#persone-elenco", "pagina.collega");
      assertTrue(browser.find("#intro").getText().contains("Cooperativa di prova"));
      String list = browser.find("#persone-elenco").getText();
      assertFalse(list.contains("pagina.altra"), list);
      assertFalse(list.contains("pagina.supervisore"), list);
      assertEquals(true, browser.script("return document.getElementById('voce-totem').hidden"), "kiosks are the supervisors'");
      browser.assertUsable("a cooperative's admins on a phone");

      browser.click("#lingua");
      browser.waitForText("h1", "Staff");
      browser.waitForText("#persone-elenco", "cooperative administrator");
      assertTrue(browser.find("#intro").getText().startsWith("Create and disable"), browser.find("#intro").getText());
      browser.assertUsable("the staff page in English on a phone");
      browser.click("#lingua");
      browser.waitForText("h1", "Personale");

      browser.click("#nuovo-titolo");
      assertFalse(browser.find("#nuovo-ruoli-provider_admin").isSelected(), "two roles to grant: none ticked for them");
      browser.click("label[for='nuovo-ruoli-provider_staff']");
      browser.find("#nuovo-username").sendKeys("coop.nuova");
      browser.find("#nuovo-nome").sendKeys("Nadia Nuova");
      browser.find("#nuovo-email").sendKeys("nadia@coop.it");
      browser.click("#nuovo-crea");
      browser.waitForText("#persone-esito", "Account di Nadia Nuova creato");
      browser.waitForText("tr[data-staff='coop.nuova']", "Cooperativa di prova");
      browser.waitForText("tr[data-staff='coop.nuova']", "operatore della cooperativa");
      browser.assertUsable("a new staff member of the cooperative, on a phone");
      browser.script("window.scrollTo(0, 0)");
      browser.screenshot("personale-telefono");
    }
  }

  @Test
  void aSupervisorAddsAShopAndMakesAComunesOfficer() {
    await(app.pool().query("""
        INSERT INTO providers (name, vat_number, municipality, kind, address)
        VALUES ('Comune di Bergamo', '80034840167', '016024', 'municipality', 'Piazza Matteotti 27, Bergamo')""").execute());
    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.DESKTOP).open("/personale.html");
      signIn(browser, "pagina.supervisore");
      browser.waitForText("#persone-elenco", "pagina.coop");
      browser.click("#scheda-enti");
      browser.waitForText("#enti-elenco", "Comune di Bergamo");
      browser.click("#enti-titolo");
      browser.find("#ente-nome").sendKeys("Drogheria Rota");
      browser.find("#ente-piva").sendKeys("77788899900");
      new Select(browser.find("#ente-tipo")).selectByValue("shop");
      new Select(browser.find("#ente-comune")).selectByValue("016024");
      browser.click("#ente-salva");
      browser.waitForText("#ente-indirizzo-errore", "Un esercizio commerciale ha un indirizzo.");
      browser.assertUsable("a shop without its address");
      browser.find("#ente-indirizzo").sendKeys("Via Borgo Palazzo 40, Bergamo");
      new Select(browser.find("#ente-categoria")).selectByValue("groceries");
      browser.click("#ente-salva");
      browser.waitForText("#enti-esito", "Drogheria Rota salvato.");
      browser.waitForText("#enti-elenco", "Esercizio commerciale · Alimentari");
      browser.assertUsable("the providers with the new shop");

      browser.click("#scheda-persone");
      browser.click("#nuovo-titolo");
      browser.find("#nuovo-username").sendKeys("anna.comune");
      browser.find("#nuovo-nome").sendKeys("Anna Comune");
      browser.find("#nuovo-email").sendKeys("anna@comune.example.org");
      browser.click("label[for='nuovo-ruoli-municipal_officer']");
      browser.click("#nuovo-crea");
      browser.waitForText("#nuovo-comune-errore", "Scegli il Comune del funzionario.");
      assertEquals(1, browser.all("#nuovo-comune option").size() - 1, "only Comuni are offered");
      new Select(browser.find("#nuovo-comune")).selectByVisibleText("Comune di Bergamo");
      browser.click("#nuovo-crea");
      browser.waitForText("#persone-esito", "Account di Anna Comune creato");
      browser.waitForText("tr[data-staff='anna.comune']", "funzionario del Comune");
      browser.assertUsable("a municipal officer in the list");
    }
    assertEquals("Comune di Bergamo", await(app.pool().query(
        "SELECT p.name FROM accounts a JOIN providers p ON p.id = a.provider_id WHERE a.username = 'anna.comune'")
        .execute()).iterator().next().getString(0));
  }

  private static void signIn(Browser browser, String username) {
    browser.find("#utente").sendKeys(username);
    browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
  }

  private boolean disabled(String username) {
    return await(app.pool().preparedQuery("SELECT disabled_at IS NOT NULL FROM accounts WHERE username = $1")
        .execute(Tuple.of(username))).iterator().next().getBoolean(0);
  }
}
