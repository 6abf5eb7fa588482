package coop.sportello.payments;

import coop.sportello.payments.domain.PaymentMethod;
import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every SQL statement of payments, refunds, the money ledger and the card events handled (V37,
 * V41). Each change of money is one statement that also writes its ledger row: a payment becomes
 * completed together with its (+) row, a refund together with its (−) row, so the ledger cannot
 * miss a movement nor count one twice (its unique indexes are the backstop).
 */
public final class PaymentRepository {

  /** How far back the sweep looks for ended bookings with money to settle. */
  static final int SETTLE_WITHIN_DAYS = 30;

  /** A payment's columns as {@link #payment} reads them. */
  private static final String PAYMENT = """
      id, booking_id, provider_id, person, method, state, amount_cents, refunded_cents, wallet_plan, voucher_wallet,
      stripe_account, stripe_session, stripe_payment_intent, session_expires_at""";

  /** Whatever a completed payment in {@code p} makes the ledger say; $actor is the named parameter. */
  private static final String LEDGER_PAYMENT = """
      INSERT INTO money_ledger (payment_id, booking_id, provider_id, method, kind, amount_cents, actor)
      SELECT id, booking_id, provider_id, method, 'payment', amount_cents, %s FROM p WHERE state = 'completed'""";

  /** One payment of a booking, as the service acts on it. */
  public record Payment(UUID id, UUID bookingId, UUID providerId, String person, PaymentMethod method, String state,
                        int amountCents, int refundedCents, UUID walletPlan, UUID voucherWallet, String stripeAccount,
                        String stripeSession, String paymentIntent, Instant sessionExpiresAt) {
    public boolean is(String wanted) {
      return state.equals(wanted);
    }
  }

  /** What paying a booking needs to know about it: its price, person, state and where card money goes. */
  public record BookingMoney(UUID bookingId, int priceCents, String person, String status, UUID providerId,
                             String stripeAccount, int platformFeeBps, String serviceTitle) { }

  /** A new payment: {@code state} pending (card), due (at the provider) or completed. */
  public record NewPayment(UUID id, UUID bookingId, PaymentMethod method, int amountCents, String state, UUID walletPlan,
                           UUID voucherWallet, String stripeAccount, String stripeSession, Instant sessionExpiresAt,
                           String actor) { }

  /** A card refund recorded and still to be asked of Stripe. */
  public record UnaskedRefund(UUID refundId, int amountCents, String stripeAccount, String paymentIntent) { }

  private final Pool pool;

  public PaymentRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<BookingMoney>> bookingMoney(SqlClient c, UUID bookingId) {
    return c.preparedQuery("""
            SELECT b.id, b.price_cents, b.person, b.status, sv.provider_id, p.stripe_account, p.platform_fee_bps, sv.title
              FROM bookings b JOIN services sv ON sv.id = b.service_id JOIN providers p ON p.id = sv.provider_id
             WHERE b.id = $1""")
        .execute(Tuple.of(bookingId))
        .map(rows -> Rows.first(rows, r -> new BookingMoney(r.getUUID(0), r.getInteger(1), r.getString(2), r.getString(3),
            r.getUUID(4), r.getString(5), r.getInteger(6), r.getString(7))));
  }

  /** Inserts the payment; a completed one writes its ledger row in the same statement. */
  public Future<UUID> insert(SqlClient c, NewPayment p) {
    return c.preparedQuery("""
            WITH p AS (
              INSERT INTO payments (id, booking_id, provider_id, person, method, amount_cents, state, wallet_plan,
                                    voucher_wallet, stripe_account, stripe_session, session_expires_at, created_by, completed_at)
              SELECT $1, b.id, sv.provider_id, b.person, $3, $4, $5, $6, $7, $8, $9, $10, $11,
                     CASE WHEN $5 = 'completed' THEN now() END
                FROM bookings b JOIN services sv ON sv.id = b.service_id WHERE b.id = $2
              RETURNING *
            ), l AS (""" + LEDGER_PAYMENT.formatted("$11") + """
            )
            SELECT id FROM p""")
        .execute(Tuple.from(new Object[] {p.id(), p.bookingId(), p.method().wireName(), p.amountCents(), p.state(),
            p.walletPlan(), p.voucherWallet(), p.stripeAccount(), p.stripeSession(),
            p.sessionExpiresAt() == null ? null : p.sessionExpiresAt().atOffset(ZoneOffset.UTC), p.actor()}))
        .map(rows -> rows.iterator().next().getUUID(0));
  }

