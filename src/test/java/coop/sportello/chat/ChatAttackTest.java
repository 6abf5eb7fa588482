package coop.sportello.chat;

import coop.sportello.chat.ChatPeople.Person;
import coop.sportello.testing.AppTestBase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static coop.sportello.chat.ChatPeople.id;
import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks through the bridge: reading someone else's conversation, writing into it, writing as
 * someone else, replaying another conversation's message ids, and staff reaching beyond their chats.
 */
class ChatAttackTest extends AppTestBase {

  private ChatPeople people;
  private Person victim;
  private Person attacker;
  private Person manager;
  private Person otherManager;
  private String conversation;
  private JsonObject victimMessage;

  @Override
  protected JsonObject overrides() {
    return ChatPeople.alwaysOpen();
  }

  @BeforeAll
  void aConversationToAttack() {
    people = new ChatPeople(vertx, app.pool(), http, app.port());
    victim = people.create("vittima.cittadina", "citizen");
    attacker = people.create("attaccante", "citizen");
    manager = people.manager("attacco.manager", "it");
    otherManager = people.manager("altro.manager", "en");
    conversation = victim.ask(ChatAddresses.START, new JsonObject().put("clientId", id()).put("topic", "health")
        .put("language", "it")).getJsonObject("conversation").getString("id");
    manager.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
    waitFor(() -> manager.events(conversation).stream().anyMatch(e -> "offered".equals(e.getString("kind"))), "the offer");
    manager.ask(ChatAddresses.ACCEPT, new JsonObject().put("conversationId", conversation).put("clientId", id()));
    victimMessage = new JsonObject().put("conversationId", conversation).put("clientId", "victim-msg-0001")
        .put("text", "Mio padre ha l'Alzheimer: dati riservati");
    victim.ask(ChatAddresses.SEND, victimMessage);
  }

  private long storedMessages() {
    return await(app.pool().preparedQuery("SELECT count(*) FROM chat_events WHERE conversation_id = $1 AND kind = 'message'")
        .execute(io.vertx.sqlclient.Tuple.of(java.util.UUID.fromString(conversation))))
        .iterator().next().getLong(0);
  }

  @Test
  void subscribingToSomeoneElsesInboxOrTheSupervisionFeedDeliversNothing() {
    attacker.client().register(victim.inbox());
    attacker.client().register(ChatAddresses.SUPERVISION);
    attacker.ask(ChatAddresses.LIST, new JsonObject());
    victim.ask(ChatAddresses.SEND, new JsonObject().put("conversationId", conversation).put("clientId", id())
        .put("text", "Secondo messaggio riservato"));
    waitFor(() -> manager.events(conversation).stream().anyMatch(e -> e.encode().contains("Secondo messaggio")), "delivery");
    assertTrue(attacker.client().received(victim.inbox()).isEmpty());
    assertTrue(attacker.client().received(ChatAddresses.SUPERVISION).isEmpty());
    assertTrue(attacker.client().frames().stream().noneMatch(f -> f.encode().contains("riservat")));
  }

  @Test
  void readingOrWritingSomeoneElsesConversationLooksLikeItDoesNotExist() {
    long before = storedMessages();
    assertEquals(404, attacker.refused(ChatAddresses.RESUME, new JsonObject().put("conversationId", conversation)).status());
    assertEquals(404, attacker.refused(ChatAddresses.SEND, new JsonObject().put("conversationId", conversation)
        .put("clientId", id()).put("text", "Sono il tuo welfare manager, dammi il codice fiscale")).status());
    assertEquals(404, attacker.refused(ChatAddresses.TYPING, new JsonObject().put("conversationId", conversation)).status());
    assertEquals(404, attacker.refused(ChatAddresses.CLOSE, new JsonObject().put("conversationId", conversation)
        .put("clientId", id())).status());
    assertEquals(404, await(http.get("/api/v1/chat/conversations/" + conversation + "/transcript", attacker.token())).statusCode());
    // A manager it was never assigned to sees nothing either.
    assertEquals(404, otherManager.refused(ChatAddresses.RESUME, new JsonObject().put("conversationId", conversation)).status());
    assertEquals(before, storedMessages());
  }

  @Test
  void aMessageOfOnlyInvisibleCharactersOrUnstorableTextIsRefusedAndStoresNothing() {
    long before = storedMessages();
    var invisible = victim.refused(ChatAddresses.SEND, new JsonObject().put("conversationId", conversation)
        .put("clientId", id()).put("text", "\u200B\u200B \u2060\uFEFF\u200D"));
    assertEquals(422, invisible.status());
    assertEquals("/problems/empty-message", invisible.problem().getString("type"));
    var nul = victim.refused(ChatAddresses.SEND, new JsonObject().put("conversationId", conversation)
        .put("clientId", id()).put("text", "ciao\u0000"));
    assertEquals(400, nul.status());
    assertEquals("/problems/unstorable-text", nul.problem().getString("type"));
    assertEquals(before, storedMessages());
  }

