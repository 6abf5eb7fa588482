package coop.sportello.web;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Calendario sul telefono" in a real browser: a citizen makes the address of their calendar in
 * "Le mie prenotazioni", sees it once with how to add it, copies it and switches it off; a
 * cooperative's administrator does the same for a carer on the resources page. Usable on a
 * desktop and on a phone in every state.
 */
class CalendarFeedBrowserTest extends AppTestBase {

  private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(8);

  private String code;
  private String carer;

  @BeforeAll
  void bookings() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "telefono.admin", "provider_admin"));
    await(TestAccounts.create(vertx, app.pool(), "telefono.cittadina", "citizen"));
    CatalogFixture catalog = new CatalogFixture(http, await(http.accessToken("telefono.admin")));
    String service = catalog.createService(CatalogFixture.serviceBody("elderly", "Compagnia a casa",
        "Una persona che fa compagnia e aiuta in casa.").at("Via Pignolo 5, Bergamo").json());
    carer = catalog.createResource("Operatrice Carla", "person", 1);
    assertEquals(201, catalog.ruleOn(service, carer, DAY, "09:00", "10:00", 60, 1).statusCode());
    String slot = catalog.availability(service, DAY, DAY).getJsonArray("slots").getJsonObject(0).getString("id");
    String citizen = await(http.accessToken("telefono.cittadina"));
    JsonObject held = await(http.post("/api/v1/bookings/holds", citizen, new JsonObject().put("slotId", slot))).bodyAsJsonObject();
    assertEquals(200, await(http.post("/api/v1/bookings/" + held.getString("id") + "/confirm", citizen, new JsonObject())).statusCode());
    code = held.getString("code");
  }

  private HttpResponse<Buffer> fetch(String url) {
    return await(http.get(URI.create(url).getRawPath(), null));
  }

  /** The address in the field {@code id}, once the page shows it. */
  private static String addressShown(Browser browser, String id) {
    return browser.waitUntil(d -> {
      var input = d.findElements(org.openqa.selenium.By.id(id));
      return input.isEmpty() ? null : input.get(0).getAttribute("value");
    }, "the address in #" + id);
  }

  private static void usable(Browser browser, String state) {
    browser.viewport(Browser.Viewport.PHONE);
    browser.assertUsable(state + " (phone)");
    browser.viewport(Browser.Viewport.DESKTOP);
    browser.assertUsable(state);
  }

  @Test
  void aCitizenPutsTheirBookingsInThePhonesCalendarAndSwitchesItOff() {
    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.DESKTOP);
      browser.open("/prenotazioni.html");
      browser.find("#utente").sendKeys("telefono.cittadina");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.waitForText("#calendario h2", "Calendario sul telefono");
      browser.find("#calendario [data-state='none']");
      usable(browser, "le mie prenotazioni, calendario non ancora attivo");

      browser.click("#calendario [data-action='create']");
      String address = addressShown(browser, "calendario-mio-indirizzo");
      assertEquals("calendario-mio-indirizzo", browser.script("return document.activeElement.id;"), "focus on the address");
      assertTrue(browser.find("#calendario").getText().contains("Aggiungi questo indirizzo al calendario del telefono"));
      String webcal = browser.find("#calendario [data-action='open']").getAttribute("href");
      assertEquals(address.replace("http://", "webcal://"), webcal);
      HttpResponse<Buffer> feed = fetch(address);
      assertEquals(200, feed.statusCode());
      assertTrue(feed.bodyAsString().contains(code), "the booking is in the calendar");
      usable(browser, "le mie prenotazioni, indirizzo del calendario appena creato");

      browser.click("#calendario [data-action='copy']");
      browser.waitUntil(d -> List.of("Indirizzo copiato.", "Non riesco a copiarlo: seleziona l’indirizzo e copialo a mano.")
          .contains(browser.find("#calendario-mio-esito").getText()), "what copying did");

      // Back later: the calendar is on, the address is not shown again.
      browser.open("/prenotazioni.html");
      browser.find("#calendario [data-state='active']");
      assertTrue(browser.all("#calendario-mio-indirizzo").isEmpty(), "the address is shown once");
      browser.waitForText("#calendario", "l’indirizzo si vede solo quando lo crei");

      browser.click("#calendario [data-action='revoke']");
      browser.waitForText("#calendario-mio-esito", "Calendario disattivato");
      browser.find("#calendario [data-state='none']");
      assertEquals(404, fetch(address).statusCode(), "switched off");
      usable(browser, "le mie prenotazioni, calendario disattivato");
    }
  }

  @Test
  void anAdministratorMakesACarersCalendar() {
    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.DESKTOP);
      browser.open("/gestione-risorse.html");
      browser.find("#utente").sendKeys("telefono.admin");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      String item = "#calendari li[data-resource='" + carer + "']";
      browser.waitForText(item, "Operatrice Carla");
      browser.find(item + " [data-state='none']");
      assertEquals("Crea l’indirizzo del calendario – Operatrice Carla",
          browser.find(item + " [data-action='create']").getAttribute("textContent").trim(), "the button names the resource");
      usable(browser, "risorse, calendari");

      browser.click(item + " [data-action='create']");
      String address = addressShown(browser, "calendario-" + carer + "-indirizzo");
      HttpResponse<Buffer> feed = fetch(address);
      assertEquals(200, feed.statusCode());
      assertTrue(feed.bodyAsString().contains(code) && !feed.bodyAsString().contains("telefono.cittadina"));
      usable(browser, "risorse, indirizzo del calendario di un'operatrice");
    }
  }
}
