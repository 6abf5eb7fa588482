package coop.sportello.kiosk;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import coop.sportello.web.Browser;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.UUID;

import static coop.sportello.kiosk.KioskPage.heading;
import static coop.sportello.kiosk.KioskPage.identifies;
import static coop.sportello.kiosk.KioskPage.laidOutForLandscape;
import static coop.sportello.kiosk.KioskPage.laidOutForPortrait;
import static coop.sportello.kiosk.KioskPage.openAsTheDevice;
import static coop.sportello.kiosk.KioskPage.press;
import static coop.sportello.kiosk.KioskPage.usable;
import static coop.sportello.kiosk.KioskPage.waitForText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kiosk in a real browser: the device signs in with its credential, an employee identifies
 * on the on-screen keypad, books with welfare credit and gets the code and its QR code; left
 * alone, the kiosk warns, then wipes every personal detail and starts again in Italian. While the
 * kiosk shows a service's times, a citizen booking the last place on the portal makes the
 * kiosk's count fall to zero live.
 */
class KioskBrowserTest extends AppTestBase {

  private static final String SERVICE = "Laboratorio di ceramica in azienda";
  /** Two places: someone else has one, a citizen takes the last while the kiosk watches. */
  private static final String LAST_PLACE_SERVICE = "Yoga sulla sedia in pausa pranzo";
  /** Short enough for a test, long enough that the flow's own steps (and axe) never trip it. */
  private static final int IDLE = 20;
  private static final int WARN = 8;

  private KioskFixture fixture;
  private KioskFixture.Employee luca;
  private String credential;
  private KioskFixture.Published lastPlace;

  @BeforeAll
  void setUp() {
    fixture = new KioskFixture(vertx, app, http);
    luca = fixture.employee("luca.chiosco", "Luca Ferrari", "TB-0117", "FRRLCU86C14A794T", "2468");
    credential = fixture.kioskCredential("Welfare point mensa", fixture.companyId);
    fixture.serviceSlot(SERVICE, "work_life");
    lastPlace = fixture.publish(LAST_PLACE_SERVICE, "work_life", 2);
    await(TestAccounts.create(vertx, app.pool(), "marco.cittadino", "citizen"));
    await(TestAccounts.create(vertx, app.pool(), "giulia.cittadina", "citizen"));
  }

