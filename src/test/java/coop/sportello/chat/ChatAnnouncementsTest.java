package coop.sportello.chat;

import coop.sportello.chat.ChatPeople.Person;
import coop.sportello.platform.areas.AreaModule;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.ReceivedMail;
import coop.sportello.testing.TestSmtp;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import static coop.sportello.chat.ChatPeople.id;
import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the chat tells a citizen who is not looking (issue 19): the outbox rows it writes for the
 * notifications relay, and the e-mails the relay makes of them, read back from a real SMTP server.
 * The sweep's timer is off (an hour): each test runs the sweep itself, and a reply is made older by
 * moving its time back in the database instead of waiting chat.replyWaitingMinutes (5).
 */
class ChatAnnouncementsTest extends AppTestBase {

  private final TestSmtp smtp = new TestSmtp();
  private ChatPeople people;
  private ChatService nodeA;
  private Pool otherPool;
  private ChatService nodeB;

  @Override
  protected JsonObject overrides() {
    JsonObject config = ChatPeople.alwaysOpen();
    config.getJsonObject("chat").put("sweepMillis", 3_600_000);
    return config.put("notifications", smtp.notificationsConfig("https://sportello.test"));
  }

  @BeforeAll
  void setUp() {
    people = new ChatPeople(vertx, app.pool(), http, app.port());
    nodeA = app.module(ChatModule.class).service();
    // A second node: its own chat service on its own pool, on the same database.
    otherPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
        .connectingTo(PgConnectOptions.fromUri(app.config().getJsonObject("database").getString("url")))
        .using(vertx).build();
    nodeB = ChatService.create(vertx, otherPool, new NodeBus(vertx), nodeA.settings(),
        app.module(AreaModule.class).areas(), Clock.systemUTC());
  }

