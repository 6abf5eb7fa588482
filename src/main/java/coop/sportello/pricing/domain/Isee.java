package coop.sportello.pricing.domain;

import java.time.LocalDate;

/**
 * A person's ISEE as they declared it: the value in cents and the day it stops being valid (an
 * ordinary ISEE lasts until 31 December of the year it was issued). Sportello does not check it
 * against INPS: it is shown and used as declared.
 */
public record Isee(long valueCents, LocalDate expiresOn) {

  /** The highest value accepted: beyond it the figure is a typing slip (ten million euros). */
  public static final long MAX_CENTS = 1_000_000_000L;

  public Isee {
    if (valueCents < 0 || valueCents > MAX_CENTS) {
      throw new IllegalArgumentException("ISEE out of range");
    }
  }

  /** Whether a price quoted on {@code day} may use it (valid up to and including its expiry day). */
  public boolean validOn(LocalDate day) {
    return !day.isAfter(expiresOn);
  }
}
