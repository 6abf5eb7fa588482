package coop.sportello.payments.card;

import coop.sportello.payments.card.CardCheckout.CheckoutRequest;
import coop.sportello.payments.card.CardCheckout.CheckoutSession;
import coop.sportello.payments.card.CardCheckout.RefundRequest;
import coop.sportello.payments.card.CardCheckout.RefundStarted;
import coop.sportello.platform.http.Problem;
import coop.sportello.testing.FakeStripe;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The card checkout against a local Stripe ({@link FakeStripe}) through the real SDK: what each call
 * asks of Stripe (on the provider's connected account, with the fee, our ids and an idempotency
 * key), and that a slow or unreachable Stripe is a 503 within the configured time.
 */
@ExtendWith(VertxExtension.class)
class StripeCardCheckoutTest {

  private static final String ACCOUNT = "acct_1CoopSoleTest";
  private static final long BOUND_MILLIS = 3_000;

  private Vertx vertx;
  private FakeStripe stripe;
  private StripeCardCheckout checkout;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    stripe = await(FakeStripe.start(vertx));
    checkout = StripeCardCheckout.create(vertx, stripe.settings(new JsonObject()
        .put("connectTimeoutMillis", 500).put("readTimeoutMillis", 800).put("callTimeoutMillis", 1_200)));
  }

  @AfterEach
  void stop() {
    await(stripe.close());
  }

  @Test
  void aCheckoutIsOpenedOnTheProvidersAccountWithTheFeeAndOurIds() {
    CheckoutRequest request = request(4_200, 210, "key-open-1");
    CheckoutSession session = await(checkout.create(request));

    assertTrue(session.sessionId().startsWith("cs_test_"), session.sessionId());
    assertEquals("https://checkout.stripe.com/c/pay/" + session.sessionId(), session.url());
    assertEquals(request.expiresAt(), session.expiresAt());
    FakeStripe.Request sent = only(stripe.requests());
    assertEquals("POST", sent.method());
    assertEquals("/v1/checkout/sessions", sent.path());
    assertEquals(ACCOUNT, sent.account(), "a direct charge: the call acts on the provider's account");
    assertEquals("key-open-1", sent.idempotencyKey());
    Map<String, String> p = sent.params();
    assertEquals("payment", p.get("mode"));
    assertEquals("eur", p.get("line_items[0][price_data][currency]"));
    assertEquals("4200", p.get("line_items[0][price_data][unit_amount]"));
    assertEquals("1", p.get("line_items[0][quantity]"));
    assertEquals("Assistenza domiciliare, 2 ore", p.get("line_items[0][price_data][product_data][name]"));
    assertEquals("210", p.get("payment_intent_data[application_fee_amount]"));
    assertEquals(request.paymentId().toString(), p.get("client_reference_id"));
    assertEquals(request.paymentId().toString(), p.get("metadata[paymentId]"));
    assertEquals(request.bookingId().toString(), p.get("metadata[bookingId]"));
    assertEquals(String.valueOf(request.expiresAt().getEpochSecond()), p.get("expires_at"));
    assertEquals(request.successUrl(), p.get("success_url"));
    assertEquals(request.cancelUrl(), p.get("cancel_url"));
    JsonObject held = stripe.session(session.sessionId());
    assertEquals(4_200L, held.getLong("amount_total"));
    assertEquals("open", held.getString("status"));
  }

  @Test
  void withoutAFeeNoApplicationFeeIsAsked() {
    await(checkout.create(request(1_500, 0, "key-no-fee")));

    assertFalse(only(stripe.requests()).params().containsKey("payment_intent_data[application_fee_amount]"));
  }

  @Test
  void aRetriedCreationGetsTheSameSession() {
    CheckoutRequest request = request(2_100, 0, "key-retried");
    CheckoutSession first = await(checkout.create(request));
    CheckoutSession again = await(checkout.create(request));

    assertEquals(first, again);
    assertEquals(2, stripe.requests().size());
    assertTrue(stripe.requests().stream().allMatch(r -> "key-retried".equals(r.idempotencyKey())));
    CheckoutSession other = await(checkout.create(request(2_100, 0, "key-other")));
    assertNotEquals(first.sessionId(), other.sessionId());
  }

  @Test
  void aRefundIsAskedOnTheProvidersAccountWithOurRefundId() {
    CheckoutSession session = await(checkout.create(request(4_200, 0, "key-paid")));
    stripe.sessionCompleted(session.sessionId());
    String paymentIntent = stripe.session(session.sessionId()).getString("payment_intent");
    UUID refundId = UUID.randomUUID();

    RefundStarted started = await(checkout.refund(new RefundRequest(ACCOUNT, paymentIntent, refundId, 1_000, "key-refund-1")));

    assertTrue(started.stripeRefundId().startsWith("re_"), started.stripeRefundId());
    assertEquals("succeeded", started.status());
    FakeStripe.Request sent = stripe.requests().get(1);
    assertEquals("/v1/refunds", sent.path());
    assertEquals(ACCOUNT, sent.account());
    assertEquals("key-refund-1", sent.idempotencyKey());
    assertEquals(paymentIntent, sent.params().get("payment_intent"));
    assertEquals("1000", sent.params().get("amount"));
    assertEquals(refundId.toString(), sent.params().get("metadata[refundId]"));
    RefundStarted again = await(checkout.refund(new RefundRequest(ACCOUNT, paymentIntent, refundId, 1_000, "key-refund-1")));
    assertEquals(started, again, "the same key refunds once");
  }

  @Test
  void expiringEndsAnOpenSessionAndASessionAlreadyOverCountsAsEnded() {
    CheckoutSession open = await(checkout.create(request(3_000, 0, "key-to-expire")));
    await(checkout.expire(ACCOUNT, open.sessionId()));
    assertEquals("expired", stripe.session(open.sessionId()).getString("status"));
    assertEquals(ACCOUNT, stripe.requests().get(1).account());
    assertEquals("/v1/checkout/sessions/" + open.sessionId() + "/expire", stripe.requests().get(1).path());

    CheckoutSession paid = await(checkout.create(request(3_000, 0, "key-paid-first")));
    stripe.sessionCompleted(paid.sessionId());
    await(checkout.expire(ACCOUNT, paid.sessionId()));
    assertEquals("complete", stripe.session(paid.sessionId()).getString("status"));
  }

  @Test
  void aSlowStripeIsA503WithinTheBound() {
    stripe.slow(Duration.ofSeconds(20));

    assertUnavailableWithinBound(() -> checkout.create(request(4_200, 0, "key-slow")));
    assertUnavailableWithinBound(() -> checkout.refund(new RefundRequest(ACCOUNT, "pi_x", UUID.randomUUID(), 100, "key-slow-r")));
  }

  @Test
  void anUnreachableStripeIsA503WithinTheBound() {
    stripe.down();

    assertUnavailableWithinBound(() -> checkout.create(request(4_200, 0, "key-down")));
  }

  @Test
  void theWholeCallIsBoundedEvenWhenTheSdkWouldWaitLonger() {
    StripeCardCheckout patient = StripeCardCheckout.create(vertx, stripe.settings(new JsonObject()
        .put("readTimeoutMillis", 60_000).put("callTimeoutMillis", 800)));
    stripe.slow(Duration.ofSeconds(20));

    assertUnavailableWithinBound(() -> patient.create(request(4_200, 0, "key-patient")));
  }

  @Test
  void stripesErrorsAre503() {
    // Refunding a PaymentIntent the account does not have: Stripe answers 404, the caller gets 503.
    assertUnavailableWithinBound(() -> checkout.refund(new RefundRequest(ACCOUNT, "pi_unknown", UUID.randomUUID(), 100, "key-404")));
  }

  @Test
  void stripesServerErrorsAre503AndADeclinedCardIs422() {
    stripe.refuseNext(500, "api_error", null);
    assertUnavailableWithinBound(() -> checkout.create(request(4_200, 0, "key-500")));

    stripe.refuseNext(402, "card_error", "card_declined");
    Problem declined = failure(checkout.create(request(4_200, 0, "key-402")));
    assertEquals(422, declined.status());
    assertEquals("/problems/card-declined", declined.toJson(null).getString("type"));
  }

  @Test
  void theSdkNeverBlocksAnEventLoop() throws Exception {
    stripe.slow(Duration.ofMillis(600));
    AtomicBoolean timerFired = new AtomicBoolean();
    Promise<Boolean> firedBeforeAnswer = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      vertx.setTimer(50, t -> timerFired.set(true));
      checkout.create(request(4_200, 0, "key-loop")).onComplete(done -> firedBeforeAnswer.complete(timerFired.get()));
    });

    assertTrue(firedBeforeAnswer.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS),
        "the event loop ran a timer while Stripe was answering");
  }

  @Test
  void withoutASecretKeyCardPaymentsAreNotOffered() {
    StripeCardCheckout unconfigured = StripeCardCheckout.create(vertx, stripe.settings(new JsonObject().put("secretKey", "")));

    assertFalse(unconfigured.configured());
    assertTrue(checkout.configured());
    Problem problem = failure(unconfigured.create(request(4_200, 0, "key-none")));
    assertEquals(503, problem.status());
    assertTrue(stripe.requests().isEmpty());
  }

  private void assertUnavailableWithinBound(java.util.function.Supplier<Future<?>> call) {
    long started = System.nanoTime();
    Problem problem = failure(call.get());
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(503, problem.status());
    assertEquals("/problems/card-unavailable", problem.toJson(null).getString("type"));
    assertTrue(elapsedMillis < BOUND_MILLIS, "answered in " + elapsedMillis + " ms");
  }

  private static Problem failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return assertInstanceOf(Problem.class, e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the call succeeded");
  }

  private static FakeStripe.Request only(List<FakeStripe.Request> requests) {
    assertEquals(1, requests.size(), requests.toString());
    return requests.get(0);
  }

  private static CheckoutRequest request(long amountCents, long feeCents, String idempotencyKey) {
    UUID booking = UUID.randomUUID();
    return new CheckoutRequest(ACCOUNT, UUID.randomUUID(), booking, amountCents, feeCents, "Assistenza domiciliare, 2 ore",
        "https://sportello.example/prenotazioni.html?pagamento=completato&prenotazione=" + booking,
        "https://sportello.example/prenotazioni.html?pagamento=annullato&prenotazione=" + booking,
        Instant.now().plus(Duration.ofMinutes(45)).truncatedTo(ChronoUnit.SECONDS), idempotencyKey);
  }
}
