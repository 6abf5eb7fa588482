package coop.sportello.payments.domain;

/**
 * What a cancellation gives back, from the service's cancellation policy
 * ({@code services.cancel_window_hours}): outside the window the person cancels and gets back
 * everything paid; inside it a citizen cannot cancel online at all (the booking query refuses),
 * while staff cancel with a reason, and then too everything paid goes back. So every cancellation
 * that happens refunds in full; what was not yet paid (due, a checkout under way) is cancelled.
 */
public final class RefundRule {

  private RefundRule() { }

  /** What goes back of a payment that received {@code paidCents} and gave back {@code refundedCents} so far. */
  public static int refundCents(int paidCents, int refundedCents) {
    return Math.max(0, paidCents - refundedCents);
  }
}