  /**
   * Completes the payment if it is in one of {@code from} (a conditional update: of two deliveries
   * of the same fact only one completes it), with its ledger row; false when it was not.
   */
  public Future<Boolean> complete(SqlClient c, UUID paymentId, List<String> from, String actor, String means,
                                  String paymentIntent) {
    return c.preparedQuery("""
            WITH p AS (
              UPDATE payments SET state = 'completed', completed_at = now(), means = coalesce($4, means),
                     recorded_by = $3, stripe_payment_intent = coalesce($5, stripe_payment_intent)
               WHERE id = $1 AND state = ANY ($2::text[])
              RETURNING *
            ), l AS (""" + LEDGER_PAYMENT.formatted("$3") + """
            )
            SELECT id FROM p""")
        .execute(Tuple.of(paymentId, from.toArray(new String[0]), actor, means, paymentIntent))
        .map(rows -> rows.size() == 1);
  }

  /** The booking's payments that are, will be or were money (pending, due, completed), locked, oldest first. */
  public Future<List<Payment>> live(SqlClient c, UUID bookingId) {
    return c.preparedQuery("SELECT " + PAYMENT + " FROM payments WHERE booking_id = $1 "
            + "AND state IN ('pending', 'due', 'completed') ORDER BY created_at, id FOR UPDATE")
        .execute(Tuple.of(bookingId)).map(PaymentRepository::payments);
  }

  /**
   * A card payment by its Checkout Session on that connected account, locked; or by its id (the
   * session's metadata) while the session's opening is not stored yet.
   */
  public Future<Optional<Payment>> cardBySession(SqlClient c, String connectedAccount, String sessionId, UUID paymentId) {
    return c.preparedQuery("SELECT " + PAYMENT + " FROM payments WHERE stripe_account = $2 AND method = 'card' "
            + "AND (stripe_session = $1 OR (stripe_session IS NULL AND id = $3)) FOR UPDATE")
        .execute(Tuple.of(sessionId, connectedAccount, paymentId)).map(rows -> Rows.first(rows, PaymentRepository::payment));
  }

  /** What opening a card payment's checkout needs: the payment, its booking and where its money goes. */
  public record CardToOpen(UUID bookingId, String state, int amountCents, String stripeAccount, Instant expiresAt,
                           String serviceTitle, int platformFeeBps) {
    public boolean pending() {
      return "pending".equals(state);
    }
  }

  public Future<Optional<CardToOpen>> cardToOpen(SqlClient c, UUID paymentId) {
    return c.preparedQuery("""
            SELECT p.booking_id, p.state, p.amount_cents, p.stripe_account, p.session_expires_at, sv.title, pr.platform_fee_bps
              FROM payments p JOIN bookings b ON b.id = p.booking_id JOIN services sv ON sv.id = b.service_id
              JOIN providers pr ON pr.id = p.provider_id
             WHERE p.id = $1 AND p.method = 'card'""")
        .execute(Tuple.of(paymentId))
        .map(rows -> Rows.first(rows, r -> new CardToOpen(r.getUUID(0), r.getString(1), r.getInteger(2), r.getString(3),
            r.getOffsetDateTime(4).toInstant(), r.getString(5), r.getInteger(6))));
  }

