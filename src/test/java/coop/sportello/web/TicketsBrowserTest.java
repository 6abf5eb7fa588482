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
 * Tickets in the browser (issue 24), on a phone: the buyer chooses two intero and one ridotto under
 * a time of the visit's page, holds and pays them together and finds three QR tickets on "I miei
 * biglietti"; the door admits each once, refuses a second scan, and with the network down checks a
 * ticket against the day's list, then sends that scan when the network is back. Each state checked
 * with axe-core.
 */
class TicketsBrowserTest extends AppTestBase {

  @Test
  void theBuyerSeesThreeQrTicketsAndTheDoorAdmitsEachOnceEvenOffline() {
    EventsFixture f = EventsFixture.create(vertx, app.pool(), http, "tkweb", 20);

    try (Browser browser = new Browser(app.port())) {
      // Two intero and one ridotto, chosen under the time on the visit's page, held and paid together.
      browser.viewport(Browser.Viewport.PHONE).open("/servizio.html?id=" + f.serviceId);
      browser.find("[data-slot='" + f.slot + "'] button").sendKeys(Keys.ENTER);
      browser.waitForText("#biglietti-titolo", "Quanti biglietti?");
      browser.waitForText("#biglietti-scelta", "Over 65 e studenti, con un documento");
      browser.find("#biglietti-intero").clear();
      browser.find("#biglietti-intero").sendKeys("2");
      browser.find("#biglietti-ridotto").clear();
      browser.find("#biglietti-ridotto").sendKeys("1");
      browser.waitForText("#biglietti-totale", "Totale: 32,00 € per 3 biglietti");
      browser.assertUsable("choosing tickets, PHONE");
      browser.find("#biglietti-scelta button[type='submit']").sendKeys(Keys.ENTER);
      browser.find("#utente").sendKeys("tkweb.persona");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.waitForText("#prenota-corpo", "2 × Intero");
      browser.waitForText("#prenota-corpo", "1 × Ridotto");
      browser.assertUsable("three tickets held, PHONE");
      browser.find("#conferma").sendKeys(Keys.ENTER);
      browser.waitForText("#prenota-titolo", "Prenotazione confermata");
      browser.click("#vai-ai-biglietti");

      String purchase = one("SELECT b.id::text FROM bookings b JOIN tickets t ON t.booking_id = b.id JOIN accounts a ON a.id::text = b.person "
          + "WHERE a.username = 'tkweb.persona' LIMIT 1");
      f.today(purchase);
      List<String> codes = f.codesOf(purchase);
      browser.waitForText("#acquisti", "Visita guidata all'abbazia");
      browser.open("/biglietti.html");
      browser.waitForText("#acquisti", "Biglietto 3: Ridotto");
      for (String code : codes) {
        browser.waitForText("[data-ticket='" + code + "']", code);
      }
      assertEquals(3L, browser.script("return document.querySelectorAll('#acquisti [data-ticket]').length"));
      Object drawn = browser.script("return [...document.querySelectorAll('#acquisti img')].every(i => i.complete && i.naturalWidth > 0)");
      assertEquals(Boolean.TRUE, drawn, "the three QR codes are drawn");
      browser.assertUsable("three tickets, PHONE");
      browser.screenshot("biglietti");
      // The same tickets under their booking in "Le mie prenotazioni".
      browser.open("/prenotazioni.html");
      browser.waitForText("[data-tickets='" + purchase + "'] summary", "I biglietti (3)");
      browser.click("[data-tickets='" + purchase + "'] summary");
      browser.waitForText("[data-tickets='" + purchase + "']", codes.get(2));
      browser.assertUsable("tickets in my bookings, PHONE");

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

      // The organiser's report counts them: three sold, three admitted.
      browser.viewport(Browser.Viewport.DESKTOP).open("/rapporti.html");
      browser.waitForText("#sezione-biglietti", "Visita guidata all'abbazia");
      browser.waitForText("#sezione-biglietti tbody", "Intero");
      assertEquals(List.of("Intero 2 2 0", "Ridotto 1 1 0"), browser.all("#sezione-biglietti tbody tr").stream()
          .map(tr -> String.join(" ", tr.findElements(org.openqa.selenium.By.cssSelector("td")).stream().skip(1)
              .map(org.openqa.selenium.WebElement::getText).toList())).toList());
      browser.assertUsable("the tickets in the reports");
    }
  }

