package coop.sportello.web;

import coop.sportello.accounts.AccountMail;
import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import coop.sportello.testing.TestSmtp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A newcomer gets in by themselves, in a real browser: signs up by e-mail on registrati.html,
 * opens the link of the verification e-mail read from the test SMTP server, signs in with the
 * address and books (issue 20's "Done when"); a forgotten password is replaced through its link;
 * the profile is edited. Every state is checked on a desktop and on a phone (axe, no sideways scroll).
 */
class AccountsBrowserTest extends AppTestBase {

  private static final String PUBLIC_URL = "https://sportello.test";
  private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(4);
  private static final String PASSWORD = "le colline sopra Bergamo";

  private final TestSmtp smtp = new TestSmtp();
  private String serviceId;
  private String slotId;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("notifications", smtp.notificationsConfig(PUBLIC_URL));
  }

  @BeforeAll
  void aCooperativePublishesAService() {
    await(TestAccounts.create(vertx, app.pool(), "admin.coop.registrati", "provider_admin"));
    CatalogFixture catalog = new CatalogFixture(http, await(http.accessToken("admin.coop.registrati")));
    CatalogFixture.Service service = catalog.create(CatalogFixture.serviceBody("health", "Passeggiate di gruppo sui colli",
        "Camminate lente con un'accompagnatrice della cooperativa.").tariff(500, "session").audience("everyone")
        .at("Piazza Vecchia 1, Bergamo"));
    service.resource("Punto di ritrovo", "room", 6).openOn(DAY, "09:00", "11:00", 60);
    serviceId = service.id();
    slotId = service.slotsOn(DAY).get(0);
  }

  @AfterAll
  void stopSmtp() {
    smtp.close();
  }

  @Test
  void aNewCitizenSignsUpByEmailOpensTheLinkSignsInBooksAndDownloadsTheirData() {
    String email = "nuova.cittadina@esempio.it";
    try (Browser browser = new Browser(app.port())) {
      signUpByEmail(browser, "Teresa Locatelli", email);
      verifyFromTheMail(browser, email);
      bookASlot(browser, email);
      afterBooking(browser, email);
    }
  }

  /** registrati.html: a first try with fields missing says so next to each; then the account is asked for. */
  private void signUpByEmail(Browser browser, String name, String email) {
    browser.open("/registrati.html");
    browser.find("#form-registrati");
    usable(browser, "registrati, vuoto");
    browser.click("#crea");
    browser.waitForText("#nome-errore", "Scrivi questo dato");
    assertEquals("true", browser.find("#email").getAttribute("aria-invalid"));
    assertEquals("nome", activeId(browser), "the focus goes to the first field to fix");
    usable(browser, "registrati, campi mancanti");

    browser.find("#nome").sendKeys(name);
    browser.find("#email").sendKeys(email);
    browser.find("#password").sendKeys("corta");
    browser.find("#ripeti").sendKeys("corta");
    browser.click("#crea");
    browser.waitForText("#password-errore", "almeno 10 caratteri");

    browser.find("#password").clear();
    browser.find("#ripeti").clear();
    browser.find("#password").sendKeys(PASSWORD);
    browser.find("#ripeti").sendKeys(PASSWORD);
    browser.waitUntil(d -> browser.all("#comune option").size() > 1, "the towns to choose from");
    new Select(browser.find("#comune")).selectByValue(CatalogFixture.BERGAMO);
    browser.click("#crea");
    browser.waitForText("#privacy-errore", "informativa sulla privacy");
    browser.script("document.getElementById('privacy').click();");
    browser.screenshot("registrati");
    browser.click("#crea");
    waitForText(browser, "#esito", "Controlla la tua e-mail");
    usable(browser, "registrati, e-mail mandata");
  }

  /** The link of the verification e-mail, opened in this browser (the public URL is the test's). */
  private void verifyFromTheMail(Browser browser, String email) {
    String link = AccountMail.link(AccountMail.nth(smtp, email, 1), "verifica-email.html");
    browser.open(link.substring(PUBLIC_URL.length()));
    browser.find("#conferma");
    assertFalse(String.valueOf(browser.script("return location.href;")).contains("token"),
        "the secret leaves the address bar");
    usable(browser, "verifica-email, da confermare");
    browser.screenshot("verifica-email");
    browser.click("#conferma");
    waitForText(browser, "#esito", "è confermato");
    usable(browser, "verifica-email, confermato");
  }

  /** As PortalBrowserTest books: the service page, a time, sign in (with the e-mail address), hold, confirm. */
  private void bookASlot(Browser browser, String email) {
    String row = "[data-slot='" + slotId + "']";
    browser.open("/servizio.html?id=" + serviceId);
    browser.find(row + " button").sendKeys(Keys.ENTER);
    browser.find("#form-accedi");
    browser.find("#utente").sendKeys(email);
    browser.find("#password").sendKeys(PASSWORD, Keys.ENTER);
    browser.waitForText("#prenota-titolo", "Il posto è tenuto per te");
    browser.find("#conferma").sendKeys(Keys.ENTER);
    browser.waitForText("#prenota-titolo", "Prenotazione confermata");
    assertTrue(browser.find("#chi").getText().contains("Teresa Locatelli"));
  }

  /**
   * What the citizen finds after booking: their profile, with the address they proved and the town
   * they declared. Part E extends this step with downloading "I miei dati".
   */
  private void afterBooking(Browser browser, String email) {
    browser.open("/profilo.html");
    browser.waitUntil(d -> browser.find("#nome").getAttribute("value").equals("Teresa Locatelli"), "the profile");
    assertTrue(browser.find("#profilo-email").getText().contains(email));
    assertTrue(browser.find("#profilo-email").getText().contains("confermato"));
    assertEquals(CatalogFixture.BERGAMO, new Select(browser.find("#comune")).getFirstSelectedOption().getAttribute("value"));
    downloadMyData(browser, email);
  }

  /** i-miei-dati.html: the download holds the account just made and the booking just confirmed. */
  private void downloadMyData(Browser browser, String email) {
    browser.open("/i-miei-dati.html");
    browser.find("#scarica-dati");
    browser.script(PrivacyBrowserTest.CATCH_DOWNLOAD);
    browser.click("#scarica-dati");
    browser.waitForText("#scarica-esito", "i-miei-dati-sportello.json");
    JsonObject sections = new JsonObject((String) browser.script("return window.__blob.text()")).getJsonObject("sections");
    assertEquals(email, sections.getJsonObject("account").getString("email"));
    assertEquals(1, sections.getJsonArray("bookings").size(), sections.encode());
    assertTrue(sections.encode().contains("sign-up"), "the notice read at sign-up is among the consents");
    usable(browser, "i miei dati, dopo la registrazione");
  }

  @Test
  void aForgottenPasswordIsChosenAgainThroughTheLinkAndTheProfileIsEdited() {
    String email = "smemorata@esempio.it";
    await(TestAccounts.create(vertx, app.pool(), "smemorata", "citizen"));
    await(app.pool().query("UPDATE accounts SET email = '" + email + "', display_name = 'Lucia Pesenti', "
        + "codice_fiscale = 'RSSMRA85T10A562S' WHERE username = 'smemorata'").execute());
    String chosen = "una nuova frase da ricordare";
    try (Browser browser = new Browser(app.port())) {
      browser.open("/password-dimenticata.html");
      browser.find("#email");
      usable(browser, "password-dimenticata");
      browser.find("#email").sendKeys(email, Keys.ENTER);
      waitForText(browser, "#esito", "Controlla la tua e-mail");
      usable(browser, "password-dimenticata, e-mail mandata");
      browser.screenshot("password-dimenticata");

      String link = AccountMail.link(AccountMail.nth(smtp, email, 1), "nuova-password.html");
      browser.open(link.substring(PUBLIC_URL.length()));
      browser.find("#password").sendKeys(chosen);
      browser.find("#ripeti").sendKeys("un'altra cosa");
      browser.click("#salva");
      browser.waitForText("#ripeti-errore", "non sono uguali");
      usable(browser, "nuova-password, le due password diverse");
      browser.find("#ripeti").clear();
      browser.find("#ripeti").sendKeys(chosen);
      browser.screenshot("nuova-password");
      browser.click("#salva");
      waitForText(browser, "#esito", "la nuova password è salvata");
      usable(browser, "nuova-password, salvata");

      browser.open("/profilo.html");
      browser.find("#utente").sendKeys(email);
      browser.find("#password").sendKeys(chosen, Keys.ENTER);
      browser.waitUntil(d -> browser.find("#nome").getAttribute("value").equals("Lucia Pesenti"), "the profile");
      browser.find("#avvisi-form");
      browser.waitUntil(d -> browser.find("#pin-stato").getText().contains("PIN"), "the kiosk PIN's state");
      usable(browser, "profilo");
      browser.find("#telefono").sendKeys("12");
      browser.click("#salva-dati");
      browser.waitForText("#telefono-errore", "numero di telefono valido");
      usable(browser, "profilo, telefono sbagliato");
      browser.find("#telefono").clear();
      browser.find("#telefono").sendKeys("347 123 4567");
      browser.click("#salva-dati");
      browser.waitForText("#dati-esito", "Dati salvati");
      assertEquals("+393471234567", browser.find("#telefono").getAttribute("value"));
      browser.find("#pin-nuovo").sendKeys("4826");
      browser.click("#salva-pin");
      browser.waitForText("#pin-esito", "PIN salvato");
      browser.script("window.scrollTo(0, 0);");
      browser.screenshot("profilo");

      browser.click("#lingua");
      browser.waitForText("#titolo", "My profile");
      assertEquals("Your details", browser.find("#dati-titolo").getText());
      usable(browser, "profilo, in English");
      browser.open("/registrati.html");
      browser.waitForText("#titolo", "Create your account");
      browser.click("#crea");
      browser.waitForText("#nome-errore", "Fill in this field");
      usable(browser, "registrati, in English, fields missing");
    }
  }

  /** Like {@link Browser#waitForText}, on the text as written (a callout's title is shown in capitals). */
  private static void waitForText(Browser browser, String css, String text) {
    browser.waitUntil(d -> String.valueOf(browser.script(
        "const e = document.querySelector(arguments[0]); return e && e.textContent;", css)).contains(text),
        "\"" + text + "\" in " + css);
  }

  private static String activeId(Browser browser) {
    return String.valueOf(browser.script("return document.activeElement && document.activeElement.id;"));
  }

  /** {@link Browser#assertUsable} on a desktop and on a phone; the window is left as a desktop. */
  private static void usable(Browser browser, String state) {
    for (Browser.Viewport viewport : List.of(Browser.Viewport.DESKTOP, Browser.Viewport.PHONE)) {
      browser.viewport(viewport);
      browser.assertUsable(state + ", " + viewport);
    }
    browser.viewport(Browser.Viewport.DESKTOP);
  }
}