  /** Stores the Checkout Session opened for the card payment (the first one stored stays). */
  public Future<Boolean> opened(SqlClient c, UUID paymentId, String sessionId) {
    return c.preparedQuery("UPDATE payments SET stripe_session = $2 WHERE id = $1 AND stripe_session IS NULL")
        .execute(Tuple.of(paymentId, sessionId)).map(rows -> rows.rowCount() == 1);
  }

  /** A payment of the provider, locked; empty for any other provider's. */
  public Future<Optional<Payment>> ofProvider(SqlClient c, UUID paymentId, UUID providerId) {
    return c.preparedQuery("SELECT " + PAYMENT + " FROM payments WHERE id = $1 AND provider_id = $2 FOR UPDATE")
        .execute(Tuple.of(paymentId, providerId)).map(rows -> Rows.first(rows, PaymentRepository::payment));
  }

  public Future<Optional<String>> meansOf(SqlClient c, UUID paymentId) {
    return c.preparedQuery("SELECT means FROM payments WHERE id = $1").execute(Tuple.of(paymentId))
        .map(rows -> Rows.first(rows, r -> r.getString(0)));
  }

  /** A payment that was never to be money (a due one, a checkout under way) is cancelled; false if it was not in that state. */
  public Future<Boolean> cancel(SqlClient c, UUID paymentId, String from) {
    return c.preparedQuery("UPDATE payments SET state = 'cancelled' WHERE id = $1 AND state = $2")
        .execute(Tuple.of(paymentId, from)).map(rows -> rows.rowCount() == 1);
  }

  /**
   * A refund given at once (credit back to the wallet, a voucher, the provider's own refund): the
   * refund, the payment's refunded total and the ledger's (−) row in one statement, never more
   * than the payment received. Empty when the payment cannot give that much back.
   */
  public Future<Optional<UUID>> refundAtOnce(SqlClient c, UUID paymentId, int cents, String reason, String actor) {
    return c.preparedQuery("""
            WITH p AS (
              UPDATE payments SET refunded_cents = refunded_cents + $2
               WHERE id = $1 AND state = 'completed' AND refunded_cents + $2 <= amount_cents
              RETURNING *
            ), r AS (
              INSERT INTO refunds (payment_id, amount_cents, state, reason, requested_by, completed_at)
              SELECT id, $2, 'completed', $3, $4, now() FROM p
              RETURNING *
            ), l AS (
              INSERT INTO money_ledger (payment_id, refund_id, booking_id, provider_id, method, kind, amount_cents, actor)
              SELECT p.id, r.id, p.booking_id, p.provider_id, p.method, 'refund', -r.amount_cents, $4
                FROM p JOIN r ON r.payment_id = p.id
            )
            SELECT id FROM r""")
        .execute(Tuple.of(paymentId, cents, reason, actor)).map(rows -> Rows.first(rows, r -> r.getUUID(0)));
  }

  /**
   * A card refund to ask of Stripe: pending, counted in the payment's refunded total at once (so
   * nothing is asked twice), written to the ledger only when Stripe's webhook says it succeeded.
   */
  public Future<Optional<UUID>> refundLater(SqlClient c, UUID paymentId, int cents, String reason, String actor) {
    return c.preparedQuery("""
            WITH p AS (
              UPDATE payments SET refunded_cents = refunded_cents + $2
               WHERE id = $1 AND state = 'completed' AND refunded_cents + $2 <= amount_cents
              RETURNING id
            )
            INSERT INTO refunds (payment_id, amount_cents, state, reason, requested_by)
            SELECT id, $2, 'pending', $3, $4 FROM p
            RETURNING id""")
        .execute(Tuple.of(paymentId, cents, reason, actor)).map(rows -> Rows.first(rows, r -> r.getUUID(0)));
  }

  /** Stripe's id for a refund asked of it. */
  public Future<Void> asked(UUID refundId, String stripeRefundId) {
    return pool.preparedQuery("UPDATE refunds SET stripe_refund = $2 WHERE id = $1 AND stripe_refund IS NULL")
        .execute(Tuple.of(refundId, stripeRefundId)).mapEmpty();
  }

