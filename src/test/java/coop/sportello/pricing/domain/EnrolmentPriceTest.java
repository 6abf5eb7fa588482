package coop.sportello.pricing.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An enrolment's price: the tariff per period × periods × places, ISEE band and discount as for a slot. */
class EnrolmentPriceTest {

  private static final LocalDate TODAY = LocalDate.of(2027, 3, 1);

  private static EnrolmentPrice.Request request(TariffUnit unit, long tariff, int periods, int places) {
    return new EnrolmentPrice.Request(unit, tariff, periods, places, IseeBands.NONE, Optional.empty(), TODAY, Optional.empty());
  }

  @Test
  void twoWeeksOfSummerCampForTwoChildren() {
    Quote quote = EnrolmentPrice.quote(request(TariffUnit.WEEK, 13_500, 2, 2));
    assertEquals(54_000, quote.totalCents());
    assertEquals(List.of(new QuoteLine("2 settimane × 135,00 € a settimana × 2 posti", 54_000)), quote.lines());
    assertEquals(0, BigDecimal.valueOf(2).compareTo(quote.quantity()));
    assertEquals("1 mese × 620,00 € al mese", EnrolmentPrice.quote(request(TariffUnit.MONTH, 62_000, 1, 1)).lines().get(0).label());
  }

  @Test
  void aValidIseeBandLowersTheTariffAndADiscountComesLast() {
    IseeBands bands = new IseeBands(List.of(new IseeBand(1_000_000, 30_000), new IseeBand(2_000_000, 45_000)));
    Quote reduced = EnrolmentPrice.quote(new EnrolmentPrice.Request(TariffUnit.MONTH, 52_000, 3, 1, bands,
        Optional.of(new Isee(1_500_000, TODAY.plusMonths(6))), TODAY, Optional.of(Discount.percent(new BigDecimal("10")))));
    assertEquals(45_000, reduced.unitCents());
    assertEquals(135_000 - 13_500, reduced.totalCents());
    assertEquals(-13_500, reduced.lines().get(1).cents());
    Quote expired = EnrolmentPrice.quote(new EnrolmentPrice.Request(TariffUnit.MONTH, 52_000, 1, 1, bands,
        Optional.of(new Isee(500_000, TODAY.minusDays(1))), TODAY, Optional.empty()));
    assertEquals(52_000, expired.totalCents(), "an expired ISEE pays the full tariff");
    Quote agreed = EnrolmentPrice.quote(new EnrolmentPrice.Request(TariffUnit.WEEK, 13_500, 2, 1, IseeBands.NONE,
        Optional.empty(), TODAY, Optional.of(Discount.fixedPrice(12_000))));
    assertEquals(24_000, agreed.totalCents());
    assertThrows(IllegalArgumentException.class, () -> request(TariffUnit.HOUR, 2_100, 1, 1));
  }

  /** Property: the lines add up to the total, never below zero nor above the full price. */
  @Test
  void theLinesAlwaysAddUpAndADiscountNeverRaisesThePrice() {
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      TariffUnit unit = random.nextBoolean() ? TariffUnit.WEEK : TariffUnit.MONTH;
      long tariff = random.nextInt(200_000);
      int periods = 1 + random.nextInt(16);
      int places = 1 + random.nextInt(50);
      Optional<Discount> discount = switch (random.nextInt(3)) {
        case 0 -> Optional.empty();
        case 1 -> Optional.of(Discount.percent(BigDecimal.valueOf(random.nextInt(10_001), 2)));
        default -> Optional.of(Discount.fixedPrice(random.nextInt(250_000)));
      };
      Quote quote = EnrolmentPrice.quote(new EnrolmentPrice.Request(unit, tariff, periods, places, IseeBands.NONE,
          Optional.empty(), TODAY, discount));
      long full = tariff * periods * places;
      assertEquals(full, quote.lines().get(0).cents());
      assertEquals(quote.totalCents(), quote.lines().stream().mapToLong(QuoteLine::cents).sum());
      assertTrue(quote.totalCents() >= 0 && quote.totalCents() <= full, "case " + i);
    }
  }
}
