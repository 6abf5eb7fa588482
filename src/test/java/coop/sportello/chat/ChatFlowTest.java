package coop.sportello.chat;

import coop.sportello.chat.ChatPeople.Person;
import coop.sportello.testing.AppTestBase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static coop.sportello.chat.ChatPeople.id;
import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole conversation through the bridge, as the citizen's widget and the manager's console speak it. */
class ChatFlowTest extends AppTestBase {

  private ChatPeople people;

  @Override
  protected JsonObject overrides() {
    return ChatPeople.alwaysOpen();
  }

  @BeforeAll
  void people() {
    people = new ChatPeople(vertx, app.pool(), http, app.port());
  }

  private static JsonObject start(Person citizen, String topic, String language) {
    return citizen.ask(ChatAddresses.START, new JsonObject().put("clientId", id()).put("topic", topic)
        .put("language", language).put("fields", new JsonObject().put("comune", "Bergamo")));
  }

  private static JsonObject say(Person who, String conversationId, String text) {
    return who.ask(ChatAddresses.SEND, new JsonObject().put("conversationId", conversationId)
        .put("clientId", id()).put("text", text));
  }

  @Test
  void aConversationFromQueueToRating() {
    Person citizen = people.create("flow.cittadina", "citizen");
    JsonObject started = start(citizen, "elderly", "fr");
    String conversation = started.getJsonObject("conversation").getString("id");
    assertEquals("queued", started.getJsonObject("conversation").getString("status"));
    assertEquals(1, started.getJsonObject("conversation").getInteger("position"));
    // Nobody online yet: never a dead widget, the alternatives come with the answer.
    JsonObject availability = started.getJsonObject("availability");
    assertFalse(availability.getBoolean("staffOnline"));
    assertEquals(3, availability.getJsonArray("alternatives").size());

    // After a refresh the position is still there.
    JsonObject refreshed = citizen.ask(ChatAddresses.RESUME, new JsonObject().put("conversationId", conversation).put("after", 0));
    assertEquals(1, refreshed.getJsonObject("conversation").getInteger("position"));

    Person manager = people.manager("flow.manager", "fr");
    manager.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
    waitFor(() -> manager.events(conversation).stream().anyMatch(e -> "offered".equals(e.getString("kind"))), "the offer");
    manager.command(ChatAddresses.ACCEPT, conversation);
    waitFor(() -> citizen.events(conversation).stream().anyMatch(e -> "accepted".equals(e.getString("kind"))),
        "the citizen to see the manager take the chat");

    say(citizen, conversation, "Buongiorno, cerco assistenza domiciliare per mia madre.");
    manager.ask(ChatAddresses.SEND, new JsonObject().put("conversationId", conversation).put("clientId", id())
        .put("text", "Nota: chiedere ISEE").put("private", true));
    say(manager, conversation, "Buongiorno! Possiamo fissare un appuntamento il martedì.");
    citizen.ask(ChatAddresses.TYPING, new JsonObject().put("conversationId", conversation));
    waitFor(() -> !manager.signals("typing").isEmpty(), "the typing indicator");

    // The citizen's sequence has no gap where the private note is, and never shows it.
    waitFor(() -> citizen.events(conversation).size() >= 4, "the citizen's live events");
    ConversationMirror mirror = new ConversationMirror();
    citizen.events(conversation).forEach(mirror::offer);
    assertFalse(mirror.hasGap());
    List<JsonObject> seen = mirror.applied();
    assertEquals(LongStream.rangeClosed(1, seen.size()).boxed().toList(), seen.stream().map(e -> e.getLong("seq")).toList());
    assertTrue(seen.stream().noneMatch(e -> "note".equals(e.getString("kind"))));
    assertTrue(seen.stream().noneMatch(e -> e.encode().contains("ISEE")));
    // Staff see everything, in their own sequence.
    waitFor(() -> manager.events(conversation).stream().anyMatch(e -> "note".equals(e.getString("kind"))), "the note");

    long lastPublic = seen.get(seen.size() - 1).getLong("seq");
    citizen.ask(ChatAddresses.RECEIPT, new JsonObject().put("conversationId", conversation).put("read", lastPublic));
    waitFor(() -> manager.signals("receipt").stream().anyMatch(r -> r.getLong("read") == lastPublic), "the read receipt");

    JsonObject canned = await(http.get("/api/v1/chat/canned-responses", manager.token())).bodyAsJsonObject();
    assertTrue(canned.getJsonArray("items").size() >= 5);
    assertEquals(403, await(http.get("/api/v1/chat/canned-responses", citizen.token())).statusCode());

    manager.command(ChatAddresses.CLOSE, conversation);
    JsonObject rated = citizen.ask(ChatAddresses.RATE, new JsonObject().put("conversationId", conversation)
        .put("clientId", id()).put("score", 5).put("comment", "Gentilissimi"));
    assertEquals(5, rated.getJsonObject("conversation").getInteger("rating"));

    var transcript = await(http.get("/api/v1/chat/conversations/" + conversation + "/transcript", citizen.token()));
    assertEquals(200, transcript.statusCode());
    String text = transcript.bodyAsString();
    assertTrue(text.contains("Tu: Buongiorno, cerco assistenza domiciliare"), text);
    assertTrue(text.contains("Possiamo fissare un appuntamento"), text);
    assertFalse(text.contains("ISEE"), "private notes never reach the citizen's transcript");
    assertTrue(text.contains("Valutazione: 5/5"), text);

    // The manager's load went back to zero when the chat closed.
    JsonObject profile = manager.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", false)).getJsonObject("profile");
    assertEquals(0, profile.getInteger("activeChats"));
  }