  /**
   * A pending refund of the card payment of {@code paymentIntent} completed, with its (−) ledger
   * row; false when it was not pending (a repeat) or is no refund of that payment.
   */
  public Future<Boolean> completeRefund(SqlClient c, UUID refundId, String stripeRefundId, String paymentIntent) {
    return c.preparedQuery("""
            WITH r AS (
              UPDATE refunds SET state = 'completed', completed_at = now(), stripe_refund = coalesce(stripe_refund, $2)
               WHERE id = $1 AND state = 'pending'
                 AND payment_id IN (SELECT id FROM payments WHERE stripe_payment_intent = $3)
              RETURNING *
            ), l AS (
              INSERT INTO money_ledger (payment_id, refund_id, booking_id, provider_id, method, kind, amount_cents, actor)
              SELECT p.id, r.id, p.booking_id, p.provider_id, p.method, 'refund', -r.amount_cents, 'stripe'
                FROM r JOIN payments p ON p.id = r.payment_id
            )
            SELECT id FROM r""")
        .execute(Tuple.of(refundId, stripeRefundId, paymentIntent)).map(rows -> rows.size() == 1);
  }

  /** A pending refund Stripe could not make: failed, and no longer counted as given back. */
  public Future<Boolean> failRefund(SqlClient c, UUID refundId) {
    return c.preparedQuery("""
            WITH r AS (UPDATE refunds SET state = 'failed' WHERE id = $1 AND state = 'pending' RETURNING *)
            UPDATE payments p SET refunded_cents = p.refunded_cents - r.amount_cents FROM r WHERE p.id = r.payment_id
            RETURNING p.id""")
        .execute(Tuple.of(refundId)).map(rows -> rows.size() == 1);
  }

  /** Whether this card event is seen for the first time (its id is then kept with what it changed). */
  public Future<Boolean> firstSeen(SqlClient c, String eventId, String kind) {
    return c.preparedQuery("INSERT INTO card_events (event_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id")
        .execute(Tuple.of(eventId, kind)).map(rows -> rows.size() == 1);
  }

  /** A rescheduled booking's payments pay its replacement (the ledger keeps the booking they were made for). */
  public Future<Void> move(SqlClient c, UUID from, UUID to) {
    return c.preparedQuery("UPDATE payments SET booking_id = $2 WHERE booking_id = $1 AND state IN ('due', 'completed')")
        .execute(Tuple.of(from, to)).mapEmpty();
  }

  /** What the booking's live payments pay net of refunds: received, due and under way. */
  public Future<Integer> covered(SqlClient c, UUID bookingId) {
    return c.preparedQuery("""
            SELECT coalesce(sum(amount_cents - refunded_cents), 0)::int FROM payments
             WHERE booking_id = $1 AND state IN ('pending', 'due', 'completed')""")
        .execute(Tuple.of(bookingId)).map(rows -> rows.iterator().next().getInteger(0));
  }

  /** Adds {@code cents} to the booking's amount due at the provider; false when there is none due. */
  public Future<Boolean> addToDue(SqlClient c, UUID bookingId, int cents) {
    return c.preparedQuery("""
            UPDATE payments SET amount_cents = amount_cents + $2
             WHERE booking_id = $1 AND method = 'at_provider' AND state = 'due'""")
        .execute(Tuple.of(bookingId, cents)).map(rows -> rows.rowCount() == 1);
  }

