package coop.sportello.kiosk;

import coop.sportello.chat.ChatAddresses;
import coop.sportello.chat.ChatPeople;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.BridgeClient;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static coop.sportello.chat.ChatPeople.id;
import static coop.sportello.testing.Waits.holdsFor;
import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The chat at a kiosk: a conversation started there belongs to the person identified at it, every
 * command of the kiosk names that person's live kiosk session, and once the session has ended the
 * kiosk reaches nothing of it (list, resume, writing, call-back, transcript, the live feed); the
 * next person at the same kiosk starts their own conversation, and the first finds theirs at home.
 */
class KioskChatTest extends AppTestBase {

  private KioskFixture fixture;
  private KioskFixture.Employee luca;
  private KioskFixture.Employee sara;
  private String kiosk;
  private String kioskSubject;

  @Override
  protected JsonObject overrides() {
    return ChatPeople.alwaysOpen();
  }

  @BeforeAll
  void setUp() {
    fixture = new KioskFixture(vertx, app, http);
    luca = fixture.employee("luca.chat", "Luca Ferrari", "TC-0001", "FRRLCU86C14A794T", "2468");
    sara = fixture.employee("sara.chat", "Sara Locatelli", "TC-0002", "LCTSRA90L62I628W", "5813");
    kiosk = fixture.kioskToken(fixture.kioskCredential("Welfare point mensa", fixture.companyId));
    kioskSubject = await(http.get("/api/v1/me", kiosk)).bodyAsJsonObject().getString("sub");
  }

  private String identify(KioskFixture.Employee who) {
    var answer = await(http.client().post("/api/v1/kiosk/identify").bearerTokenAuthentication(kiosk)
        .sendJsonObject(new JsonObject().put("badge", who.badge()).put("pin", who.pin())));
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    return answer.bodyAsJsonObject().getJsonObject("session").getString("id");
  }

  private void end(String session) {
    assertEquals(200, await(http.post("/api/v1/kiosk/sessions/" + session + "/end", kiosk, new JsonObject())).statusCode());
  }

  private BridgeClient socket(String token) {
    String ticket = await(http.post("/api/v1/auth/bridge-ticket", token, new JsonObject())).bodyAsJsonObject().getString("ticket");
    return await(BridgeClient.connect(vertx, app.port(), ticket));
  }

  private static JsonObject ask(BridgeClient client, String address, JsonObject body) {
    return await(client.request(address, body));
  }

  /** The problem type the server refused {@code body} on {@code address} with. */
  private static String refusal(BridgeClient client, String address, JsonObject body) {
    try {
      await(client.request(address, body));
    } catch (AssertionError e) {
      if (e.getCause() != null && e.getCause().getCause() instanceof BridgeClient.Failure f) {
        return f.status() + " " + f.problem().getString("type");
      }
      throw e;
    }
    return fail("expected " + address + " to be refused");
  }

  private JsonObject start(BridgeClient client, String session) {
    JsonObject body = new JsonObject().put("clientId", id()).put("topic", "health").put("language", "it");
    if (session != null) {
      body.put("kioskSession", session);
    }
    return ask(client, ChatAddresses.START, body);
  }

