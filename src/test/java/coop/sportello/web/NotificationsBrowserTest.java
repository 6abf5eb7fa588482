package coop.sportello.web;

import coop.sportello.platform.links.SignedLinks;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The screens of issue 19 in a real browser: a person's "Avvisi" in my bookings (saved, refused
 * without a phone number, read again), the unsubscribe link's page, and the supervisor's view of
 * the relay with a dead message sent again. Desktop and phone; axe-core in every state.
 */
class NotificationsBrowserTest extends AppTestBase {

  private static final String ANNA_EMAIL = "anna.bianchi@cittadini.example.org";
  /** The help desk's phone in sportello-defaults.json, which the refusals name. */
  private static final String HELP_PHONE = "049 000 0000";

  private UUID anna;
  private UUID bruno;

  @Override
  protected JsonObject overrides() {
    // The relay sends once at start and then not for an hour: a message sent again stays queued
    // for the test to see, instead of being tried at once (no SMTP server here).
    return new JsonObject().put("notifications", new JsonObject().put("sendMillis", 3_600_000));
  }

  @BeforeAll
  void people() {
    anna = await(TestAccounts.create(vertx, app.pool(), "avvisi.anna", "citizen"));
    setEmail(anna, ANNA_EMAIL);
    bruno = await(TestAccounts.create(vertx, app.pool(), "avvisi.bruno", "citizen"));
    setEmail(bruno, "bruno.neri@cittadini.example.org");
    await(TestAccounts.create(vertx, app.pool(), "avvisi.supervisore", "supervisor"));
  }

  @Test
  void aPersonChoosesHowAndWhenToBeToldAndFindsTheChoicesAgain() {
    try (Browser browser = new Browser(app.port())) {
      signInToMyBookings(browser, "avvisi.anna");
      browser.waitForText("#avvisi-email", ANNA_EMAIL);
      browser.waitForText("#avvisi-cellulare", "nessun numero nel profilo");
      browser.waitForText("#avvisi-assistenza", HELP_PHONE);
      assertTrue(checked(browser, "canali-email"), "e-mail is the default");
      assertTrue(checked(browser, "facoltativi"), "optional messages are on by default");
      assertTrue(checked(browser, "lingua-avvisi-it"));
      browser.assertUsable("avvisi, le scelte di partenza");

      // SMS without a mobile number: refused, in words that say whom to call.
      browser.click("label[for='canali-sms']");
      browser.click("#avvisi-salva");
      browser.waitForText("#canali-errore",
          "Per ricevere SMS aggiungi un numero di cellulare al profilo: chiama il numero di assistenza " + HELP_PHONE);
      assertEquals("true", browser.script("return document.getElementById('canali-sms').getAttribute('aria-invalid');"));
      assertEquals("canali-sms", activeId(browser), "the focus goes to the choice refused");
      browser.assertUsable("avvisi, SMS senza numero");

      // Quiet hours need both ends.
      browser.click("label[for='canali-email']");
      setTime(browser, "silenzio-dalle", "22:00");
      browser.click("#avvisi-salva");
      browser.waitForText("#silenzio-errore", "Scrivi sia l’ora di inizio sia quella di fine");
      assertEquals("silenzio-alle", activeId(browser));
      assertEquals("", text(browser, "canali-errore"), "the earlier refusal is gone");

      setTime(browser, "silenzio-alle", "07:00");
      browser.click("label[for='facoltativi']");
      browser.click("label[for='lingua-avvisi-en']");
      browser.click("#avvisi-salva");
      browser.waitForText("#avvisi-esito", "Scelte salvate.");
      assertEquals("", text(browser, "silenzio-errore"));
      browser.assertUsable("avvisi, scelte salvate");

      JsonObject saved = preferencesOf("avvisi.anna");
      assertEquals(new JsonArray().add("email"), saved.getJsonArray("channels"));
      assertEquals("22:00", saved.getString("quietFrom"));
      assertEquals("07:00", saved.getString("quietUntil"));
      assertTrue(saved.getBoolean("optionalMuted"), "optional messages off: the box was unticked");
      assertEquals("en", saved.getString("language"));

      // Read again from the server after a reload.
      browser.driver().navigate().refresh();
      browser.waitForText("#avvisi-email", ANNA_EMAIL);
      browser.waitUntil(d -> checked(browser, "lingua-avvisi-en"), "the saved language");
      assertTrue(checked(browser, "canali-email"));
      assertEquals("22:00", browser.find("#silenzio-dalle").getDomProperty("value"));
      assertEquals("07:00", browser.find("#silenzio-alle").getDomProperty("value"));
      assertFalse(checked(browser, "facoltativi"));
      browser.script("document.activeElement.blur(); document.getElementById('avvisi').scrollIntoView(); window.scrollBy(0, -24);");
      browser.screenshot("avvisi-preferenze");

      browser.viewport(Browser.Viewport.PHONE);
      browser.assertUsable("avvisi, telefono");

      browser.find("#lingua").sendKeys(Keys.ENTER);
      browser.waitForText("#avvisi-titolo", "Notifications");
      browser.waitForText("#avvisi-assistenza", "call the help desk");
      browser.waitForText("label[for='canali-nessuno']", "No notifications");
      browser.assertUsable("avvisi, in English, on a phone");
      browser.find("#lingua").sendKeys(Keys.ENTER);
      browser.waitForText("#avvisi-titolo", "Avvisi");

      // No messages at all, and no quiet hours.
      browser.click("label[for='canali-nessuno']");
      setTime(browser, "silenzio-dalle", "");
      setTime(browser, "silenzio-alle", "");
      browser.click("#avvisi-salva");
      browser.waitForText("#avvisi-esito", "Scelte salvate.");
      JsonObject none = preferencesOf("avvisi.anna");
      assertEquals(new JsonArray(), none.getJsonArray("channels"));
      assertEquals(null, none.getString("quietFrom"));
    }
  }