  /**
   * Bookings that ended (cancelled, expired) in the last {@link #SETTLE_WITHIN_DAYS} days and still
   * have money to settle: a payment due or under way to cancel, or one received and not yet all
   * given back. The sweep settles them. Looking back a bounded time keeps each sweep to the recently
   * ended bookings (V60's index) instead of every cancelled booking of the years; a payment that a
   * checkout completes after its hold expired comes within hours, well inside the window.
   */
  public Future<List<UUID>> endedUnsettled(int limit) {
    return pool.preparedQuery("""
            SELECT DISTINCT p.booking_id FROM bookings b JOIN payments p ON p.booking_id = b.id
             WHERE b.status IN ('cancelled', 'expired') AND b.updated_at > now() - make_interval(days => $2)
               AND (p.state IN ('pending', 'due') OR (p.state = 'completed' AND p.refunded_cents < p.amount_cents))
             LIMIT $1""")
        .execute(Tuple.of(limit, SETTLE_WITHIN_DAYS)).map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getUUID(0)));
          return ids;
        });
  }

  /** Card refunds recorded over a minute ago that Stripe was never asked for (the request after commit was lost). */
  public Future<List<UnaskedRefund>> unaskedCardRefunds(int limit) {
    return pool.preparedQuery("""
            SELECT r.id, r.amount_cents, p.stripe_account, p.stripe_payment_intent
              FROM refunds r JOIN payments p ON p.id = r.payment_id
             WHERE r.state = 'pending' AND r.stripe_refund IS NULL AND r.created_at < now() - interval '1 minute'
             ORDER BY r.created_at LIMIT $1""")
        .execute(Tuple.of(limit)).map(rows -> {
          List<UnaskedRefund> refunds = new ArrayList<>();
          rows.forEach(r -> refunds.add(new UnaskedRefund(r.getUUID(0), r.getInteger(1), r.getString(2), r.getString(3))));
          return refunds;
        });
  }

  /** The booking's payments with their refunds, as shown: {items, paidCents, dueCents, refundedCents}. */
  public Future<JsonObject> ofBooking(SqlClient c, UUID bookingId) {
    return c.preparedQuery("""
            SELECT jsonb_strip_nulls(jsonb_build_object(
                     'id', p.id, 'method', p.method, 'state', p.state, 'amountCents', p.amount_cents,
                     'refundedCents', p.refunded_cents, 'means', p.means, 'createdAt', utc_iso(p.created_at),
                     'completedAt', utc_iso(p.completed_at),
                     'refunds', coalesce((SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                                    'id', r.id, 'amountCents', r.amount_cents, 'state', r.state, 'reason', r.reason,
                                    'createdAt', utc_iso(r.created_at), 'completedAt', utc_iso(r.completed_at)))
                                    ORDER BY r.created_at)
                                  FROM refunds r WHERE r.payment_id = p.id), '[]'::jsonb))) AS payment
              FROM payments p WHERE p.booking_id = $1 ORDER BY p.created_at, p.id""")
        .execute(Tuple.of(bookingId)).map(rows -> {
          JsonArray items = new JsonArray();
          int paid = 0;
          int due = 0;
          int refunded = 0;
          for (Row r : rows) {
            JsonObject payment = (JsonObject) r.getJson(0);
            items.add(payment);
            switch (payment.getString("state")) {
              case "completed" -> {
                paid += payment.getInteger("amountCents");
                refunded += payment.getInteger("refundedCents");
              }
              case "due" -> due += payment.getInteger("amountCents");
              default -> { }
            }
          }
          return new JsonObject().put("items", items).put("paidCents", paid).put("dueCents", due)
              .put("refundedCents", refunded);
        });
  }

  private static List<Payment> payments(Iterable<Row> rows) {
    List<Payment> list = new ArrayList<>();
    rows.forEach(r -> list.add(payment(r)));
    return list;
  }

  private static Payment payment(Row r) {
    return new Payment(r.getUUID("id"), r.getUUID("booking_id"), r.getUUID("provider_id"), r.getString("person"),
        PaymentMethod.fromWire(r.getString("method")).orElseThrow(), r.getString("state"), r.getInteger("amount_cents"),
        r.getInteger("refunded_cents"), r.getUUID("wallet_plan"), r.getUUID("voucher_wallet"), r.getString("stripe_account"),
        r.getString("stripe_session"), r.getString("stripe_payment_intent"),
        r.getOffsetDateTime("session_expires_at") == null ? null : r.getOffsetDateTime("session_expires_at").toInstant());
  }
}
