package coop.sportello.notifications;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import coop.sportello.testing.Waits;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outbound webhooks end to end: a cooperative subscribes, a booking of its service is confirmed,
 * and a receiver started here gets the signed POST; retries with backoff, refusals, the delivery
 * log, and each organisation held to its own subscriptions.
 */
class WebhookTest extends AppTestBase {

  private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(6);

  private final Receiver receiver = new Receiver();
  private String adminA;
  private String adminB;
  private String hr;
  private String citizen;
  private List<String> slotsA;
  private List<String> slotsB;
  private int nextSlot;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("notifications", new JsonObject().put("planMillis", 50).put("sendMillis", 50)
        .put("retryBaseSeconds", 2).put("retryCapSeconds", 16)
        .put("webhooks", new JsonObject().put("allowInsecure", true)));
  }

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.a", "provider_admin"));
    UUID providerB = await(app.pool().query("""
        INSERT INTO providers (name, vat_number, municipality) VALUES ('Cooperativa seconda', '11111111111', '016024')
        RETURNING id""").execute()).iterator().next().getUUID(0);
    UUID b = await(TestAccounts.create(vertx, app.pool(), "admin.b", "provider_admin"));
    await(app.pool().preparedQuery("UPDATE accounts SET provider_id = $2 WHERE id = $1").execute(Tuple.of(b, providerB)));
    await(TestAccounts.create(vertx, app.pool(), "hr.azienda", "hr_admin"));
    await(TestAccounts.create(vertx, app.pool(), "mario.rossi", "citizen"));
    adminA = await(http.accessToken("admin.a"));
    adminB = await(http.accessToken("admin.b"));
    hr = await(http.accessToken("hr.azienda"));
    citizen = await(http.accessToken("mario.rossi"));
    slotsA = serviceOf(adminA, "Centro diurno");
    slotsB = serviceOf(adminB, "Doposcuola");
    receiver.start();
  }

  @AfterAll
  void stopReceiver() {
    receiver.stop();
  }

  // ---------------------------------------------------------------- delivery

  @Test
  void aConfirmedBookingOfTheCooperativesServiceReachesItsReceiverSignedAndWithoutThePerson() throws Exception {
    JsonObject created = subscribe(adminA, "/hooks/signed", "booking.confirmed");
    String secret = created.getString("secret");
    assertTrue(secret.startsWith("whsec_") && secret.length() > 40, secret);

    JsonObject booking = confirmedBooking(slotsA);
    Receiver.Got got = receiver.awaitOne("/hooks/signed", booking.getString("id"));

    assertEquals("application/json", got.headers().get("Content-Type"));
    assertEquals("booking.confirmed", got.headers().get("Sportello-Event"));
    JsonObject body = new JsonObject(got.body());
    assertEquals(got.headers().get("Sportello-Delivery"), body.getString("id"), "the delivery id is the event's id");
    assertEquals("booking.confirmed", body.getString("type"));
    assertNotNull(body.getString("createdAt"));
    JsonObject sent = body.getJsonObject("data").getJsonObject("booking");
    assertEquals(Set.of("id", "code", "serviceId", "resourceId", "start", "end", "places", "status"), sent.fieldNames(),
        "the booking's facts, nothing about its person: " + sent);
    assertEquals(booking.getString("code"), sent.getString("code"));
    assertEquals(booking.getString("start"), sent.getString("start"));
    assertEquals("confirmed", sent.getString("status"));

    // The receiver's check, written here from the documented scheme, not with the sender's code.
    String signature = got.headers().get("Sportello-Signature");
    assertTrue(verifies(secret, signature, got.body()), signature);
    assertFalse(verifies(secret, signature, got.body().replace("\"confirmed\"", "\"cancelled\"")), "a tampered body fails");
    assertFalse(verifies("whsec_" + "x".repeat(43), signature, got.body()), "another secret fails");
    long t = Long.parseLong(signature.substring(2, signature.indexOf(',')));
    assertTrue(Math.abs(System.currentTimeMillis() / 1000 - t) < 300, "signed now: " + t);

    JsonObject log = deliveries(adminA, created.getString("id"));
    JsonObject delivery = log.getJsonArray("items").getJsonObject(0);
    assertEquals(body.getString("id"), delivery.getString("id"));
    assertEquals("sent", delivery.getString("status"));
    assertEquals(1, delivery.getInteger("attempts"));
    assertEquals(200, delivery.getJsonObject("lastResponse").getInteger("status"));
    assertNotNull(delivery.getString("sentAt"));
    assertFalse(log.getJsonObject("subscription").containsKey("secret"));
    JsonArray listed = await(http.get("/api/v1/webhooks/subscriptions", adminA)).bodyAsJsonObject().getJsonArray("items");
    assertTrue(listed.stream().noneMatch(s -> ((JsonObject) s).containsKey("secret")), "the secret is shown once: " + listed);
  }

  @Test
  void aReceiverThatFailsTwiceGetsTheEventOnTheThirdAttemptAfterBackingOff() {
    JsonObject created = subscribe(adminA, "/hooks/flaky", "booking.cancelled");
    receiver.answer("/hooks/flaky", 500, 500, 200);
    JsonObject booking = confirmedBooking(slotsA);
    assertEquals(200, post(citizen, "/api/v1/bookings/" + booking.getString("id") + "/cancel", new JsonObject()).statusCode());

    Waits.eventually("two refusals").until(() -> receiver.got("/hooks/flaky", booking.getString("id")).size() == 2);
    Waits.eventually("the log shows the 500").until(() -> {
      JsonObject d = deliveries(adminA, created.getString("id")).getJsonArray("items").getJsonObject(0);
      return "failed".equals(d.getString("status")) && d.getInteger("attempts") == 2 && "HTTP 500".equals(d.getString("lastError"))
          && d.getJsonObject("lastResponse").getInteger("status") == 500 && d.getString("nextAttemptAt") != null;
    });
    // Four seconds between the second attempt and the third: time to read the log in between.
    Waits.eventually("the third attempt").until(() -> receiver.got("/hooks/flaky", booking.getString("id")).size() == 3);

    List<Receiver.Got> attempts = receiver.got("/hooks/flaky", booking.getString("id"));
    assertEquals(1, attempts.stream().map(g -> g.headers().get("Sportello-Delivery")).distinct().count(),
        "a retry is the same delivery");
    long firstWait = attempts.get(1).atMillis() - attempts.get(0).atMillis();
    long secondWait = attempts.get(2).atMillis() - attempts.get(1).atMillis();
    assertTrue(firstWait >= 1950, "two seconds after the first failure (retryBaseSeconds 2): " + firstWait);
    assertTrue(secondWait >= 3950, "twice that after the second: " + secondWait);
    Waits.eventually("sent on the third").until(() -> {
      JsonObject d = deliveries(adminA, created.getString("id")).getJsonArray("items").getJsonObject(0);
      return "sent".equals(d.getString("status")) && d.getInteger("attempts") == 3
          && d.getJsonObject("lastResponse").getInteger("status") == 200;
    });
  }

  @Test
  void aReceiverThatAnswersGoneOrBadRequestGetsNoRetryAndTheLogSaysWhy() {
    JsonObject gone = subscribe(adminA, "/hooks/gone", "booking.confirmed");
    receiver.answer("/hooks/gone", 410);
    JsonObject booking = confirmedBooking(slotsA);
    JsonObject dead = awaitDelivery(adminA, gone.getString("id"), "dead");
    assertEquals(1, dead.getInteger("attempts"));
    assertEquals("HTTP 410", dead.getString("lastError"));
    assertEquals(410, dead.getJsonObject("lastResponse").getInteger("status"));
    assertEquals("answer 410", dead.getJsonObject("lastResponse").getString("body"));
    assertEquals(1, receiver.got("/hooks/gone", booking.getString("id")).size());

    // The test event, to a receiver that refuses it.
    JsonObject bad = subscribe(adminA, "/hooks/bad", "booking.held");
    receiver.answer("/hooks/bad", 400);
    HttpResponse<Buffer> test = post(adminA, "/api/v1/webhooks/subscriptions/" + bad.getString("id") + "/test", new JsonObject());
    assertEquals(202, test.statusCode(), test.bodyAsString());
    String deliveryId = test.bodyAsJsonObject().getString("deliveryId");
    JsonObject refused = awaitDelivery(adminA, bad.getString("id"), "dead");
    assertEquals(deliveryId, refused.getString("id"));
    assertEquals("webhook.test", refused.getString("type"));
    assertEquals("HTTP 400", refused.getString("lastError"));
    List<Receiver.Got> tests = receiver.got("/hooks/bad", bad.getString("id"));
    assertEquals(1, tests.size());
    assertEquals("webhook.test", new JsonObject(tests.get(0).body()).getString("type"));
  }

  @Test
  void anotherCooperativesBookingsNeverReachThisSubscription() {
    JsonObject ours = subscribe(adminA, "/hooks/ours", "booking.confirmed");
    subscribe(adminB, "/hooks/theirs", "booking.confirmed");
    JsonObject theirBooking = confirmedBooking(slotsB);
    JsonObject ourBooking = confirmedBooking(slotsA);

    receiver.awaitOne("/hooks/theirs", theirBooking.getString("id"));
    receiver.awaitOne("/hooks/ours", ourBooking.getString("id"));
    // Both outbox rows are planned (each in one transaction with all its webhooks): nothing else was written.
    assertEquals(List.of(), receiver.got("/hooks/ours", theirBooking.getString("id")));
    assertEquals(List.of(), receiver.got("/hooks/theirs", ourBooking.getString("id")));
    assertEquals(0L, count("SELECT count(*) FROM notification_messages WHERE channel = 'webhook' AND address = $1 "
        + "AND content -> 'data' -> 'booking' ->> 'id' = $2", ours.getString("id"), theirBooking.getString("id")));
  }

  @Test
  void aDisabledSubscriptionGetsNothingNewAndItsWaitingDeliveriesDie() {
    JsonObject paused = subscribe(adminA, "/hooks/paused", "booking.confirmed");
    JsonObject witness = subscribe(adminA, "/hooks/witness", "booking.confirmed");
    HttpResponse<Buffer> disabled = post(adminA, "/api/v1/webhooks/subscriptions/" + paused.getString("id") + "/disable", new JsonObject());
    assertEquals(200, disabled.statusCode(), disabled.bodyAsString());
    assertNotNull(disabled.bodyAsJsonObject().getString("disabledAt"));

    JsonObject booking = confirmedBooking(slotsA);
    receiver.awaitOne("/hooks/witness", booking.getString("id"));
    assertEquals(0L, count("SELECT count(*) FROM notification_messages WHERE address = $1", paused.getString("id")));
    assertEquals(409, post(adminA, "/api/v1/webhooks/subscriptions/" + paused.getString("id") + "/test", new JsonObject()).statusCode());

    // A delivery planned before the subscription was disabled is not sent after.
    await(app.pool().preparedQuery("""
        INSERT INTO notification_messages (kind, channel, address, language, content)
        VALUES ('booking.confirmed', 'webhook', $1, 'it', '{"type":"booking.confirmed","data":{}}')""")
        .execute(Tuple.of(paused.getString("id"))));
    JsonObject dead = awaitDelivery(adminA, paused.getString("id"), "dead");
    assertEquals("subscription disabled", dead.getString("lastError"));
    assertEquals(List.of(), receiver.got("/hooks/paused", null));

    HttpResponse<Buffer> enabled = post(adminA, "/api/v1/webhooks/subscriptions/" + paused.getString("id") + "/enable", new JsonObject());
    assertEquals(200, enabled.statusCode(), enabled.bodyAsString());
    assertNull(enabled.bodyAsJsonObject().getString("disabledAt"));
    JsonObject later = confirmedBooking(slotsA);
    receiver.awaitOne("/hooks/paused", later.getString("id"));
    disable(witness);
    disable(paused);
  }

  // ---------------------------------------------------------------- who may do what

  @Test
  void aCooperativeCannotTellAnothersSubscriptionFromOneThatDoesNotExist() {
    JsonObject theirs = subscribe(adminB, "/hooks/private", "booking.cancelled");
    String path = "/api/v1/webhooks/subscriptions/" + theirs.getString("id");
    String unknown = "/api/v1/webhooks/subscriptions/" + UUID.randomUUID();
    for (String suffix : List.of("/deliveries")) {
      assertSameNotFound(await(http.get(path + suffix, adminA)), await(http.get(unknown + suffix, adminA)));
    }
    for (String suffix : List.of("/disable", "/enable", "/test")) {
      assertSameNotFound(post(adminA, path + suffix, new JsonObject()), post(adminA, unknown + suffix, new JsonObject()));
    }
    JsonArray ours = await(http.get("/api/v1/webhooks/subscriptions", adminA)).bodyAsJsonObject().getJsonArray("items");
    assertTrue(ours.stream().noneMatch(s -> ((JsonObject) s).getString("id").equals(theirs.getString("id"))));
    assertEquals(200, await(http.get(path + "/deliveries", adminB)).statusCode(), "its own cooperative reads it");
    assertNull(await(http.get(path + "/deliveries", adminB)).bodyAsJsonObject().getJsonObject("subscription").getString("disabledAt"),
        "and the other cooperative's attempts changed nothing");
    disable(theirs, adminB);
  }

  @Test
  void aCompanyIsOfferedNoEventsBecauseEachWouldTellWhatAnEmployeeUsed() {
    JsonObject types = await(http.get("/api/v1/webhooks/event-types", hr)).bodyAsJsonObject();
    assertEquals("company", types.getString("organisation"));
    assertEquals(new JsonArray(), types.getJsonArray("eventTypes"));
    assertTrue(types.getString("detail").contains("aggregati"), types.encode());
    HttpResponse<Buffer> refused = post(hr, "/api/v1/webhooks/subscriptions",
        new JsonObject().put("url", receiver.url("/hooks/hr")).put("eventTypes", new JsonArray().add("booking.confirmed")));
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    assertTrue(refused.bodyAsJsonObject().getString("type").endsWith("event-type-not-offered"), refused.bodyAsString());
    assertEquals(new JsonArray(), await(http.get("/api/v1/webhooks/subscriptions", hr)).bodyAsJsonObject().getJsonArray("items"));
    JsonObject providers = await(http.get("/api/v1/webhooks/event-types", adminA)).bodyAsJsonObject();
    assertEquals("provider", providers.getString("organisation"));
    assertEquals(5, providers.getJsonArray("eventTypes").size());
    assertEquals(403, await(http.get("/api/v1/webhooks/subscriptions", citizen)).statusCode());
  }

  @Test
  void creatingTwiceWithOneKeyIsOneSubscriptionAndTheSameSecret() {
    JsonObject body = new JsonObject().put("url", receiver.url("/hooks/once")).put("eventTypes", new JsonArray().add("booking.held"));
    String key = UUID.randomUUID().toString();
    HttpResponse<Buffer> first = await(http.post("/api/v1/webhooks/subscriptions", adminA, body, key));
    HttpResponse<Buffer> again = await(http.post("/api/v1/webhooks/subscriptions", adminA, body, key));
    assertEquals(201, first.statusCode(), first.bodyAsString());
    assertEquals(first.bodyAsJsonObject(), again.bodyAsJsonObject());
    assertEquals(1L, count("SELECT count(*) FROM webhook_subscriptions WHERE url = $1", receiver.url("/hooks/once")));
    disable(first.bodyAsJsonObject());
  }

  @Test
  void badInputIsAProblemNeverAFailure() {
    Map<JsonObject, Integer> cases = Map.of(
        body("http://example.org/hook", "booking.confirmed"), 422,
        body("https://10.0.0.7/hook", "booking.confirmed"), 422,
        body("https://user:pw@example.org/hook", "booking.confirmed"), 422,
        body("ftp://example.org/hook", "booking.confirmed"), 422,
        body("https://example.org/hook", "booking.reminder"), 422,
        body("https://example.org/hook", "webhook.test"), 422,
        new JsonObject().put("url", "https://example.org/hook").put("eventTypes", new JsonArray()), 422,
        body("https://example.org/ho\u0000ok", "booking.confirmed"), 400,
        body("https://example.org/hook", "booking.confirmed").put("secret", "mine"), 422,
        new JsonObject().put("url", 42).put("eventTypes", "booking.confirmed"), 422);
    cases.forEach((body, status) -> {
      HttpResponse<Buffer> r = post(adminA, "/api/v1/webhooks/subscriptions", body);
      assertEquals(status, r.statusCode(), body.encode() + " -> " + r.bodyAsString());
      assertTrue(r.getHeader("Content-Type").startsWith("application/problem+json"), r.getHeader("Content-Type"));
    });
    HttpResponse<Buffer> url = post(adminA, "/api/v1/webhooks/subscriptions", body("http://example.org/hook", "booking.confirmed"));
    assertTrue(url.bodyAsJsonObject().getString("type").endsWith("webhook-url"), url.bodyAsString());
    HttpResponse<Buffer> noKey = await(http.client().post("/api/v1/webhooks/subscriptions").bearerTokenAuthentication(adminA)
        .sendJsonObject(body("https://example.org/hook", "booking.confirmed")));
    assertEquals(400, noKey.statusCode());
    assertEquals(0L, count("SELECT count(*) FROM webhook_subscriptions WHERE url LIKE $1", "%example.org%"));
  }

  // ---------------------------------------------------------------- helpers

  private static JsonObject body(String url, String eventType) {
    return new JsonObject().put("url", url).put("eventTypes", new JsonArray().add(eventType));
  }

  private JsonObject subscribe(String token, String path, String... eventTypes) {
    HttpResponse<Buffer> r = post(token, "/api/v1/webhooks/subscriptions",
        new JsonObject().put("url", receiver.url(path)).put("eventTypes", new JsonArray(List.of((Object[]) eventTypes))));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private void disable(JsonObject subscription) {
    disable(subscription, adminA);
  }

  /** Tests share the cooperative's limit of live subscriptions: each gives back what it no longer needs. */
  private void disable(JsonObject subscription, String token) {
    assertEquals(200, post(token, "/api/v1/webhooks/subscriptions/" + subscription.getString("id") + "/disable", new JsonObject())
        .statusCode());
  }

  private JsonObject deliveries(String token, String subscription) {
    HttpResponse<Buffer> r = await(http.get("/api/v1/webhooks/subscriptions/" + subscription + "/deliveries", token));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private JsonObject awaitDelivery(String token, String subscription, String status) {
    Waits.eventually("a delivery " + status).until(() -> {
      JsonArray items = deliveries(token, subscription).getJsonArray("items");
      return !items.isEmpty() && status.equals(items.getJsonObject(0).getString("status"));
    });
    return deliveries(token, subscription).getJsonArray("items").getJsonObject(0);
  }

  private static void assertSameNotFound(HttpResponse<Buffer> theirs, HttpResponse<Buffer> unknown) {
    assertEquals(404, theirs.statusCode(), theirs.bodyAsString());
    assertEquals(404, unknown.statusCode(), unknown.bodyAsString());
    JsonObject a = theirs.bodyAsJsonObject();
    JsonObject b = unknown.bodyAsJsonObject();
    assertEquals(List.of(b.getString("type"), b.getString("title"), b.getString("detail")),
        List.of(a.getString("type"), a.getString("title"), a.getString("detail")));
  }

  private HttpResponse<Buffer> post(String token, String path, JsonObject body) {
    return await(http.post(path, token, body));
  }

  /** A booking held and confirmed by the citizen in the next free slot of those given. */
  private JsonObject confirmedBooking(List<String> slots) {
    HttpResponse<Buffer> held = post(citizen, "/api/v1/bookings/holds",
        new JsonObject().put("slotId", slots.get(nextSlot++ % slots.size())).put("places", 1));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    String id = held.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> confirmed = post(citizen, "/api/v1/bookings/" + id + "/confirm", new JsonObject());
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    return confirmed.bodyAsJsonObject();
  }

  private List<String> serviceOf(String adminToken, String title) {
    CatalogFixture catalog = new CatalogFixture(http, adminToken);
    CatalogFixture.Service service = catalog.create(CatalogFixture.serviceBody("childhood", title, "Attività per bambini e ragazzi.")
        .audience("children").at("Via dello Sport 2, Bergamo").withoutPersonalLimits());
    service.resource("Gruppo " + title, "group", 30).openOn(DAY, "08:00", "18:00", 60);
    return service.slotsOn(DAY);
  }

  private long count(String sql, Object... args) {
    return await(app.pool().preparedQuery(sql).execute(Tuple.from(args))).iterator().next().getLong(0);
  }

  /** The receiver's side of the documented scheme: HMAC-SHA256 of "t.body" with the secret's UTF-8 bytes. */
  private static boolean verifies(String secret, String header, String body) throws Exception {
    String t = null;
    String v1 = null;
    for (String part : header.split(",")) {
      if (part.startsWith("t=")) {
        t = part.substring(2);
      } else if (part.startsWith("v1=")) {
        v1 = part.substring(3);
      }
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
    return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
  }

  /** A cooperative's software: records every POST by path and answers as each path's script says (then 200). */
  private final class Receiver {

    record Got(String path, MultiMap headers, String body, long atMillis) { }

    private final List<Got> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private HttpServer server;

    void start() {
      server = await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
        long at = System.currentTimeMillis();
        received.add(new Got(request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body.toString(), at));
        Deque<Integer> script = scripts.get(request.path());
        Integer status = script == null ? null : script.poll();
        int answer = status == null ? 200 : status;
        request.response().setStatusCode(answer).end("answer " + answer);
      })).listen(0, "127.0.0.1"));
    }

    void stop() {
      if (server != null) {
        await(server.close());
      }
    }

    String url(String path) {
      return "http://127.0.0.1:" + server.actualPort() + path;
    }

    void answer(String path, Integer... statuses) {
      scripts.put(path, new ArrayDeque<>(List.of(statuses)));
    }

    /** What reached {@code path} mentioning {@code id} (every POST there when null), in order. */
    List<Got> got(String path, String id) {
      return received.stream().filter(g -> g.path().equals(path) && (id == null || g.body().contains(id))).toList();
    }

    Got awaitOne(String path, String id) {
      Waits.eventually("a POST to " + path).until(() -> !got(path, id).isEmpty());
      List<Got> all = got(path, id);
      assertEquals(1, all.size(), "once: " + all);
      return all.get(0);
    }
  }
}
