package coop.sportello.web;

import coop.sportello.booking.BookingModule;
import coop.sportello.booking.ManageLinks;
import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gestisci.html in chromium, opened from a message's link without signing in: the token leaves the
 * address bar at once, the booking is shown, moved to another time and cancelled; an expired link
 * says so with whom to call; a waiting-list offer shows its deadline and is confirmed. On a
 * desktop and on a phone, with axe finding nothing serious.
 */
class ManageBookingBrowserTest extends AppTestBase {

  private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(4);

  private String citizen;
  private CatalogFixture.Service gym;

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.gestisci", "provider_admin"));
    await(TestAccounts.create(vertx, app.pool(), "nonno.gestisci", "citizen"));
    citizen = await(http.accessToken("nonno.gestisci"));
    CatalogFixture catalog = new CatalogFixture(http, await(http.accessToken("admin.gestisci")));
    gym = catalog.create(CatalogFixture.serviceBody("elderly", "Ginnastica dolce",
        "Movimento lento per persone anziane.").tariff(800, "session").audience("elderly").at("Via Tasso 4, Bergamo")
        .withoutPersonalLimits());
    gym.resource("Palestra comunale", "room", 10).openOn(DAY, "09:00", "12:00", 60);
  }

  private JsonObject confirmed(String slot) {
    HttpResponse<Buffer> held = await(http.post("/api/v1/bookings/holds", citizen, new JsonObject().put("slotId", slot)));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    HttpResponse<Buffer> done = await(http.post("/api/v1/bookings/" + held.bodyAsJsonObject().getString("id") + "/confirm",
        citizen, new JsonObject()));
    assertEquals(200, done.statusCode(), done.bodyAsString());
    return done.bodyAsJsonObject();
  }

  private String link(String purpose, String bookingId, Instant until) {
    return app.module(BookingModule.class).links().token(purpose, bookingId, until);
  }

  private String status(String bookingId) {
    return await(app.pool().preparedQuery("SELECT status FROM bookings WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(bookingId)))).iterator().next().getString(0);
  }

  @Test
  void aPersonOpensTheLinkMovesTheBookingAndCancelsIt() {
    List<String> slots = gym.slotsOn(DAY);
    JsonObject booking = confirmed(slots.get(0));
    String token = link(ManageLinks.BOOKING, booking.getString("id"), Instant.now().plusSeconds(3600));
    try (Browser browser = new Browser(app.port())) {
      for (Browser.Viewport viewport : List.of(Browser.Viewport.PHONE, Browser.Viewport.DESKTOP)) {
        browser.viewport(viewport).open("/gestisci.html#t=" + token);
        browser.waitForText("#scheda", booking.getString("code"));
        assertFalse(browser.driver().getCurrentUrl().contains(token), "the token left the address bar");
        assertFalse(browser.driver().getCurrentUrl().contains("#"), browser.driver().getCurrentUrl());
        String card = browser.find("#scheda").getText();
        assertTrue(card.contains("Ginnastica dolce") && card.contains("Via Tasso 4, Bergamo") && card.contains("09:00–10:00"),
            card);
        assertEquals("Confermata", browser.find("#stato").getText());
        browser.assertUsable("manage link, booking shown, " + viewport);
      }
      browser.screenshot("gestisci-prenotazione");

      browser.click("#cambia");
      browser.find("#nuovo-orario-titolo");
      String later = "#nuovo-ore [data-choose='" + slots.get(1) + "']";
      browser.click(later);
      browser.find("#sposta-qui");
      assertTrue(browser.all("#nuovo-ore [data-choose='" + slots.get(0) + "']").isEmpty(), "the booking's own time is not offered");
      browser.assertUsable("manage link, new time chosen");
      browser.click("#sposta-qui");
      browser.waitForText("#esito", "spostata");
      assertEquals("rescheduled", status(booking.getString("id")));
      assertTrue(browser.find("#scheda").getText().contains("10:00–11:00"), browser.find("#scheda").getText());
      assertEquals("esito", browser.script("return document.activeElement.id"), "focus on what was done");

      browser.click("#disdici");
      browser.find("#disdici-si");
      browser.assertUsable("manage link, asked before cancelling");
      browser.click("#disdici-si");
      browser.waitForText("#esito", "disdetta");
      assertEquals("Annullata", browser.find("#stato").getText());
      assertTrue(browser.all("#disdici").isEmpty(), "nothing more to cancel");
      browser.assertUsable("manage link, cancelled");
      String moved = await(app.pool().preparedQuery("SELECT id FROM bookings WHERE rescheduled_from = $1")
          .execute(Tuple.of(UUID.fromString(booking.getString("id"))))).iterator().next().getUUID(0).toString();
      assertEquals("cancelled", status(moved), "the page went on with the booking the move made");

      // A reload in the same tab still finds the link (kept for this tab only), now for the moved booking.
      browser.driver().navigate().refresh();
      browser.waitForText("#stato", "Annullata");
    }
  }

  @Test
  void anExpiredLinkSaysSoAndWhomToCall() {
    JsonObject booking = confirmed(gym.slotsOn(DAY).get(2));
    try (Browser browser = new Browser(app.port())) {
      browser.open("/gestisci.html#t=" + link(ManageLinks.BOOKING, booking.getString("id"), Instant.now().minusSeconds(60)));
      browser.waitForText("#avviso", "Il collegamento è scaduto");
      browser.waitForText("#avviso", "049 000 0000");
      assertTrue(browser.find("#avviso a[href='/prenotazioni.html#accedi']").isDisplayed());
      assertTrue(browser.all("#prenotazione").stream().noneMatch(e -> e.isDisplayed()), "no booking shown");
      browser.assertUsable("manage link, expired");

      browser.open("/gestisci.html#t=booking.nonsense.99999999999.abc");
      browser.waitForText("#avviso", "Il collegamento non funziona");
      browser.find("#lingua").click();
      browser.waitForText("#avviso", "The link does not work");
      browser.assertUsable("manage link, invalid, in English");
      browser.find("#lingua").click();
    }
    assertEquals("confirmed", status(booking.getString("id")));
  }

  @Test
  void aWaitingListOfferShowsItsDeadlineAndIsConfirmed() {
    CatalogFixture catalog = new CatalogFixture(http, await(http.accessToken("admin.gestisci")));
    CatalogFixture.Service lab = catalog.create(CatalogFixture.serviceBody("elderly", "Laboratorio di memoria",
        "Esercizi per la memoria in piccolo gruppo.").tariff(500, "session").audience("elderly").at("Via Tasso 4, Bergamo"));
    lab.resource("Aula memoria", "room", 1).openOn(DAY, "15:00", "16:00", 60);
    String slot = lab.slotsOn(DAY).get(0);
    JsonObject taken = confirmed(slot);
    String waitingId = await(TestAccounts.create(vertx, app.pool(), "in.fila.gestisci", "citizen")).toString();
    assertEquals(201, await(http.post("/api/v1/bookings/waitlist", await(http.accessToken("in.fila.gestisci")),
        new JsonObject().put("slotId", slot))).statusCode());
    assertEquals(200, await(http.post("/api/v1/bookings/" + taken.getString("id") + "/cancel", citizen, new JsonObject()))
        .statusCode());
    String offered = await(app.pool().preparedQuery("SELECT id FROM bookings WHERE person = $1 AND status = 'held'")
        .execute(Tuple.of(waitingId))).iterator().next().getUUID(0).toString();

    try (Browser browser = new Browser(app.port())) {
      browser.open("/gestisci.html#t=" + link(ManageLinks.WAITLIST_OFFER, offered, Instant.now().plusSeconds(300)));
      browser.waitForText("#titolo", "Si è liberato un posto per te");
      browser.waitForText(".manage-deadline", "Conferma entro le ");
      browser.assertUsable("manage link, waiting-list offer");
      browser.click("#conferma-posto");
      browser.waitForText("#esito", "il posto è tuo");
      assertEquals("Confermata", browser.find("#stato").getText());
      browser.assertUsable("manage link, offer confirmed");
    }
    assertEquals("confirmed", status(offered));
  }
}
