package coop.sportello.web;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.LocalDate;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider admin pages in a real browser: a cooperative's administrator builds a service, a
 * resource and a weekly time through the page, meets the API's validation errors next to the
 * fields, and the schedule-conflict refusal when a change would take booked places away.
 */
class ProviderAdminBrowserTest extends AppTestBase {

  private static final LocalDate IN_TEN_DAYS = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(10);

  private String adminToken;
  private String citizenToken;

  @BeforeAll
  void accounts() {
    await(TestAccounts.create(vertx, app.pool(), "gestione.admin", "provider_admin"));
    await(TestAccounts.create(vertx, app.pool(), "gestione.cittadina", "citizen"));
    adminToken = await(http.accessToken("gestione.admin"));
    citizenToken = await(http.accessToken("gestione.cittadina"));

    // A second cooperative with its own administrator and service, which the first must never see.
    await(app.pool().query("INSERT INTO providers (name, vat_number, municipality)"
        + " VALUES ('Cooperativa Altra', '11111111111', '016024')").execute());
    await(TestAccounts.create(vertx, app.pool(), "gestione.altra", "provider_admin"));
    await(app.pool().query("UPDATE accounts SET provider_id = (SELECT id FROM providers WHERE vat_number = '11111111111')"
        + " WHERE username = 'gestione.altra'").execute());
    new CatalogFixture(http, await(http.accessToken("gestione.altra"))).create(CatalogFixture.serviceBody("work_life",
        "Stireria aziendale", "Ritiro e consegna dei capi stirati in azienda.").tariff(900, "session")
        .deliveredAt("online").audience("adults").in());
  }

  @Test
  void anAdministratorBuildsAServiceAndIsToldWhatTheApiRefuses() {
    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.DESKTOP);
      browser.open("/gestione.html");
      browser.assertUsable("the admin sign-in");
      browser.find("#utente").sendKeys("gestione.admin");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      // Everything the pages draw from now on must respect the CSP (default-src 'self', no inline styles).
      watchCsp(browser);
      browser.waitForText("#servizi-elenco", "Non ci sono ancora servizi.");
      assertEquals("page", browser.find("#sottomenu a[href='/gestione.html']").getAttribute("aria-current"));
      browser.assertUsable("the services page of a new cooperative");

      // A service whose name is too short: the API's error appears next to the name.
      type(browser, "#s-titolo", "Ab");
      type(browser, "#s-descrizione", "Compiti e laboratori per bambini della primaria.");
      new Select(browser.find("#s-area")).selectByValue("childhood");
      new Select(browser.find("#s-modo")).selectByValue("at_place");
      type(browser, "#s-indirizzo", "Via Roma 1, Bergamo");
      // The municipality is chosen by its name, not by an ISTAT code.
      type(browser, "#s-comuni", "berg");
      browser.waitForText("#s-comuni-elenco", "Bergamo (BG)");
      assertEquals(1, browser.all("#s-comuni-elenco input[type=checkbox]").size(), "the search narrows the list");
      browser.find("#s-comuni-elenco label[for='s-comuni-016024']").click();
      browser.waitForText("#s-comuni-scelti [data-chosen='016024']", "Bergamo (BG)");
      type(browser, "#s-tariffa", "18,50");
      type(browser, "#s-preavviso", "120");
      // Who receives the service must be said; notes may be.
      new Select(browser.find("#s-domanda-beneficiary")).selectByValue("required");
      new Select(browser.find("#s-domanda-notes")).selectByValue("optional");
      browser.find("#s-disdetta").sendKeys("48", Keys.ENTER);
      browser.waitForText("#s-titolo-errore", "Scrivi un nome da 3 a 200 caratteri.");
      assertEquals("true", browser.find("#s-titolo").getAttribute("aria-invalid"));
      assertTrue(browser.find("#s-titolo").getAttribute("aria-describedby").contains("s-titolo-errore"));
      browser.waitForText("#s-errore", "Controlla i campi segnati: Nome del servizio.");
      assertEquals("s-titolo", browser.script("return document.activeElement.id;"), "focus on the field to fix");
      assertTrue(browser.all("#s-descrizione[aria-invalid]").isEmpty(), "only the wrong field is marked");
      browser.assertUsable("a validation error on the service form");

