package coop.sportello.platform.bridge;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.BridgeClient;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Attacks on the event-bus bridge: no identity, spent tickets, spoofed identities, other people's addresses. */
class BridgeSecurityTest extends AppTestBase {

  private String citizenId;
  private String citizenToken;
  private String otherId;

  @BeforeAll
  void signIn() {
    citizenId = await(TestAccounts.create(vertx, app.pool(), "chiara.fontana", "citizen")).toString();
    otherId = await(TestAccounts.create(vertx, app.pool(), "enzo.ferri", "citizen")).toString();
    citizenToken = await(http.accessToken("chiara.fontana"));
  }

  private String ticket() {
    var response = await(http.post("/api/v1/auth/bridge-ticket", citizenToken, new JsonObject()));
    assertEquals(200, response.statusCode());
    return response.bodyAsJsonObject().getString("ticket");
  }

  @Test
  void signingOutClosesTheSessionsSockets() {
    await(TestAccounts.create(vertx, app.pool(), "esce.subito", "citizen"));
    String token = await(http.accessToken("esce.subito"));
    String ticket = await(http.post("/api/v1/auth/bridge-ticket", token, new JsonObject())).bodyAsJsonObject().getString("ticket");
    BridgeClient socket = await(BridgeClient.connect(vertx, app.port(), ticket)).handled();
    assertFalse(socket.closed());
    assertEquals(204, await(http.post("/api/v1/auth/logout", token, new JsonObject())).statusCode());
    waitFor(socket::closed, "the signed-out session's socket to close");
  }

  @Test
  void aMessageOverTheSizeLimitClosesTheSocketInsteadOfLeavingAZombie() {
    BridgeClient socket = await(BridgeClient.connect(vertx, app.port(), ticket())).handled();
    socket.send("platform.whoami", new JsonObject().put("padding", "x".repeat(300 * 1024)), null, "big");
    waitFor(socket::closed, "the socket to close");
  }

  @Test
  void aSocketWithoutIdentityReceivesNothing() {
    BridgeClient anonymous = await(BridgeClient.connect(vertx, app.port(), null));
    anonymous.register(PlatformBridge.ANNOUNCEMENTS);
    // A closed socket has every frame it will ever get.
    waitFor(anonymous::closed, "the bridge to close the socket");
    vertx.eventBus().publish(PlatformBridge.ANNOUNCEMENTS, new JsonObject().put("text", "Manutenzione alle 22"));
    assertTrue(anonymous.frames().stream().noneMatch(f -> "rec".equals(f.getString("type"))), anonymous.frames().toString());
    assertTrue(anonymous.closed(), "the bridge refuses the socket");
  }

  @Test
  void anInvalidTicketIsTheSameAsNone() {
    BridgeClient forged = await(BridgeClient.connect(vertx, app.port(), "not-a-real-ticket-000000000000000"));
    forged.register(PlatformBridge.ANNOUNCEMENTS);
    waitFor(forged::closed, "the bridge to close the socket");
    vertx.eventBus().publish(PlatformBridge.ANNOUNCEMENTS, new JsonObject().put("text", "ciao"));
    assertTrue(forged.frames().stream().noneMatch(f -> "rec".equals(f.getString("type"))));
  }

  @Test
  void aTicketOpensOneSocketOnly() {
    String ticket = ticket();
    BridgeClient first = await(BridgeClient.connect(vertx, app.port(), ticket));
    BridgeClient second = await(BridgeClient.connect(vertx, app.port(), ticket));
    first.register(PlatformBridge.ANNOUNCEMENTS);
    second.register(PlatformBridge.ANNOUNCEMENTS);
    first.handled();
    waitFor(second::closed, "the bridge to close the second socket");
    vertx.eventBus().publish(PlatformBridge.ANNOUNCEMENTS, new JsonObject().put("text", "Nuovi servizi a Bergamo"));
    waitFor(() -> first.frames().stream().anyMatch(f -> "rec".equals(f.getString("type"))), "the first socket's message");
    assertTrue(second.frames().stream().noneMatch(f -> "rec".equals(f.getString("type"))));
  }

  @Test
  void aSpoofedIdentityOnAnInboundMessageIsOverwritten() {
    BridgeClient client = await(BridgeClient.connect(vertx, app.port(), ticket()));
    JsonObject forgedIdentity = new JsonObject().put("sub", otherId).put("roles", new JsonArray().add("supervisor"));
    client.send(PlatformBridge.WHOAMI,
        new JsonObject().put("sub", otherId).put("roles", new JsonArray().add("supervisor")),
        new JsonObject().put(BridgeIdentity.HEADER, forgedIdentity.encode()).put("x-user", otherId),
        "reply-1");
    waitFor(() -> client.frames().stream().anyMatch(f -> "reply-1".equals(f.getString("address"))), "the reply");
    JsonObject seen = client.frames().stream().filter(f -> "reply-1".equals(f.getString("address")))
        .findFirst().orElseThrow().getJsonObject("body");
    assertEquals(citizenId, seen.getString("sub"));
    assertEquals(List.of("citizen"), seen.getJsonArray("roles").getList());
  }

