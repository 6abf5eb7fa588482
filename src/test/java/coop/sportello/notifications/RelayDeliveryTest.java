package coop.sportello.notifications;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import coop.sportello.testing.TestSmtp;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay against servers that fail: an SMS gateway (a real HTTP server in the test) that answers
 * 503 and then 200, one that refuses, a mail server that is down; retries with backoff, dead letters
 * with their reason on the supervisor's API, and resending.
 */
class RelayDeliveryTest extends AppTestBase {

  private static final String SECRET = "segreto-del-gateway-sms";
  private final TestSmtp smtp = new TestSmtp();
  private HttpServer gateway;
  /** What each address should be answered with, in turn; 200 once the list runs out. */
  private final Map<String, List<Integer>> script = new ConcurrentHashMap<>();
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger gatewayPort = new AtomicInteger();

  @Override
  protected JsonObject overrides() {
    gateway = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      JsonObject sms = body.toJsonObject();
      String signature = req.getHeader("Sportello-Signature");
      String t = signature.replaceAll("^t=([0-9]+),.*$", "$1");
      boolean signed = signature.equals(coop.sportello.calls.PbxSignature.sign(SECRET, Long.parseLong(t), body.getBytes()))
          && ("Bearer chiave-api").equals(req.getHeader("Authorization"))
          && sms.getString("id").equals(req.getHeader("Sportello-Delivery"));
      received.add(sms.copy().put("signed", signed));
      List<Integer> answers = script.getOrDefault(sms.getString("to"), List.of());
      int n = (int) received.stream().filter(r -> r.getString("to").equals(sms.getString("to"))).count();
      int status = n <= answers.size() ? answers.get(n - 1) : 200;
      req.response().setStatusCode(status).end(status == 200 ? "{\"accepted\":true}" : "{\"error\":\"prova\"}");
    }));
    gatewayPort.set(await(gateway.listen(0, "127.0.0.1")).actualPort());
    return new JsonObject().put("notifications", smtp.notificationsConfig("https://sportello.test")
        .put("retryBaseSeconds", 1).put("retryCapSeconds", 2).put("maxAttempts", 3)
        .put("sms", new JsonObject().put("url", "http://127.0.0.1:" + gatewayPort.get() + "/sms").put("apiKey", "chiave-api")
            .put("signingSecret", SECRET).put("sender", "Sportello")));
  }

  private String supervisor;

  @BeforeAll
  void setUp() {
    await(TestAccounts.create(vertx, app.pool(), "supervisore.avvisi", "supervisor"));
    await(TestAccounts.create(vertx, app.pool(), "cittadino.avvisi", "citizen"));
    supervisor = await(http.accessToken("supervisore.avvisi"));
  }

  @AfterAll
  void stopServers() {
    smtp.close();
    gateway.close();
  }

  private UUID queue(String channel, String address, JsonObject content) {
    return await(app.pool().preparedQuery("""
            INSERT INTO notification_messages (kind, channel, address, language, content)
            VALUES ('booking.confirmed', $1, $2, 'it', $3) RETURNING id""")
        .execute(Tuple.of(channel, address, content))).iterator().next().getUUID(0);
  }

  private Row message(UUID id) {
    return await(app.pool().preparedQuery("SELECT * FROM notification_messages WHERE id = $1").execute(Tuple.of(id)))
        .iterator().next();
  }

  @Test
  void anSmsIsASignedPostToTheGatewayRetriedAfterA503() {
    script.put("+393470000001", List.of(503));
    UUID id = queue("sms", "+393470000001", new JsonObject().put("sms", "Sportello: prenotazione ACDEFGHJ confermata"));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "sent".equals(message(id).getString("status")));
    List<JsonObject> tries = received.stream().filter(r -> r.getString("to").equals("+393470000001")).toList();
    assertEquals(2, tries.size(), "one 503, then accepted");
    assertTrue(tries.stream().allMatch(r -> r.getBoolean("signed")), "signed with the shared secret, with the API key");
    assertTrue(tries.stream().allMatch(r -> r.getString("id").equals(id.toString())), "the same delivery id each time");
    assertEquals("Sportello: prenotazione ACDEFGHJ confermata", tries.get(0).getString("text"));
    Row sent = message(id);
    assertEquals(2, sent.getInteger("attempts"));
    assertEquals(200, sent.getJsonObject("last_response").getInteger("status"));
  }

  @Test
  void aGatewayThatRefusesMakesADeadLetterAtOnceWithItsReasonForTheSupervisor() {
    script.put("+393470000002", List.of(400));
    UUID id = queue("sms", "+393470000002", new JsonObject().put("sms", "Sportello: prova"));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "dead".equals(message(id).getString("status")));
    assertEquals(1, message(id).getInteger("attempts"), "a refusal is not retried");

    JsonObject dead = await(http.get("/api/v1/notifications/messages?status=dead", supervisor)).bodyAsJsonObject();
    JsonObject shown = dead.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(m -> m.getString("id").equals(id.toString())).findFirst().orElseThrow();
    assertEquals("HTTP 400", shown.getString("lastError"));
    assertEquals("***002", shown.getString("to"), "the number is masked");
    assertFalse(shown.containsKey("content"), "the words are not shown");
    assertEquals(403, await(http.get("/api/v1/notifications/messages?status=dead", await(http.accessToken("cittadino.avvisi"))))
        .statusCode(), "only supervisors see the relay");

    script.put("+393470000002", List.of(400));  // its first answer was the 400; the next is accepted
    var resent = await(http.post("/api/v1/notifications/messages/" + id + "/resend", supervisor, new JsonObject()));
    assertEquals(200, resent.statusCode(), resent.bodyAsString());
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "sent".equals(message(id).getString("status")));
    var again = await(http.post("/api/v1/notifications/messages/" + id + "/resend", supervisor, new JsonObject()));
    assertEquals(409, again.statusCode(), "a sent message is never resent");
  }

  @Test
  void aMailServerThatIsDownIsRetriedWithBackoffThenTheMessageIsDead() {
    // An address on a port where nothing listens: every attempt fails to connect.
    UUID id = queue("email", "nessuno@cittadini.example.org", new JsonObject().put("subject", "Prova").put("text", "Prova")
        .put("html", "<p>Prova</p>"));
    smtp.server().stop();
    try {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "dead".equals(message(id).getString("status")));
    } finally {
      smtp.server().start();
    }
    Row dead = message(id);
    assertEquals(3, dead.getInteger("attempts"), "maxAttempts");
    assertNotNull(dead.getString("last_error"));
    JsonObject summary = await(http.get("/api/v1/notifications/summary", supervisor)).bodyAsJsonObject();
    assertTrue(summary.getJsonObject("channels").getJsonObject("email").getLong("dead") >= 1, summary.encode());
  }

  @Test
  void preferencesAreValidatedAndSaved() {
    String citizen = await(http.accessToken("cittadino.avvisi"));
    var noPhone = await(http.put("/api/v1/me/notification-preferences", citizen, new JsonObject()
        .put("channels", new io.vertx.core.json.JsonArray().add("sms")).put("optionalMuted", false).put("language", "it")));
    assertEquals(422, noPhone.statusCode(), noPhone.bodyAsString());
    assertEquals("application/problem+json", noPhone.getHeader("Content-Type"));
    var halfQuiet = await(http.put("/api/v1/me/notification-preferences", citizen, new JsonObject()
        .put("channels", new io.vertx.core.json.JsonArray()).put("quietFrom", "22:00").put("optionalMuted", false).put("language", "it")));
    assertEquals(400, halfQuiet.statusCode());
    var nul = await(http.put("/api/v1/me/notification-preferences", citizen, new JsonObject()
        .put("channels", new io.vertx.core.json.JsonArray()).put("quietFrom", "22:00\u0000").put("quietUntil", "07:00")
        .put("optionalMuted", false).put("language", "it")));
    assertTrue(nul.statusCode() == 400 || nul.statusCode() == 422, nul.statusCode() + " " + nul.bodyAsString());
    var saved = await(http.put("/api/v1/me/notification-preferences", citizen, new JsonObject()
        .put("channels", new io.vertx.core.json.JsonArray()).put("quietFrom", "22:00").put("quietUntil", "07:00")
        .put("optionalMuted", true).put("language", "en")));
    assertEquals(200, saved.statusCode(), saved.bodyAsString());
    JsonObject read = await(http.get("/api/v1/me/notification-preferences", citizen)).bodyAsJsonObject();
    assertEquals("22:00", read.getString("quietFrom"));
    assertEquals("en", read.getString("language"));
    assertTrue(read.getJsonArray("channels").isEmpty());
  }
  private UUID stored(String status, int daysAgo) {
    return await(app.pool().preparedQuery("""
            INSERT INTO notification_messages (kind, channel, address, language, content, status, sent_at, next_attempt_at, created_at)
            VALUES ('booking.confirmed', 'email', 'archivio@cittadini.example.org', 'it', '{}', $1,
                    CASE WHEN $1 = 'sent' THEN now() END, now() + interval '1 day', now() - make_interval(days => $2))
            RETURNING id""").execute(Tuple.of(status, daysAgo))).iterator().next().getUUID(0);
  }

  @Test
  void sentAndDeadMessagesArePurgedAfterTheRetentionPeriodButWaitingOnesStay() {
    // Written straight in their final states, so the running relay never touches them.
    UUID oldSent = stored("sent", 100);
    UUID oldWaiting = stored("failed", 100);
    UUID recentSent = stored("sent", 0);
    await(new NotificationRepository(app.pool()).purge(Duration.ofDays(90), 1000));
    List<UUID> left = await(app.pool().preparedQuery("SELECT id FROM notification_messages WHERE id = ANY($1)")
        .execute(Tuple.of((Object) new UUID[] {oldSent, oldWaiting, recentSent}))).stream().map(r -> r.getUUID(0)).toList();
    assertEquals(Set.of(oldWaiting, recentSent), Set.copyOf(left));
  }
}