      WebElement title = browser.find("#s-titolo");
      title.clear();
      title.sendKeys("Doposcuola creativo", Keys.ENTER);
      browser.waitForText("#servizi-esito", "Servizio «Doposcuola creativo» creato.");
      assertEquals("servizi-titolo", browser.script("return document.activeElement.id;"), "focus on the list");
      String card = "#servizi-elenco [data-service]";
      browser.waitForText(card, "Doposcuola creativo");
      browser.waitForText(card, "18,50 €");
      browser.waitForText(card + " [data-municipalities]", "Bergamo (BG)");
      assertTrue(browser.find(card).getText().contains("preavviso 120 min"));
      assertTrue(browser.find(card).getText().contains("Chi riceve il servizio (obbligatoria), Note per la cooperativa"),
          browser.find(card).getText());
      assertTrue(browser.all("#s-titolo[aria-invalid]").isEmpty(), "the error is gone");
      JsonObject service = await(http.get("/api/v1/provider/services", adminToken)).bodyAsJsonObject()
          .getJsonArray("items").getJsonObject(0);
      assertEquals(1850, service.getJsonObject("tariff").getInteger("cents"));
      assertEquals(48, service.getJsonObject("policy").getInteger("cancelWindowHours"));
      assertEquals(new JsonArray().add("016024"), service.getJsonArray("municipalities"));
      assertEquals(new JsonArray().add(new JsonObject().put("kind", "beneficiary").put("required", true))
          .add(new JsonObject().put("kind", "notes").put("required", false)), service.getJsonArray("intake"));
      String serviceId = service.getString("id");
      browser.assertUsable("a new service in the list");
      assertShort(browser, "the services page");
      browser.script("document.activeElement.blur(); window.scrollTo(0, 0);");
      browser.screenshot("gestione-servizi");

      // A resource, on its own page.
      browser.click("#sottomenu a[href='/gestione-risorse.html']");
      browser.waitForText("#risorse-elenco", "Non ci sono ancora risorse.");
      type(browser, "#ri-nome", "Aula verde");
      new Select(browser.find("#ri-tipo")).selectByValue("room");
      browser.find("#ri-posti").sendKeys("5", Keys.ENTER);
      browser.waitForText("#ri-esito", "Risorsa «Aula verde» creata.");
      browser.waitForText("#risorse-elenco", "Aula verde");
      browser.assertUsable("the resources page");
      assertShort(browser, "the resources page");

      // A weekly time on the times page: first closing before opening (the API names the closing time), then right.
      browser.click("#sottomenu a[href='/gestione-orari.html']");
      browser.waitUntil(d -> d.findElements(By.cssSelector("#r-risorsa option")).size() == 1, "the resource to be offered");
      browser.assertUsable("the times page of a service without times");
      assertShort(browser, "the times page");
      browser.click("#regola-box > summary");
      new Select(browser.find("#r-giorno")).selectByValue(String.valueOf(IN_TEN_DAYS.getDayOfWeek().getValue()));
      type(browser, "#r-apre", "16:00");
      type(browser, "#r-chiude", "15:00");
      type(browser, "#r-durata", "60");
      type(browser, "#r-posti", "3");
      pickDate(browser, "#r-dal", IN_TEN_DAYS);
      pickDate(browser, "#r-al", IN_TEN_DAYS);
      browser.click("#r-salva");
      browser.waitForText("#r-chiude-errore", "Scrivi l’ora di chiusura come 18:00, dopo l’apertura.");
      browser.waitForText("#r-errore", "L'orario di chiusura deve venire dopo quello di apertura.");
      WebElement closes = browser.find("#r-chiude");
      closes.clear();
      closes.sendKeys("18:00", Keys.ENTER);
      browser.waitForText("#r-esito", "Orario salvato. Fasce orarie: 2 aggiunte");
      String rule = "#regole-elenco tbody tr";
      browser.waitForText(rule, "dalle 16:00 alle 18:00");
      assertTrue(browser.find(rule).getText().contains("Aula verde"));

