package coop.sportello.payments.card;

import coop.sportello.payments.card.CardCheckout.CheckoutRequest;
import coop.sportello.payments.card.CardCheckout.CheckoutSession;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Problem;
import coop.sportello.testing.FakeStripe;
import coop.sportello.testing.FakeStripe.SignedWebhook;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stripe's webhook through the platform's real /api/v1 router (its body handler, open-route guard
 * and problem answers): deliveries built from Stripe's example objects and signed as Stripe signs
 * them are handed on as {@link CardEvent}s; a wrong secret, a changed body, an old timestamp or no
 * signature is a 400 and nothing is handed on; events Sportello does not act on are acknowledged.
 */
@ExtendWith(VertxExtension.class)
class StripeWebhookTest {

  private static final String ACCOUNT = "acct_1CoopSoleTest";
  private static final String PATH = "/api/v1" + StripeWebhookRoutes.PATH;
  private static final long TOLERANCE_SECONDS = 300;

  private final List<CardEvent> handed = new CopyOnWriteArrayList<>();
  private volatile boolean handlingFails;
  private FakeStripe stripe;
  private StripeCardCheckout checkout;
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx) {
    stripe = await(FakeStripe.start(vertx));
    checkout = StripeCardCheckout.create(vertx, stripe.settings(new JsonObject()));
    StripeWebhook webhook = new StripeWebhook(stripe.webhookSecret(), TOLERANCE_SECONDS, Clock.systemUTC());
    CardEvents events = event -> {
      if (handlingFails) {
        return Future.failedFuture(new IllegalStateException("database down"));
      }
      handed.add(event);
      return Future.succeededFuture();
    };
    ApiModule payments = new ApiModule() {
      @Override
      public void mount(ApiRoutes routes) {
        StripeWebhookRoutes.mount(routes, webhook, events);
      }
    };
    Router root = Router.router(vertx);
    root.route("/api/v1/*").subRouter(ApiRoutes.router(vertx, List.of(payments),
        ctx -> ctx.fail(Problem.unauthorized("Accesso richiesto.")), 65_536, 8_000));
    server = await(vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1"));
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    client.close();
    await(server.close());
    await(stripe.close());
  }

  @Test
  void aPaidCheckoutIsHandedOnAsStripeDescribedIt() {
    CheckoutRequest request = request(4_200);
    CheckoutSession session = await(checkout.create(request));
    String payload = stripe.sessionCompleted(session.sessionId());

    HttpResponse<Buffer> answer = deliver(stripe.signedWebhook(payload));

    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    CardEvent.CheckoutCompleted completed = assertInstanceOf(CardEvent.CheckoutCompleted.class, onlyHanded());
    assertEquals(new JsonObject(payload).getString("id"), completed.eventId());
    assertEquals(ACCOUNT, completed.connectedAccount());
    assertEquals(session.sessionId(), completed.sessionId());
    assertEquals(stripe.session(session.sessionId()).getString("payment_intent"), completed.paymentIntent());
    assertTrue(completed.paymentIntent().startsWith("pi_"));
    assertEquals(4_200, completed.amountTotal());
    assertTrue(completed.paid());
    assertEquals(request.paymentId(), completed.paymentId());
  }

  @Test
  void anExpiredCheckoutIsHandedOn() {
    CheckoutRequest request = request(2_100);
    CheckoutSession session = await(checkout.create(request));

    assertEquals(200, deliver(stripe.signedWebhook(stripe.sessionExpired(session.sessionId()))).statusCode());

    CardEvent.CheckoutExpired expired = assertInstanceOf(CardEvent.CheckoutExpired.class, onlyHanded());
    assertEquals(session.sessionId(), expired.sessionId());
    assertEquals(request.paymentId(), expired.paymentId());
    assertEquals(ACCOUNT, expired.connectedAccount());
  }

  @Test
  void aRefundedChargeIsHandedOnWithItsRefunds() {
    CheckoutSession session = await(checkout.create(request(4_200)));
    stripe.sessionCompleted(session.sessionId());
    String paymentIntent = stripe.session(session.sessionId()).getString("payment_intent");
    UUID refundId = UUID.randomUUID();
    CardCheckout.RefundStarted started = await(checkout.refund(
        new CardCheckout.RefundRequest(ACCOUNT, paymentIntent, refundId, 1_500, "key-refund")));

    assertEquals(200, deliver(stripe.signedWebhook(stripe.chargeRefunded(paymentIntent))).statusCode());

    CardEvent.ChargeRefunded refunded = assertInstanceOf(CardEvent.ChargeRefunded.class, onlyHanded());
    assertEquals(paymentIntent, refunded.paymentIntent());
    assertEquals(1_500, refunded.amountRefunded());
    assertEquals(ACCOUNT, refunded.connectedAccount());
    assertEquals(List.of(new CardEvent.RefundSeen(started.stripeRefundId(), 1_500, "succeeded", refundId)), refunded.refunds());
  }

  @Test
  void theBodyIsVerifiedExactlyAsItArrived() {
    CheckoutSession session = await(checkout.create(request(4_200)));
    // Stripe's bodies are pretty-printed, with non-ASCII text: any re-encoding would break the signature.
    JsonObject event = new JsonObject(stripe.sessionCompleted(session.sessionId()));
    event.getJsonObject("data").getJsonObject("object").put("custom_text", new JsonObject().put("submit",
        new JsonObject().put("message", "Attività è già pagata — grazie")));
    String payload = event.encodePrettily();

    assertEquals(200, deliver(stripe.signedWebhook(payload)).statusCode());
    assertEquals(1, handed.size());
  }

  @Test
  void aWrongSecretIsRefusedAndNothingIsHandedOn() {
    String payload = stripe.sessionCompleted(await(checkout.create(request(4_200))).sessionId());

    assertRefused(deliver(FakeStripe.signedWebhook(payload, Instant.now().getEpochSecond(), "whsec_someone_else")));
  }

  @Test
  void aChangedBodyIsRefusedAndNothingIsHandedOn() {
    String payload = stripe.sessionCompleted(await(checkout.create(request(4_200))).sessionId());
    SignedWebhook signed = stripe.signedWebhook(payload);
    String changed = payload.replace("\"amount_total\":4200", "\"amount_total\":1");
    assertNotEquals(payload, changed);

    assertRefused(deliver(new SignedWebhook(changed, signed.signature())));
  }

  @Test
  void anOldTimestampIsRefusedAsAReplay() {
    String payload = stripe.sessionCompleted(await(checkout.create(request(4_200))).sessionId());
    long old = Instant.now().minusSeconds(TOLERANCE_SECONDS + 60).getEpochSecond();

    assertRefused(deliver(FakeStripe.signedWebhook(payload, old, stripe.webhookSecret())));
  }

  @Test
  void aDeliveryWithoutSignatureOrNotAnEventIsRefused() {
    String payload = stripe.sessionCompleted(await(checkout.create(request(4_200))).sessionId());

    assertRefused(deliver(new SignedWebhook(payload, null)));
    assertRefused(deliver(stripe.signedWebhook("not json")));
  }

  @Test
  void eventsSportelloDoesNotActOnAreAcknowledgedAndIgnored() {
    JsonObject intent = FakeStripe.readFixtures().getJsonObject("payment_intent");
    JsonObject notOurs = FakeStripe.readFixtures().getJsonObject("checkout.session").put("amount_total", 900);
    CheckoutSession session = await(checkout.create(request(4_200)));
    JsonObject ofThePlatform = new JsonObject(stripe.sessionCompleted(session.sessionId()));
    ofThePlatform.remove("account");

    for (String payload : List.of(stripe.event("payment_intent.created", ACCOUNT, intent).encode(),
        stripe.event("checkout.session.completed", ACCOUNT, notOurs).encode(), ofThePlatform.encode())) {
      HttpResponse<Buffer> answer = deliver(stripe.signedWebhook(payload));
      assertEquals(200, answer.statusCode(), answer.bodyAsString());
    }
    assertTrue(handed.isEmpty(), handed.toString());
  }

  @Test
  void aDuplicateDeliveryIsHandedOnWithTheSameEventId() {
    String payload = stripe.sessionCompleted(await(checkout.create(request(4_200))).sessionId());
    SignedWebhook signed = stripe.signedWebhook(payload);

    assertEquals(200, deliver(signed).statusCode());
    assertEquals(200, deliver(signed).statusCode());

    assertEquals(2, handed.size());
    assertEquals(handed.get(0), handed.get(1), "the payments service recognises the second by its event id");
  }

  @Test
  void withoutASigningSecretNothingIsHandedOn() {
    String payload = stripe.sessionCompleted(await(checkout.create(request(4_200))).sessionId());
    StripeWebhook unconfigured = new StripeWebhook("", TOLERANCE_SECONDS, Clock.systemUTC());
    SignedWebhook signed = stripe.signedWebhook(payload);

    Problem problem = assertThrows(Problem.class, () -> unconfigured.verify(signed.payload().getBytes(StandardCharsets.UTF_8),
        signed.signature()));
    assertEquals(404, problem.status());
  }

  @Test
  void anEventNotHandledIsAnErrorSoStripeDeliversItAgain() {
    String payload = stripe.sessionCompleted(await(checkout.create(request(4_200))).sessionId());
    handlingFails = true;

    assertTrue(deliver(stripe.signedWebhook(payload)).statusCode() >= 500);
  }

  private void assertRefused(HttpResponse<Buffer> answer) {
    assertEquals(400, answer.statusCode(), answer.bodyAsString());
    assertEquals("application/problem+json", answer.getHeader("Content-Type"));
    assertEquals("/problems/stripe-signature", answer.bodyAsJsonObject().getString("type"));
    assertTrue(handed.isEmpty(), "nothing is handed on: " + handed);
  }

  private HttpResponse<Buffer> deliver(SignedWebhook webhook) {
    var post = client.post(server.actualPort(), "127.0.0.1", PATH).putHeader("Content-Type", "application/json; charset=utf-8");
    if (webhook.signature() != null) {
      post.putHeader(StripeWebhook.SIGNATURE_HEADER, webhook.signature());
    }
    return await(post.sendBuffer(Buffer.buffer(webhook.payload())));
  }

  private CardEvent onlyHanded() {
    assertEquals(1, handed.size(), handed.toString());
    return handed.get(0);
  }

  private static CheckoutRequest request(long amountCents) {
    UUID booking = UUID.randomUUID();
    return new CheckoutRequest(ACCOUNT, UUID.randomUUID(), booking, amountCents, 0, "Centro estivo, una settimana",
        "https://sportello.example/ok", "https://sportello.example/no",
        Instant.now().plus(Duration.ofMinutes(40)).truncatedTo(ChronoUnit.SECONDS), "key-" + UUID.randomUUID());
  }
}
