package coop.sportello.pricing.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A price as it is shown and charged, in cents: {@code totalCents} = the lines added up. {@code
 * unitCents} is the tariff per unit that applied (the ISEE band's when one did), {@code quantity}
 * how many units one place takes (hours of the slot's real length, days, or 1), {@code
 * discountCents} what the discount took off (0 without one), {@code rounding} how the cents were
 * reached, in Italian.
 */
public record Quote(long totalCents, TariffUnit unit, BigDecimal quantity, long unitCents, int places, List<QuoteLine> lines,
                    Optional<Discount> discount, long discountCents, Optional<IseeBand> iseeBand, String rounding) {

  public Quote {
    lines = List.copyOf(lines);
    if (totalCents < 0 || lines.stream().mapToLong(QuoteLine::cents).sum() != totalCents) {
      throw new IllegalStateException("a quote's lines add up to its total, never below zero");
    }
  }
}