      // Someone books two of the three places of the first slot.
      JsonArray slots = await(http.get("/api/v1/services/" + serviceId + "/availability?from=" + IN_TEN_DAYS + "&to="
          + IN_TEN_DAYS, null)).bodyAsJsonObject().getJsonArray("slots");
      assertEquals(2, slots.size());
      HttpResponse<Buffer> hold = await(http.post("/api/v1/bookings/holds", citizenToken,
          new JsonObject().put("slotId", slots.getJsonObject(0).getString("id")).put("places", 2)));
      assertEquals(201, hold.statusCode(), hold.bodyAsString());

      // Shrinking the time to one place is refused, and the page says which booked slot stands in the way.
      browser.find(rule + " button").sendKeys(Keys.ENTER);
      browser.waitForText("#regola-form-titolo", "Cambia l’orario di");
      assertEquals("r-posti", browser.script("return document.activeElement.id;"));
      WebElement places = browser.find("#r-posti");
      places.clear();
      places.sendKeys("1", Keys.ENTER);
      browser.waitForText("#r-errore", "Non ho cambiato niente.");
      WebElement conflict = browser.find("#r-errore li");
      assertEquals(1, browser.all("#r-errore li").size());
      assertTrue(conflict.getText().contains("dalle 16:00 alle 17:00"), conflict.getText());
      assertTrue(conflict.getText().contains("Aula verde"), conflict.getText());
      assertTrue(conflict.getText().contains("2 posti presi"), conflict.getText());
      assertTrue(browser.find("#r-errore").getText().contains("Cosa puoi fare"));

      // Nothing changed: the rule and both slots are still there, with three places.
      browser.waitForText(rule, "dalle 16:00 alle 18:00");
      JsonObject schedule = await(http.get("/api/v1/provider/services/" + serviceId + "/schedule", adminToken)).bodyAsJsonObject();
      assertEquals(1, schedule.getJsonArray("rules").size());
      assertEquals(3, schedule.getJsonArray("rules").getJsonObject(0).getInteger("places"));
      assertEquals(2, await(http.get("/api/v1/services/" + serviceId + "/availability?from=" + IN_TEN_DAYS + "&to="
          + IN_TEN_DAYS, null)).bodyAsJsonObject().getJsonArray("slots").size());
      browser.assertUsable("a schedule conflict");

      // The citizen confirms, saying who receives the service: the cooperative reads it among its bookings.
      String booking = hold.bodyAsJsonObject().getString("id");
      HttpResponse<Buffer> confirmed = await(http.post("/api/v1/bookings/" + booking + "/confirm", citizenToken,
          new JsonObject().put("intake", new JsonObject().put("beneficiary", "Marta Rossi").put("notes", "Allergica alle arachidi."))));
      assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
      browser.click("#sottomenu a[href='/gestione-prenotazioni.html']");
      // The next two weeks at first; then up to the day after the booking, chosen with the date picker.
      browser.waitForText("#prenotazioni-esito", "Una prenotazione in questo periodo.");
      browser.script("document.getElementById('prenotazioni-esito').textContent = '';");
      pickDate(browser, "#b-al", IN_TEN_DAYS.plusDays(1));
      browser.click("#b-mostra");
      browser.waitForText("#prenotazioni-esito", "Una prenotazione in questo periodo.");
      String received = "#prenotazioni-elenco [data-booking='" + booking + "']";
      browser.waitForText(received + " [data-intake='beneficiary']", "Marta Rossi");
      browser.waitForText(received + " [data-intake='notes']", "Allergica alle arachidi.");
      assertTrue(browser.find(received).getText().contains("16:00–17:00 · Doposcuola creativo"), browser.find(received).getText());
      assertTrue(browser.find(received).getText().contains("Confermata"));
      browser.assertUsable("the bookings received");
      assertShort(browser, "the bookings page");
      browser.script("window.scrollTo(0, 0);");
      browser.screenshot("gestione-prenotazioni");

