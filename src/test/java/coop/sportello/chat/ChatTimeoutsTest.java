package coop.sportello.chat;

import coop.sportello.chat.ChatPeople.Person;
import coop.sportello.testing.AppTestBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** With short timings: an unanswered offer passes on; a manager who drops gives their chats back to the head of the queue. */
class ChatTimeoutsTest extends AppTestBase {

  private ChatPeople people;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("chat", new JsonObject()
        .put("businessHours", new JsonArray().add("MON-SUN 00:00-24:00"))
        .put("presenceSeconds", 2).put("graceSeconds", 3).put("offerSeconds", 2).put("sweepMillis", 300));
  }

  @BeforeAll
  void people() {
    people = new ChatPeople(vertx, app.pool(), http, app.port());
  }

  private static boolean has(Person who, String conversation, String kind) {
    return who.events(conversation).stream().anyMatch(e -> kind.equals(e.getString("kind")));
  }

  @Test
  void anOfferNobodyAnswersPassesToAColleague() {
    Person citizen = people.create("offerta.cittadina", "citizen");
    Person silent = people.manager("offerta.silenziosa", "sv");
    silent.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
    String conversation = citizen.start("childhood", "sv");
    waitFor(() -> has(silent, conversation, "offered"), "the first offer");
    Person colleague = people.manager("offerta.collega", "sv");
    // Both keep their heartbeat; only the colleague answers.
    long beat = vertx.setPeriodic(500, t -> {
      silent.client().request(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
      colleague.client().request(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
    });
    try {
      waitFor(() -> has(colleague, conversation, "offered"), "the offer to pass to the colleague");
      waitFor(() -> has(silent, conversation, "passed"), "the silent manager to see it go");
      colleague.command(ChatAddresses.ACCEPT, conversation);
      waitFor(() -> has(citizen, conversation, "accepted"), "the citizen to be answered");
    } finally {
      vertx.cancelTimer(beat);
    }
  }

  @Test
  void aDroppedManagersChatsReturnToTheHeadOfTheQueue() {
    Person waiting = people.create("coda.prima", "citizen");
    Person manager = people.manager("coda.manager", "da");
    manager.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
    String conversation = waiting.start("elderly", "da");
    waitFor(() -> has(manager, conversation, "offered"), "the offer");
    manager.command(ChatAddresses.ACCEPT, conversation);
    // Someone else queues meanwhile; then the manager's connection drops (no more heartbeats).
    Person later = people.create("coda.seconda", "citizen");
    String laterConversation = later.start("elderly", "da");
    await(manager.client().close());
    waitFor(() -> has(waiting, conversation, "returned"), "the chat to return to the queue after the grace period");
    // Back at the head: ahead of the person who queued later.
    JsonObject state = waiting.ask(ChatAddresses.RESUME, new JsonObject().put("conversationId", conversation))
        .getJsonObject("conversation");
    assertEquals("queued", state.getString("status"));
    assertEquals(1, state.getInteger("position"));
    assertEquals(2, later.ask(ChatAddresses.RESUME, new JsonObject().put("conversationId", laterConversation))
        .getJsonObject("conversation").getInteger("position"));
    waitFor(() -> later.signals("queue").stream().anyMatch(q -> q.getInteger("position") == 2), "the live position update");
  }
}
