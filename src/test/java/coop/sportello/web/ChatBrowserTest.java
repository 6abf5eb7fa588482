package coop.sportello.web;

import coop.sportello.testing.AppTestBase;
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
      manager.assertAccessible("console: chat, nessuna conversazione");

      // The citizen signs in on the widget and opens a conversation about an elderly parent.
      citizen.open("/chat.html");
      citizen.find("#modulo-accesso");
      citizen.assertAccessible("chat: accesso");
      signIn(citizen, "chat.anna");
      new Select(citizen.find("#argomento")).selectByValue("elderly");
      citizen.assertAccessible("chat: inizio");
      citizen.find("#avvia").click();
      citizen.waitForText("#conversazione-titolo", "Anziani e fragilità");

      // The manager is offered it: seen, said (role=alert) and heard.
      manager.waitUntil(d -> ConsoleBrowserTest.alert(manager).contains("Nuova richiesta di chat da Utente chat.anna")
          && manager.find("#allerta").getAttribute("class").contains("alerting"), "the offer alert");
      assertTrue(manager.find(MANAGER_PANEL + " .offer-box").getAttribute("class").contains("alerting"));
      assertEquals("alert", manager.find("#allerta").getAttribute("role"));
      assertTrue(((Number) manager.script("return window.__sportelloConsole.alerts.beeps")).intValue() >= 1,
          "a beep while the console has focus");
      manager.assertAccessible("console: chat offerta");
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
      citizen.waitForText("#messaggi", "sono il suo welfare manager");
      manager.waitUntil(d -> manager.all(MANAGER_PANEL + " li.msg.mine .mark").stream()
          .anyMatch(m -> m.getText().equals("Letto")), "the citizen's read mark on the manager's message");
      citizen.waitUntil(d -> citizen.all("#messaggi li.msg.mine .mark").stream()
          .allMatch(m -> m.getText().equals("Letto")), "the manager's read marks on the citizen's messages");

      // A private note: on the manager's screen only.
      manager.find(MANAGER_PANEL + " input[name=private]").click();
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
      citizen.waitForText("#collegamento", "Aggiornamenti in tempo reale attivi");
      citizen.waitForText("#messaggi", "Terzo: l'altro è un centro diurno.");
      manager.waitForText(MANAGER_PANEL + " .chat-log", "Scritto mentre ero senza rete.");
      citizen.waitUntil(d -> citizen.all("#messaggi li.pending").isEmpty(), "the offline message to be stored");

      List<String> expected = List.of("Buongiorno, cerco assistenza per mia madre.", "Abita a Bergamo",
          "Buongiorno, sono il suo welfare manager. Come posso aiutarla?", "Primo: ho trovato due servizi.",
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
      citizen.assertAccessible("chat: conversazione in corso");
      citizen.screenshot("chat-cittadino");
      manager.assertAccessible("console: chat in corso");
      manager.screenshot("console-chat");

      // Each message was stored once, whatever was retried.
      String conversation = String.valueOf(citizen.script("return window.__sportelloChat.current.id"));
      for (String text : expected) {
        Row row = await(app.pool().preparedQuery("SELECT count(*) FROM chat_events WHERE conversation_id = $1 AND kind = 'message'"
            + " AND body->>'text' = $2").execute(Tuple.of(UUID.fromString(conversation), text))).iterator().next();
        assertEquals(1L, row.getLong(0), "stored once: " + text);
      }

      // The citizen closes, rates and downloads the transcript.
      citizen.find("#chiudi").click();
      citizen.find("#valutazione");
      manager.waitForText(MANAGER_PANEL + " .chat-log", "La conversazione è chiusa.");
      citizen.assertAccessible("chat: valutazione");
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
      citizen.waitForText("#coda", "nessun welfare manager è collegato");
      citizen.find("#alternative");
      assertTrue(citizen.find("#coda").getText().contains("Sei al posto numero"), citizen.find("#coda").getText());
      assertEquals("/", citizen.find("#alt-appuntamento").getAttribute("pathname"));
      citizen.assertAccessible("chat: nessuno disponibile");

      // A wrong number is explained; a right one is recorded in the conversation.
      citizen.find("#alt-richiamata").click();
      citizen.find("#telefono").sendKeys("12ab");
      citizen.find("#chiedi-richiamata").click();
      citizen.waitForText("#richiamata-errore", "numero di telefono valido");
      assertEquals("true", citizen.find("#telefono").getAttribute("aria-invalid"));
      citizen.assertAccessible("chat: numero non valido");
      citizen.find("#telefono").clear();
      citizen.find("#telefono").sendKeys("+39 347 555 0101");
      citizen.find("#quando").sendKeys("domani mattina");
      citizen.find("#chiedi-richiamata").click();
      citizen.waitForText("#messaggi", "Richiesta di essere richiamati al numero +39 347 555 0101 (domani mattina)");

      // After a refresh the place in the queue is still shown.
      citizen.driver().navigate().refresh();
      citizen.waitForText("#coda", "Sei al posto numero");
      citizen.waitForText("#messaggi", "+39 347 555 0101");

      // English on request: the same screen in plain English.
      citizen.find("#lingua").click();
      citizen.waitForText("#coda", "in the queue");
      citizen.waitForText("#conversazione-titolo", "Work-life balance");
      assertEquals("en", citizen.script("return document.documentElement.lang"));
      citizen.assertAccessible("chat: in inglese");
      citizen.find("#lingua").click();
      citizen.waitForText("#coda", "Sei al posto numero");
    }
  }

  private static void signIn(Browser browser, String username) {
    browser.find("#utente-nome").sendKeys(username);
    browser.find("#utente-password").sendKeys(TestAccounts.PASSWORD, Keys.ENTER);
    browser.waitForText("#utente", "Utente " + username);
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
