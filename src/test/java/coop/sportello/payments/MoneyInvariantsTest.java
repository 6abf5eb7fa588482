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
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 21's money invariants over 10,000 random operations (seeded, so a failure can be replayed):
 * holds, confirmations paid in every mix of credit, card and at the provider, cancellations by the
 * person and by staff inside and outside the cancellation window, reschedules, card webhooks
 * delivered, repeated and out of order, checkouts and holds expiring, the provider recording what
 * it received. Every refusal must be a 4xx problem (never a server error). Afterwards, for every
 * booking, payments − refunds = the price charged (due at the provider counted for a confirmed
 * booking, nothing left for one that ended), the ledger agrees with every payment and refund, no
 * wallet is below zero or apart from its ledger, no booking is confirmed by a card payment that did
 * not complete, every amount is an integer of cents, and the receipts relay (running all along, as
 * on a real node) documented every ledger row once with numbers gapless per provider, year and series.
 */
class MoneyInvariantsTest extends AppTestBase {

  private static final int OPERATIONS = Integer.getInteger("money.operations", 10_000);
  private static final long SEED = Long.getLong("money.seed", 21L);

  private MoneyFixture money;
  private RecordingCardCheckout cards;
  private PaymentService payments;
  private BookingService bookings;
  private PaymentRepository repository;
  private final List<Identity> people = new ArrayList<>();
  private Identity operator;
  private Identity admin;

  @Override
  protected JsonObject overrides() {
    // The app's own sweeps (holds expiring, ended bookings settled) stay out of the way: its payments
    // service has no card service, so a card refund it recorded would never be asked of the recording
    // one here. The test expires and settles through its own service, as often as the dice say.
    return new JsonObject().put("receipts", new JsonObject().put("relayMillis", 200))
        .put("booking", new JsonObject().put("expiryMillis", 3_600_000));
  }

  @BeforeAll
  void setUp() {
    money = new MoneyFixture(vertx, app.pool(), http, "inv", 4);
    // Every cooperative can issue receipts, so the relay documents money as it moves.
    await(app.pool().query("""
        UPDATE providers SET legal_name = name, legal_address = 'Via Roma 1, 24122 Bergamo', fiscal_code = vat_number
         WHERE legal_name IS NULL""").execute());
    cards = new RecordingCardCheckout();
    BookingRepository bookingRepository = new BookingRepository(app.pool());
    WalletRepository wallets = new WalletRepository(app.pool());
    NodeBus bus = new NodeBus(vertx);
    repository = new PaymentRepository(app.pool());
    payments = new PaymentService(app.pool(), bus, repository, bookingRepository, new WelfarePayment(wallets),
        Optional.of(cards), Optional.empty(), CheckoutPages.under("https://sportello.test"), Clock.systemUTC());
    bookings = new BookingService(app.pool(), bus, bookingRepository, wallets, payments, 600);
    Row ids = await(app.pool().query("""
        SELECT (SELECT company_id::text FROM accounts WHERE username = 'inv.dipendente'),
               (SELECT id::text FROM accounts WHERE username = 'inv.operatore'),
               (SELECT id::text FROM accounts WHERE username = 'inv.admin'),
               (SELECT provider_id::text FROM accounts WHERE username = 'inv.admin')""").execute()).iterator().next();
    people.add(new Identity(money.employeeId, Set.of(Role.EMPLOYEE), null, "Dipendente", null, ids.getString(0), null));
    people.add(new Identity(money.citizenId, Set.of(Role.CITIZEN), null, "Cittadina", null, null, "016024"));
    operator = new Identity(ids.getString(1), Set.of(Role.OPERATOR), null, "Operatore", null, null, null);
    admin = new Identity(ids.getString(2), Set.of(Role.PROVIDER_ADMIN), null, "Admin", ids.getString(3), null, null);
  }

  private static Idempotency.Key key(Identity who) {
    return new Idempotency.Key(who.subject(), UUID.randomUUID().toString(), Buffer.buffer("h"));
  }

