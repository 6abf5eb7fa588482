package coop.sportello.pricing.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Everything a price depends on: the service's tariff (full, per unit) and ISEE bands, the slot's
 * real start and end, the places, the person's declared ISEE and their discount, and the day the
 * price is quoted (an ISEE counts only while valid that day).
 */
public record PriceRequest(TariffUnit unit, long tariffCents, Instant start, Instant end, int places, IseeBands bands,
                           Optional<Isee> isee, LocalDate today, Optional<Discount> discount) {

  public PriceRequest {
    if (tariffCents < 0 || places < 1 || !end.isAfter(start)) {
      throw new IllegalArgumentException("a price needs a tariff, at least one place and a slot that ends after it starts");
    }
  }
}
