package coop.sportello.payments.card;

import java.util.List;
import java.util.UUID;

/**
 * What a signed card webhook says happened, once its signature and timestamp were verified. These
 * are the only facts that move card money in Sportello; each carries Stripe's event id so that a
 * duplicate or a replay changes nothing, and may arrive in any order.
 */
public sealed interface CardEvent {

  String eventId();

  /** The connected account the event happened on. */
  String connectedAccount();

  /** {@code checkout.session.completed} with payment_status "paid" (or "unpaid" for delayed methods). */
  record CheckoutCompleted(String eventId, String connectedAccount, String sessionId, String paymentIntent,
                           long amountTotal, boolean paid, UUID paymentId) implements CardEvent { }

  /** {@code checkout.session.expired}: the session can no longer be paid. */
  record CheckoutExpired(String eventId, String connectedAccount, String sessionId, UUID paymentId) implements CardEvent { }

  /** {@code charge.refunded}: the charge's refunds as they stand (amounts are cumulative). */
  record ChargeRefunded(String eventId, String connectedAccount, String paymentIntent, long amountRefunded,
                        List<RefundSeen> refunds) implements CardEvent { }

  /** One refund of a charge: Stripe's id, amount, status and our refund id (metadata), if we asked for it. */
  record RefundSeen(String stripeRefundId, long amountCents, String status, UUID refundId) { }
}