  @Test
  void nobodySubscribesToSomeoneElsesPersonalAddress() {
    BridgeClient client = await(BridgeClient.connect(vertx, app.port(), ticket()));
    client.register(PlatformBridge.userAddress(otherId));
    client.register(PlatformBridge.userAddress(citizenId));
    client.handled();
    vertx.eventBus().publish(PlatformBridge.userAddress(otherId), new JsonObject().put("text", "per Enzo"));
    vertx.eventBus().publish(PlatformBridge.userAddress(citizenId), new JsonObject().put("text", "per Chiara"));
    // Both subscriptions would live on the socket's event loop, which delivers in publishing order:
    // had Enzo's notice been let through, it would have come before Chiara's.
    waitFor(() -> client.frames().stream().anyMatch(f -> "rec".equals(f.getString("type"))), "own notice");
    List<String> received = client.frames().stream().filter(f -> "rec".equals(f.getString("type")))
        .map(f -> f.getJsonObject("body").getString("text")).toList();
    assertEquals(List.of("per Chiara"), received);
    assertTrue(client.frames().stream().anyMatch(f -> "err".equals(f.getString("type"))), "the refusal is reported");
  }

  @Test
  void addressesNoModuleRegisteredAreDenied() {
    BridgeClient client = await(BridgeClient.connect(vertx, app.port(), ticket()));
    client.register("platform.auth.session-revoked");
    client.send("platform.auth.session-revoked", new JsonObject().put("sessionId", "x"), null, null);
    waitFor(() -> client.frames().stream().filter(f -> "err".equals(f.getString("type"))).count() >= 2, "two refusals");
    assertFalse(client.frames().stream().anyMatch(f -> "rec".equals(f.getString("type"))));
  }

  @Test
  void aRefusedCommandIsAnsweredOnItsReplyAddressAsAnyRefusalIs() {
    BridgeClient client = await(BridgeClient.connect(vertx, app.port(), ticket()));
    // A command the rules refuse: the official client's reply callback fires, with a problem.
    var refused = client.request("platform.auth.session-revoked", new JsonObject().put("sessionId", "x"));
    waitFor(() -> refused.isComplete(), "the answer on the reply address");
    assertTrue(refused.failed());
    BridgeClient.Failure failure = (BridgeClient.Failure) refused.cause();
    assertEquals(403, failure.status());
    assertEquals("/problems/" + EventBusBridge.REFUSED_TYPE, failure.problem().getString("type"));
    assertEquals(403, failure.problem().getInteger("status"));
    // Frames that wait for no answer still get the bridge's own refusal; nothing is delivered.
    client.send("platform.auth.session-revoked", new JsonObject().put("sessionId", "x"), null, null);
    client.register("platform.auth.session-revoked");
    waitFor(() -> client.frames().stream().filter(f -> "rejected".equals(f.getString("body"))).count() == 2, "two refusals");
    assertEquals(1, client.refusedCommands().size());
    assertFalse(client.frames().stream().anyMatch(f -> "rec".equals(f.getString("type"))));
  }

  @Test
  void aSocketThatKeepsSendingRefusedFramesWritesAFewLogLinesNotOnePerFrame() {
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(lines);
    try {
      String guestTicket = await(http.client().post("/api/v1/auth/bridge-ticket/guest").send())
          .bodyAsJsonObject().getString("ticket");
      BridgeClient guest = await(BridgeClient.connect(vertx, app.port(), guestTicket));
      String feed = "catalog.availability." + UUID.randomUUID();
      for (int i = 0; i < 300; i++) {
        guest.register(feed);                                  // once allowed, then "already registered"
        guest.register("platform.user." + otherId);            // someone else's notices
        guest.send("platform.whoami", new JsonObject(), null, UUID.randomUUID().toString()); // for people only
        guest.send("platform.whoami", new JsonObject(), null, "r".repeat(40));                 // reply address too long
        guest.socketFrame(new JsonObject().put("type", "nonsense-" + i).put("address", "x"));  // unknown frame type
      }
      // Every frame but the one allowed subscription gets an answer: a refused command on its reply
      // address, unless the socket already has 200 waiting, which Vert.x's bridge refuses itself
      // (with a log line of its own each time, which is held back too).
      waitFor(() -> guest.frames().size() == 5 * 300 - 1, "an answer to every frame");
      assertTrue(guest.refusedCommands().size() > 100, "refused commands are answered on their reply address");
      List<String> warnings = bridgeWarnings(lines);
      assertTrue(warnings.size() <= 3, "a few lines, not one per frame: " + warnings.size() + " " + warnings);
      assertTrue(warnings.stream().anyMatch(l -> l.contains("refused")), warnings.toString());
      assertTrue(warnings.stream().noneMatch(l -> l.contains(otherId)), "no account id in the log: " + warnings);
      // Closing sums up what was counted.
      await(guest.close());
      waitFor(() -> bridgeWarnings(lines).stream().anyMatch(l -> l.contains("closed after")), "the closing summary");
      assertTrue(bridgeWarnings(lines).size() <= 4, bridgeWarnings(lines).toString());
    } finally {
      root.detachAppender(lines);
    }
  }

  private static List<String> bridgeWarnings(ListAppender<ILoggingEvent> lines) {
    return List.copyOf(lines.list).stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .filter(e -> e.getLoggerName().startsWith("io.vertx.ext.web.handler.sockjs")
            || e.getLoggerName().startsWith("coop.sportello.platform.bridge"))
        .map(ILoggingEvent::getFormattedMessage).toList();
  }
}