  @Test
  void anEmployeeBooksWithWelfareCreditAtTheKioskAndWalkingAwayWipesEverything() {
    try (Browser browser = new Browser(app.port()).viewport(Browser.Viewport.KIOSK_PORTRAIT)) {
      browser.open("/chiosco.html?idle=" + IDLE + "&warn=" + WARN);

      // The device, once: its credential stays in this kiosk's localStorage.
      heading(browser, "Configura questo totem");
      usable(browser, "kiosk set-up");
      browser.find("#credenziale").sendKeys(credential);
      press(browser, "connect");
      heading(browser, "Ti diamo il benvenuto");
      assertEquals(credential, browser.script("return localStorage.getItem('sportello.kiosk.credential')"));
      waitForText(browser, "#luogo", "Welfare point mensa");
      usable(browser, "kiosk welcome");
      laidOutForPortrait(browser, "kiosk welcome");

      // English on request; Italian again for the next person.
      browser.find("#lingua").click();
      heading(browser, "Welcome");
      assertEquals("en", browser.script("return document.documentElement.lang"));
      usable(browser, "kiosk welcome in English");
      browser.find("#lingua").click();
      heading(browser, "Ti diamo il benvenuto");

      // Badge and PIN on the on-screen keypads.
      press(browser, "badge");
      heading(browser, "badge");
      for (char c : luca.badge().toCharArray()) {
        press(browser, "identificativo-" + c);
      }
      assertEquals(luca.badge(), browser.find("#identificativo").getAttribute("value"));
      usable(browser, "badge keypad");
      laidOutForPortrait(browser, "badge keypad");
      laidOutForLandscape(browser, "badge keypad");
      press(browser, "next");
      heading(browser, "PIN");
      for (char c : luca.pin().toCharArray()) {
        press(browser, "pin-" + c);
      }
      assertEquals("password", browser.find("#pin").getAttribute("type"), "the PIN shows as dots");
      browser.waitUntil(d -> String.valueOf(browser.script("return document.getElementById('pin-conteggio').textContent"))
          .contains("4 cifre"), "the number of digits said to screen readers");
      usable(browser, "PIN keypad");
      laidOutForPortrait(browser, "PIN keypad");
      laidOutForLandscape(browser, "PIN keypad");
      press(browser, "pin-submit");
      heading(browser, "Ciao Luca");
      waitForText(browser, ".balance", "500,00");
      assertFalse(browser.driver().getPageSource().contains("Ferrari"), "first name only");
      usable(browser, "identified");
      laidOutForPortrait(browser, "identified");
      laidOutForLandscape(browser, "identified");

      // A service paid with welfare credit.
      press(browser, "book");
      heading(browser, "Scegli un servizio");
      usable(browser, "services");
      browser.find("button[aria-label=\"Scegli " + SERVICE + "\"]").click();
      heading(browser, "Scegli quando");
      usable(browser, "slots");
      browser.find(".slot").click();
      heading(browser, "Conferma la prenotazione");
      waitForText(browser, ".summary", "485,00");
      usable(browser, "confirm");
      press(browser, "pay");
      heading(browser, "Prenotazione confermata");
      String code = browser.find("#codice").getText();
      assertTrue(code.matches("[ACDEFGHJKMNPQRTUVWXY34679]{8}"), code);
      WebElement qr = browser.find("img.qr");
      assertEquals("Codice QR della prenotazione " + code, qr.getAttribute("alt"));
      browser.waitUntil(d -> ((Number) browser.script("return arguments[0].naturalWidth", qr)).intValue() > 0,
          "the QR code image to load");
      waitForText(browser, ".ticket", "485,00");

      Row booking = await(app.pool().preparedQuery("""
              SELECT person, acted_by, status, paid_cents FROM bookings WHERE code = $1""").execute(Tuple.of(code)))
          .iterator().next();
      assertEquals(luca.id(), booking.getString("person"));
      assertTrue(booking.getString("acted_by").startsWith("kiosk:"));
      assertEquals("confirmed", booking.getString("status"));
      assertEquals(KioskFixture.PRICE_CENTS, booking.getInteger("paid_cents"));
      usable(browser, "booked");
      browser.screenshot("chiosco");

      // Nobody touches the screen: a countdown, then everything personal is gone.
      browser.waitUntil(d -> Boolean.TRUE.equals(browser.script("return document.getElementById('avviso-inattivita').open")),
          "the inactivity warning");
      waitForText(browser, "#avviso-testo", "secondi");
      usable(browser, "inactivity warning");
      heading(browser, "Ti diamo il benvenuto");
      String page = browser.driver().getPageSource();
      assertFalse(page.contains("Luca"), "the name is gone from the page");
      assertFalse(page.contains(code), "the booking code is gone from the page");
      assertFalse(page.contains(String.join(" ", code.split(""))), "also as spelled out to screen readers");
      assertFalse(page.contains("485,00"), "the balance is gone from the page");
      String memory = String.valueOf(browser.script("return window.sportelloKiosk.memory()"));
      assertFalse(memory.contains("Luca") || memory.contains(code) || memory.contains(luca.id()), memory);
      String storage = String.valueOf(browser.script(
          "return JSON.stringify(localStorage) + JSON.stringify(sessionStorage)"));
      assertFalse(storage.contains("Luca") || storage.contains(code) || storage.contains(luca.id()), storage);
      assertEquals("it", browser.script("return document.documentElement.lang"));
      browser.waitUntil(d -> countLiveSessions() == 0, "the kiosk session to end on the server");
      usable(browser, "welcome after the wipe");
    }
  }

  @Test
  void aWrongPinIsSaidPlainlyAndTheKeypadEmpties() {
    try (Browser browser = new Browser(app.port()).viewport(Browser.Viewport.KIOSK_PORTRAIT)) {
      browser.open("/chiosco.html");
      browser.script("localStorage.setItem('sportello.kiosk.credential', arguments[0])", credential);
      browser.open("/chiosco.html");
      heading(browser, "Ti diamo il benvenuto");
      press(browser, "cf");
      heading(browser, "codice fiscale");
      browser.find("#identificativo").sendKeys(luca.codiceFiscale().toLowerCase());
      assertEquals(luca.codiceFiscale(), browser.find("#identificativo").getAttribute("value"), "typed or read by a reader");
      press(browser, "next");
      heading(browser, "PIN");
      for (char c : "1357".toCharArray()) {
        press(browser, "pin-" + c);
      }
      press(browser, "pin-submit");
      waitForText(browser, "[role=alert]", "PIN non corretti");
      assertEquals("", browser.find("#pin").getAttribute("value"));
      usable(browser, "wrong PIN");
    }
  }