  @Test
  void retriesChangeNothingAndASecondOpenConversationIsRefused() {
    Person citizen = people.create("retry.cittadino", "citizen");
    JsonObject start = new JsonObject().put("clientId", id()).put("topic", "childhood").put("language", "nl");
    JsonObject first = citizen.ask(ChatAddresses.START, start);
    JsonObject again = citizen.ask(ChatAddresses.START, start);
    assertEquals(first.getJsonObject("conversation").getString("id"), again.getJsonObject("conversation").getString("id"));
    assertTrue(again.getBoolean("replayed"));
    String conversation = first.getJsonObject("conversation").getString("id");

    var other = citizen.refused(ChatAddresses.START, new JsonObject().put("clientId", id()).put("topic", "health"));
    assertEquals(409, other.status());
    assertEquals(conversation, other.problem().getString("conversationId"));

    JsonObject message = new JsonObject().put("conversationId", conversation).put("clientId", id()).put("text", "C'è posto al nido?");
    JsonObject sent = citizen.ask(ChatAddresses.SEND, message);
    JsonObject resent = citizen.ask(ChatAddresses.SEND, message);
    assertEquals(sent.getJsonObject("event").getLong("seq"), resent.getJsonObject("event").getLong("seq"));
    assertTrue(resent.getBoolean("replayed"));
    JsonObject all = citizen.ask(ChatAddresses.RESUME, new JsonObject().put("conversationId", conversation).put("after", 0));
    assertEquals(2, all.getJsonArray("events").size(), "started + one message, not two");

    // Nobody is online for this language: the citizen asks to be called back instead.
    JsonObject callback = new JsonObject().put("conversationId", conversation).put("clientId", id())
        .put("phone", "+39 035 123 4567").put("when", "domani mattina");
    JsonObject asked = citizen.ask(ChatAddresses.CALLBACK, callback);
    assertEquals("callback-requested", asked.getJsonObject("event").getString("kind"));
    assertEquals("+390351234567", asked.getJsonObject("event").getJsonObject("body").getString("phone"), "kept in E.164");
    assertTrue(citizen.ask(ChatAddresses.CALLBACK, callback).getBoolean("replayed"));
    assertEquals(422, citizen.refused(ChatAddresses.CALLBACK, callback.copy().put("clientId", id()).put("phone", "chiamami"))
        .status());
    var noNumber = citizen.refused(ChatAddresses.CALLBACK, callback.copy().put("clientId", id()).put("phone", "000 000"));
    assertEquals(422, noNumber.status(), "digits that are no phone number");
    assertEquals("/phone", noNumber.problem().getJsonArray("errors").getJsonObject(0).getString("pointer"));

    var invalid = citizen.refused(ChatAddresses.SEND, new JsonObject().put("conversationId", conversation)
        .put("clientId", id()).put("text", "   "));
    assertEquals(422, invalid.status());
    assertEquals("/problems/validation", invalid.problem().getString("type"));
  }

