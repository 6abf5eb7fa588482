package coop.sportello.payments.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The fixed terms of a card checkout: how long it stays open, and the network's fee on it. */
public final class CardTerms {

  /**
   * A Checkout Session stays open 31 minutes: Stripe refuses an {@code expires_at} less than 30
   * minutes away, and the extra minute covers the time the creation request spends in flight.
   * The booking's hold lasts exactly as long, so the places wait for the payment and no longer.
   */
  public static final Duration CHECKOUT_OPEN = Duration.ofMinutes(31);

  private CardTerms() { }

  /** When a checkout opened now ends, in whole seconds as Stripe counts it (the hold ends at the same instant). */
  public static Instant checkoutExpiry(Instant now) {
    return now.plus(CHECKOUT_OPEN).truncatedTo(ChronoUnit.SECONDS);
  }

  /** The platform's fee in cents: {@code bps} basis points of the amount, rounded half up to the cent. */
  public static long applicationFeeCents(long amountCents, int bps) {
    return (amountCents * bps + 5_000) / 10_000;
  }
}