  @Test
  void anyoneAsksToBeCalledBackFromTheKioskThroughTheChat() {
    try (Browser browser = new Browser(app.port()).viewport(Browser.Viewport.KIOSK_PORTRAIT)) {
      browser.open("/chiosco.html");
      browser.script("localStorage.setItem('sportello.kiosk.credential', arguments[0])", credential);
      browser.open("/chiosco.html");
      heading(browser, "Ti diamo il benvenuto");
      press(browser, "callback");
      heading(browser, "Fatti richiamare");
      press(browser, "send");
      waitForText(browser, "[role=alert]", "Scegli un argomento");
      press(browser, "topic-elderly");
      browser.waitUntil(d -> "true".equals(browser.find("[data-key=topic-elderly]").getAttribute("aria-pressed")),
          "the topic to show as chosen");
      for (char c : "+390351234567".toCharArray()) {
        press(browser, "telefono-" + c);
      }
      press(browser, "when-morning");
      usable(browser, "call-back form");
      laidOutForPortrait(browser, "call-back form");
      press(browser, "send");
      heading(browser, "Richiesta inviata");
      usable(browser, "call-back sent");
      JsonObject request = await(app.pool().query("""
              SELECT e.body, c.topic FROM chat_events e JOIN chat_conversations c ON c.id = e.conversation_id
               WHERE e.kind = 'callback-requested'""").execute()).iterator().next().toJson();
      assertEquals("+390351234567", request.getJsonObject("body").getString("phone"));
      assertEquals("Mattina", request.getJsonObject("body").getString("when"));
      assertEquals("elderly", request.getString("topic"));
      assertFalse(browser.driver().getPageSource().contains("351234567"), "the number is not shown back");
    }
  }

  @Test
  void anEmployeeChatsAtTheKioskAsThemselvesAndTheKioskLetsGoOfItWhenTheyAreDone() {
    try (Browser browser = new Browser(app.port()).viewport(Browser.Viewport.KIOSK_PORTRAIT)) {
      openAsTheDevice(browser, credential);
      assertTrue(browser.all("[data-key=chat]").isEmpty(), "the chat is for someone identified");
      identifies(browser, luca);

      // The chat page writes as Luca, in his kiosk session.
      press(browser, "chat");
      browser.waitForText("#totem-chi", "Stai scrivendo come Luca");
      new Select(browser.find("#argomento")).selectByValue("elderly");
      browser.find("#avvia").click();
      browser.waitForText("#conversazione-titolo", "Anziani e fragilità");
      browser.find("#testo").sendKeys("Cerco assistenza a domicilio per mia madre.", Keys.ENTER);
      browser.waitUntil(d -> browser.all("#messaggi li.pending").isEmpty()
          && browser.find("#messaggi").getText().contains("Cerco assistenza a domicilio"), "the message stored");
      assertFalse(browser.all("#trascrizione").get(0).isDisplayed(), "no download on a kiosk");
      assertFalse(browser.all("#esci").get(0).isDisplayed(), "nobody signs the kiosk out from the chat");
      browser.assertAccessible("kiosk chat"); // chat.html is the chat screen's own (another helper's)
      Row stored = await(app.pool().query("""
              SELECT c.owner, e.kiosk_session FROM chat_events e JOIN chat_conversations c ON c.id = e.conversation_id
               WHERE e.kind = 'message' AND e.body->>'text' = 'Cerco assistenza a domicilio per mia madre.'""")
          .execute()).iterator().next();
      assertEquals(luca.id(), stored.getString(0), "the conversation is Luca's, not the kiosk's");

      // Done: the session ends, the page forgets, the kiosk is back at its start for the next person.
      browser.find("#totem-fine").click();
      heading(browser, "Ti diamo il benvenuto");
      assertEquals(0, countLiveSessions());
      assertEquals(null, browser.script("return sessionStorage.getItem('sportello.kiosk.chat')"));
      browser.open("/chat.html");
      browser.waitForText("#totem", "torna all’inizio e identificati");
      assertFalse(browser.driver().getPageSource().contains("Cerco assistenza"), "nothing of Luca's chat");
    }
  }

