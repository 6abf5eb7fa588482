package coop.sportello.payments;

import coop.sportello.payments.card.CardCheckout;
import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A card service that answers at once and remembers what it was asked (tests of the card logic
 * without Stripe); while {@link #down} it refuses every creation as the real one does when Stripe
 * cannot be reached.
 */
final class RecordingCardCheckout implements CardCheckout {

  volatile boolean down;

  final List<CheckoutRequest> created = new CopyOnWriteArrayList<>();
  final List<RefundRequest> refunds = new CopyOnWriteArrayList<>();
  final List<String> expired = new CopyOnWriteArrayList<>();

  @Override
  public Future<CheckoutSession> create(CheckoutRequest request) {
    if (down) {
      return Future.failedFuture(CardCheckout.unavailable());
    }
    created.add(request);
    String id = "cs_test_" + request.paymentId().toString().replace("-", "");
    return Future.succeededFuture(new CheckoutSession(id, "https://checkout.stripe.test/c/pay/" + id, request.expiresAt()));
  }

  @Override
  public Future<RefundStarted> refund(RefundRequest request) {
    refunds.add(request);
    return Future.succeededFuture(new RefundStarted("re_" + request.refundId().toString().replace("-", ""), "pending"));
  }

  @Override
  public Future<Void> expire(String connectedAccount, String sessionId) {
    expired.add(sessionId);
    return Future.succeededFuture();
  }

  CheckoutRequest last() {
    return created.get(created.size() - 1);
  }

  RefundRequest lastRefund() {
    return refunds.get(refunds.size() - 1);
  }
}
