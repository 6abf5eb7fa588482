package coop.sportello.payments;

import coop.sportello.booking.BookingRepository;
import coop.sportello.booking.BookingService;
import coop.sportello.booking.WalletRepository;
import coop.sportello.booking.WelfarePayment;
import coop.sportello.payments.card.CardCheckout;
import coop.sportello.payments.card.CardEvent;
import coop.sportello.payments.domain.PaymentChoice;
import coop.sportello.payments.domain.PaymentMethod;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Problem;
import coop.sportello.testing.AppTestBase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The card logic of the payments service through the {@link CardCheckout} contract (a recording
 * card service; the end-to-end tests with the local Stripe server are CardPaymentTest): a hold
 * waits for its checkout, the webhook's completion confirms it once, an expiry or the hold ending
 * first gives everything back, a completion after the hold ended is refunded at once.
 */
class CardPaymentLogicTest extends AppTestBase {

  private static final PaymentChoice CREDIT_AND_CARD = new PaymentChoice(true, PaymentMethod.CARD, null);

  private MoneyFixture money;
  private RecordingCardCheckout cards;
  private PaymentService payments;
  private BookingService bookings;
  private Identity employee;
  private String employeeToken;
  private int nextSlot;

  @BeforeAll
  void setUp() {
    money = new MoneyFixture(vertx, app.pool(), http, "carta", 2);
    cards = new RecordingCardCheckout();
    BookingRepository repository = new BookingRepository(app.pool());
    WalletRepository wallets = new WalletRepository(app.pool());
    NodeBus bus = new NodeBus(vertx);
    payments = new PaymentService(app.pool(), bus, new PaymentRepository(app.pool()), repository, new WelfarePayment(wallets),
        Optional.of(cards), Optional.empty(), CheckoutPages.under("https://sportello.test"), Clock.systemUTC());
    bookings = new BookingService(app.pool(), bus, repository, wallets, payments, 600);
    String company = await(app.pool().preparedQuery("SELECT company_id::text FROM accounts WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(money.employeeId)))).iterator().next().getString(0);
    employee = new Identity(money.employeeId, Set.of(Role.EMPLOYEE), null, "Dipendente", null, company, null);
    employeeToken = await(http.accessToken("carta.dipendente"));
  }

  private String hold(int places) {
    var held = await(http.post("/api/v1/bookings/holds", employeeToken,
        new JsonObject().put("slotId", money.slots.get(nextSlot++)).put("places", places)));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    return held.bodyAsJsonObject().getString("id");
  }

  private static Idempotency.Key key() {
    return new Idempotency.Key("test", UUID.randomUUID().toString(), Buffer.buffer("hash"));
  }

  private Idempotency.Outcome confirm(String booking, PaymentChoice choice) {
    return await(bookings.confirm(employee, UUID.fromString(booking), choice, Map.of(), key()));
  }

  private String state(String method, String booking) {
    return await(app.pool().preparedQuery("SELECT state FROM payments WHERE booking_id = $1 AND method = $2 "
            + "ORDER BY created_at DESC LIMIT 1").execute(Tuple.of(UUID.fromString(booking), method)))
        .iterator().next().getString(0);
  }

  private void handle(CardEvent event) {
    await(payments.handle(event));
  }

  private CardEvent.CheckoutCompleted completed(CardCheckout.CheckoutRequest asked, String paymentIntent) {
    return new CardEvent.CheckoutCompleted("evt_" + UUID.randomUUID(), MoneyFixture.ACCOUNT,
        "cs_test_" + asked.paymentId().toString().replace("-", ""), paymentIntent, asked.amountCents(), true, asked.paymentId());
  }

  private CardEvent.CheckoutExpired expired(CardCheckout.CheckoutRequest asked) {
    return new CardEvent.CheckoutExpired("evt_" + UUID.randomUUID(), MoneyFixture.ACCOUNT,
        "cs_test_" + asked.paymentId().toString().replace("-", ""), asked.paymentId());
  }

  private CardEvent.ChargeRefunded refunded(String paymentIntent, CardCheckout.RefundRequest refund, String status) {
    return new CardEvent.ChargeRefunded("evt_" + UUID.randomUUID(), MoneyFixture.ACCOUNT, paymentIntent, refund.amountCents(),
        List.of(new CardEvent.RefundSeen("re_" + refund.refundId(), refund.amountCents(), status, refund.refundId())));
  }

  @Test
  void creditAndCardWaitForTheWebhookWhichConfirmsOnceAndACancellationRefundsTheCardThroughStripe() {
    int before = money.balance();
    String booking = hold(2); // 120.00: credit pays what one wallet holds, the card the rest
    Idempotency.Outcome waiting = confirm(booking, CREDIT_AND_CARD);
    assertEquals(202, waiting.status(), waiting.body().encode());
    JsonObject checkout = waiting.body().getJsonObject("checkout");
    assertEquals("held", waiting.body().getJsonObject("booking").getString("status"), "held until the card pays");
    CardCheckout.CheckoutRequest asked = cards.last();
    int credit = Math.min(before, 2 * MoneyFixture.TARIFF);
    assertEquals(2 * MoneyFixture.TARIFF - credit, asked.amountCents());
    assertEquals(MoneyFixture.ACCOUNT, asked.connectedAccount(), "the cooperative's own account");
    assertEquals((asked.amountCents() * 250 + 5000) / 10000, asked.applicationFeeCents());
    assertEquals(checkout.getString("sessionId"), "cs_test_" + asked.paymentId().toString().replace("-", ""));
    Instant holdUntil = money.booking(booking).getOffsetDateTime("hold_expires_at").toInstant();
    assertEquals(Instant.parse(checkout.getString("expiresAt")), holdUntil, "the hold lasts as long as the checkout");
    assertTrue(holdUntil.isAfter(Instant.now().plus(Duration.ofMinutes(30))), "Stripe's minimum of 30 minutes");
    assertEquals(before - credit, money.balance(), "credit spent at once");
    assertEquals(credit, money.ledger(booking), "the card is not money yet");

    // Confirming again while the checkout is open is refused, not a second payment.
    assertEquals("/problems/payment-pending", awaitFailure(bookings.confirm(employee, UUID.fromString(booking),
        PaymentChoice.NOTHING, Map.of(), key())).toJson("x").getString("type"));

    CardEvent.CheckoutCompleted paid = completed(asked, "pi_carta_1");
    handle(paid);
    assertEquals("confirmed", money.booking(booking).getString("status"));
    assertEquals("completed", state("card", booking));
    assertEquals(2 * MoneyFixture.TARIFF, money.ledger(booking));
    handle(paid); // the same delivery again
    handle(completed(asked, "pi_carta_1")); // the same fact under another event id
    handle(expired(asked)); // an expiry arriving after the completion
    assertEquals(2 * MoneyFixture.TARIFF, money.ledger(booking), "received once");
    assertEquals("confirmed", money.booking(booking).getString("status"));

    assertEquals(200, await(bookings.cancel(employee, UUID.fromString(booking), null, key())).status());
    assertEquals(before, money.balance(), "credit back at once");
    CardCheckout.RefundRequest refund = cards.lastRefund();
    assertEquals(asked.amountCents(), refund.amountCents());
    assertEquals("pi_carta_1", refund.paymentIntent());
    assertEquals(asked.amountCents(), money.ledger(booking), "the card refund counts once Stripe says so");
    handle(refunded("pi_carta_1", refund, "succeeded"));
    handle(refunded("pi_carta_1", refund, "succeeded"));
    assertEquals(0, money.ledger(booking));
  }

  @Test
  void anExpiredCheckoutReleasesTheHoldGivesTheCreditBackAndALateCompletionIsRefundedAtOnce() {
    int before = money.balance();
    String booking = hold(2);
    assertEquals(202, confirm(booking, CREDIT_AND_CARD).status());
    CardCheckout.CheckoutRequest asked = cards.last();
    handle(expired(asked));
    assertEquals("expired", money.booking(booking).getString("status"), "places back");
    assertEquals("cancelled", state("card", booking));
    assertEquals(before, money.balance(), "the credit part given back");
    assertEquals(0, money.ledger(booking));

    int refundsBefore = cards.refunds.size();
    handle(completed(asked, "pi_tardi"));
    assertEquals("expired", money.booking(booking).getString("status"), "a late payment confirms nothing");
    assertEquals(refundsBefore + 1, cards.refunds.size(), "and is refunded at once");
    assertEquals(asked.amountCents(), money.ledger(booking));
    handle(refunded("pi_tardi", cards.lastRefund(), "succeeded"));
    assertEquals(0, money.ledger(booking));
    assertEquals(before, money.balance());
  }

  @Test
  void theHoldEndingFirstCancelsTheCheckoutAndGivesTheCreditBack() {
    int before = money.balance();
    String booking = hold(2);
    assertEquals(202, confirm(booking, CREDIT_AND_CARD).status());
    CardCheckout.CheckoutRequest asked = cards.last();
    await(app.pool().preparedQuery("UPDATE bookings SET hold_expires_at = now() - interval '1 second' WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(booking))));
    await(bookings.expireHolds(Instant.now()));
    assertTrue(await(payments.settleEnded()) >= 1);
    assertEquals("cancelled", state("card", booking));
    assertTrue(cards.expired.contains("cs_test_" + asked.paymentId().toString().replace("-", "")), "the checkout ended early");
    assertEquals(before, money.balance());
    assertEquals(0, await(payments.settleEnded()), "nothing left to settle");

    handle(completed(asked, "pi_dopo_scadenza"));
    assertEquals("expired", money.booking(booking).getString("status"));
    assertEquals(asked.amountCents(), cards.lastRefund().amountCents(), "paid after the hold ended: refunded at once");
  }

  @Test
  void cancellingAHoldWhoseCheckoutIsOpenEndsTheCheckoutAndARescheduleWaitsForIt() {
    int before = money.balance();
    String booking = hold(2);
    assertEquals(202, confirm(booking, CREDIT_AND_CARD).status());
    CardCheckout.CheckoutRequest asked = cards.last();
    var moved = bookings.reschedule(employee, UUID.fromString(booking), UUID.fromString(money.slots.get(nextSlot++)), key());
    assertEquals("/problems/payment-pending", awaitFailure(moved).toJson("x").getString("type"));
    assertEquals(200, await(bookings.cancel(employee, UUID.fromString(booking), null, key())).status());
    assertEquals("cancelled", state("card", booking));
    assertTrue(cards.expired.contains("cs_test_" + asked.paymentId().toString().replace("-", "")));
    assertEquals(before, money.balance());
    assertEquals(0, money.ledger(booking));
  }

  @Test
  void aCheckoutThatCannotOpenIsOpenedByTheRetriedRequestAndAskingAgainAnswersTheSameCheckout() {
    int before = money.balance();
    String booking = hold(2);
    Idempotency.Key once = key();
    cards.down = true;
    Problem down;
    try {
      down = awaitFailure(bookings.confirm(employee, UUID.fromString(booking), CREDIT_AND_CARD, Map.of(), once));
    } finally {
      cards.down = false;
    }
    assertEquals(503, down.status());
    assertEquals("/problems/card-unavailable", down.toJson("x").getString("type"));
    assertEquals("held", money.booking(booking).getString("status"), "the hold waits for the card");
    assertEquals("pending", state("card", booking));
    int credit = Math.min(before, 2 * MoneyFixture.TARIFF);
    assertEquals(before - credit, money.balance(), "the credit part stays paid: the retry pays only by card");

    Idempotency.Outcome retried = await(bookings.confirm(employee, UUID.fromString(booking), CREDIT_AND_CARD, Map.of(), once));
    assertEquals(202, retried.status(), retried.body().encode());
    JsonObject checkout = retried.body().getJsonObject("checkout");
    CardCheckout.CheckoutRequest asked = cards.last();
    assertEquals("cs_test_" + asked.paymentId().toString().replace("-", ""), checkout.getString("sessionId"));
    assertTrue(checkout.getString("url").startsWith("https://checkout.stripe.test/"), checkout.encode());
    assertEquals("checkout-" + asked.paymentId(), asked.idempotencyKey(), "the payment's own key: Stripe opens it once");

    // Back from the checkout without paying, the person asks to pay by card again: the same checkout.
    Idempotency.Outcome again = confirm(booking, CREDIT_AND_CARD);
    assertEquals(202, again.status());
    assertEquals(checkout.getString("sessionId"), again.body().getJsonObject("checkout").getString("sessionId"));
    assertEquals(asked.idempotencyKey(), cards.last().idempotencyKey());
    assertEquals(1L, (long) await(app.pool().preparedQuery("SELECT count(*) FROM payments WHERE booking_id = $1 "
        + "AND method = 'card'").execute(Tuple.of(UUID.fromString(booking)))).iterator().next().getLong(0));
    assertEquals(before - credit, money.balance(), "credit spent once");
    assertEquals("/problems/payment-pending", awaitFailure(bookings.confirm(employee, UUID.fromString(booking),
        PaymentChoice.NOTHING, Map.of(), key())).toJson("x").getString("type"), "another way only once the card ends");

    handle(completed(asked, "pi_riaperto"));
    assertEquals("confirmed", money.booking(booking).getString("status"));
    assertEquals(2 * MoneyFixture.TARIFF, money.ledger(booking));
    assertEquals("/problems/checkout-closed", awaitFailure(bookings.confirm(employee, UUID.fromString(booking),
        CREDIT_AND_CARD, Map.of(), once)).toJson("x").getString("type"), "a paid checkout is not offered again");
  }

  @Test
  void aCompletionArrivingBeforeTheOpenedSessionWasStoredFindsItsPaymentAndConfirms() {
    String booking = hold(1);
    assertEquals(202, confirm(booking, CREDIT_AND_CARD).status());
    CardCheckout.CheckoutRequest asked = cards.last();
    // As if the node had stopped between Stripe's answer and storing it.
    await(app.pool().preparedQuery("UPDATE payments SET stripe_session = NULL WHERE id = $1")
        .execute(Tuple.of(asked.paymentId())));
    handle(completed(asked, "pi_prima_del_salvataggio"));
    assertEquals("confirmed", money.booking(booking).getString("status"));
    assertEquals("completed", state("card", booking));
    assertEquals("cs_test_" + asked.paymentId().toString().replace("-", ""), await(app.pool()
        .preparedQuery("SELECT stripe_session FROM payments WHERE id = $1").execute(Tuple.of(asked.paymentId())))
        .iterator().next().getString(0), "the session is kept from the event");
  }

  private static Problem awaitFailure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return (Problem) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a refusal");
  }
}