  /** A sold-out day's time still opens: the buyer signs in there and joins its waiting line for the tickets chosen. */
  @Test
  void aSoldOutTimeOffersItsWaitingLineForTheTicketsChosen() {
    EventsFixture f = EventsFixture.create(vertx, app.pool(), http, "tkwait", 3);
    // Both times of the day sold out: the day is still offered, for its waiting lines.
    f.bought(f.slot);
    f.bought(f.laterSlot);
    await(TestAccounts.create(vertx, app.pool(), "tkwait.attesa", "citizen"));

    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.PHONE).open("/servizio.html?id=" + f.serviceId);
      browser.waitForText("[data-slot='" + f.laterSlot + "']", "Esaurito: lista d’attesa");
      browser.find("[data-slot='" + f.laterSlot + "'] button").sendKeys(Keys.ENTER);
      browser.waitForText("#biglietti-titolo", "Quanti biglietti?");
      browser.find("#biglietti-ridotto").clear();
      browser.find("#biglietti-ridotto").sendKeys("2");
      browser.find("#biglietti-scelta button[type='submit']").sendKeys(Keys.ENTER);
      browser.waitForText("#biglietti-attesa", "entra con il tuo account");
      browser.find("#utente").sendKeys("tkwait.attesa");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.waitForText("#biglietti-attesa", "Mettimi in lista d’attesa per 2 biglietti");
      browser.assertUsable("a sold-out time's waiting line, PHONE");
      browser.click("#biglietti-attesa button");
      browser.waitForText("#biglietti-attesa-esito", "Sei in lista d’attesa: 1° posto nella fila.");
      assertEquals("{\"ridotto\": 2}", one("SELECT w.tickets::text FROM waitlist_entries w JOIN accounts a ON a.id::text = w.person "
          + "WHERE a.username = 'tkwait.attesa' AND w.status = 'waiting'"));
    }
  }

  /**
   * The organiser adds a ticket type under the event on the services page and lets tickets change
   * hands; the buyer then puts one of their tickets in someone else's name on "I miei biglietti".
   */
  @Test
  void theOrganiserAddsATicketTypeAndLetsTicketsChangeHandsAndTheBuyerNamesOne() {
    EventsFixture f = EventsFixture.create(vertx, app.pool(), http, "tkname", 10);
    JsonObject bought = f.bought(f.laterSlot);
    List<String> codes = f.codesOf(bought.getString("id"));

    try (Browser browser = new Browser(app.port())) {
      browser.open("/gestione.html");
      browser.find("#utente").sendKeys("tkname.admin");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      String panel = "[data-tickets-of='" + f.serviceId + "']";
      browser.click(panel + " summary");
      browser.waitForText(panel, "Ridotto – 8,00 € · Over 65 e studenti, con un documento");
      browser.find(panel + " input[data-pointer='/label']").sendKeys("Omaggio");
      browser.find(panel + " input[data-pointer='/priceCents']").sendKeys("0");
      browser.find(panel + " input[data-pointer='/whoQualifies']").sendKeys("Guide turistiche con tesserino");
      browser.click(panel + " button[type='submit']");
      browser.waitForText(panel + " [data-ticket-type='omaggio']", "Omaggio – gratuito · Guide turistiche con tesserino");
      browser.click(panel + " [data-ticket-type='gruppo'] button");
      browser.driver().switchTo().alert().accept();
      browser.waitUntil(d -> d.findElements(org.openqa.selenium.By.cssSelector(panel + " [data-ticket-type='gruppo']")).isEmpty(),
          "the group ticket retired");
      assertEquals("true", one("SELECT retired::text FROM ticket_types WHERE code = 'gruppo' AND service_id = '" + f.serviceId + "'"));
      browser.click(panel + " label[for$='-intestabili']");
      browser.waitForText(panel, "Ora i biglietti si possono intestare ad altri.");
      browser.assertUsable("an event's tickets on the services page");
      assertEquals("true", one("SELECT transferable::text FROM event_settings WHERE service_id = '" + f.serviceId + "'"));

      browser.script("localStorage.clear(); sessionStorage.clear();");
      browser.viewport(Browser.Viewport.PHONE).open("/biglietti.html");
      browser.find("#utente").sendKeys("tkname.persona");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      String ticket = "[data-naming='" + codes.get(1) + "']";
      browser.click(ticket + " summary");
      browser.find(ticket + " input").sendKeys("Giulia Neri");
      browser.click(ticket + " button[type='submit']");
      browser.waitForText("[data-holder='" + codes.get(1) + "']", "Intestato a Giulia Neri");
      browser.assertUsable("a ticket in someone else's name, PHONE");
      assertEquals("Giulia Neri", one("SELECT holder_name FROM tickets WHERE code = '" + codes.get(1) + "'"));
    }
  }

  private String one(String sql) {
    return await(app.pool().query(sql).execute()).iterator().next().getString(0);
  }

  private String admittedAt(String code) {
    var rows = await(app.pool().preparedQuery("SELECT admitted_device FROM tickets WHERE code = $1 AND admitted_at IS NOT NULL")
        .execute(Tuple.of(code)));
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }
}