  @Test
  void aDroppedSocketResumesWithEveryMissedEventInOrder() throws Exception {
    Person citizen = people.create("resume.cittadina", "citizen");
    Person manager = people.manager("resume.manager", "de");
    String conversation = start(citizen, "work_life", "de").getJsonObject("conversation").getString("id");
    manager.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
    waitFor(() -> manager.events(conversation).stream().anyMatch(e -> "offered".equals(e.getString("kind"))), "the offer");
    manager.command(ChatAddresses.ACCEPT, conversation);

    // A burst of 200 messages; the citizen's socket drops in the middle of it.
    // (In windows of 50 commands in flight: the bridge allows 200 pending replies per socket.)
    int burst = 200;
    var sends = new java.util.ArrayList<io.vertx.core.Future<JsonObject>>();
    for (int i = 0; i < burst; i++) {
      if (i == 60) {
        await(citizen.client().close());
      }
      sends.add(manager.client().request(ChatAddresses.SEND, new JsonObject().put("conversationId", conversation)
          .put("clientId", "burst-" + i + "-" + id().substring(0, 8)).put("text", "Messaggio " + i)));
      if (sends.size() % 50 == 0) {
        await(io.vertx.core.Future.all(sends));
      }
    }
    await(io.vertx.core.Future.all(sends));

    // The client's copy, built as the protocol says: live events as they came, then catch-up.
    ConversationMirror mirror = new ConversationMirror();
    citizen.events(conversation).forEach(mirror::offer);
    Person back = people.reconnect(citizen);
    boolean complete = false;
    while (!complete) {
      JsonObject page = back.ask(ChatAddresses.RESUME, new JsonObject().put("conversationId", conversation)
          .put("after", mirror.last()));
      page.getJsonArray("events").forEach(e -> mirror.offer((JsonObject) e));
      complete = page.getBoolean("complete");
    }
    List<JsonObject> all = mirror.applied();
    assertFalse(mirror.hasGap());
    // Everything the citizen may see, once each, in order: started, accepted, the 200 messages.
    assertEquals(LongStream.rangeClosed(1, burst + 2).boxed().toList(), all.stream().map(e -> e.getLong("seq")).toList());
    List<String> texts = all.stream().filter(e -> "message".equals(e.getString("kind")))
        .map(e -> e.getJsonObject("body").getString("text")).toList();
    assertEquals(burst, texts.size());
    assertEquals(burst, texts.stream().distinct().count());
    assertNotNull(back);
  }