  @Test
  void theUnsubscribeLinkStopsOptionalMessagesAndMyBookingsShowsIt() {
    SignedLinks links = new SignedLinks(linkSecret());
    String token = links.sign("unsubscribe", bruno.toString(), Instant.now().plus(Duration.ofDays(30)));
    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.PHONE);
      browser.open("/disiscrizione.html#t=" + token);
      browser.waitForText("#disiscrizione-domanda", "Vuoi smettere di ricevere promemoria e avvisi facoltativi? "
          + "Continuerai a ricevere le conferme e gli annullamenti.");
      assertFalse(browser.driver().getCurrentUrl().contains(token), "the token left the address bar");
      assertEquals("", browser.script("return location.hash;"));
      browser.find("header[data-chrome] .it-header-slim-wrapper");
      browser.find("footer[data-chrome] .it-footer-main");
      browser.assertUsable("disiscrizione, la domanda, telefono");

      browser.click("#disiscrivi");
      browser.waitForText("#disiscrizione-esito", "Fatto: non ti mandiamo più promemoria e avvisi facoltativi.");
      assertEquals(true, browser.script("return document.getElementById('disiscrizione-domanda').hidden;"), "the question is gone");
      browser.assertUsable("disiscrizione, fatto, telefono");
      assertTrue(preferencesOf("avvisi.bruno").getBoolean("optionalMuted"));

      // My bookings shows it, and the person can turn them back on there.
      browser.click("#contenuto a[href='/prenotazioni.html']");
      browser.find("#utente").sendKeys("avvisi.bruno");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.waitForText("#avvisi-email", "bruno.neri@cittadini.example.org");
      assertFalse(checked(browser, "facoltativi"), "optional messages show as off");
      browser.assertUsable("avvisi dopo la disiscrizione, telefono");

