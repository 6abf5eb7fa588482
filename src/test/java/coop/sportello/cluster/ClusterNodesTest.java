package coop.sportello.cluster;

import coop.sportello.calls.CallAddresses;
import coop.sportello.calls.CallCenterFixture;
import coop.sportello.catalog.CatalogAddresses;
import coop.sportello.catalog.CatalogFixture;
import coop.sportello.chat.ChatAddresses;
import coop.sportello.chat.ChatPeople;
import coop.sportello.chat.ChatPeople.Person;
import coop.sportello.testing.BridgeClient;
import coop.sportello.testing.TestAccounts;
import coop.sportello.testing.TestCluster;
import coop.sportello.testing.TestCluster.Node;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static coop.sportello.chat.ChatPeople.id;
import static coop.sportello.testing.AppTestBase.await;
import static coop.sportello.testing.Waits.holdsFor;
import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sportello on a clustered event bus: real nodes in this JVM, joined through Hazelcast over
 * TCP-IP on loopback, sharing one PostgreSQL, with clients spread over them as a load balancer
 * would. Node A starts first and owns call distribution; B and later C do not. The scenarios run
 * in order on the same nodes (starting a node costs seconds): the two that kill a node come last,
 * and a new node C replaces the one killed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterNodesTest {

  private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(7);

  private TestCluster cluster;
  private Node a;
  private Node b;

  @BeforeAll
  void startTwoNodes() {
    JsonObject overrides = CallCenterFixture.alwaysOpen().mergeIn(ChatPeople.alwaysOpen(), true);
    overrides.getJsonObject("chat").put("sweepMillis", 500);
    cluster = new TestCluster(overrides);
    a = cluster.start("A");
    b = cluster.start("B");
  }

  @AfterAll
  void stopNodes() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void aPbxWebhookSentToTheNodeThatDoesNotOwnDistributionIsHandledByTheOwner() {
    assertTrue(a.app().module(coop.sportello.calls.CallModule.class).ownsDistribution());
    assertFalse(b.app().module(coop.sportello.calls.CallModule.class).ownsDistribution());
    CallCenterFixture onA = new CallCenterFixture(a.vertx(), a.app().pool(), a.http(), a.port(), "webhook.a");
    CallCenterFixture onB = new CallCenterFixture(b.vertx(), b.app().pool(), b.http(), b.port(), "webhook.b");
    // The supervisor configures through B, the operator's console is on B: both reach the owner on A.
    onB.queue("cluster", "longest_idle", new JsonObject());
    CallCenterFixture.Operator op = onB.operator("cluster.operatrice", "cluster");
    assertEquals("available", op.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject()).getString("state"));

    String call = CallCenterFixture.callId();
    String eventId = UUID.randomUUID().toString();
    JsonObject arrival = new JsonObject().put("eventId", eventId).put("type", "call.arrived").put("callId", call)
        .put("queue", "cluster").put("from", "+393470000101");
    HttpResponse<Buffer> onNodeB = onB.pbx(arrival);
    assertEquals(200, onNodeB.statusCode(), onNodeB.bodyAsString());
    assertEquals("queued", onNodeB.bodyAsJsonObject().getString("action"));

    // The owner (A) decided and told the PBX; the offer reached the operator's console on B.
    waitFor(() -> !onA.commands("route", call).isEmpty(), "the owner to route the call");
    waitFor(() -> op.offers().stream().anyMatch(o -> call.equals(o.getJsonObject("call").getString("callId"))),
        "the offer on the console connected to B");
    assertTrue(onB.commands.isEmpty(), "B does not distribute");

    // The PBX retries through B: the owner recognises the event and changes nothing.
    HttpResponse<Buffer> retried = onB.pbx(arrival);
    assertEquals(200, retried.statusCode());
    assertTrue(retried.bodyAsJsonObject().getBoolean("replayed"));
    assertEquals(1, onA.commands("route", call).size());
    assertEquals(200, onB.pbx(new JsonObject().put("eventId", UUID.randomUUID().toString()).put("type", "call.ended")
        .put("callId", call)).statusCode());
  }

  @Test
  @Order(2)
  void availabilityBookedOnBIsPushedToAScreenOnA() {
    CatalogFixture.municipalities(b.app().pool());
    await(TestAccounts.create(b.vertx(), b.app().pool(), "cluster.admin", "provider_admin"));
    CatalogFixture admin = new CatalogFixture(b.http(), await(b.http().accessToken("cluster.admin")));
    String service = admin.createService(CatalogFixture.service("Doposcuola Girasole", "Compiti e giochi dopo la scuola.",
        "education", "at_place", CatalogFixture.BERGAMO));
    String room = admin.createResource("Aula grande", "group", 10);
    assertEquals(201, admin.ruleOn(service, room, DAY, "14:00", "16:00", 120, 10).statusCode());
    JsonObject slot = admin.availability(service, DAY, DAY).getJsonArray("slots").getJsonObject(0);

    String ticket = await(a.http().client().post("/api/v1/auth/bridge-ticket/guest").send()).bodyAsJsonObject().getString("ticket");
    BridgeClient screen = await(BridgeClient.connect(a.vertx(), a.port(), ticket));
    screen.register(CatalogAddresses.service(service)).handledForGuest();

    await(TestAccounts.create(b.vertx(), b.app().pool(), "cluster.famiglia", "citizen"));
    String token = await(b.http().accessToken("cluster.famiglia"));
    HttpResponse<Buffer> hold = await(b.http().post("/api/v1/bookings/holds", token,
        new JsonObject().put("slotId", slot.getString("id")).put("places", 2), UUID.randomUUID().toString()));
    assertEquals(201, hold.statusCode(), hold.bodyAsString());

    waitFor(() -> screen.received(CatalogAddresses.service(service)).stream()
        .anyMatch(p -> p.getJsonArray("slots") != null && p.getJsonArray("slots").getJsonObject(0).getInteger("free") == 8),
        "node A's screen to see the places booked on B");
    // Each node feeds only its own sockets from PostgreSQL's notification: one frame, not one per node.
    holdsFor(Duration.ofMillis(500), () -> screen.received(CatalogAddresses.service(service)).stream()
        .filter(p -> p.getJsonArray("slots") != null && p.getJsonArray("slots").getJsonObject(0).getInteger("free") == 8).count() == 1,
        "no second copy from node B");
    assertEquals(1, screen.received(CatalogAddresses.service(service)).stream()
        .filter(p -> p.getJsonArray("slots") != null && p.getJsonArray("slots").getJsonObject(0).getInteger("free") == 8).count());
  }

  @Test
  @Order(3)
  void aCitizenOnAChatsLiveWithAManagerOnBAndNothingArrivesTwice() {
    ChatPeople onA = new ChatPeople(a.vertx(), a.app().pool(), a.http(), a.port());
    ChatPeople onB = new ChatPeople(b.vertx(), b.app().pool(), b.http(), b.port());
    Person citizen = onA.create("cluster.cittadina", "citizen");
    Person manager = onB.manager("cluster.manager", "fr");
    manager.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
    String conversation = citizen.start("elderly", "fr");
    waitFor(() -> manager.events(conversation).stream().anyMatch(e -> "offered".equals(e.getString("kind"))), "the offer on B");
    manager.command(ChatAddresses.ACCEPT, conversation);
    waitFor(() -> citizen.events(conversation).stream().anyMatch(e -> "accepted".equals(e.getString("kind"))),
        "the citizen on A to see the manager on B accept");

    for (int i = 1; i <= 3; i++) {
      say(citizen, conversation, "Domanda " + i);
      say(manager, conversation, "Risposta " + i);
    }
    citizen.ask(ChatAddresses.TYPING, new JsonObject().put("conversationId", conversation));
    waitFor(() -> !manager.signals("typing").isEmpty(), "the typing signal across nodes");
    // Live: started, accepted and six messages, each once, on both sides.
    waitFor(() -> citizen.events(conversation).size() >= 8 && manager.events(conversation).stream()
        .filter(e -> "message".equals(e.getString("kind"))).count() >= 6, "every message live on both nodes");
    int citizenEvents = citizen.events(conversation).size();
    int managerEvents = manager.events(conversation).size();
    holdsFor(Duration.ofMillis(500), () -> citizen.events(conversation).size() == citizenEvents
        && manager.events(conversation).size() == managerEvents && manager.signals("typing").size() == 1, "no copy arriving late");
    assertEachOnceWithoutGap(citizen.events(conversation), 8);
    // Clients order a conversation by seq (docs/CHAT-PROTOCOL.md): across nodes, the manager's own
    // answer may arrive before the citizen's question that precedes it.
    List<String> managerSaw = manager.events(conversation).stream().filter(e -> "message".equals(e.getString("kind")))
        .sorted(java.util.Comparator.comparingLong(e -> e.getLong("seq")))
        .map(e -> e.getJsonObject("body").getString("text")).toList();
    assertEquals(List.of("Domanda 1", "Risposta 1", "Domanda 2", "Risposta 2", "Domanda 3", "Risposta 3"), managerSaw);
    assertEquals(manager.events(conversation).size(),
        manager.events(conversation).stream().map(e -> e.getLong("seq")).distinct().count(), "no event twice for staff");
    assertEquals(1, manager.signals("typing").size(), "the typing signal once");
  }

  @Test
  @Order(4)
  void theCapAndOneManagerPerConversationHoldWhenCitizensStartOnBothNodes() {
    ChatPeople onA = new ChatPeople(a.vertx(), a.app().pool(), a.http(), a.port());
    ChatPeople onB = new ChatPeople(b.vertx(), b.app().pool(), b.http(), b.port());
    Person manager = onA.manager("cap.manager", "de");
    manager.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
    // Six citizens at once, alternating nodes: both nodes route, and the manager's cap is 4.
    List<Person> citizens = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      citizens.add((i % 2 == 0 ? onA : onB).create("cap.cittadino." + i, "citizen"));
    }
    List<Future<JsonObject>> starts = citizens.stream().map(c -> c.client().request(ChatAddresses.START,
        new JsonObject().put("clientId", id()).put("topic", "health").put("language", "de"))).toList();
    await(Future.all(starts));
    waitFor(() -> manager.client().received(manager.inbox()).stream().filter(e -> "offered".equals(e.getString("kind"))).count() >= 4,
        "four offers");
    holdsFor(Duration.ofMillis(1_500), () -> manager.client().received(manager.inbox()).stream()
        .filter(e -> "offered".equals(e.getString("kind"))).count() == 4, "no fifth offer");

    JsonObject load = await(a.app().pool().preparedQuery("""
        SELECT m.active_chats, m.max_chats,
               (SELECT count(*) FROM chat_conversations c WHERE c.manager = m.subject AND c.status <> 'closed') AS holding,
               (SELECT count(*) FROM chat_events e JOIN chat_conversations c ON c.id = e.conversation_id
                 WHERE c.topic = 'health' AND c.language = 'de' AND e.kind = 'offered') AS offers,
               (SELECT count(DISTINCT e.conversation_id) FROM chat_events e JOIN chat_conversations c ON c.id = e.conversation_id
                 WHERE c.topic = 'health' AND c.language = 'de' AND e.kind = 'offered') AS offered
          FROM chat_managers m WHERE m.subject = $1""").execute(Tuple.of(manager.subject()))).iterator().next().toJson();
    assertEquals(4, load.getInteger("max_chats"));
    assertEquals(4, load.getInteger("active_chats"), load.encode());
    assertEquals(4L, load.getLong("holding"), "the counter matches what the manager holds");
    assertEquals(4L, load.getLong("offers"), "four offers in all: none twice, none beyond the cap");
    assertEquals(4L, load.getLong("offered"));
    List<String> offeredIds = manager.client().received(manager.inbox()).stream()
        .filter(e -> "offered".equals(e.getString("kind"))).map(e -> e.getString("conversationId")).toList();
    assertEquals(4, offeredIds.size(), "each offer reached the manager's console once");
    assertEquals(4, offeredIds.stream().distinct().count());
  }

  @Test
  @Order(5)
  void chatClientsOfAKilledNodeReconnectToTheOtherAndResumeWithNothingLost() {
    ChatPeople onA = new ChatPeople(a.vertx(), a.app().pool(), a.http(), a.port());
    ChatPeople onB = new ChatPeople(b.vertx(), b.app().pool(), b.http(), b.port());
    Person manager = onA.manager("resume.manager.a", "es");
    manager.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
    Person citizen = onB.create("resume.cittadino.b", "citizen");
    String conversation = citizen.start("work_life", "es");
    waitFor(() -> manager.events(conversation).stream().anyMatch(e -> "offered".equals(e.getString("kind"))), "the offer");
    manager.command(ChatAddresses.ACCEPT, conversation);
    say(citizen, conversation, "Prima del guasto");
    say(manager, conversation, "Ricevuto");
    waitFor(() -> citizen.events(conversation).size() >= 4, "the first exchange live");

    cluster.kill(b);
    waitFor(citizen.client()::closed, "the citizen's socket to drop with node B");
    // While the citizen is away the manager (on A) goes on writing.
    for (int i = 1; i <= 5; i++) {
      say(manager, conversation, "Mentre eri via " + i);
    }

    // The widget reconnects through the load balancer, now to A, and resumes after what it holds.
    Map<Long, JsonObject> held = bySeq(citizen.events(conversation));
    Person back = onA.connect(citizen.username(), citizen.subject(), citizen.token());
    JsonObject page = back.ask(ChatAddresses.RESUME, new JsonObject().put("conversationId", conversation)
        .put("after", contiguous(held)));
    assertTrue(page.getBoolean("complete"));
    page.getJsonArray("events").forEach(e -> held.merge(((JsonObject) e).getLong("seq"), (JsonObject) e, (x, y) -> x));
    assertEquals(LongStream.rangeClosed(1, 9).boxed().toList(), List.copyOf(held.keySet()), "started, accepted, 7 messages");
    assertEquals(List.of("Prima del guasto", "Ricevuto", "Mentre eri via 1", "Mentre eri via 2", "Mentre eri via 3",
        "Mentre eri via 4", "Mentre eri via 5"), held.values().stream().filter(e -> "message".equals(e.getString("kind")))
        .map(e -> e.getJsonObject("body").getString("text")).toList());

    // And the conversation goes on live from the new node.
    say(back, conversation, "Eccomi di nuovo");
    waitFor(() -> manager.events(conversation).stream().anyMatch(e -> e.encode().contains("Eccomi di nuovo")), "live again");
    say(manager, conversation, "Bentornato");
    waitFor(() -> back.events(conversation).stream().anyMatch(e -> e.encode().contains("Bentornato")), "live to the citizen");
    assertEachOnceWithoutGap(back.events(conversation).stream().filter(e -> e.getLong("seq") > 9).toList(), 2);
  }

  @Test
  @Order(6)
  void killingTheOwnerHandsCallsToAnotherNodeWithinSecondsWithNoCallLostOrOfferedTwice() {
    Node c = cluster.start("C");
    assertTrue(a.app().module(coop.sportello.calls.CallModule.class).ownsDistribution());
    assertFalse(c.app().module(coop.sportello.calls.CallModule.class).ownsDistribution());
    CallCenterFixture onA = new CallCenterFixture(a.vertx(), a.app().pool(), a.http(), a.port(), "failover.a");
    CallCenterFixture onC = new CallCenterFixture(c.vertx(), c.app().pool(), c.http(), c.port(), "failover.c");
    onC.queue("failover", "longest_idle", new JsonObject());
    CallCenterFixture.Operator op = onC.operator("failover.operatore", "failover");
    op.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject());
    String talking = CallCenterFixture.callId();
    String second = CallCenterFixture.callId();
    String third = CallCenterFixture.callId();
    onC.arrive(talking, "failover", "+393470000201");
    waitFor(() -> !onA.commands("route", talking).isEmpty(), "the first offer");
    onC.event("call.answered", talking, new JsonObject().put("operator", op.subject()));
    assertEquals(1, onC.arrive(second, "failover", "+393470000202").getInteger("position"));
    assertEquals(2, onC.arrive(third, "failover", "+393470000203").getInteger("position"));

    long killed = System.nanoTime();
    cluster.kill(a);
    // The PBX's next webhook reaches C at once: C waits for the new owner instead of answering 503.
    HttpResponse<Buffer> right = onC.pbx(new JsonObject().put("eventId", UUID.randomUUID().toString())
        .put("type", "call.callback-requested").put("callId", third).put("number", "+393470000203"));
    double answeredAfter = (System.nanoTime() - killed) / 1e9;
    assertEquals(200, right.statusCode(), right.bodyAsString());
    assertTrue(c.app().module(coop.sportello.calls.CallModule.class).ownsDistribution());
    assertTrue(answeredAfter < 5, "the webhook right after the kill was answered after " + answeredAfter + " s");

    // Every call in flight survived: the same places, the call in progress.
    List<JsonObject> live = await(c.http().get("/api/v1/calls/live", onC.supervisorToken())).bodyAsJsonObject()
        .getJsonArray("items").stream().map(JsonObject.class::cast).filter(j -> "failover".equals(j.getString("queue")))
        .toList();
    assertEquals(List.of(talking, second, third), live.stream().map(j -> j.getString("callId")).toList());
    assertEquals("on_call", live.get(0).getString("status"));
    assertEquals(1, live.get(1).getInteger("position"));
    assertEquals(2, live.get(2).getInteger("position"));

    // The call in progress ends: C offers the next caller, once; nobody else ever offered it.
    onC.event("call.ended", talking, new JsonObject());
    waitFor(() -> !onC.commands("route", second).isEmpty(), "node C to offer the next caller");
    holdsFor(Duration.ofMillis(500), () -> onC.commands("route", second).size() == 1, "no second offer");
    assertEquals(1, onC.commands("route", second).size());
    assertTrue(onA.commands("route", second).isEmpty(), "the dead owner never offered it");
    assertEquals(1, onA.commands("route", talking).size() + onC.commands("route", talking).size(), "the first call offered once");
    assertEquals(1, op.offers().stream().filter(o -> second.equals(o.getJsonObject("call").getString("callId"))).count());
  }

  private static JsonObject say(Person who, String conversation, String text) {
    return who.ask(ChatAddresses.SEND, new JsonObject().put("conversationId", conversation).put("clientId", id()).put("text", text));
  }

  private static Map<Long, JsonObject> bySeq(List<JsonObject> events) {
    return events.stream().collect(Collectors.toMap(e -> e.getLong("seq"), e -> e, (x, y) -> x, TreeMap::new));
  }

  private static long contiguous(Map<Long, JsonObject> held) {
    long last = 0;
    while (held.containsKey(last + 1)) {
      last++;
    }
    return last;
  }

  /**
   * Received live: each event once and no gap, in seq order as clients show them. Arrival order is
   * not promised across nodes (an answer published on the other node may arrive after the next
   * local message: docs/CHAT-PROTOCOL.md), as for the manager's view above.
   */
  private static void assertEachOnceWithoutGap(List<JsonObject> events, int expected) {
    List<Long> arrived = events.stream().map(e -> e.getLong("seq")).toList();
    List<Long> seqs = arrived.stream().sorted().toList();
    assertEquals(expected, seqs.size(), "events received: " + arrived);
    for (int i = 1; i < seqs.size(); i++) {
      assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "no gap, none twice: " + arrived);
    }
  }
}