  @Test
  void transferWithAPrivateNoteAndASupervisorWhoJoins() {
    Person citizen = people.create("transfer.cittadino", "citizen");
    Person first = people.manager("transfer.primo", "es");
    String conversation = start(citizen, "education", "es").getJsonObject("conversation").getString("id");
    first.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
    waitFor(() -> first.events(conversation).stream().anyMatch(e -> "offered".equals(e.getString("kind"))), "the offer");
    first.command(ChatAddresses.ACCEPT, conversation);

    Person second = people.manager("transfer.seconda", "es");
    second.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
    first.ask(ChatAddresses.TRANSFER, new JsonObject().put("conversationId", conversation).put("clientId", id())
        .put("toManager", second.subject()).put("note", "Chiede di corsi serali: tu li conosci meglio."));
    waitFor(() -> second.events(conversation).stream().anyMatch(e -> "transferred".equals(e.getString("kind"))),
        "the colleague to receive the transfer");
    assertTrue(second.events(conversation).stream().anyMatch(e -> "note".equals(e.getString("kind"))
        && e.getJsonObject("body").getString("text").contains("corsi serali")));
    waitFor(() -> citizen.events(conversation).stream().anyMatch(e -> "transferred".equals(e.getString("kind"))), "the citizen");
    assertTrue(citizen.events(conversation).stream().noneMatch(e -> e.encode().contains("corsi serali")));

    // The first manager no longer sees it; the second accepts and writes.
    assertEquals(404, first.refused(ChatAddresses.RESUME, new JsonObject().put("conversationId", conversation)).status());
    second.command(ChatAddresses.ACCEPT, conversation);
    say(second, conversation, "Eccomi, le spiego i corsi serali.");

    Person supervisor = people.create("transfer.supervisore", "supervisor");
    supervisor.client().register(ChatAddresses.SUPERVISION);
    JsonObject watched = supervisor.ask(ChatAddresses.RESUME, new JsonObject().put("conversationId", conversation));
    assertTrue(watched.getJsonArray("events").stream().anyMatch(e -> "note".equals(((JsonObject) e).getString("kind"))));
    assertEquals(403, supervisor.refused(ChatAddresses.SEND, new JsonObject().put("conversationId", conversation)
        .put("clientId", id()).put("text", "Intervengo io")).status(), "read-only until joining");
    supervisor.command(ChatAddresses.JOIN, conversation);
    say(supervisor, conversation, "Buonasera, sono la supervisora: confermo quanto detto.");
    waitFor(() -> citizen.events(conversation).stream().anyMatch(e -> "supervisor".equals(e.getString("authorRole"))
        && "message".equals(e.getString("kind"))), "the supervisor's message");

    // Back to a team: the conversation goes to the head of the queue for that area.
    second.ask(ChatAddresses.TRANSFER, new JsonObject().put("conversationId", conversation).put("clientId", id())
        .put("toTopic", "work_life").put("note", "Meglio il team conciliazione."));
    JsonObject state = supervisor.ask(ChatAddresses.RESUME, new JsonObject().put("conversationId", conversation)
        .put("after", 0)).getJsonObject("conversation");
    assertEquals("work_life", state.getString("topic"));
  }

  @Test
  void oneSendersQuickMessagesAreStoredInTheOrderTheyWereSent() {
    Person citizen = people.create("ordine.cittadina", "citizen");
    String conversation = start(citizen, "health", "fi").getJsonObject("conversation").getString("id");
    List<String> sent = new ArrayList<>();
    // Rounds of sends without waiting for each acknowledgement, as a quick typist's widget sends them.
    for (int round = 0; round < 10; round++) {
      List<Future<JsonObject>> replies = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String text = "Messaggio " + round + "." + i;
        sent.add(text);
        replies.add(citizen.client().request(ChatAddresses.SEND, new JsonObject().put("conversationId", conversation)
            .put("clientId", id()).put("text", text)));
      }
      await(Future.all(replies));
    }
    List<String> stored = new ArrayList<>();
    await(app.pool().preparedQuery("""
            SELECT body->>'text' FROM chat_events WHERE conversation_id = $1 AND kind = 'message' ORDER BY seq""")
        .execute(Tuple.of(UUID.fromString(conversation)))).forEach(r -> stored.add(r.getString(0)));
    citizen.command(ChatAddresses.CLOSE, conversation); // out of the queue the other tests count places in
    assertEquals(sent, stored);
  }
}