  /** Waits for the operation: a refusal must be a client problem, anything else fails the test. */
  private static <T> Optional<T> attempt(Future<T> operation) {
    try {
      return Optional.ofNullable(operation.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Problem problem && problem.status() >= 400 && problem.status() < 500) {
        return Optional.empty();
      }
      throw new AssertionError("an operation failed with no client problem", e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private List<UUID> bookingsIn(String... statuses) {
    List<UUID> ids = new ArrayList<>();
    await(app.pool().preparedQuery("SELECT id FROM bookings WHERE status = ANY ($1) AND service_id = $2 ORDER BY created_at")
        .execute(Tuple.of(statuses, UUID.fromString(money.serviceId)))).forEach(r -> ids.add(r.getUUID(0)));
    return ids;
  }

  private static <T> T any(Random random, List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private static String sessionOf(CardCheckout.CheckoutRequest asked) {
    return "cs_test_" + asked.paymentId().toString().replace("-", "");
  }

  private static PaymentChoice choice(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> PaymentChoice.NOTHING;
      case 1 -> PaymentChoice.CREDIT_ONLY;
      case 2 -> new PaymentChoice(true, PaymentMethod.AT_PROVIDER, null);
      case 3 -> new PaymentChoice(false, PaymentMethod.AT_PROVIDER, null);
      case 4 -> new PaymentChoice(true, PaymentMethod.CARD, null);
      default -> new PaymentChoice(false, PaymentMethod.CARD, null);
    };
  }

  @Test
  void paymentsLessRefundsAreThePriceOfEveryBookingAfterTenThousandRandomOperations() {
    Random random = new Random(SEED);
    List<CardEvent> delivered = new ArrayList<>();
    for (int i = 0; i < OPERATIONS; i++) {
      int dice = random.nextInt(100);
      Identity person = any(random, people);
      if (dice < 20) {
        attempt(bookings.hold(person, UUID.fromString(any(random, money.slots)), 1 + random.nextInt(3), null, null, key(person)));
      } else if (dice < 40) {
        List<UUID> held = bookingsIn("held");
        if (!held.isEmpty()) {
          UUID booking = any(random, held);
          Identity owner = ownerOf(booking);
          attempt(bookings.confirm(owner, booking, choice(random), Map.of(), key(owner)));
        }
      } else if (dice < 50) {
        List<UUID> live = bookingsIn("held", "confirmed");
        if (!live.isEmpty()) {
          UUID booking = any(random, live);
          Identity who = random.nextInt(3) == 0 ? operator : ownerOf(booking);
          attempt(bookings.cancel(who, booking, who == operator ? "Richiesta telefonica" : null, key(who)));
        }
      } else if (dice < 57) {
        List<UUID> confirmed = bookingsIn("confirmed");
        if (!confirmed.isEmpty()) {
          UUID booking = any(random, confirmed);
          Identity owner = ownerOf(booking);
          attempt(bookings.reschedule(owner, booking, UUID.fromString(any(random, money.slots)), key(owner)));
        }
      } else if (dice < 67 && !cards.created.isEmpty()) {
        CardCheckout.CheckoutRequest asked = any(random, cards.created);
        CardEvent event = new CardEvent.CheckoutCompleted("evt_" + i, MoneyFixture.ACCOUNT, sessionOf(asked),
            "pi_" + asked.paymentId(), asked.amountCents(), true, asked.paymentId());
        attempt(payments.handle(event));
        delivered.add(event);
      } else if (dice < 72 && !cards.created.isEmpty()) {
        CardCheckout.CheckoutRequest asked = any(random, cards.created);
        CardEvent event = new CardEvent.CheckoutExpired("evt_" + i, MoneyFixture.ACCOUNT, sessionOf(asked), asked.paymentId());
        attempt(payments.handle(event));
        delivered.add(event);
      } else if (dice < 80 && !cards.refunds.isEmpty()) {
        CardEvent event = refunded("evt_" + i, any(random, cards.refunds), random.nextInt(20) == 0 ? "failed" : "succeeded");
        attempt(payments.handle(event));
        delivered.add(event);
      } else if (dice < 90 && !delivered.isEmpty()) {
        attempt(payments.handle(any(random, delivered))); // a duplicate, in any order
      } else if (dice < 95) {
        List<UUID> held = bookingsIn("held");
        if (!held.isEmpty()) {
          await(app.pool().preparedQuery("UPDATE bookings SET hold_expires_at = now() - interval '1 second' WHERE id = $1")
              .execute(Tuple.of(any(random, held))));
          attempt(bookings.expireHolds(Instant.now()));
          attempt(payments.settleEnded());
        }
      } else if (dice < 98) {
        List<UUID> due = new ArrayList<>();
        await(app.pool().query("SELECT id FROM payments WHERE state = 'due'").execute()).forEach(r -> due.add(r.getUUID(0)));
        if (!due.isEmpty()) {
          attempt(payments.record(admin, any(random, due), random.nextBoolean() ? "cash" : "pos", key(admin)));
        }
      } else {
        // The cooperative changes its policy: every booking falls inside the window, or none does.
        await(app.pool().preparedQuery("UPDATE services SET cancel_window_hours = $2 WHERE id = $1")
            .execute(Tuple.of(UUID.fromString(money.serviceId), random.nextBoolean() ? 720 : 24)));
      }
    }
    settleEverything();
    assertInvariants();
  }

  private CardEvent.ChargeRefunded refunded(String eventId, CardCheckout.RefundRequest refund, String status) {
    return new CardEvent.ChargeRefunded(eventId, MoneyFixture.ACCOUNT, refund.paymentIntent(), refund.amountCents(),
        List.of(new CardEvent.RefundSeen("re_" + refund.refundId(), refund.amountCents(), status, refund.refundId())));
  }

  private Identity ownerOf(UUID booking) {
    String person = await(app.pool().preparedQuery("SELECT person FROM bookings WHERE id = $1").execute(Tuple.of(booking)))
        .iterator().next().getString(0);
    return people.stream().filter(p -> p.subject().equals(person)).findFirst().orElseThrow();
  }

  /** The money still moving ends: ended bookings settled, and Stripe confirms every refund asked of it. */
  private void settleEverything() {
    for (int round = 0; round < 5; round++) {
      attempt(payments.settleEnded());
      int seen = cards.refunds.size();
      for (int r = 0; r < seen; r++) {
        attempt(payments.handle(refunded("evt_final_" + round + "_" + r, cards.refunds.get(r), "succeeded")));
      }
    }
  }

  /** The booking's payments and refunds, and what the card service was asked, for a failure's message. */
  private String history(UUID booking) {
    StringBuilder text = new StringBuilder();
    await(app.pool().preparedQuery("""
        SELECT p.id, p.method, p.state, p.amount_cents, p.refunded_cents, p.stripe_payment_intent,
               (SELECT jsonb_agg(jsonb_build_object('id', r.id, 'state', r.state, 'cents', r.amount_cents,
                                                    'stripe', r.stripe_refund, 'reason', r.reason))
                  FROM refunds r WHERE r.payment_id = p.id)
          FROM payments p WHERE p.booking_id = $1""").execute(Tuple.of(booking)))
        .forEach(r -> text.append("\n  ").append(r.toJson().encode()));
    cards.refunds.stream().filter(q -> text.indexOf(q.refundId().toString()) >= 0)
        .forEach(q -> text.append("\n  asked ").append(q));
    return text.toString();
  }

  private void assertInvariants() {
    int checked = 0;
    for (Row r : await(app.pool().query("""
        SELECT b.id, b.status, b.price_cents,
               coalesce(sum(p.amount_cents) FILTER (WHERE p.state = 'completed'), 0)::int AS received,
               coalesce(sum(p.amount_cents) FILTER (WHERE p.state = 'due'), 0)::int AS due,
               coalesce(sum(p.amount_cents) FILTER (WHERE p.state = 'pending'), 0)::int AS pending,
               coalesce((SELECT sum(r.amount_cents) FROM refunds r JOIN payments q ON q.id = r.payment_id
                          WHERE q.booking_id = b.id AND r.state = 'completed'), 0)::int AS refunded,
               coalesce((SELECT sum(r.amount_cents) FROM refunds r JOIN payments q ON q.id = r.payment_id
                          WHERE q.booking_id = b.id AND r.state = 'pending'), 0)::int AS refunding,
               count(p.id) FILTER (WHERE p.method = 'card' AND p.state = 'pending') AS cards_pending
          FROM bookings b LEFT JOIN payments p ON p.booking_id = b.id
         GROUP BY b.id""").execute())) {
      String status = r.getString("status");
      int price = r.getInteger("price_cents");
      int net = r.getInteger("received") - r.getInteger("refunded");
      String where = "booking " + r.getUUID("id") + " " + status + " " + r.toJson() + history(r.getUUID("id"));
      assertEquals(0, r.getInteger("refunding"), "every refund asked was confirmed: " + where);
      switch (status) {
        case "confirmed" -> {
          assertEquals(price, net + r.getInteger("due"), "payments − refunds (+ due at the provider) = price: " + where);
          assertEquals(0L, r.getLong("cards_pending"), "no booking confirmed by a card that did not pay: " + where);
        }
        case "held" -> assertTrue(r.getInteger("pending") + net + r.getInteger("due") == price
            || r.getInteger("pending") + net + r.getInteger("due") == 0, "a hold waits for all its price or nothing: " + where);
        default -> {
          assertEquals(0, net, "an ended booking kept no money: " + where);
          assertEquals(0, r.getInteger("due") + r.getInteger("pending"), "nothing still to pay: " + where);
        }
      }
      checked++;
    }
    assertTrue(checked > OPERATIONS / 20, "the operations made bookings: " + checked);

    // The ledger is the payments and refunds, row for row.
    Row ledger = await(app.pool().query("""
        SELECT (SELECT count(*) FROM payments p WHERE (p.state = 'completed')
                   <> EXISTS (SELECT 1 FROM money_ledger l WHERE l.payment_id = p.id AND l.kind = 'payment')),
               (SELECT count(*) FROM refunds r WHERE (r.state = 'completed')
                   <> EXISTS (SELECT 1 FROM money_ledger l WHERE l.refund_id = r.id)),
               (SELECT count(*) FROM money_ledger l JOIN payments p ON p.id = l.payment_id
                 WHERE l.kind = 'payment' AND l.amount_cents <> p.amount_cents),
               (SELECT count(*) FROM payments p WHERE p.refunded_cents <> coalesce((SELECT sum(amount_cents) FROM refunds r
                 WHERE r.payment_id = p.id AND r.state <> 'failed'), 0)),
               (SELECT count(*) FROM wallets WHERE balance_cents < 0),
               (SELECT count(*) FROM wallets w WHERE w.balance_cents <> (SELECT coalesce(sum(amount_cents), 0) FROM wallet_ledger l
                 WHERE l.account_id = w.account_id AND l.plan_id = w.plan_id)),
               (SELECT count(*) FROM information_schema.columns WHERE table_name IN ('payments', 'refunds', 'money_ledger',
                 'wallets', 'wallet_ledger', 'bookings') AND column_name LIKE '%cents' AND data_type <> 'integer')""")
        .execute()).iterator().next();
    assertEquals(0L, ledger.getLong(0), "a payment is in the ledger exactly when it completed");
    assertEquals(0L, ledger.getLong(1), "a refund is in the ledger exactly when it completed");
    assertEquals(0L, ledger.getLong(2), "the ledger row is the payment's amount");
    assertEquals(0L, ledger.getLong(3), "a payment's refunded total is its refunds'");
    assertEquals(0L, ledger.getLong(4), "no wallet below zero");
    assertEquals(0L, ledger.getLong(5), "every wallet is the sum of its ledger");
    assertEquals(0L, ledger.getLong(6), "every amount is an integer of cents");

    // Receipt numbers gapless per provider, year and series: every ledger row gets its one document.
    Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> await(app.pool().query(
        "SELECT count(*) FROM money_ledger l WHERE NOT EXISTS (SELECT 1 FROM receipts r WHERE r.ledger_id = l.id)").execute())
        .iterator().next().getLong(0) == 0);
    Row receipts = await(app.pool().query("""
        SELECT (SELECT count(*) FROM (SELECT 1 FROM receipts GROUP BY provider_id, year, series
                 HAVING min(number) <> 1 OR max(number) <> count(*) OR count(DISTINCT number) <> count(*)) gaps),
               (SELECT count(*) FROM receipts r JOIN money_ledger l ON l.id = r.ledger_id
                 WHERE r.amount_cents <> abs(l.amount_cents) OR (r.series = 'credit_note') <> (l.kind = 'refund')),
               (SELECT count(*) FROM receipts)""").execute()).iterator().next();
    assertEquals(0L, receipts.getLong(0), "receipt numbers are 1..N per provider, year and series, without gaps");
    assertEquals(0L, receipts.getLong(1), "each receipt documents its ledger row's amount, a refund by a credit note");
    assertTrue(receipts.getLong(2) > 0, "money moved and was documented");
  }
}