  @AfterAll
  void tearDown() {
    await(otherPool.close());
    smtp.close();
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** A conversation of {@code citizen} that {@code manager} (who speaks {@code language}) has accepted. */
  private static String accepted(Person citizen, Person manager, String language) {
    String conversation = citizen.start("elderly", language);
    manager.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
    waitFor(() -> manager.events(conversation).stream().anyMatch(e -> "offered".equals(e.getString("kind"))), "the offer");
    manager.command(ChatAddresses.ACCEPT, conversation);
    return conversation;
  }

  /** A manager's message; its number in the citizen's sequence. */
  private static long reply(Person manager, String conversation, String text) {
    return manager.ask(ChatAddresses.SEND, new JsonObject().put("conversationId", conversation).put("clientId", id())
        .put("text", text)).getJsonObject("event").getLong("publicSeq");
  }

  /** The latest reply of the conversation as if written {@code minutes} ago. */
  private void replyWrittenAgo(String conversation, int minutes) {
    await(app.pool().preparedQuery("UPDATE chat_conversations SET last_reply_at = now() - make_interval(mins => $2) WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(conversation), minutes)));
  }

  /** This node's sweep, as its timer runs it. */
  private void sweep() {
    await(nodeA.routing().sweep());
  }

  /** The outbox rows with this topic about this conversation: {recipient, payload}. */
  private List<JsonObject> outbox(String topic, String conversation) {
    List<JsonObject> rows = new ArrayList<>();
    await(app.pool().preparedQuery("""
            SELECT recipient, payload FROM outbox WHERE topic = $1 AND payload ->> 'conversationId' = $2 ORDER BY id""")
        .execute(Tuple.of(topic, conversation)))
        .forEach(r -> rows.add(new JsonObject().put("recipient", r.getString(0)).put("payload", r.getJsonObject(1))));
    return rows;
  }

  private List<JsonObject> repliesWaiting(String conversation) {
    return outbox("chat.reply-waiting", conversation);
  }

  private void withEmail(Person person, String email) {
    await(app.pool().preparedQuery("UPDATE accounts SET email = $2 WHERE id = $1::uuid")
        .execute(Tuple.of(person.subject(), email)));
  }

  // ---- chat.reply-waiting --------------------------------------------------------------------

  @Test
  void aReplyUnseenIsAnnouncedOnceAfterTheDelayAndAgainOnlyAfterTheCitizenCameBack() {
    Person citizen = people.create("attesa.cittadina", "citizen");
    Person manager = people.manager("attesa.manager", "da");
    String conversation = accepted(citizen, manager, "da");
    await(citizen.client().close()); // the citizen leaves the page
    reply(manager, conversation, "Ho trovato tre cooperative per l'assistenza a sua madre.");

    sweep();
    assertEquals(List.of(), repliesWaiting(conversation), "not before chat.replyWaitingMinutes");

    replyWrittenAgo(conversation, 6);
    sweep();
    List<JsonObject> announced = repliesWaiting(conversation);
    assertEquals(1, announced.size(), "announced once the reply has waited 5 minutes");
    assertEquals(citizen.subject(), announced.get(0).getString("recipient"));
    assertEquals(new JsonObject().put("conversationId", conversation), announced.get(0).getJsonObject("payload"),
        "the conversation only, never the words");

    sweep();
    assertEquals(1, repliesWaiting(conversation).size(), "not repeated by the next sweep");

    reply(manager, conversation, "Le lascio anche il numero dello sportello.");
    replyWrittenAgo(conversation, 6);
    sweep();
    assertEquals(1, repliesWaiting(conversation).size(), "one announcement per absence, not one per message");

    // The citizen comes back: their screen receives everything, and they go away again.
    Person back = people.reconnect(citizen);
    JsonObject page = back.ask(ChatAddresses.RESUME, new JsonObject().put("conversationId", conversation).put("after", 0));
    long last = page.getJsonObject("conversation").getLong("lastSeq");
    back.ask(ChatAddresses.RECEIPT, new JsonObject().put("conversationId", conversation).put("delivered", last));
    await(back.client().close());
    sweep();
    assertEquals(1, repliesWaiting(conversation).size(), "nothing new waits");

    reply(manager, conversation, "Mi richiami quando può.");
    replyWrittenAgo(conversation, 6);
    sweep();
    assertEquals(2, repliesWaiting(conversation).size(), "a new reply after they came back is a new absence");
  }

  @Test
  void noReplyIsAnnouncedWhileTheCitizensScreenHasItOrTheyHaveReadItOrWroteSince() {
    Person manager = people.manager("presente.manager", "sv");

    Person there = people.create("presente.cittadino", "citizen");
    String delivered = accepted(there, manager, "sv");
    long reply = reply(manager, delivered, "Buongiorno, eccomi.");
    // The widget acknowledges every event that reaches the screen: the citizen is there.
    there.ask(ChatAddresses.RECEIPT, new JsonObject().put("conversationId", delivered).put("delivered", reply));

    Person reader = people.create("lettrice.cittadina", "citizen");
    String read = accepted(reader, manager, "sv");
    long readReply = reply(manager, read, "Buongiorno, le rispondo subito.");
    reader.ask(ChatAddresses.RECEIPT, new JsonObject().put("conversationId", read).put("read", readReply));

    Person writer = people.create("scrivente.cittadino", "citizen");
    String wrote = accepted(writer, manager, "sv");
    reply(manager, wrote, "Di che cosa ha bisogno?");
    writer.ask(ChatAddresses.SEND, new JsonObject().put("conversationId", wrote).put("clientId", id())
        .put("text", "Di un posto al centro diurno."));

    for (String conversation : List.of(delivered, read, wrote)) {
      replyWrittenAgo(conversation, 30);
    }
    sweep();
    for (String conversation : List.of(delivered, read, wrote)) {
      assertEquals(List.of(), repliesWaiting(conversation), "the citizen saw the reply in " + conversation);
    }
  }

  @Test
  void twoNodesSweepingAtOnceAnnounceEachReplyOnce() {
    // Forty conversations of two managers, each with a reply that has waited ten minutes unseen.
    List<String> conversations = new ArrayList<>();
    for (int m = 0; m < 2; m++) {
      String manager = "gara-manager-" + m;
      await(app.pool().preparedQuery("""
              INSERT INTO chat_managers (subject, display_name, areas, languages, max_chats, active_chats, seen_at)
              VALUES ($1, $1, ARRAY['elderly'], ARRAY['it'], 20, 20, 'infinity')""").execute(Tuple.of(manager)));
      Identity writer = new Identity(manager, Set.of(Role.WELFARE_MANAGER), null, "Manager " + m, null, null, null);
      List<Future<JsonObject>> replies = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String conversation = await(app.pool().preparedQuery("""
                INSERT INTO chat_conversations (owner, owner_name, owner_request, topic, language, status, manager,
                                                offered_at, accepted_at)
                VALUES (gen_random_uuid()::text, 'Cittadino', 'gara-' || gen_random_uuid(), 'elderly', 'it', 'active', $1,
                        now(), now())
                RETURNING id::text""").execute(Tuple.of(manager))).iterator().next().getString(0);
        conversations.add(conversation);
        replies.add(nodeA.send(writer, new JsonObject().put("conversationId", conversation).put("clientId", id())
            .put("text", "Risposta " + i)));
      }
      await(Future.all(replies));
    }
    await(app.pool().preparedQuery("UPDATE chat_conversations SET last_reply_at = now() - interval '10 minutes' WHERE id::text = ANY ($1)")
        .execute(Tuple.of(conversations.toArray(new String[0]))));

    for (int round = 0; round < 2; round++) {
      // Three sweeps on each node at the same moment, on two pools: six statements racing for the same rows.
      List<Future<List<UUID>>> sweeps = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        sweeps.add(nodeA.routing().announceRepliesWaiting());
        sweeps.add(nodeB.routing().announceRepliesWaiting());
      }
      await(Future.all(sweeps));
      List<String> claimed = sweeps.stream().flatMap(f -> f.result().stream()).map(UUID::toString)
          .filter(conversations::contains).toList();
      assertEquals(claimed.size(), new HashSet<>(claimed).size(), "no conversation claimed twice in round " + round);
      assertEquals(round == 0 ? conversations.size() : 0, claimed.size(), "every reply announced once, in the first round");
    }
    for (String conversation : conversations) {
      assertEquals(1, repliesWaiting(conversation).size(), "one row for " + conversation);
    }
  }

  // ---- chat.callback-scheduled ---------------------------------------------------------------

  @Test
  void aCallBackAskedInTheChatIsAnnouncedOnceToTheCitizenWithTheTimeChosen() {
    Person citizen = people.create("richiamata.cittadina", "citizen");
    String conversation = citizen.start("health", "pl");
    JsonObject ask = new JsonObject().put("conversationId", conversation).put("clientId", id())
        .put("phone", "+39 035 765 4321").put("when", "2031-03-04T09:30:00Z");
    long seq = citizen.ask(ChatAddresses.CALLBACK, ask).getJsonObject("event").getLong("seq");
    assertTrue(citizen.ask(ChatAddresses.CALLBACK, ask).getBoolean("replayed"));

    List<JsonObject> rows = outbox("chat.callback-scheduled", conversation);
    assertEquals(1, rows.size(), "one row, also when the command is retried");
    assertEquals(citizen.subject(), rows.get(0).getString("recipient"));
    String staffSeq = await(app.pool().preparedQuery("""
            SELECT seq FROM chat_events WHERE conversation_id = $1 AND public_seq = $2""")
        .execute(Tuple.of(UUID.fromString(conversation), seq))).iterator().next().getLong(0).toString();
    assertEquals(new JsonObject().put("requestId", conversation + ":" + staffSeq).put("conversationId", conversation)
        .put("callbackAt", "2031-03-04T10:30+01:00"), rows.get(0).getJsonObject("payload"), "the time in Rome's offset");
    citizen.command(ChatAddresses.CLOSE, conversation);
  }

  @Test
  void aCallBackAskedWithTheFirstMessageIsAnnouncedWithoutATimeWhenNoneWasChosen() {
    Person citizen = people.create("avvio.cittadino", "citizen");
    JsonObject started = citizen.ask(ChatAddresses.START, new JsonObject().put("clientId", id()).put("topic", "childhood")
        .put("language", "cs").put("callback", new JsonObject().put("phone", "035 111 2222").put("when", "domani mattina")));
    String conversation = started.getJsonObject("conversation").getString("id");
    List<JsonObject> rows = outbox("chat.callback-scheduled", conversation);
    assertEquals(1, rows.size());
    assertEquals(citizen.subject(), rows.get(0).getString("recipient"));
    assertFalse(rows.get(0).getJsonObject("payload").containsKey("callbackAt"), "words are no time: " + rows);
    assertFalse(rows.get(0).getJsonObject("payload").containsKey("phone"), "the account has its own contacts");
    citizen.command(ChatAddresses.CLOSE, conversation);
  }

  @Test
  void aVisitorWithoutAnAccountIsAnnouncedOnTheNumberTheyLeft() {
    Identity visitor = new Identity(ChatCallers.VISITOR_PREFIX + "kiosk:" + UUID.randomUUID() + ":" + id(), Set.of(Role.CITIZEN),
        null, "Visitatore al totem", null, null, null);
    String conversation = await(nodeA.start(visitor, new JsonObject().put("clientId", id()).put("topic", "elderly")
            .put("language", "hu").put("callback", new JsonObject().put("phone", "347 555 0101"))))
        .getJsonObject("conversation").getString("id");
    List<JsonObject> rows = outbox("chat.callback-scheduled", conversation);
    assertEquals(1, rows.size());
    assertEquals("phone", rows.get(0).getString("recipient"));
    assertEquals("+393475550101", rows.get(0).getJsonObject("payload").getString("phone"));
  }

  // ---- what the relay makes of them ---------------------------------------------------------

  @Test
  void aReplyWaitingArrivesAsAnEmailInItalianWithoutTheWordsOfTheChat() throws Exception {
    Person citizen = people.create("posta.cittadina", "citizen");
    withEmail(citizen, "posta.cittadina@cittadini.example.org");
    Person manager = people.manager("posta.manager", "et");
    String conversation = accepted(citizen, manager, "et");
    await(citizen.client().close());
    reply(manager, conversation, "Il suo ISEE risulta scaduto: serve quello nuovo.");
    replyWrittenAgo(conversation, 6);
    sweep();

    MimeMessage mail = ReceivedMail.only(smtp, "posta.cittadina@cittadini.example.org");
    assertEquals("Ha un nuovo messaggio dal servizio di consulenza", mail.getSubject());
    String text = ReceivedMail.text(mail);
    assertTrue(text.contains("Il servizio di consulenza le ha risposto mentre non era collegato"), text);
    assertTrue(text.contains("https://sportello.test/chat.html"), text);
    assertFalse(text.contains("ISEE"), "the manager's words stay in the chat: " + text);
  }

  @Test
  void aChatCallBackArrivesAsAnEmailWithTheDayAndTime() throws Exception {
    Person citizen = people.create("posta.richiamata", "citizen");
    withEmail(citizen, "posta.richiamata@cittadini.example.org");
    String conversation = citizen.start("work_life", "lt");
    LocalDate day = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(3);
    String when = OffsetDateTime.of(day.atTime(15, 0), ZoneId.of("Europe/Rome").getRules().getOffset(day.atTime(15, 0)))
        .toString();
    citizen.ask(ChatAddresses.CALLBACK, new JsonObject().put("conversationId", conversation).put("clientId", id())
        .put("phone", "+39 035 222 3333").put("when", when));

    MimeMessage mail = ReceivedMail.only(smtp, "posta.richiamata@cittadini.example.org");
    assertEquals("La richiameremo", mail.getSubject());
    String text = ReceivedMail.text(mail);
    String dayInWords = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ITALIAN).format(day);
    assertTrue(text.contains("la richiameremo verso " + dayInWords + " alle 15:00"), text);
    assertFalse(text.contains("+39"), "the number is not repeated: " + text);
    citizen.command(ChatAddresses.CLOSE, conversation);
  }
}
