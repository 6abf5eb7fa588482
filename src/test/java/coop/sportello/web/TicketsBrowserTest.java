package coop.sportello.web;

import coop.sportello.events.EventsFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tickets in the browser (issue 24): the buyer's three tickets with their QR codes on "I miei
 * biglietti", and the door on a phone admitting each once, refusing a second scan, and checking a
 * ticket with the network down against the day's list, then sending that scan when the network is
 * back. Each state checked with axe-core.
 */
class TicketsBrowserTest extends AppTestBase {

  @Test
  void theBuyerSeesThreeQrTicketsAndTheDoorAdmitsEachOnceEvenOffline() {
    EventsFixture f = EventsFixture.create(vertx, app.pool(), http, "tkweb", 20);
    JsonObject purchase = f.bought(f.slot);
    f.today(purchase.getString("id"));
    List<String> codes = f.codesOf(purchase.getString("id"));

    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.PHONE).open("/biglietti.html");
      browser.find("#utente").sendKeys("tkweb.persona");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.waitForText("#acquisti", "Visita guidata all'abbazia");
      browser.waitForText("#acquisti", "Biglietto 3: Ridotto");
      for (String code : codes) {
        browser.waitForText("[data-ticket='" + code + "']", code);
      }
      assertEquals(3L, browser.script("return document.querySelectorAll('#acquisti [data-ticket]').length"));
      Object drawn = browser.script("return [...document.querySelectorAll('#acquisti img')].every(i => i.complete && i.naturalWidth > 0)");
      assertEquals(Boolean.TRUE, drawn, "the three QR codes are drawn");
      browser.assertUsable("three tickets, PHONE");
      browser.screenshot("biglietti");

      browser.script("localStorage.clear(); sessionStorage.clear();");
      browser.open("/ingresso.html");
      browser.find("#utente").sendKeys("tkweb.admin");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.waitForText("#elenco", "3 biglietti");
      browser.find("#varco").clear();
      browser.find("#varco").sendKeys("Ingresso nord");
      browser.find("#codice").sendKeys(codes.get(0).toLowerCase(), Keys.ENTER);
      browser.waitForText("#esito", "Valido: può entrare");
      browser.waitForText("#esito", "Intero");
      browser.assertUsable("a ticket admitted, PHONE");
      browser.find("#codice").sendKeys(codes.get(0), Keys.ENTER);
      browser.waitForText("#esito", "Già usato");
      browser.waitForText("#esito", "Ingresso nord");
      browser.assertUsable("a ticket used twice, PHONE");
      browser.screenshot("ingresso");
      browser.find("#codice").sendKeys(codes.get(1), Keys.ENTER);
      browser.waitForText("#esito", "Valido: può entrare");

      // The network goes down: the third ticket is checked against the day's list and queued.
      browser.offline(true);
      browser.find("#codice").sendKeys(codes.get(2), Keys.ENTER);
      browser.waitForText("#esito", "Senza rete: controllato sull’elenco di oggi");
      browser.waitForText("#esito", "Valido: può entrare");
      browser.waitForText("#senza-rete", "1 controlli da inviare");
      browser.find("#codice").sendKeys(codes.get(2), Keys.ENTER);
      browser.waitForText("#esito", "Già usato");
      assertEquals(null, admittedAt(codes.get(2)), "not yet known to the server");

      browser.offline(false);
      browser.script("window.dispatchEvent(new Event('online'))");
      browser.waitForText("#esito", "Rete tornata: inviati 1 controlli.");
      browser.waitUntil(d -> admittedAt(codes.get(2)) != null, "the queued scan reaches the server");
      browser.assertUsable("back online, PHONE");
    }
  }

  private String admittedAt(String code) {
    var rows = await(app.pool().preparedQuery("SELECT admitted_device FROM tickets WHERE code = $1 AND admitted_at IS NOT NULL")
        .execute(Tuple.of(code)));
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }
}
