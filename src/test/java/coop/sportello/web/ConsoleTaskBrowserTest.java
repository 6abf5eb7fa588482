package coop.sportello.web;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.BridgeClient;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18's task tests for the console, with every click and key counted: an operator books for a
 * ringing caller, and a welfare manager books from a chat for its citizen, in the same booking
 * panel. The steps go to target/task-steps-operator.txt and target/task-steps-manager.txt.
 */
class ConsoleTaskBrowserTest extends AppTestBase {

  private static final String SECRET = "segreto-del-centralino-dei-compiti";
  private static final String PANEL = ".chat-panel:not([hidden])";
  /** At most this many actions from the ring (or the chat offer) to the confirmed booking. */
  private static final int OPERATOR_MOST = 8;
  private static final int MANAGER_MOST = 12;

  @Override
  protected JsonObject overrides() {
    return new JsonObject()
        .put("calls", new JsonObject().put("webhook", new JsonObject().put("secret", SECRET)).put("tickMillis", 100))
        .put("chat", new JsonObject().put("businessHours", new JsonArray().add("MON-SUN 00:00-24:00")));
  }

  /** What a person did, one line per action: a click, a key, or a text typed into a field. */
  private static final class Steps {
    private final Browser browser;
    private final List<String> done = new ArrayList<>();

    Steps(Browser browser) {
      this.browser = browser;
    }

    void click(String css) {
      browser.click(css);
      done.add("click " + css);
    }

    void type(String css, String text) {
      browser.find(css).sendKeys(text);
      done.add("type \"" + text + "\" in " + css);
    }

    void key(String css, Keys key) {
      browser.find(css).sendKeys(key);
      done.add("key " + key.name() + " in " + css);
    }

    int count() {
      return done.size();
    }