      // A token made for something else, and a link cut short, are told apart from a success.
      String other = links.sign("booking", bruno.toString(), Instant.now().plus(Duration.ofDays(30)));
      browser.open("/disiscrizione.html#t=" + other);
      browser.click("#disiscrivi");
      browser.waitForText("#disiscrizione-esito", "Il collegamento non è valido o è scaduto.");
      browser.assertUsable("disiscrizione, collegamento non valido, telefono");
      String expired = links.sign("unsubscribe", bruno.toString(), Instant.now().minus(Duration.ofMinutes(1)));
      browser.open("/disiscrizione.html#t=" + expired);
      browser.click("#disiscrivi");
      browser.waitForText("#disiscrizione-esito", "Il collegamento non è valido o è scaduto.");
      browser.open("/prenotazioni.html");
      browser.open("/disiscrizione.html");
      browser.waitForText("#disiscrizione-esito", "Il collegamento è incompleto");
      assertEquals(true, browser.script("return document.getElementById('disiscrizione-domanda').hidden;"), "nothing to ask");
    }
  }

  @Test
  void aSupervisorSeesADeadMessageWithItsReasonAndSendsItAgain() {
    UUID dead = insertMessage("booking.confirmed", "email", "carla.verdi@cittadini.example.org", "dead", 8,
        "Il server SMTP ha rifiutato il destinatario: 550 5.1.1 casella inesistente");
    UUID failed = insertMessage("booking.reminder", "sms", "+393401234567", "failed", 2,
        "Gateway SMS non raggiungibile (tempo scaduto)");
    try (Browser browser = new Browser(app.port())) {
      browser.open("/avvisi.html");
      browser.assertUsable("avvisi del supervisore, accesso");
      browser.find("#utente").sendKeys("avvisi.supervisore");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);

      String deadRow = "#scartati tr[data-message='" + dead + "']";
      browser.waitForText(deadRow, "Conferma prenotazione");
      String text = browser.find(deadRow).getText();
      for (String part : new String[] {"E-mail", "c***@cittadini.example.org", "8", "550 5.1.1 casella inesistente"}) {
        assertTrue(text.contains(part), part + " in " + text);
      }
      assertFalse(text.contains("carla.verdi"), "the address is masked");
      String failedRow = "#falliti tr[data-message='" + failed + "']";
      browser.waitForText(failedRow, "Promemoria");
      assertTrue(browser.find(failedRow).getText().contains("***567"), browser.find(failedRow).getText());
      assertTrue(browser.find(failedRow).getText().contains("Gateway SMS non raggiungibile"));
      assertEquals("1", browser.find("#riepilogo tr[data-channel='email'] td[data-status='dead']").getText());
      assertEquals("1", browser.find("#riepilogo tr[data-channel='sms'] td[data-status='failed']").getText());
      assertEquals("0", browser.find("#riepilogo tr[data-channel='webhook'] td[data-status='queued']").getText());
      browser.waitForText("#piu-vecchio", ":");
      browser.assertUsable("avvisi del supervisore, un messaggio scartato");
      browser.script("document.activeElement.blur(); document.getElementById('riepilogo-titolo').scrollIntoView();");
      browser.screenshot("avvisi-supervisore");
      browser.viewport(Browser.Viewport.PHONE);
      browser.assertUsable("avvisi del supervisore, telefono");
      browser.viewport(Browser.Viewport.DESKTOP);

      browser.click(deadRow + " button[data-resend]");
      browser.waitForText("#avvisi-esito", "Messaggio rimesso in coda: Conferma prenotazione a c***@cittadini.example.org.");
      browser.waitForText("#scartati", "Nessun messaggio scartato.");
      browser.waitForText("#riepilogo tr[data-channel='email'] td[data-status='queued']", "1");
      assertEquals("0", browser.find("#riepilogo tr[data-channel='email'] td[data-status='dead']").getText());
      assertEquals("scartati-titolo", activeId(browser), "the focus goes to the list the row left");
      Row row = await(app.pool().preparedQuery("SELECT status, attempts FROM notification_messages WHERE id = $1")
          .execute(Tuple.of(dead))).iterator().next();
      assertEquals("queued", row.getString("status"));
      assertEquals(0, row.getInteger("attempts"));
      browser.assertUsable("avvisi del supervisore, messaggio rinviato");

      // Refresh reads the server again; English names the kinds too.
      browser.click("#aggiorna");
      browser.waitForText("#aggiornato", "Dati aggiornati alle");
      browser.find("#lingua").sendKeys(Keys.ENTER);
      browser.waitForText("h1", "Notifications: e-mail, SMS and webhooks");
      browser.waitForText(failedRow, "Reminder");
      browser.waitForText("#riepilogo thead", "Discarded");
      browser.assertUsable("avvisi del supervisore, in English");
      browser.find("#lingua").sendKeys(Keys.ENTER);
      browser.waitForText("h1", "Avvisi");
    }
  }

  // ---------------------------------------------------------------------------------- helpers

  private void setEmail(UUID account, String email) {
    await(app.pool().preparedQuery("UPDATE accounts SET email = $2 WHERE id = $1").execute(Tuple.of(account, email)));
  }

  private byte[] linkSecret() {
    return await(app.pool().query("SELECT secret FROM link_secret").execute()).iterator().next().getBuffer("secret").getBytes();
  }

  private UUID insertMessage(String kind, String channel, String address, String status, int attempts, String reason) {
    return await(app.pool().preparedQuery("""
            INSERT INTO notification_messages (kind, channel, address, language, content, status, attempts, last_error,
                                               next_attempt_at, created_at)
            VALUES ($1, $2, $3, 'it', '{}'::jsonb, $4, $5, $6, now() + interval '1 hour', now() - interval '20 minutes')
            RETURNING id""")
        .execute(Tuple.of(kind, channel, address, status, attempts, reason))).iterator().next().getUUID("id");
  }

  private JsonObject preferencesOf(String username) {
    String token = await(http.accessToken(username));
    var response = await(http.get("/api/v1/me/notification-preferences", token));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static void signInToMyBookings(Browser browser, String username) {
    browser.open("/prenotazioni.html");
    browser.find("#utente").sendKeys(username);
    browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
    browser.find("#avvisi-form");
  }

  private static boolean checked(Browser browser, String id) {
    return Boolean.TRUE.equals(browser.script("return document.getElementById(arguments[0]).checked;", id));
  }

  /** Types a time as the browser's own time field would set it (its keystrokes depend on the locale). */
  private static void setTime(Browser browser, String id, String value) {
    browser.script("const f = document.getElementById(arguments[0]); f.value = arguments[1];"
        + "f.dispatchEvent(new Event('input', {bubbles: true})); f.dispatchEvent(new Event('change', {bubbles: true}));", id, value);
  }

  private static String text(Browser browser, String id) {
    return String.valueOf(browser.script("return document.getElementById(arguments[0]).textContent;", id));
  }

  private static String activeId(Browser browser) {
    return String.valueOf(browser.script("return document.activeElement.id;"));
  }
}