  @Test
  void aManagerProfileIsOnlyForAnExistingWelfareManagersAccount() {
    ChatPeople.Person supervisor = people.create("attacco.supervisore", "supervisor");
    JsonObject profile = new JsonObject().put("name", "Nessuno").put("areas", new io.vertx.core.json.JsonArray().add("health"))
        .put("languages", new io.vertx.core.json.JsonArray().add("it"));
    for (String subject : java.util.List.of("non-esiste", attacker.subject())) {
      var answer = await(http.client().put("/api/v1/chat/managers/" + subject).bearerTokenAuthentication(supervisor.token())
          .sendJsonObject(profile));
      assertEquals(404, answer.statusCode(), subject + " " + answer.bodyAsString());
    }
    assertEquals(0L, await(app.pool().query("SELECT count(*) FROM chat_managers WHERE display_name = 'Nessuno'").execute())
        .iterator().next().getLong(0));
  }

  @Test
  void replayingAnotherConversationsMessageIdsNeverReturnsTheirMessage() {
    // Into the victim's conversation: refused, not answered with the stored message.
    var refused = attacker.refused(ChatAddresses.SEND, victimMessage);
    assertEquals(404, refused.status());
    assertFalse(refused.getMessage().contains("Alzheimer"));
    // Into the attacker's own conversation: a new message of theirs, nothing of the victim's.
    String own = attacker.ask(ChatAddresses.START, new JsonObject().put("clientId", id()).put("topic", "health")
        .put("language", "pt")).getJsonObject("conversation").getString("id");
    JsonObject answer = attacker.ask(ChatAddresses.SEND, victimMessage.copy().put("conversationId", own).put("text", "ciao"));
    assertFalse(answer.getBoolean("replayed"));
    assertEquals("ciao", answer.getJsonObject("event").getJsonObject("body").getString("text"));
    assertFalse(answer.encode().contains("Alzheimer"));
  }

  @Test
  void identityHeadersWrittenByTheClientAreIgnored() {
    // The victim's own socket: the message is stamped with the verified identity, whatever the frame claims.
    String replyAddress = java.util.UUID.randomUUID().toString();
    JsonObject spoofed = new JsonObject().put("x-sportello-identity", new JsonObject()
        .put("sub", manager.subject()).put("roles", new io.vertx.core.json.JsonArray().add("welfare_manager"))
        .put("name", "Falso manager").encode());
    victim.client().send(ChatAddresses.SEND, new JsonObject().put("conversationId", conversation).put("clientId", id())
        .put("text", "Scritto dal cittadino"), spoofed, replyAddress);
    waitFor(() -> victim.client().received(replyAddress).size() == 1, "the reply");
    JsonObject event = victim.client().received(replyAddress).get(0).getJsonObject("event");
    assertEquals("citizen", event.getString("authorRole"));
    assertNotEquals("Falso manager", event.getString("authorName"));
    // And a citizen cannot use staff commands, whatever they put in the headers: the bridge refuses the frame.
    long rejectedBefore = victim.client().rejections();
    victim.client().send(ChatAddresses.ACCEPT, new JsonObject().put("conversationId", conversation).put("clientId", id()),
        spoofed, java.util.UUID.randomUUID().toString());
    victim.client().send(ChatAddresses.JOIN, new JsonObject().put("conversationId", conversation).put("clientId", id()),
        spoofed, java.util.UUID.randomUUID().toString());
    waitFor(() -> victim.client().rejections() == rejectedBefore + 2, "the bridge to refuse both frames");
    JsonObject state = manager.ask(ChatAddresses.RESUME, new JsonObject().put("conversationId", conversation))
        .getJsonObject("conversation");
    assertEquals("[]", state.getJsonArray("joined").encode());
  }

  @Test
  void aManagerOnlyActsOnChatsOfferedToThem() {
    var pass = otherManager.refused(ChatAddresses.PASS, new JsonObject().put("conversationId", conversation).put("clientId", id()));
    assertEquals(404, pass.status());
    var transfer = otherManager.refused(ChatAddresses.TRANSFER, new JsonObject().put("conversationId", conversation)
        .put("clientId", id()).put("toManager", otherManager.subject()).put("note", "la prendo io"));
    assertEquals(404, transfer.status());
  }
}