  @Test
  void aCitizenBooksTheLastPlaceWhileTheKioskWatchesTheCountFallToZeroLive() {
    String someoneElse = await(http.accessToken("marco.cittadino"));
    var held = await(http.post("/api/v1/bookings/holds", someoneElse, new JsonObject().put("slotId", lastPlace.slotId())));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    var confirmed = await(http.post("/api/v1/bookings/" + held.bodyAsJsonObject().getString("id") + "/confirm", someoneElse,
        new JsonObject()));
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    String row = "[data-slot='" + lastPlace.slotId() + "']";

    try (Browser kiosk = new Browser(app.port()).viewport(Browser.Viewport.KIOSK_PORTRAIT); Browser citizen = new Browser(app.port())) {
      // The kiosk, signed in as the device, with an employee identified, shows the service's times.
      openAsTheDevice(kiosk, credential);
      identifies(kiosk, luca);
      press(kiosk, "book");
      heading(kiosk, "Scegli un servizio");
      kiosk.find("button[aria-label=\"Scegli " + LAST_PLACE_SERVICE + "\"]").click();
      heading(kiosk, "Scegli quando");
      kiosk.waitUntil(d -> "1".equals(attribute(kiosk, row, "data-free")), "one place left on the kiosk");
      waitForText(kiosk, row + " .free", "1 posto libero");
      kiosk.find("#stato-posti[data-live='on']");
      assertEquals(null, attribute(kiosk, row + " button", "aria-disabled"));
      // The person is looking at that very time: focus on it, and a marker that a reload would lose.
      kiosk.script("document.querySelector(arguments[0]).focus(); window.sameKioskPage = 'still here';", row + " button");
      assertEquals("slot-" + lastPlace.slotId(), activeKey(kiosk));
      usable(kiosk, "kiosk times, live, one place left");

      // A citizen books that last place on the portal.
      citizen.open("/servizio.html?id=" + lastPlace.serviceId());
      citizen.find(row + " button").sendKeys(Keys.ENTER);
      citizen.find("#utente").sendKeys("giulia.cittadina");
      citizen.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      citizen.waitForText("#prenota-titolo", "Il posto è tenuto per te");

      // The hold already takes the place: the kiosk shows it at once, without reloading.
      kiosk.waitUntil(d -> "0".equals(attribute(kiosk, row, "data-free")), "the kiosk to show no place left");

      citizen.find("#conferma").sendKeys(Keys.ENTER);
      citizen.waitForText("#prenota-titolo", "Prenotazione confermata");

      waitForText(kiosk, row + " .free", "Completo: nessun posto libero");
      assertEquals("true", attribute(kiosk, row + " button", "aria-disabled"), "a full time cannot be chosen");
      assertTrue(String.valueOf(attribute(kiosk, row + " button", "class")).contains("full"));
      assertEquals("still here", kiosk.script("return window.sameKioskPage"), "the kiosk was not reloaded");
      assertEquals("slot-" + lastPlace.slotId(), activeKey(kiosk), "focus stayed on the time the person was reading");
      kiosk.waitUntil(d -> String.valueOf(kiosk.script("return document.getElementById('annunci').textContent"))
          .contains("nessun posto libero"), "a polite announcement of the change");
      assertEquals("polite", attribute(kiosk, "#annunci", "aria-live"));
      usable(kiosk, "kiosk times, the last place taken live");

      // Touching the full time explains instead of choosing it.
      kiosk.find(row + " button").click();
      waitForText(kiosk, "[role=alert]", "Questo orario è completo");
      heading(kiosk, "Scegli quando");
      assertEquals("slot-" + lastPlace.slotId(), activeKey(kiosk));
      assertEquals("still here", kiosk.script("return window.sameKioskPage"));
      usable(kiosk, "kiosk times, a full time touched");

      // "Ho finito": the kiosk stops following the service along with forgetting the person.
      press(kiosk, "done");
      heading(kiosk, "Ti diamo il benvenuto");
      kiosk.waitUntil(d -> countLiveSessions() == 0, "the kiosk session to end on the server");
    }
    assertEquals(2, taken(lastPlace.slotId()), "both places taken, none more");
  }

  private static String attribute(Browser browser, String css, String name) {
    Object value = browser.script("const e = document.querySelector(arguments[0]); return e && e.getAttribute(arguments[1]);",
        css, name);
    return value == null ? null : value.toString();
  }

  private static String activeKey(Browser browser) {
    return String.valueOf(browser.script("return document.activeElement && document.activeElement.dataset.key"));
  }

  private int taken(String slot) {
    return await(app.pool().preparedQuery("SELECT taken FROM slots WHERE id = $1").execute(Tuple.of(UUID.fromString(slot))))
        .iterator().next().getInteger(0);
  }

  private long countLiveSessions() {
    return await(app.pool().preparedQuery("""
            SELECT count(*) FROM kiosk_sessions WHERE account_id = $1 AND ended_at IS NULL AND expires_at > now()""")
        .execute(Tuple.of(UUID.fromString(luca.id())))).iterator().next().getLong(0);
  }
}
