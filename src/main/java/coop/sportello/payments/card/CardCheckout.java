package coop.sportello.payments.card;

import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.UUID;

/**
 * Card payments taken on the provider's own account (Stripe Connect, direct charges): the network
 * never holds the families' money, it only asks the provider's account to open a checkout and,
 * under the cancellation policy, to refund. Whether money moved is known only from a verified
 * webhook ({@link CardEvent}), never from these answers. Every call ends in bounded time: a slow or
 * down card service fails with a 503 problem ({@code card-unavailable}).
 */
public interface CardCheckout {

  /**
   * A Checkout Session for one payment. {@code paymentId} travels as the session's
   * client_reference_id and metadata so the webhook finds the payment; {@code idempotencyKey}
   * makes a retried creation return the same session.
   */
  record CheckoutRequest(String connectedAccount, UUID paymentId, UUID bookingId, long amountCents,
                         long applicationFeeCents, String description, String successUrl, String cancelUrl,
                         Instant expiresAt, String idempotencyKey) { }

  /** Where to send the person ({@code url}) and until when the session can be paid. */
  record CheckoutSession(String sessionId, String url, Instant expiresAt) { }

  /** A refund of {@code amountCents} of the payment's PaymentIntent; {@code refundId} is ours (metadata). */
  record RefundRequest(String connectedAccount, String paymentIntent, UUID refundId, long amountCents,
                       String idempotencyKey) { }

  /** Stripe's refund id and its status as first answered (pending or succeeded). */
  record RefundStarted(String stripeRefundId, String status) { }

  Future<CheckoutSession> create(CheckoutRequest request);

  Future<RefundStarted> refund(RefundRequest request);

  /** Ends an open session early (its hold ended first), so it can no longer be paid. */
  Future<Void> expire(String connectedAccount, String sessionId);

  /** The one refusal when the card service cannot be reached, is slow, or is not configured. */
  static Problem unavailable() {
    return new Problem(503, "card-unavailable", "Pagamento con carta non disponibile",
        "Il pagamento con carta non è disponibile in questo momento: riprova tra poco o scegli un altro modo di pagare.");
  }
}