      // A period longer than the API lists is said before asking.
      pickDate(browser, "#b-al", IN_TEN_DAYS.plusDays(90));
      browser.click("#b-mostra");
      browser.waitForText("#b-al-errore", "al massimo 62 giorni dopo");
      assertEquals("b-al", browser.script("return document.activeElement.id;"));

      // The same page in English.
      browser.find("#lingua").sendKeys(Keys.ENTER);
      browser.waitForText("h1", "Bookings received");
      browser.waitForText("#sottomenu", "Times and closures");
      browser.waitForText(received + " dt[data-t='intake.shown.beneficiary']", "Receives the service");
      browser.waitForText(received, "Booked by");
      browser.waitForText("label[for='b-al']", "To (included)");
      assertEquals("en", browser.script("return document.documentElement.lang;"));
      browser.assertUsable("the bookings page in English");
      browser.click("#sottomenu a[href='/gestione-orari.html']");
      browser.waitForText(rule, "from 16:00 to 18:00");
      browser.click("#regola-box > summary");
      browser.waitForText("label[for='r-posti']", "Places in each slot");
      browser.assertUsable("the times page in English");
      browser.find("#lingua").sendKeys(Keys.ENTER);
      browser.waitForText("h1", "Orari e chiusure");
      assertCspKept(browser);
    }
  }

  @Test
  void anAdministratorChangesAndRetiresWhatTheCooperativeOffersOnAPhone() {
    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.PHONE);
      browser.open("/gestione.html");
      browser.find("#utente").sendKeys("gestione.altra");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      watchCsp(browser);
      String card = "#servizi-elenco [data-service]";
      browser.waitForText(card, "Stireria aziendale");
      assertEquals(1, browser.all(card).size(), "only this cooperative's services");
      browser.waitForText(card + " [data-municipalities]", "Online: nessun comune");
      browser.assertUsable("the services on a phone");

      // Change the price of the service.
      browser.click(card + " button");
      browser.waitForText("#servizio-form-titolo", "Modifica del servizio «Stireria aziendale»");
      assertEquals("9,00", browser.find("#s-tariffa").getAttribute("value"));
      WebElement price = browser.find("#s-tariffa");
      price.clear();
      price.sendKeys("12,00", Keys.ENTER);
      browser.waitForText("#servizi-esito", "Servizio «Stireria aziendale» aggiornato.");
      browser.waitForText(card, "12,00 €");
      assertTrue(browser.all("#servizio-box[open]").isEmpty(), "the form folded away");
      browser.assertUsable("a changed service on a phone");

      // A person as a resource, then renamed.
      browser.click("#sottomenu a[href='/gestione-risorse.html']");
      type(browser, "#ri-nome", "Operatrice Anna");
      new Select(browser.find("#ri-tipo")).selectByValue("person");
      browser.find("#ri-posti").sendKeys("1", Keys.ENTER);
      browser.waitForText("#ri-esito", "Risorsa «Operatrice Anna» creata.");
      browser.click("#risorse-elenco tbody tr button");
      assertEquals("true", String.valueOf(browser.find("#ri-tipo").getAttribute("disabled")), "the kind cannot change");
      WebElement name = browser.find("#ri-nome");
      name.clear();
      name.sendKeys("Operatrice Anna B.", Keys.ENTER);
      browser.waitForText("#ri-esito", "Risorsa «Operatrice Anna B.» aggiornata.");
      browser.waitForText("#risorse-elenco", "Operatrice Anna B.");
      browser.assertUsable("the resources on a phone");

      // A weekly time, then that day closed by an exception: its slots go away.
      browser.click("#sottomenu a[href='/gestione-orari.html']");
      browser.waitUntil(d -> d.findElements(By.cssSelector("#r-risorsa option")).size() == 1, "the resource to be offered");
      browser.click("#regola-box > summary");
      new Select(browser.find("#r-giorno")).selectByValue(String.valueOf(IN_TEN_DAYS.getDayOfWeek().getValue()));
      type(browser, "#r-apre", "09:00");
      type(browser, "#r-chiude", "11:00");
      type(browser, "#r-durata", "60");
      browser.find("#r-posti").sendKeys("1", Keys.ENTER);
      browser.waitForText("#r-esito", "Orario salvato.");
      browser.click("#eccezione-box > summary");
      pickDate(browser, "#e-giorno", IN_TEN_DAYS);
      browser.click("label[for='e-chiuso']");
      assertEquals("true", String.valueOf(browser.find("#e-orari").getAttribute("disabled")));
      browser.click("#e-salva");
      browser.waitForText("#e-esito", "Giorno salvato. Fasce orarie: 0 aggiunte, 2 tolte");
      browser.waitForText("#eccezioni-elenco tbody tr", "chiuso");

      // A closure of the whole cooperative, then removed again.
      browser.click("#chiusura-box > summary");
      pickDate(browser, "#c-dal", IN_TEN_DAYS.plusDays(1));
      pickDate(browser, "#c-al", IN_TEN_DAYS.plusDays(2));
      browser.find("#c-motivo").sendKeys("Ferie", Keys.ENTER);
      browser.waitForText("#c-esito", "Chiusura salvata.");
      browser.waitForText("#chiusure-elenco tbody tr", "Tutta la cooperativa");
      browser.assertUsable("an exception and a closure on a phone");
      browser.click("#chiusure-elenco tbody tr button");
      browser.waitUntil(d -> org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent().apply(d), "the confirmation");
      browser.driver().switchTo().alert().accept();
      browser.waitForText("#chiusure-esito", "Chiusura tolta.");
      browser.waitForText("#chiusure-elenco", "Nessuna chiusura.");

      // Retiring the service.
      browser.click("#sottomenu a[href='/gestione.html']");
      browser.waitForText(card, "Stireria aziendale");
      browser.click(card + " .admin-actions button:last-child");
      browser.waitUntil(d -> org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent().apply(d), "the confirmation");
      browser.driver().switchTo().alert().accept();
      browser.waitForText("#servizi-esito", "Servizio ritirato.");
      browser.waitForText(card, "Ritirato");
      browser.assertUsable("a retired service on a phone");
      browser.click("#sottomenu a[href='/gestione-orari.html']");
      browser.waitForText("#orari-scelta", "Crea prima un servizio e una risorsa.");
      browser.click("#sottomenu a[href='/gestione-prenotazioni.html']");
      browser.waitForText("#prenotazioni-elenco", "Nessuna prenotazione in questo periodo.");
      browser.assertUsable("no bookings on a phone");
      assertCspKept(browser);
    }
  }

  private static void watchCsp(Browser browser) {
    browser.script("window.cspViolations = JSON.parse(sessionStorage.getItem('cspViolations') || '[]');"
        + "document.addEventListener('securitypolicyviolation', e => { window.cspViolations.push(e.violatedDirective + ' '"
        + " + e.blockedURI); sessionStorage.setItem('cspViolations', JSON.stringify(window.cspViolations)); });");
  }

  /** Each page listens again (a new page forgets the listener); what any page saw is kept in the session. */
  private static void assertCspKept(Browser browser) {
    watchCsp(browser);
    assertEquals("[]", String.valueOf(browser.script("return JSON.stringify(window.cspViolations);")),
        "content security policy violations");
  }

  /** One page per task: each is at most about two screens tall on a desktop. */
  private static void assertShort(Browser browser, String page) {
    Number height = (Number) browser.script("return document.documentElement.scrollHeight;");
    Number screen = (Number) browser.script("return window.innerHeight;");
    assertTrue(height.doubleValue() <= 2 * screen.doubleValue(), page + " is " + height + " px tall, more than two screens of " + screen);
  }

  /** A date chosen in the browser's date picker (an input type=date, whose value is the day as YYYY-MM-DD). */
  private static void pickDate(Browser browser, String css, LocalDate day) {
    WebElement input = browser.find(css);
    assertEquals("date", input.getAttribute("type"), css + " is a date picker");
    browser.script("arguments[0].value = arguments[1];"
        + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
        + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", input, day.toString());
    assertEquals(day.toString(), browser.script("return arguments[0].value;", input));
  }

  private static void type(Browser browser, String css, String text) {
    browser.find(css).sendKeys(text);
  }
}