    void write(String file, String task) {
      List<String> lines = new ArrayList<>();
      lines.add("# " + task + ": " + done.size() + " actions (clicks, keys, texts typed)");
      for (int i = 0; i < done.size(); i++) {
        lines.add((i + 1) + ". " + done.get(i));
      }
      try {
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", file), lines);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void anOperatorBooksForARingingCallerInAFewSteps() {
    LocalDate day = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(4);
    await(TestAccounts.create(vertx, app.pool(), "compiti.cooperativa", "provider_admin"));
    CatalogFixture catalog = new CatalogFixture(http, await(http.accessToken("compiti.cooperativa")));
    CatalogFixture.Service homeCare = catalog.homeCareOn(day);
    List<String> slots = homeCare.slotsOn(day);
    UUID caller = await(TestAccounts.create(vertx, app.pool(), "compiti.chiamante", "citizen"));
    await(app.pool().preparedQuery("UPDATE accounts SET phone = '+393470008001' WHERE id = $1").execute(Tuple.of(caller)));
    await(TestAccounts.create(vertx, app.pool(), "compiti.supervisore", "supervisor"));
    String supervisor = await(http.accessToken("compiti.supervisore"));
    UUID operator = await(TestAccounts.create(vertx, app.pool(), "compiti.operatore", "operator"));
    ContactCenter phone = new ContactCenter(http, SECRET);
    phone.queueWithOperator(supervisor, "compiti", "Compiti", operator, "Operatore");

    // The caller also has a chat open, waiting for an adviser.
    String callerToken = await(http.accessToken("compiti.chiamante"));
    String ticket = await(http.post("/api/v1/auth/bridge-ticket", callerToken, new JsonObject())).bodyAsJsonObject().getString("ticket");
    BridgeClient socket = await(BridgeClient.connect(vertx, app.port(), ticket));
    String chat = await(socket.request("chat.start", new JsonObject().put("clientId", UUID.randomUUID().toString())
        .put("topic", "elderly").put("language", "it"))).getJsonObject("conversation").getString("id");

    try (Browser browser = new Browser(app.port())) {
      browser.open("/console.html");
      browser.find("#utente").sendKeys("compiti.operatore");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.find("#entra").click();
      browser.waitForText("#stato-operatore", "In servizio");

      phone.arrives("compiti", "+393470008001");
      browser.waitForText("#scheda .persona", "Utente compiti.chiamante");
      // The open chat is a link to that conversation; this operator takes no chats, so the card says who does.
      browser.waitForText("#scheda .pop-chats", "Chat su Anziani e fragilità (in coda)");
      assertEquals("#conversazione-" + chat, browser.find("#scheda .pop-chats a").getAttribute("hash"));
      browser.click("#scheda .pop-chats a");
      browser.waitForText("#scheda .pop-chats", "la segue un consulente della chat");

      // From the ring to the confirmed booking.
      Steps steps = new Steps(browser);
      steps.click("#rispondi");
      browser.waitForText("#prenota-titolo", "Prenota per Utente compiti.chiamante");
      steps.type("#cerca-servizio", "domiciliare");
      steps.key("#cerca-servizio", Keys.ENTER);
      steps.click("#servizi [data-service='" + homeCare.id() + "'] .scegli");
      steps.click("#orari button[data-choose='" + slots.get(0) + "']");
      browser.waitForText(".held", "1 ora · 20,00 €");
      steps.click("#conferma");
      browser.waitForText("#prenotazione-fatta", "Prenotazione confermata per Utente compiti.chiamante");
      steps.write("task-steps-operator.txt", "An operator books for a ringing caller");

      Row booking = await(app.pool().preparedQuery("SELECT person, acted_by FROM bookings WHERE slot_id = $1 AND status = 'confirmed'")
          .execute(Tuple.of(UUID.fromString(slots.get(0))))).iterator().next();
      assertEquals(caller.toString(), booking.getString("person"));
      assertEquals(operator.toString(), String.valueOf(booking.getValue("acted_by")));
      assertTrue(steps.count() <= OPERATOR_MOST, steps.count() + " actions to book for a caller (at most " + OPERATOR_MOST + ")");

      // Another time held, then let go: staff say why they cancel, and the console says it for them.
      browser.click("#orari button[data-choose='" + slots.get(1) + "']");
      browser.find("#rilascia");
      String held = String.valueOf(browser.find(".held").getAttribute("data-booking"));
      browser.click("#rilascia");
      browser.waitUntil(d -> browser.all("#rilascia").isEmpty(), "the held place let go");
      assertEquals("cancelled", await(app.pool().preparedQuery("SELECT status FROM bookings WHERE id = $1")
          .execute(Tuple.of(UUID.fromString(held)))).iterator().next().getString(0));
      assertTrue(browser.all("#prenota-errore:not([hidden])").isEmpty(),
          "no refusal: " + browser.script("return document.getElementById('prenota-errore').textContent"));
    } finally {
      // The caller's chat is not the other test's to be offered.
      await(socket.request("chat.close", new JsonObject().put("conversationId", chat).put("clientId", UUID.randomUUID().toString())));
    }
  }

  @Test
  void aWelfareManagerBooksFromAChatForItsCitizenWithTheSamePanel() {
    LocalDate day = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(6);
    await(TestAccounts.create(vertx, app.pool(), "compiti.coop", "provider_admin"));
    CatalogFixture catalog = new CatalogFixture(http, await(http.accessToken("compiti.coop")));
    // Home care that asks whom it is for and where (required), as the demo's home care does.
    String homeCare = catalog.createService(CatalogFixture.serviceBody("elderly", "Assistenza domiciliare",
            "Un operatore a casa per l'igiene e la compagnia.").tariff(2000, "hour").deliveredAt("at_home").audience("elderly").json()
        .put("intake", new JsonArray().add(new JsonObject().put("kind", "beneficiary").put("required", true))
            .add(new JsonObject().put("kind", "address").put("required", true))));
    String team = catalog.createResource("Squadra domiciliare della chat", "group", 5);
    assertEquals(201, catalog.ruleOn(homeCare, team, day, "09:00", "11:00", 60, 5).statusCode());
    String slot = catalog.availability(homeCare, day, day).getJsonArray("slots").getJsonObject(1).getString("id");

    UUID manager = await(TestAccounts.create(vertx, app.pool(), "compiti.giulia", "welfare_manager"));
    UUID citizen = await(TestAccounts.create(vertx, app.pool(), "compiti.anna", "employee"));
    String citizenToken = await(http.accessToken("compiti.anna"));

    try (Browser browser = new Browser(app.port())) {
      browser.open("/console.html");
      browser.find("#utente").sendKeys("compiti.giulia");
      browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
      browser.find("#disponibile").click();
      browser.waitForText("#stato-chat", "Ricevi nuove chat (nessuna aperta");

      // The citizen writes from her own screen (a socket here).
      String ticket = await(http.post("/api/v1/auth/bridge-ticket", citizenToken, new JsonObject())).bodyAsJsonObject().getString("ticket");
      BridgeClient anna = await(BridgeClient.connect(vertx, app.port(), ticket));
      String conversation = await(anna.request("chat.start", new JsonObject().put("clientId", UUID.randomUUID().toString())
          .put("topic", "elderly").put("language", "it"))).getJsonObject("conversation").getString("id");
      browser.find(PANEL + " .accept");

      // From the offer to the confirmed booking.
      Steps steps = new Steps(browser);
      steps.click(PANEL + " .accept");
      // Beside the chat: who she is, where she lives, her company, her bookings.
      browser.find(PANEL + " .prenota-per");
      waitForText(browser, PANEL + " .cittadino-comune", "Bergamo");
      waitForText(browser, PANEL + " .cittadino-azienda", "Azienda di prova");
      waitForText(browser, PANEL + " .citizen-bookings", "Nessuna prenotazione");
      browser.waitForText("#stato-chat", "1 aperta su");
      browser.assertUsable("console: chat con la scheda del cittadino");
      steps.click(PANEL + " .prenota-per");
      browser.waitForText("#prenota-titolo", "Prenota per Utente compiti.anna");
      browser.waitForText("#prenota-per", "Dalla chat con Utente compiti.anna");
      steps.type("#cerca-servizio", "domiciliare");
      steps.key("#cerca-servizio", Keys.ENTER);
      steps.click("#servizi [data-service='" + homeCare + "'] .scegli");
      steps.click("#orari button[data-choose='" + slot + "']");
      browser.waitForText(".held", "10:00–11:00, 1 ora · 20,00 €");
      browser.find("#prenota-intake-beneficiary");
      browser.assertUsable("console: prenotazione dalla chat, domande");
      steps.type("#prenota-intake-beneficiary", "Giovanni Bianchi");
      steps.type("#prenota-intake-address", "Via Tasso 5, Bergamo");
      steps.click("#conferma");
      browser.waitForText("#prenotazione-fatta", "Prenotazione confermata per Utente compiti.anna");
      steps.write("task-steps-manager.txt", "A welfare manager books from a chat for its citizen");
      // Her bookings beside the chat follow.
      waitForText(browser, PANEL + " .citizen-bookings", "Assistenza domiciliare");
      browser.assertUsable("console: prenotazione dalla chat confermata");
      browser.script("document.getElementById('prenota').scrollIntoView({block: 'end'})");
      browser.screenshot("console-prenota-da-chat");

      Row booking = await(app.pool().preparedQuery("SELECT person, acted_by, intake_beneficiary, intake_address FROM bookings"
          + " WHERE slot_id = $1 AND status = 'confirmed'").execute(Tuple.of(UUID.fromString(slot)))).iterator().next();
      assertEquals(citizen.toString(), booking.getString("person"), "booked for the chat's citizen");
      assertEquals("Giovanni Bianchi", booking.getString("intake_beneficiary"));
      assertEquals("Via Tasso 5, Bergamo", booking.getString("intake_address"));
      assertEquals(manager.toString(), String.valueOf(booking.getValue("acted_by")), "by the manager");
      assertTrue(steps.count() <= MANAGER_MOST, steps.count() + " actions to book from a chat (at most " + MANAGER_MOST + ")");
      assertTrue(conversation.length() > 0);
    }
  }

  /** Waits for {@code text} in the first element {@code css} finds, read afresh each time (the card is drawn again when it changes). */
  private static void waitForText(Browser browser, String css, String text) {
    browser.waitUntil(d -> String.valueOf(browser.script("const e = document.querySelector(arguments[0]); return e ? e.textContent : ''",
        css)).contains(text), "\"" + text + "\" in " + css);
  }
}
