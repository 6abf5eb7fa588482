package coop.sportello.testing;

import com.stripe.Stripe;
import coop.sportello.payments.card.StripeSettings;
import coop.sportello.platform.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local Stripe API for tests: the SDK, pointed at {@link #apiBase}, opens Checkout Sessions,
 * expires them and refunds their payments here. Answers are Stripe's own example objects
 * ({@code ../shared/reference/stripe/fixtures3.json}, what Stripe's mock server answers with)
 * adjusted to the request: fresh ids, the amount, metadata, client_reference_id, url, expires_at,
 * status. Every request is recorded ({@link #requests}); a repeated Idempotency-Key on the same
 * account gets the first answer, as at Stripe. It can be made slow ({@link #slow}) or down
 * ({@link #down}), and it builds webhook events from the fixture {@code event} with the session or
 * charge inside, signed as Stripe signs them ({@link #signedWebhook}).
 */
public final class FakeStripe {

  /** Where CI and every worktree find the reference objects: shared/ beside the project. */
  public static final Path FIXTURES = Path.of("..", "shared", "reference", "stripe", "fixtures3.json");
  public static final String SECRET_KEY = "sk_test_sportello_fake";

  /** One request as it reached the fake: form parameters flattened the way Stripe encodes them ({@code metadata[paymentId]}). */
  public record Request(String method, String path, Map<String, String> params, String account, String idempotencyKey) { }

  /** A webhook delivery: the body exactly as sent and its {@code Stripe-Signature} header. */
  public record SignedWebhook(String payload, String signature) { }

  private record Answer(int status, JsonObject body, Map<String, String> params) { }

  /** A completed checkout's PaymentIntent: on which account, for how much, its charge and refunds. */
  private record Intent(String account, long amount, String charge, List<JsonObject> refunds) { }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final Vertx vertx;
  private final JsonObject fixtures;
  private final String webhookSecret = "whsec_" + randomId(32);
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Answer> answered = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> sessions = new ConcurrentHashMap<>();
  private final Map<String, String> sessionAccounts = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> refunds = new ConcurrentHashMap<>();
  private final Map<String, Intent> intents = new ConcurrentHashMap<>();
  private volatile long delayMillis;
  private volatile boolean down;
  private final AtomicReference<Answer> nextError = new AtomicReference<>();
  private HttpServer server;

  private FakeStripe(Vertx vertx, JsonObject fixtures) {
    this.vertx = vertx;
    this.fixtures = fixtures;
  }

  public static Future<FakeStripe> start(Vertx vertx) {
    FakeStripe fake = new FakeStripe(vertx, readFixtures());
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false));
    router.route().handler(fake::gate);
    router.post("/v1/checkout/sessions").handler(ctx -> fake.idempotent(ctx, fake::createSession));
    router.post("/v1/checkout/sessions/:id/expire").handler(ctx -> fake.idempotent(ctx, fake::expireSession));
    router.get("/v1/checkout/sessions/:id").handler(ctx -> fake.answer(ctx, fake.found(fake.sessions, ctx.pathParam("id"))));
    router.post("/v1/refunds").handler(ctx -> fake.idempotent(ctx, fake::createRefund));
    router.get("/v1/refunds/:id").handler(ctx -> fake.answer(ctx, fake.found(fake.refunds, ctx.pathParam("id"))));
    router.route().handler(ctx -> fake.answer(ctx, error(404, "invalid_request_error", null, "Unrecognized request URL")));
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(server -> {
      fake.server = server;
      return fake;
    });
  }

  /** The reference objects; a clear failure if shared/ is not beside the project. */
  public static JsonObject readFixtures() {
    try {
      return new JsonObject(Files.readString(FIXTURES)).getJsonObject("resources");
    } catch (IOException e) {
      throw new UncheckedIOException("Stripe's fixtures are expected at " + FIXTURES.toAbsolutePath().normalize()
          + " (shared/ beside the project)", e);
    }
  }

  public String apiBase() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public String webhookSecret() {
    return webhookSecret;
  }

  /** What {@code payments.stripe} needs to use this fake: merge it into the configuration of an app under test. */
  public JsonObject config() {
    return new JsonObject().put("secretKey", SECRET_KEY).put("webhookSecret", webhookSecret).put("apiBase", apiBase());
  }

  /** The default {@code payments.stripe} settings pointed at this fake, with {@code changes} on top (timeouts, say). */
  public StripeSettings settings(JsonObject changes) {
    try (InputStream in = FakeStripe.class.getClassLoader().getResourceAsStream(ConfigLoader.DEFAULTS_RESOURCE)) {
      JsonObject stripe = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .getJsonObject("payments").getJsonObject("stripe");
      return StripeSettings.from(stripe.mergeIn(config()).mergeIn(changes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every request so far, in order of arrival. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Answers only after {@code delay} (the SDK's read timeout and the caller's deadline are then what end the call). */
  public void slow(Duration delay) {
    this.delayMillis = delay.toMillis();
  }

  /** Drops every connection without answering, as a Stripe that cannot be reached. */
  public void down() {
    this.down = true;
  }

  /** The next request is answered with this Stripe error ({@code card_error} 402, {@code api_error} 500, ...). */
  public void refuseNext(int status, String type, String code) {
    nextError.set(error(status, type, code, "Refused by the test"));
  }

  /** Answers at once again. */
  public void up() {
    this.down = false;
    this.delayMillis = 0;
  }

  /** A session as Stripe holds it now (null if none). */
  public JsonObject session(String id) {
    JsonObject session = sessions.get(id);
    return session == null ? null : session.copy();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  // ---- webhooks ----

  /** The person paid: the session completes, with a PaymentIntent and its charge; the event {@code checkout.session.completed}. */
  public String sessionCompleted(String sessionId) {
    JsonObject session = existing(sessionId);
    String intent = "pi_" + randomId(24);
    long amount = session.getLong("amount_total");
    intents.put(intent, new Intent(sessionAccounts.get(sessionId), amount, "ch_" + randomId(24), new CopyOnWriteArrayList<>()));
    session.put("status", "complete").put("payment_status", "paid").put("payment_intent", intent);
    return event("checkout.session.completed", sessionAccounts.get(sessionId), session.copy()).encode();
  }

  /** The session ran out (or was expired): the event {@code checkout.session.expired}. */
  public String sessionExpired(String sessionId) {
    JsonObject session = existing(sessionId).put("status", "expired");
    return event("checkout.session.expired", sessionAccounts.get(sessionId), session.copy()).encode();
  }

  /** The event {@code charge.refunded} for a completed session's PaymentIntent, listing the refunds made here so far. */
  public String chargeRefunded(String paymentIntent) {
    Intent intent = intents.get(paymentIntent);
    if (intent == null) {
      throw new IllegalArgumentException("no completed checkout has PaymentIntent " + paymentIntent);
    }
    long refunded = intent.refunds().stream().mapToLong(r -> r.getLong("amount")).sum();
    JsonObject charge = fixture("charge")
        .put("id", intent.charge()).put("amount", intent.amount()).put("amount_captured", intent.amount())
        .put("amount_refunded", refunded).put("refunded", refunded == intent.amount()).put("captured", true)
        .put("currency", "eur").put("payment_intent", paymentIntent).put("description", null)
        .put("created", now())
        .put("refunds", new JsonObject().put("object", "list").put("has_more", false)
            .put("url", "/v1/charges/" + intent.charge() + "/refunds")
            .put("data", new JsonArray(intent.refunds().stream().map(JsonObject::copy).toList())));
    return event("charge.refunded", intent.account(), charge).encode();
  }

  /** An event as Stripe sends it to a Connect endpoint: the fixture {@code event} around {@code object}. */
  public JsonObject event(String type, String account, JsonObject object) {
    return fixture("event")
        .put("id", "evt_" + randomId(24))
        .put("type", type)
        .put("account", account)
        .put("api_version", Stripe.API_VERSION)
        .put("created", now())
        .put("pending_webhooks", 1)
        .put("data", new JsonObject().put("object", object));
  }

  /** {@code payload} signed now with this fake's webhook secret. */
  public SignedWebhook signedWebhook(String payload) {
    return signedWebhook(payload, now(), webhookSecret);
  }

  /** Signed as Stripe signs: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<payload>")>}. */
  public static SignedWebhook signedWebhook(String payload, long timestamp, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
      return new SignedWebhook(payload, "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- the API ----

  private void gate(RoutingContext ctx) {
    if (down) {
      ctx.request().connection().close();
      return;
    }
    requests.add(new Request(ctx.request().method().name(), ctx.request().path(), params(ctx),
        ctx.request().getHeader("Stripe-Account"), ctx.request().getHeader("Idempotency-Key")));
    Answer refusal = nextError.getAndSet(null);
    if (refusal != null) {
      answer(ctx, refusal);
    } else if (delayMillis > 0) {
      vertx.setTimer(delayMillis, t -> ctx.next());
    } else {
      ctx.next();
    }
  }

  private interface Operation {
    Answer apply(RoutingContext ctx, Map<String, String> params, String account);
  }

  /** Stripe's idempotency: the same key on the same account answers the first answer again (or 400 if the parameters differ). */
  private void idempotent(RoutingContext ctx, Operation operation) {
    Map<String, String> params = params(ctx);
    String account = ctx.request().getHeader("Stripe-Account");
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null) {
      answer(ctx, operation.apply(ctx, params, account));
      return;
    }
    String scope = account + "|" + key;
    Answer first = answered.computeIfAbsent(scope, k -> operation.apply(ctx, params, account));
    answer(ctx, first.params().equals(params) ? first
        : error(400, "idempotency_error", null, "Keys for idempotent requests can only be used with the same parameters they were first used with."));
  }

  private Answer createSession(RoutingContext ctx, Map<String, String> params, String account) {
    String id = "cs_test_" + randomId(58);
    long unitAmount = Long.parseLong(params.getOrDefault("line_items[0][price_data][unit_amount]", "0"));
    long quantity = Long.parseLong(params.getOrDefault("line_items[0][quantity]", "1"));
    long created = now();
    JsonObject session = fixture("checkout.session")
        .put("id", id)
        .put("created", created)
        .put("mode", params.get("mode"))
        .put("currency", params.get("line_items[0][price_data][currency]"))
        .put("amount_subtotal", unitAmount * quantity)
        .put("amount_total", unitAmount * quantity)
        .put("client_reference_id", params.get("client_reference_id"))
        .put("metadata", prefixed(params, "metadata"))
        .put("expires_at", params.containsKey("expires_at") ? Long.parseLong(params.get("expires_at")) : created + 86_400)
        .put("success_url", params.get("success_url"))
        .put("cancel_url", params.get("cancel_url"))
        .put("locale", params.get("locale"))
        .put("status", "open")
        .put("payment_status", "unpaid")
        .put("payment_intent", null)
        .put("url", "https://checkout.stripe.com/c/pay/" + id)
        .put("customer_details", null)
        .put("shipping_cost", null)
        .put("currency_conversion", null)
        .put("total_details", new JsonObject().put("amount_discount", 0).put("amount_shipping", 0).put("amount_tax", 0));
    sessions.put(id, session);
    sessionAccounts.put(id, account == null ? "" : account);
    return new Answer(200, session.copy(), params);
  }

  private Answer expireSession(RoutingContext ctx, Map<String, String> params, String account) {
    String id = ctx.pathParam("id");
    JsonObject session = sessions.get(id);
    if (session == null || !sessionAccounts.get(id).equals(account == null ? "" : account)) {
      return error(404, "invalid_request_error", "resource_missing", "No such checkout.session: '" + id + "'");
    }
    if (!"open".equals(session.getString("status"))) {
      return error(400, "invalid_request_error", "checkout_session_not_open",
          "Only Checkout Sessions with a status in [\"open\"] can be expired.");
    }
    session.put("status", "expired");
    return new Answer(200, session.copy(), params);
  }

  private Answer createRefund(RoutingContext ctx, Map<String, String> params, String account) {
    String paymentIntent = params.get("payment_intent");
    Intent intent = paymentIntent == null ? null : intents.get(paymentIntent);
    if (intent == null || !intent.account().equals(account)) {
      return error(404, "invalid_request_error", "resource_missing", "No such payment_intent: '" + paymentIntent + "'");
    }
    long unrefunded = intent.amount() - intent.refunds().stream().mapToLong(r -> r.getLong("amount")).sum();
    long amount = params.containsKey("amount") ? Long.parseLong(params.get("amount")) : unrefunded;
    if (amount <= 0 || amount > unrefunded) {
      return error(400, "invalid_request_error", "amount_too_large",
          "Refund amount (" + amount + ") is greater than unrefunded amount on charge (" + unrefunded + ")");
    }
    JsonObject refund = fixture("refund")
        .put("id", "re_" + randomId(24))
        .put("amount", amount)
        .put("currency", "eur")
        .put("created", now())
        .put("payment_intent", paymentIntent)
        .put("charge", intent.charge())
        .put("reason", params.get("reason"))
        .put("metadata", prefixed(params, "metadata"));
    refunds.put(refund.getString("id"), refund);
    intent.refunds().add(refund);
    return new Answer(200, refund.copy(), params);
  }

  private Answer found(Map<String, JsonObject> objects, String id) {
    JsonObject object = objects.get(id);
    return object == null ? error(404, "invalid_request_error", "resource_missing", "No such object: '" + id + "'")
        : new Answer(200, object.copy(), Map.of());
  }

  private void answer(RoutingContext ctx, Answer answer) {
    ctx.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
        .putHeader("Request-Id", "req_" + randomId(14)).end(answer.body().encode());
  }

  private static Answer error(int status, String type, String code, String message) {
    JsonObject error = new JsonObject().put("type", type).put("message", message);
    if (code != null) {
      error.put("code", code);
    }
    return new Answer(status, new JsonObject().put("error", error), Map.of());
  }

  // ---- helpers ----

  private JsonObject fixture(String name) {
    return fixtures.getJsonObject(name).copy();
  }

  private JsonObject existing(String sessionId) {
    JsonObject session = sessions.get(sessionId);
    if (session == null) {
      throw new IllegalArgumentException("no session " + sessionId + " was opened here");
    }
    return session;
  }

  /** The request's parameters, flattened as sent: the form body of a POST, the query of a GET. */
  private static Map<String, String> params(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    Map<String, String> params = new LinkedHashMap<>();
    (form.isEmpty() ? ctx.queryParams() : form).forEach(entry -> params.put(entry.getKey(), entry.getValue()));
    return params;
  }

  /** {@code metadata[x]=y} parameters as the object {@code {x: y}}. */
  private static JsonObject prefixed(Map<String, String> params, String name) {
    JsonObject object = new JsonObject();
    params.forEach((key, value) -> {
      if (key.startsWith(name + "[") && key.endsWith("]") && key.indexOf('[', name.length() + 1) < 0) {
        object.put(key.substring(name.length() + 1, key.length() - 1), value);
      }
    });
    return object;
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private static String randomId(int length) {
    StringBuilder id = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      id.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
    }
    return id.toString();
  }
}
