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
      browser.open("/gestione.html");
      browser.find("#utente").sendKeys("gestione.admin");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      // Everything the page draws from now on must respect the CSP (default-src 'self', no inline styles).
      browser.script("window.cspViolations = []; document.addEventListener('securitypolicyviolation',"
          + " e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));");
      browser.waitForText("#servizi-elenco", "Non ci sono ancora servizi.");
      browser.assertAccessible("the admin page of a new cooperative");

      // A service whose name is too short: the API's error appears next to the name.
      type(browser, "#s-titolo", "Ab");
      type(browser, "#s-descrizione", "Compiti e laboratori per bambini della primaria.");
      new Select(browser.find("#s-area")).selectByValue("childhood");
      new Select(browser.find("#s-modo")).selectByValue("at_place");
      type(browser, "#s-indirizzo", "Via Roma 1, Bergamo");
      type(browser, "#s-comuni", "016024");
      type(browser, "#s-tariffa", "18,50");
      type(browser, "#s-preavviso", "120");
      browser.find("#s-disdetta").sendKeys("48", Keys.ENTER);
      browser.waitForText("#s-titolo-errore", "Scrivi un nome da 3 a 200 caratteri.");
      assertEquals("true", browser.find("#s-titolo").getAttribute("aria-invalid"));
      assertTrue(browser.find("#s-titolo").getAttribute("aria-describedby").contains("s-titolo-errore"));
      browser.waitForText("#s-errore", "Controlla i campi segnati: Nome del servizio.");
      assertEquals("s-titolo", browser.script("return document.activeElement.id;"), "focus on the field to fix");
      assertTrue(browser.all("#s-descrizione[aria-invalid]").isEmpty(), "only the wrong field is marked");
      browser.assertAccessible("a validation error on the service form");

      WebElement title = browser.find("#s-titolo");
      title.clear();
      title.sendKeys("Doposcuola creativo", Keys.ENTER);
      browser.waitForText("#s-esito", "Servizio «Doposcuola creativo» creato.");
      browser.waitForText("#servizi-elenco", "Doposcuola creativo");
      browser.waitForText("#servizi-elenco", "€");
      assertTrue(browser.find("#servizi-elenco").getText().contains("preavviso 120 min"));
      assertTrue(browser.all("#s-titolo[aria-invalid]").isEmpty(), "the error is gone");
      JsonObject service = await(http.get("/api/v1/provider/services", adminToken)).bodyAsJsonObject()
          .getJsonArray("items").getJsonObject(0);
      assertEquals(1850, service.getJsonObject("tariff").getInteger("cents"));
      assertEquals(48, service.getJsonObject("policy").getInteger("cancelWindowHours"));
      String serviceId = service.getString("id");

      // A resource.
      type(browser, "#ri-nome", "Aula verde");
      new Select(browser.find("#ri-tipo")).selectByValue("room");
      browser.find("#ri-posti").sendKeys("5", Keys.ENTER);
      browser.waitForText("#ri-esito", "Risorsa «Aula verde» creata.");
      browser.waitForText("#risorse-elenco", "Aula verde");

      // A weekly time: first closing before opening (the API names the closing time), then right.
      browser.waitUntil(d -> d.findElements(By.cssSelector("#r-risorsa option")).size() == 1, "the resource to be offered");
      new Select(browser.find("#r-giorno")).selectByValue(String.valueOf(IN_TEN_DAYS.getDayOfWeek().getValue()));
      type(browser, "#r-apre", "16:00");
      type(browser, "#r-chiude", "15:00");
      type(browser, "#r-durata", "60");
      type(browser, "#r-posti", "3");
      browser.find("#r-dal").clear();
      type(browser, "#r-dal", IN_TEN_DAYS.toString());
      browser.find("#r-al").sendKeys(IN_TEN_DAYS.toString(), Keys.ENTER);
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
      browser.assertAccessible("a schedule conflict");

      browser.script("document.getElementById('r-errore').scrollIntoView({block: 'center'});");
      browser.screenshot("gestione-servizi");

      // The same page in English.
      browser.find("#lingua").sendKeys(Keys.ENTER);
      browser.waitForText("#servizi-titolo", "Services");
      browser.waitForText(rule, "from 16:00 to 18:00");
      browser.waitForText("label[for='r-posti']", "Places in each slot");
      assertEquals("en", browser.script("return document.documentElement.lang;"));
      browser.assertAccessible("the admin page in English");
      assertEquals("[]", String.valueOf(browser.script("return JSON.stringify(window.cspViolations);")),
          "content security policy violations");
    }
  }

  @Test
  void anAdministratorChangesAndRetiresWhatTheCooperativeOffers() {
    try (Browser browser = new Browser(app.port())) {
      browser.open("/gestione.html");
      browser.find("#utente").sendKeys("gestione.altra");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      String row = "#servizi-elenco tbody tr";
      browser.waitForText(row, "Stireria aziendale");
      assertEquals(1, browser.all(row).size(), "only this cooperative's services");

      // Change the price of the service.
      browser.find(row + " button").sendKeys(Keys.ENTER);
      browser.waitForText("#servizio-form-titolo", "Modifica del servizio «Stireria aziendale»");
      assertEquals("9,00", browser.find("#s-tariffa").getAttribute("value"));
      WebElement price = browser.find("#s-tariffa");
      price.clear();
      price.sendKeys("12,00", Keys.ENTER);
      browser.waitForText("#s-esito", "Servizio «Stireria aziendale» aggiornato.");
      browser.waitForText(row, "12,00");
      browser.waitForText("#servizio-form-titolo", "Nuovo servizio");

      // A person as a resource, then renamed.
      type(browser, "#ri-nome", "Operatrice Anna");
      new Select(browser.find("#ri-tipo")).selectByValue("person");
      browser.find("#ri-posti").sendKeys("1", Keys.ENTER);
      browser.waitForText("#ri-esito", "Risorsa «Operatrice Anna» creata.");
      browser.find("#risorse-elenco tbody tr button").sendKeys(Keys.ENTER);
      assertEquals("true", String.valueOf(browser.find("#ri-tipo").getAttribute("disabled")), "the kind cannot change");
      WebElement name = browser.find("#ri-nome");
      name.clear();
      name.sendKeys("Operatrice Anna B.", Keys.ENTER);
      browser.waitForText("#ri-esito", "Risorsa «Operatrice Anna B.» aggiornata.");
      browser.waitForText("#risorse-elenco", "Operatrice Anna B.");

      // A weekly time, then that day closed by an exception: its slots go away.
      browser.waitUntil(d -> d.findElements(By.cssSelector("#r-risorsa option")).size() == 1, "the resource to be offered");
      new Select(browser.find("#r-giorno")).selectByValue(String.valueOf(IN_TEN_DAYS.getDayOfWeek().getValue()));
      type(browser, "#r-apre", "09:00");
      type(browser, "#r-chiude", "11:00");
      type(browser, "#r-durata", "60");
      browser.find("#r-posti").sendKeys("1", Keys.ENTER);
      browser.waitForText("#r-esito", "Orario salvato.");
      type(browser, "#e-giorno", IN_TEN_DAYS.toString());
      browser.find("#e-chiuso").sendKeys(Keys.SPACE);
      assertEquals("true", String.valueOf(browser.find("#e-orari").getAttribute("disabled")));
      browser.find("#e-salva").sendKeys(Keys.ENTER);
      browser.waitForText("#e-esito", "Giorno salvato. Fasce orarie: 0 aggiunte, 2 tolte");
      browser.waitForText("#eccezioni-elenco tbody tr", "chiuso");

      // A closure of the whole cooperative, then removed again.
      type(browser, "#c-dal", IN_TEN_DAYS.plusDays(1).toString());
      type(browser, "#c-al", IN_TEN_DAYS.plusDays(2).toString());
      browser.find("#c-motivo").sendKeys("Ferie", Keys.ENTER);
      browser.waitForText("#c-esito", "Chiusura salvata.");
      browser.waitForText("#chiusure-elenco tbody tr", "Tutta la cooperativa");
      browser.assertAccessible("an exception and a closure");
      browser.find("#chiusure-elenco tbody tr button").sendKeys(Keys.ENTER);
      browser.waitUntil(d -> org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent().apply(d), "the confirmation");
      browser.driver().switchTo().alert().accept();
      browser.waitForText("#chiusure-esito", "Chiusura tolta.");
      browser.waitForText("#chiusure-elenco", "Nessuna chiusura.");

      // Retiring the service.
      browser.find(row + " td.admin-actions button:last-child").sendKeys(Keys.ENTER);
      browser.waitUntil(d -> org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent().apply(d), "the confirmation");
      browser.driver().switchTo().alert().accept();
      browser.waitForText("#servizi-esito", "Servizio ritirato.");
      browser.waitForText(row, "Ritirato");
      browser.waitForText("#orari-scelta", "Crea prima un servizio e una risorsa.");
      browser.assertAccessible("a retired service");
    }
  }

  private static void type(Browser browser, String css, String text) {
    browser.find(css).sendKeys(text);
  }
}
