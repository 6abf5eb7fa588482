package coop.sportello.web;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.BridgeClient;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The citizen's chat widget (chat.html) and the welfare manager's console (console.html) in two
 * browsers talking to each other through the real application: offer, accept, messages, typing,
 * read marks, notes, a dropped socket and a page reload in the middle, closing, rating, transcript.
 */
class ChatBrowserTest extends AppTestBase {

  private static final String CITIZEN_LOG = "#messaggi li.msg";
  private static final String MANAGER_PANEL = ".chat-panel:not([hidden])";

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("chat", new JsonObject()
        .put("businessHours", new JsonArray().add("MON-SUN 00:00-24:00")));
  }

  @Test
  void aCitizenAndAWelfareManagerChatInTwoBrowsersAndNothingIsLostOrDoubledAcrossAReconnect() {
    await(TestAccounts.create(vertx, app.pool(), "chat.anna", "citizen"));
    await(TestAccounts.create(vertx, app.pool(), "chat.giulia", "welfare_manager"));

    try (Browser manager = new Browser(app.port()); Browser citizen = new Browser(app.port())) {
      // The manager opens the console and says they take chats.
      manager.open("/console.html");
      signIn(manager, "chat.giulia");
      manager.find("#disponibile").click();
      manager.waitForText("#stato-chat", "Ricevi nuove chat");
      assertEquals("true", manager.find("#disponibile").getAttribute("aria-pressed"));
      manager.assertUsable("console: chat, nessuna conversazione");

      // The citizen signs in on the widget and opens a conversation about an elderly parent.
      citizen.open("/chat.html");
      citizen.find("#form-accedi");
      usable(citizen, "chat: accesso");
      signIn(citizen, "chat.anna");
      new Select(citizen.find("#argomento")).selectByValue("elderly");
      usable(citizen, "chat: inizio");
      citizen.find("#avvia").click();
      citizen.waitForText("#conversazione-titolo", "Anziani e fragilità");

      // The manager is offered it: seen, said (role=alert) and heard.
      manager.waitUntil(d -> ConsoleBrowserTest.alert(manager).contains("Nuova richiesta di chat da Utente chat.anna")
          && manager.find("#allerta").getAttribute("class").contains("alerting"), "the offer alert");
      assertTrue(manager.find(MANAGER_PANEL + " .offer-box").getAttribute("class").contains("alerting"));
      assertEquals("alert", manager.find("#allerta").getAttribute("role"));
      assertTrue(((Number) manager.script("return window.__sportelloConsole.alerts.beeps")).intValue() >= 1,
          "a beep while the console has focus");
      manager.assertUsable("console: chat offerta");
      manager.find(MANAGER_PANEL + " .accept").click();
      citizen.waitForText("#coda", "Stai parlando con Utente chat.giulia");
      manager.waitUntil(d -> ConsoleBrowserTest.alert(manager).isEmpty(), "the alert to end once accepted");

      // Messages both ways, sent with the keyboard; typing shows on the other side.
      citizen.find("#testo").sendKeys("Buongiorno, cerco assistenza per mia madre.", Keys.ENTER);
      manager.waitForText(MANAGER_PANEL + " .chat-log", "cerco assistenza per mia madre");
      citizen.find("#testo").sendKeys("Abita a Bergamo");
      manager.waitForText(MANAGER_PANEL + " .typing", "Utente chat.anna sta scrivendo");
      citizen.find("#testo").sendKeys(Keys.ENTER);
      manager.waitForText(MANAGER_PANEL + " .chat-log", "Abita a Bergamo");

      // A ready-made answer, inserted and sent; the citizen sees it and the manager sees it read.
      new Select(manager.find(MANAGER_PANEL + " select[name=canned]")).selectByValue("saluto");
      manager.find(MANAGER_PANEL + " button.insert").click();
      manager.find(MANAGER_PANEL + " textarea[name=text]").sendKeys(Keys.ENTER);
      citizen.waitForText("#messaggi", "le risponde il servizio di consulenza");
      manager.waitUntil(d -> manager.all(MANAGER_PANEL + " li.msg.mine .mark").stream()
          .anyMatch(m -> m.getText().equals("Letto")), "the citizen's read mark on the manager's message");
      citizen.waitUntil(d -> citizen.all("#messaggi li.msg.mine .mark").stream()
          .allMatch(m -> m.getText().equals("Letto")), "the manager's read marks on the citizen's messages");

      // A private note: on the manager's screen only.
      manager.find(MANAGER_PANEL + " label.private-label").click();
      manager.find(MANAGER_PANEL + " textarea[name=text]").sendKeys("Nota: figlia caregiver, valutare la f-ter.", Keys.ENTER);
      manager.waitUntil(d -> manager.all(MANAGER_PANEL + " li.msg.note:not(.pending)").size() == 1, "the note stored");

      // The citizen's socket drops. While it is down the manager writes three messages and the
      // citizen writes one; after the reconnect every message is there once, in order.
      citizen.script("const page = window.__sportelloChat; page.bridge.delay = 2500; page.bridge.socket.close();");
      citizen.waitForText("#collegamento", "Connessione persa");
      for (String text : List.of("Primo: ho trovato due servizi.", "Secondo: uno è a domicilio.", "Terzo: l'altro è un centro diurno.")) {
        manager.find(MANAGER_PANEL + " textarea[name=text]").sendKeys(text, Keys.ENTER);
      }
      manager.waitUntil(d -> manager.all(MANAGER_PANEL + " li.msg.mine:not(.pending):not(.note)").size() == 4,
          "the manager's three messages stored");
      citizen.find("#testo").sendKeys("Scritto mentre ero senza rete.", Keys.ENTER);
      citizen.waitForText("#collegamento", "Collegamento attivo");
      citizen.waitForText("#messaggi", "Terzo: l'altro è un centro diurno.");
      manager.waitForText(MANAGER_PANEL + " .chat-log", "Scritto mentre ero senza rete.");
      citizen.waitUntil(d -> citizen.all("#messaggi li.pending").isEmpty(), "the offline message to be stored");

      List<String> expected = List.of("Buongiorno, cerco assistenza per mia madre.", "Abita a Bergamo",
          "Buongiorno, le risponde il servizio di consulenza. Come posso aiutarla?", "Primo: ho trovato due servizi.",
          "Secondo: uno è a domicilio.", "Terzo: l'altro è un centro diurno.", "Scritto mentre ero senza rete.");
      assertMessagesOnceInOrder(citizen, expected);
      assertEquals(1, texts(manager, MANAGER_PANEL + " li.msg .text").stream()
          .filter("Scritto mentre ero senza rete."::equals).count(), "the message written offline reached the manager once");
      assertFalse(citizen.find("#messaggi").getText().contains("figlia caregiver"), "a private note never reaches the citizen");

      // A page reload: the conversation comes back from the server, complete and in order.
      citizen.driver().navigate().refresh();
      citizen.waitForText("#messaggi", "Scritto mentre ero senza rete.");
      assertMessagesOnceInOrder(citizen, expected);
      citizen.waitForText("#coda", "Stai parlando con Utente chat.giulia");
      usable(citizen, "chat: conversazione in corso");
      citizen.screenshot("chat-cittadino");
      manager.assertUsable("console: chat in corso");
      manager.script("document.getElementById('chat').scrollIntoView()");
      manager.screenshot("console-chat");

      // Each message was stored once, whatever was retried.
      String conversation = String.valueOf(citizen.script("return window.__sportelloChat.current.id"));
      for (String text : expected) {
        Row row = await(app.pool().preparedQuery("SELECT count(*) FROM chat_events WHERE conversation_id = $1 AND kind = 'message'"
            + " AND body->>'text' = $2").execute(Tuple.of(UUID.fromString(conversation), text))).iterator().next();
        assertEquals(1L, row.getLong(0), "stored once: " + text);
      }

      // The citizen closes, rates and downloads the transcript.
      assertFalse(citizen.all("#dopo-chiusura").get(0).isDisplayed(), "no after-closing buttons while the chat is open");
      citizen.find("#chiudi").click();
      citizen.find("#valutazione");
      citizen.find("#dopo-chiusura");
      assertFalse(citizen.all("#modulo-scrivi").get(0).isDisplayed(), "no writing once closed");
      manager.waitForText(MANAGER_PANEL + " .chat-log", "La conversazione è chiusa.");
      // The manager records how it ended: the conversation's topic is already chosen.
      String outcome = "#c" + conversation.substring(0, 8) + "-esito-";
      manager.find("label[for=" + outcome.substring(1) + "information]").click();
      manager.find(outcome + "salva").click();
      manager.waitForText(outcome + "stato", "Esito registrato alle");
      Row recorded = await(app.pool().preparedQuery(
          "SELECT topic, outcome FROM contact_outcomes WHERE channel = 'chat' AND contact_id = $1").execute(Tuple.of(conversation)))
          .iterator().next();
      assertEquals("information", recorded.getString("outcome"));
      assertEquals("elderly", recorded.getString("topic"));
      usable(citizen, "chat: valutazione");
      citizen.find("label[for=voto-5]").click();
      citizen.find("#commento").sendKeys("Chiara e veloce.");
      citizen.find("#valuta").click();
      citizen.find("#grazie");
      citizen.find("#trascrizione-2").click();
      citizen.waitUntil(d -> citizen.script("return window.__sportelloChat.transcript") != null, "the transcript");
      String transcript = String.valueOf(citizen.script("return window.__sportelloChat.transcript"));
      assertTrue(transcript.contains("Terzo: l'altro è un centro diurno."), transcript);
      assertFalse(transcript.contains("figlia caregiver"), "the transcript is what the citizen saw");
      Row rated = await(app.pool().preparedQuery("SELECT status, rating FROM chat_conversations WHERE id = $1")
          .execute(Tuple.of(UUID.fromString(conversation)))).iterator().next();
      assertEquals("closed", rated.getString("status"));
      assertEquals(5, rated.getInteger("rating"));
    }
  }

  @Test
  void whenNobodyCanAnswerTheCitizenSeesTheQueueAndTheAlternativesAndAsksForACallBack() {
    await(TestAccounts.create(vertx, app.pool(), "chat.dieter", "citizen"));
    try (Browser citizen = new Browser(app.port())) {
      citizen.open("/chat.html");
      signIn(citizen, "chat.dieter");
      new Select(citizen.find("#argomento")).selectByValue("work_life");
      // Nobody speaks German in this office: the alternatives appear at once.
      new Select(citizen.find("#lingua-chat")).selectByValue("de");
      citizen.find("#avvia").click();
      citizen.waitForText("#coda", "nessun consulente è collegato");
      citizen.find("#alternative");
      // Not "you are number 1 in the queue" when nobody can answer: what happens to the request, and what else to do.
      assertFalse(citizen.find("#coda").getText().contains("Sei al posto numero"), citizen.find("#coda").getText());
      citizen.waitForText("#coda", "la legge il primo consulente libero");
      assertEquals("/", citizen.find("#alt-appuntamento").getAttribute("pathname"));
      usable(citizen, "chat: nessuno disponibile");

      // A wrong number is explained; a right one is recorded in the conversation.
      citizen.find("#alt-richiamata").click();
      citizen.find("#telefono").sendKeys("12ab");
      citizen.find("#chiedi-richiamata").click();
      citizen.waitForText("#richiamata-errore", "numero di telefono valido: solo cifre e spazi");
      assertTrue(citizen.find("#telefono-aiuto").getText().startsWith("Solo cifre e spazi"), "one rule for the number, as the server reads it");
      assertEquals("true", citizen.find("#telefono").getAttribute("aria-invalid"));
      usable(citizen, "chat: numero non valido");
      citizen.find("#telefono").clear();
      citizen.find("#telefono").sendKeys("+39 347 555 0101");
      citizen.find("#quando").sendKeys("domani mattina");
      citizen.find("#chiedi-richiamata").click();
      citizen.waitForText("#messaggi", "Richiesta di essere richiamati al numero +393475550101 (domani mattina)");

      // After a refresh the place in the queue is still shown.
      citizen.driver().navigate().refresh();
      citizen.waitForText("#coda", "nessun consulente è collegato");
      citizen.waitForText("#messaggi", "+393475550101");

      // English on request: the same screen in plain English.
      citizen.find("#lingua").click();
      citizen.waitForText("#coda", "No adviser is online");
      citizen.waitForText("#conversazione-titolo", "Work-life balance");
      assertEquals("en", citizen.script("return document.documentElement.lang"));
      usable(citizen, "chat: in inglese");
      citizen.find("#lingua").click();
      citizen.waitForText("#coda", "nessun consulente");
    }
  }

  @Test
  void aManagerPassesAnOfferAndTransfersAConversationToAColleagueWithANote() {
    // Everyone here speaks French only, so the other tests' conversations never reach them.
    Socket paola = person("chat.paola", "welfare_manager");
    Socket marco = person("chat.marco", "welfare_manager");
    await(TestAccounts.create(vertx, app.pool(), "chat.profili", "supervisor"));
    String supervisor = await(http.accessToken("chat.profili"));
    for (Socket m : List.of(paola, marco)) {
      assertEquals(200, await(http.client().put("/api/v1/chat/managers/" + m.subject()).bearerTokenAuthentication(supervisor)
          .sendJsonObject(new JsonObject().put("name", m.username().equals("chat.paola") ? "Paola Neri" : "Marco Riva")
              .put("areas", new JsonArray().add("education").add("childhood").add("elderly").add("work_life").add("health"))
              .put("languages", new JsonArray().add("fr")).put("maxChats", 4))).statusCode());
    }
    marco.ask("chat.presence", new JsonObject().put("available", false));
    Socket luc = person("chat.luc", "citizen");
    Socket amelie = person("chat.amelie", "citizen");

    try (Browser console = new Browser(app.port())) {
      console.open("/console.html");
      signIn(console, "chat.paola");
      console.find("#disponibile").click();
      console.waitForText("#stato-chat", "Ricevi nuove chat");

      // An offer she passes on: it leaves her list and the alert ends.
      String first = luc.ask("chat.start", new JsonObject().put("clientId", UUID.randomUUID().toString())
          .put("topic", "childhood").put("language", "fr")).getJsonObject("conversation").getString("id");
      console.waitUntil(d -> ConsoleBrowserTest.alert(console).contains("Utente chat.luc"), "the first offer");
      console.find("#scheda-" + first);
      console.find(MANAGER_PANEL + " .pass").click();
      console.waitUntil(d -> console.all("#scheda-" + first).isEmpty() && ConsoleBrowserTest.alert(console).isEmpty(),
          "the passed offer to leave the console");

      // A second one she accepts, then hands to Marco with a note he reads and the citizen does not.
      String second = amelie.ask("chat.start", new JsonObject().put("clientId", UUID.randomUUID().toString())
          .put("topic", "health").put("language", "fr")).getJsonObject("conversation").getString("id");
      console.waitUntil(d -> ConsoleBrowserTest.alert(console).contains("Utente chat.amelie"), "the second offer");
      console.find("#scheda-" + second).click();
      console.find(MANAGER_PANEL + " .accept").click();
      console.find(MANAGER_PANEL + " textarea[name=text]");

      // The console in English, checked for accessibility with a conversation open.
      console.find("#lingua").click();
      console.waitForText(MANAGER_PANEL + " .conv-heading", "Health and well-being");
      console.waitForText("#stato-chat", "You receive new chats");
      console.assertUsable("console: chat in inglese");
      console.find("#lingua").click();
      console.waitForText(MANAGER_PANEL + " .conv-heading", "Salute e benessere");

      marco.ask("chat.presence", new JsonObject().put("available", true));
      console.find(MANAGER_PANEL + " details.transfer summary").click();
      console.find(MANAGER_PANEL + " label.colleague-label").click();
      // Marco is chosen by his name, among colleagues who say whether they are online and how busy they are.
      String option = MANAGER_PANEL + " select[name=toManager] option[value='" + marco.subject() + "']";
      console.waitUntil(d -> !console.all(option).isEmpty(), "Marco among the colleagues");
      String marcoText = String.valueOf(console.script("return document.querySelector(arguments[0]).textContent", option));
      assertTrue(marcoText.matches("Marco Riva – collegato, \\d chat su 4 – segue .*"), marcoText);
      assertTrue(console.all(MANAGER_PANEL + " select[name=toManager] option[value='" + paola.subject() + "']").isEmpty(),
          "not herself");
      new Select(console.find(MANAGER_PANEL + " select[name=toManager]")).selectByVisibleText(marcoText);
      console.find(MANAGER_PANEL + " button.transfer-button").click();
      console.waitForText(MANAGER_PANEL + " [role=alert]", "Scrivi una nota per il collega");
      usable(console, "console: trasferimento senza nota");
      console.find(MANAGER_PANEL + " textarea[name=note]").sendKeys("Chiede un pediatra a domicilio, già spiegato il credito welfare.");
      console.find(MANAGER_PANEL + " button.transfer-button").click();
      console.waitUntil(d -> console.all("#scheda-" + second).isEmpty(), "the transferred conversation to leave the console");
      console.waitForText("#nessuna-chat", "Nessuna conversazione aperta");

      String stored = String.valueOf(await(app.pool().preparedQuery("SELECT string_agg(kind || ' ' || body::text, '; ' ORDER BY seq)"
          + " FROM chat_events WHERE conversation_id = $1").execute(Tuple.of(UUID.fromString(second)))).iterator().next().getValue(0));
      waitFor(() -> marco.events(second).stream().anyMatch(e -> "transferred".equals(e.getString("kind"))
          && marco.subject().equals(e.getJsonObject("body").getString("toManager"))), "Marco to be offered the conversation: " + stored);
      assertTrue(marco.events(second).stream().anyMatch(e -> "note".equals(e.getString("kind"))
          && e.getJsonObject("body").getString("text").contains("pediatra a domicilio")), "the note reaches Marco");
      waitFor(() -> amelie.events(second).stream().anyMatch(e -> "transferred".equals(e.getString("kind"))
          && marco.subject().equals(e.getJsonObject("body").getString("toManager"))), "the citizen to see who takes over");
      assertTrue(amelie.events(second).stream().noneMatch(e -> "note".equals(e.getString("kind"))), "no note for the citizen");
    }
  }

  @Test
  void theWidgetSendsAConversationsPendingMessagesAgainInOrderOneAfterAnother() {
    try (Browser page = new Browser(app.port())) {
      page.open("/chat.html");
      // chat-sync.js against a bridge whose socket drops with four messages sent and none answered.
      Object outcome = ((org.openqa.selenium.JavascriptExecutor) page.driver()).executeAsyncScript("""
          const finish = arguments[arguments.length - 1];
          (async () => {
            const { ChatSync } = await import('/js/chat-sync.js');
            const { Problem } = await import('/js/sportello.js');
            const pending = [];
            const statusListeners = [];
            const bridge = {
              request: (address, body) => new Promise((resolve, reject) => pending.push({ body, resolve, reject })),
              onStatus: l => statusListeners.push(l), onReconnect: () => {}, subscribe: () => {},
            };
            const settle = () => new Promise(resolve => setTimeout(resolve, 50));
            const sync = new ChatSync(bridge, 'me', { onEvent: () => {}, onSignal: () => {}, onConversation: () => {} });
            statusListeners.forEach(l => l(true));
            const texts = ['uno', 'due', 'tre', 'quattro'];
            const replies = texts.map(text => sync.command('chat.send', { conversationId: 'c', clientId: 'id-' + text, text }));
            await settle();
            statusListeners.forEach(l => l(false));
            pending.splice(0).forEach(p => p.reject(new Problem(0, { detail: 'lost' })));
            await settle();
            statusListeners.forEach(l => l(true));
            const resent = [];
            let mostAtOnce = 0;
            while (resent.length < texts.length) {
              await settle();
              mostAtOnce = Math.max(mostAtOnce, pending.length);
              if (pending.length === 0) break;
              const next = pending.shift();
              resent.push(next.body.text);
              next.resolve({ replayed: false });
            }
            await Promise.all(replies);
            finish({ resent: resent.join(','), mostAtOnce });
          })().catch(e => finish({ error: String(e) }));
          """);
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> result = (java.util.Map<String, Object>) outcome;
      assertEquals("uno,due,tre,quattro", result.get("resent"), String.valueOf(result));
      assertEquals(1L, ((Number) result.get("mostAtOnce")).longValue(), "one at a time: " + result);
    }
  }

  @Test
  void theChatsSentencesAreGrammaticalItalian() {
    try (Browser page = new Browser(app.port())) {
      page.open("/chat.html");
      Object outcome = ((org.openqa.selenium.JavascriptExecutor) page.driver()).executeAsyncScript("""
          const finish = arguments[arguments.length - 1];
          (async () => {
            const { eventText, ChatLog } = await import('/js/chat-view.js');
            const offered = name => eventText({ kind: 'offered', body: { managerName: name } }, true);
            const list = document.createElement('ol');
            document.body.append(list);
            const log = new ChatLog(list, { staff: false, mine: e => e.mine, receiptSeq: e => e.seq });
            const mine = log.add({ seq: 1, kind: 'message', mine: true, at: new Date().toISOString(), body: { text: 'Ciao' } });
            const theirs = log.add({ seq: 2, kind: 'message', mine: false, authorName: 'Giulia', at: new Date().toISOString(),
              body: { text: 'Buongiorno' } });
            finish([offered('Alessia'), offered('Marco'), offered('Elena'),
              mine.querySelector('.who .visually-hidden').textContent, theirs.querySelector('.who .visually-hidden').textContent].join('|'));
          })().catch(e => finish('error: ' + e));
          """);
      // "Proposta ad Alessia" before a vowel, "a Marco" otherwise; "Hai scritto alle", not "Tu ha scritto alle".
      assertEquals("Proposta ad Alessia.|Proposta a Marco.|Proposta ad Elena.|Hai scritto alle|ha scritto alle", outcome);
    }
  }

  /** Someone signed in with a bridge socket on their chat inbox, as another browser would be. */
  private record Socket(String username, String subject, BridgeClient client) {

    JsonObject ask(String address, JsonObject body) {
      return await(client.request(address, body));
    }

    List<JsonObject> events(String conversationId) {
      return client.received("chat.inbox." + subject).stream()
          .filter(b -> b.containsKey("seq") && conversationId.equals(b.getString("conversationId"))).toList();
    }
  }

  private Socket person(String username, String role) {
    String subject = await(TestAccounts.create(vertx, app.pool(), username, role)).toString();
    String token = await(http.accessToken(username));
    String ticket = await(http.post("/api/v1/auth/bridge-ticket", token, new JsonObject())).bodyAsJsonObject().getString("ticket");
    BridgeClient client = await(BridgeClient.connect(vertx, app.port(), ticket));
    client.register("chat.inbox." + subject);
    Socket socket = new Socket(username, subject, client);
    // One socket's frames are handled in order: once this answers, the inbox is registered.
    socket.ask("chat.list", new JsonObject());
    return socket;
  }

  /** The chat page passes axe-core and does not scroll sideways, on a desktop and on a phone. */
  static void usable(Browser browser, String state) {
    browser.assertUsable(state + " (desktop)");
    browser.viewport(Browser.Viewport.PHONE);
    try {
      browser.assertUsable(state + " (telefono)");
    } finally {
      browser.viewport(Browser.Viewport.DESKTOP);
    }
  }

  private static void signIn(Browser browser, String username) {
    browser.find("#utente").sendKeys(username);
    browser.find("#password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
    browser.waitForText("#chi", "Utente " + username);
  }

  private static List<String> texts(Browser browser, String css) {
    List<String> out = new ArrayList<>();
    for (WebElement e : browser.all(css)) {
      out.add(e.getText());
    }
    return out;
  }

  /** The citizen's messages, each once, in this order, with strictly increasing sequence numbers. */
  private static void assertMessagesOnceInOrder(Browser citizen, List<String> expected) {
    List<String> shown = new ArrayList<>();
    long previous = 0;
    for (WebElement li : citizen.all(CITIZEN_LOG)) {
      String seq = li.getAttribute("data-seq");
      if (seq == null || seq.isEmpty()) {
        continue;
      }
      long n = Long.parseLong(seq);
      assertTrue(n > previous, "sequence numbers increase: " + previous + " then " + n);
      previous = n;
      if (!li.getAttribute("class").contains("system")) {
        shown.add(li.findElement(org.openqa.selenium.By.cssSelector(".text")).getText());
      }
    }
    assertEquals(expected, shown);
    assertTrue(citizen.all("#messaggi li.pending").isEmpty(), "nothing left pending");
  }
}
