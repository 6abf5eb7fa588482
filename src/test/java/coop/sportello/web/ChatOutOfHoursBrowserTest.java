package coop.sportello.web;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, flow 6: a citizen opens the chat when it is closed (here: it opens only tomorrow
 * morning). The page says so and when it opens again instead of "you are number 1 in the queue",
 * and offers what they can do now: leave a message, ask for a call-back, or book an appointment
 * with a service of their topic. The page carries the portal's header and menu.
 */
class ChatOutOfHoursBrowserTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");

  /** Tomorrow's weekday in Rome: the chat answers only then, so it is closed now whatever the hour. */
  private static DayOfWeek tomorrow() {
    return LocalDate.now(ROME).plusDays(1).getDayOfWeek();
  }

  @Override
  protected JsonObject overrides() {
    String day = tomorrow().getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT);
    return new JsonObject().put("chat", new JsonObject().put("businessHours", new JsonArray().add(day + " 09:00-12:00")));
  }

  @Test
  void outOfHoursTheChatSaysWhenItOpensAndOffersAMessageACallBackOrAnAppointment() {
    await(TestAccounts.create(vertx, app.pool(), "fuori.cooperativa", "provider_admin"));
    CatalogFixture catalog = new CatalogFixture(http, await(http.accessToken("fuori.cooperativa")));
    CatalogFixture.Service homeCare = catalog.homeCareOn(LocalDate.now(ROME).plusDays(3));
    await(TestAccounts.create(vertx, app.pool(), "fuori.rosa", "citizen"));

    try (Browser citizen = new Browser(app.port())) {
      citizen.open("/chat.html");
      // The portal's header and menu, with the chat as the current page.
      assertEquals("page", citizen.find("header.it-header-wrapper a.nav-link.active").getAttribute("aria-current"));
      assertEquals("/chat.html", citizen.find("header.it-header-wrapper a.nav-link.active").getAttribute("pathname"));
      citizen.find("#utente").sendKeys("fuori.rosa");
      citizen.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      citizen.waitForText("#chi", "Utente fuori.rosa");
      assertFalse(citizen.find("h1").getText().contains("welfare manager"), "no jargon for citizens: " + citizen.find("h1").getText());
      new Select(citizen.find("#argomento")).selectByValue("elderly");
      citizen.find("#avvia").click();

      // Closed: said, with when it opens again, and what happens to the request; no place in a queue.
      citizen.waitForText("#coda", "La chat adesso è chiusa.");
      String status = citizen.find("#coda").getText();
      String weekday = tomorrow().getDisplayName(TextStyle.FULL, Locale.ITALIAN);
      assertTrue(status.contains("Riapre " + weekday) && status.contains("alle 09:00"), status);
      assertFalse(status.contains("posto numero"), status);
      // The opening hours, in words, from the server's configuration.
      citizen.waitForText("#orari-chat", "La chat risponde");
      assertTrue(citizen.find("#orari-chat").getText().contains("09:00–12:00"), citizen.find("#orari-chat").getText());
      citizen.find("#alternative");

      // An appointment that really books: the topic's services, each a link to its page, and the search.
      citizen.waitForText("#servizi-argomento", "Assistenza domiciliare");
      assertEquals("/servizio.html", citizen.find("#servizi-argomento a").getAttribute("pathname"));
      assertTrue(citizen.find("#servizi-argomento a").getAttribute("search").contains(homeCare.id()));
      ChatBrowserTest.usable(citizen, "chat: fuori orario");
      citizen.screenshot("chat-fuori-orario");
      citizen.viewport(Browser.Viewport.PHONE);
      citizen.script("document.getElementById('conversazione').scrollIntoView()");
      citizen.screenshot("telefono-chat");
      citizen.viewport(Browser.Viewport.DESKTOP);

      // Leave a message: the message box, and the message stays with the request.
      citizen.click("#alt-messaggio");
      citizen.waitUntil(d -> "testo".equals(d.switchTo().activeElement().getAttribute("id")), "the focus on the message box");
      citizen.find("#testo").sendKeys("Cerco assistenza a casa per mio padre, la mattina.", Keys.ENTER);
      citizen.waitUntil(d -> citizen.all("#messaggi li.pending").isEmpty()
          && citizen.find("#messaggi").getText().contains("Cerco assistenza a casa"), "the message stored");

      // A call-back, with the one rule for the number the server applies.
      citizen.click("#alt-richiamata");
      citizen.find("#telefono").sendKeys("347 555 0202");
      citizen.click("#chiedi-richiamata");
      citizen.waitForText("#messaggi", "Richiesta di essere richiamati al numero +393475550202");

      // After a refresh the page still says it is closed and when it opens.
      citizen.driver().navigate().refresh();
      citizen.waitForText("#coda", "La chat adesso è chiusa.");
      citizen.find("#alternative");

      // The search opens on the conversation's topic.
      citizen.click("#alt-appuntamento");
      citizen.waitUntil(d -> "/".equals(citizen.script("return location.pathname")), "the portal's search");
      assertEquals("elderly", citizen.script("return JSON.parse(sessionStorage.getItem('portal.search')).area"));
    }
  }
}