  private String owner(String conversation) {
    return await(app.pool().preparedQuery("SELECT owner FROM chat_conversations WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(conversation)))).iterator().next().getString(0);
  }

  @Test
  void aKioskChatIsThePersonsAndOutOfTheKiosksReachOnceTheirKioskSessionEnds() {
    String lucaAtKiosk = identify(luca);
    BridgeClient screen = socket(kiosk);
    String lucaInbox = ChatAddresses.inbox(luca.id());
    screen.register(lucaInbox);

    // Without naming the person's kiosk session the kiosk does nothing in the chat.
    assertEquals("403 /problems/kiosk-person-not-identified", refusal(screen, ChatAddresses.START,
        new JsonObject().put("clientId", id()).put("topic", "health")));
    assertEquals("403 /problems/kiosk-person-not-identified", refusal(screen, ChatAddresses.LIST, new JsonObject()));

    // With it, the conversation is Luca's: the kiosk acts as him, and follows it live.
    JsonObject started = start(screen, lucaAtKiosk);
    String conversation = started.getJsonObject("conversation").getString("id");
    assertEquals("owner", started.getJsonObject("conversation").getString("you"));
    assertEquals(luca.id(), owner(conversation));
    JsonObject message = ask(screen, ChatAddresses.SEND, new JsonObject().put("conversationId", conversation)
        .put("clientId", id()).put("text", "Vorrei informazioni sull'assistenza domiciliare.").put("kioskSession", lucaAtKiosk));
    assertEquals("citizen", message.getJsonObject("event").getString("authorRole"));
    ask(screen, ChatAddresses.CALLBACK, new JsonObject().put("conversationId", conversation).put("clientId", id())
        .put("phone", "+39 347 000 1234").put("kioskSession", lucaAtKiosk));
    waitFor(() -> screen.received(lucaInbox).stream().anyMatch(e -> "callback-requested".equals(e.getString("kind"))),
        "the kiosk to follow Luca's conversation while he is there");
    Row written = await(app.pool().preparedQuery(
            "SELECT author, kiosk_session FROM chat_events WHERE conversation_id = $1 AND kind = 'message'")
        .execute(Tuple.of(UUID.fromString(conversation)))).iterator().next();
    assertEquals(luca.id(), written.getString(0));
    assertEquals(lucaAtKiosk, written.getUUID(1).toString());
    assertTrue(ask(screen, ChatAddresses.LIST, new JsonObject().put("kioskSession", lucaAtKiosk)).encode()
        .contains(conversation));

    // Luca leaves the kiosk.
    end(lucaAtKiosk);
    JsonObject withEndedSession = new JsonObject().put("conversationId", conversation).put("kioskSession", lucaAtKiosk);
    assertEquals("403 /problems/kiosk-session-ended", refusal(screen, ChatAddresses.LIST,
        new JsonObject().put("kioskSession", lucaAtKiosk)));
    assertEquals("403 /problems/kiosk-session-ended", refusal(screen, ChatAddresses.RESUME, withEndedSession.copy()));
    assertEquals("403 /problems/kiosk-session-ended", refusal(screen, ChatAddresses.SEND, withEndedSession.copy()
        .put("clientId", id()).put("text", "Scritto da chi passa dopo")));
    assertEquals("403 /problems/kiosk-session-ended", refusal(screen, ChatAddresses.CALLBACK, withEndedSession.copy()
        .put("clientId", id()).put("phone", "+39 347 999 9999")));
    assertEquals("403 /problems/kiosk-person-not-identified", refusal(screen, ChatAddresses.RESUME,
        new JsonObject().put("conversationId", conversation)));
    assertEquals(403, await(http.get("/api/v1/chat/conversations/" + conversation + "/transcript", kiosk)).statusCode());
    assertEquals(403, await(http.get("/api/v1/chat/conversations", kiosk)).statusCode());
    // Nor does it hear what happens next in Luca's conversation.
    int heard = screen.received(lucaInbox).size();
    BridgeClient home = socket(luca.token());
    home.register(lucaInbox);
    JsonObject atHome = ask(home, ChatAddresses.LIST, new JsonObject());
    assertEquals(conversation, atHome.getJsonArray("conversations").getJsonObject(0).getString("id"),
        "Luca finds the conversation from his own account");
    assertTrue(ask(home, ChatAddresses.RESUME, new JsonObject().put("conversationId", conversation)).encode()
        .contains("+393470001234"), "the call-back number, kept in E.164");
    ask(home, ChatAddresses.SEND, new JsonObject().put("conversationId", conversation).put("clientId", id())
        .put("text", "Continuo da casa: il mio numero nuovo è 333 1234567"));
    waitFor(() -> home.received(lucaInbox).stream().anyMatch(e -> e.encode().contains("Continuo da casa")), "Luca's own feed");
    holdsFor(Duration.ofMillis(500), () -> screen.received(lucaInbox).size() == heard, "nothing more for the kiosk");
    assertFalse(screen.frames().stream().anyMatch(f -> f.encode().contains("Continuo da casa")));

    // The next person at the same kiosk starts their own conversation.
    String saraAtKiosk = identify(sara);
    String hers = start(screen, saraAtKiosk).getJsonObject("conversation").getString("id");
    assertNotEquals(conversation, hers);
    assertEquals(sara.id(), owner(hers));
    assertEquals("404 /problems/conversation-not-found", refusal(screen, ChatAddresses.RESUME,
        withEndedSession.copy().put("kioskSession", saraAtKiosk)));
    String sarasList = ask(screen, ChatAddresses.LIST, new JsonObject().put("kioskSession", saraAtKiosk)).encode();
    assertTrue(sarasList.contains(hers) && !sarasList.contains(conversation), "only Sara's: " + sarasList);
    // A kiosk follows no inbox of its own, and no one's who is not identified at it now.
    long refusedBefore = screen.rejections();
    screen.register(ChatAddresses.inbox(kioskSubject));
    screen.register(ChatAddresses.inbox(luca.id()) + "x");
    waitFor(() -> screen.rejections() == refusedBefore + 2, "both subscriptions refused");
    ask(screen, ChatAddresses.CLOSE, new JsonObject().put("conversationId", hers).put("clientId", id())
        .put("kioskSession", saraAtKiosk));
    end(saraAtKiosk);
    ask(home, ChatAddresses.CLOSE, new JsonObject().put("conversationId", conversation).put("clientId", id()));
  }

  @Test
  void someoneWhoDidNotIdentifyLeavesACallBackRequestThatTheKioskCannotReachAgain() {
    BridgeClient screen = socket(kiosk);
    JsonObject request = new JsonObject().put("clientId", id()).put("topic", "elderly").put("language", "it")
        .put("fields", new JsonObject().put("canale", "totem"))
        .put("callback", new JsonObject().put("phone", "+39 035 123 4567").put("when", "Mattina"));
    JsonObject first = ask(screen, ChatAddresses.START, request);
    String conversation = first.getJsonObject("conversation").getString("id");
    assertEquals("callback-requested", first.getJsonObject("event").getString("kind"));
    assertTrue(owner(conversation).startsWith("visitor:" + kioskSubject + ":"), owner(conversation));
    // A retry is the same request; the next visitor's is another one, not "conversation open".
    assertEquals(conversation, ask(screen, ChatAddresses.START, request).getJsonObject("conversation").getString("id"));
    String next = ask(screen, ChatAddresses.START, request.copy().put("clientId", id()))
        .getJsonObject("conversation").getString("id");
    assertNotEquals(conversation, next);
    assertEquals("403 /problems/kiosk-person-not-identified", refusal(screen, ChatAddresses.RESUME,
        new JsonObject().put("conversationId", conversation)));
    JsonObject stored = await(app.pool().preparedQuery(
            "SELECT body FROM chat_events WHERE conversation_id = $1 AND kind = 'callback-requested'")
        .execute(Tuple.of(UUID.fromString(conversation)))).iterator().next().getJsonObject(0);
    assertEquals("+390351234567", stored.getString("phone"), "kept in E.164");
  }

  @Test
  void theDatabaseRefusesAKioskWriteInAChatOnceTheKioskSessionHasEnded() {
    String session = identify(luca);
    BridgeClient screen = socket(kiosk);
    String conversation = start(screen, session).getJsonObject("conversation").getString("id");
    end(session);
    try {
      await(app.pool().preparedQuery("""
              INSERT INTO chat_events (conversation_id, seq, public_seq, kind, author, author_role, author_name, body,
                                       kiosk_session)
              VALUES ($1, 99, 99, 'message', $2, 'citizen', 'Luca', '{"text":"tardi"}', $3)""")
          .execute(Tuple.of(UUID.fromString(conversation), luca.id(), UUID.fromString(session))));
      fail("the insert should have been refused");
    } catch (AssertionError e) {
      assertTrue(e.getCause().getCause() instanceof PgException pg
          && "chat_kiosk_person_identified".equals(pg.getConstraint()), String.valueOf(e.getCause()));
    }
    ask(socket(luca.token()), ChatAddresses.CLOSE, new JsonObject().put("conversationId", conversation).put("clientId", id()));
  }
}
