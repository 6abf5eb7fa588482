package coop.sportello.pricing.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one pricing rule, in the pure core. */
class PriceRuleTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

  private static Instant rome(String local) {
    return LocalDateTime.parse(local).atZone(PriceRule.ROME).toInstant();
  }

  private static PriceRequest request(TariffUnit unit, long tariff, String start, String end, int places) {
    return new PriceRequest(unit, tariff, rome(start), rome(end), places, IseeBands.NONE, Optional.empty(), TODAY,
        Optional.empty());
  }

  private static Quote hourly(long tariff, long minutes, int places) {
    Instant start = rome("2026-06-10T09:00");
    return PriceRule.quote(new PriceRequest(TariffUnit.HOUR, tariff, start, start.plusSeconds(minutes * 60), places,
        IseeBands.NONE, Optional.empty(), TODAY, Optional.empty()));
  }

  @Test
  void twoHoursAtTwentyOneEurosAnHourAreFortyTwoEuros() {
    Quote quote = PriceRule.quote(request(TariffUnit.HOUR, 2100, "2026-06-10T09:00", "2026-06-10T11:00", 1));
    assertEquals(4200, quote.totalCents());
    assertEquals(0, new BigDecimal("2").compareTo(quote.quantity()));
    assertEquals(2100, quote.unitCents());
    assertEquals(List.of(new QuoteLine("2 ore × 21,00 € all'ora", 4200)), quote.lines());
    assertTrue(quote.rounding().contains("arrotondato al centesimo una sola volta sul totale"), quote.rounding());
    assertEquals(8400, PriceRule.quote(request(TariffUnit.HOUR, 2100, "2026-06-10T09:00", "2026-06-10T11:00", 2)).totalCents());
  }

  @Test
  void hoursAreRoundedOnceOnTheTotalNotPerPlace() {
    // 25 minutes of 10 € an hour is 4,1666… € a place: per place 4,17 × 3 = 12,51; on the total 12,50.
    assertEquals(1250, hourly(1000, 25, 3).totalCents());
    assertEquals(3150, hourly(2100, 90, 1).totalCents());
    assertEquals("1 ora e 30 minuti × 21,00 € all'ora", hourly(2100, 90, 1).lines().get(0).label());
    // Exactly half a cent goes up: 1 cent an hour for 30 minutes.
    assertEquals(1, hourly(1, 30, 1).totalCents());
    assertEquals(0, hourly(1, 29, 1).totalCents());
  }

  /** Property: for any hourly tariff, length and places, tariff × minutes/60 × places rounded half-up on the total. */
  @Test
  void hourlyPricesAreTariffTimesRealMinutesTimesPlacesRoundedHalfUpOnTheTotal() {
    Random random = new Random(21);
    for (int i = 0; i < 20_000; i++) {
      long tariff = random.nextInt(10_000_001);
      long minutes = 5 + random.nextInt(1436);
      int places = 1 + random.nextInt(50);
      BigInteger exactTimes120 = BigInteger.valueOf(tariff).multiply(BigInteger.valueOf(minutes))
          .multiply(BigInteger.valueOf(places)).multiply(BigInteger.TWO);
      // half-up of x / 60 for x >= 0 is floor((2x + 60) / 120)
      long expected = exactTimes120.add(BigInteger.valueOf(60)).divide(BigInteger.valueOf(120)).longValueExact();
      Quote quote = hourly(tariff, minutes, places);
      assertEquals(expected, quote.totalCents(), tariff + " cents/h × " + minutes + " min × " + places);
      assertEquals(quote.totalCents(), quote.lines().stream().mapToLong(QuoteLine::cents).sum());
    }
  }

  @Test
  void anHourIsTheSlotsRealLengthAlsoWhenTheClocksChange() {
    // 29 March 2026: Italian clocks jump from 02:00 to 03:00, so 01:00–04:00 lasts two hours.
    Quote quote = PriceRule.quote(request(TariffUnit.HOUR, 2100, "2026-03-29T01:00", "2026-03-29T04:00", 1));
    assertEquals(4200, quote.totalCents());
    assertTrue(quote.rounding().contains("120 minuti"), quote.rounding());
  }

  @Test
  void sessionsAndPlacesAreTariffTimesPlacesDaysTimesTheDaysTouched() {
    assertEquals(3000, PriceRule.quote(request(TariffUnit.SESSION, 1500, "2026-06-10T09:00", "2026-06-10T09:50", 2)).totalCents());
    assertEquals(4500, PriceRule.quote(request(TariffUnit.PLACE, 1500, "2026-06-10T09:00", "2026-06-10T18:00", 3)).totalCents());
    Quote oneDay = PriceRule.quote(request(TariffUnit.DAY, 4000, "2026-06-10T08:00", "2026-06-10T18:00", 2));
    assertEquals(8000, oneDay.totalCents());
    assertEquals("1 giorno × 40,00 € al giorno × 2 posti", oneDay.lines().get(0).label());
    Quote overnight = PriceRule.quote(request(TariffUnit.DAY, 4000, "2026-06-10T20:00", "2026-06-11T08:00", 1));
    assertEquals(8000, overnight.totalCents(), "two calendar days touched");
    assertTrue(oneDay.rounding().contains("senza arrotondamenti"));
  }

  @Test
  void weekAndMonthServicesAreEnrolmentsNotSoldBySlot() {
    for (TariffUnit unit : List.of(TariffUnit.WEEK, TariffUnit.MONTH)) {
      assertEquals(422, PriceRule.refusal(unit).orElseThrow().status());
      assertEquals("enrolment-only", PriceRule.refusal(unit).orElseThrow().type());
      assertThrows(IllegalArgumentException.class,
          () -> PriceRule.quote(request(unit, 52000, "2026-06-10T08:00", "2026-06-10T16:00", 1)));
    }
    for (TariffUnit unit : List.of(TariffUnit.HOUR, TariffUnit.SESSION, TariffUnit.DAY, TariffUnit.PLACE)) {
      assertTrue(PriceRule.refusal(unit).isEmpty());
    }
  }

  private static final IseeBands BANDS = new IseeBands(List.of(new IseeBand(1_500_000, 1000), new IseeBand(800_000, 500)));

  private static Quote withIsee(Optional<Isee> isee) {
    return PriceRule.quote(new PriceRequest(TariffUnit.HOUR, 2100, rome("2026-06-10T09:00"), rome("2026-06-10T11:00"), 1,
        BANDS, isee, TODAY, Optional.empty()));
  }

  @Test
  void aValidIseeInABandPaysTheBandsTariffOtherwiseTheFullOne() {
    Quote low = withIsee(Optional.of(new Isee(700_000, TODAY.plusMonths(6))));
    assertEquals(1000, low.totalCents());
    assertEquals(500, low.unitCents());
    assertEquals(800_000, low.iseeBand().orElseThrow().upToCents());
    assertTrue(low.lines().get(0).label().contains("tariffa ridotta per ISEE fino a 8.000,00 €"), low.lines().get(0).label());
    assertEquals(2000, withIsee(Optional.of(new Isee(800_001, TODAY))).totalCents(), "the expiry day still counts");
    assertEquals(1000, withIsee(Optional.of(new Isee(800_000, TODAY))).totalCents(), "a band's ceiling is inclusive");
    assertEquals(4200, withIsee(Optional.of(new Isee(1_500_001, TODAY))).totalCents(), "above every band");
    assertEquals(4200, withIsee(Optional.of(new Isee(100, TODAY.minusDays(1)))).totalCents(), "expired");
    assertEquals(4200, withIsee(Optional.empty()).totalCents(), "none declared");
    assertTrue(withIsee(Optional.empty()).iseeBand().isEmpty());
  }

  private static Quote discounted(Discount discount, Optional<Isee> isee) {
    return PriceRule.quote(new PriceRequest(TariffUnit.HOUR, 2100, rome("2026-06-10T09:00"), rome("2026-06-10T11:00"), 1,
        BANDS, isee, TODAY, Optional.of(discount)));
  }

  @Test
  void aDiscountAppliesLastNeverRaisesThePriceNorTakesItBelowZero() {
    Quote tenPercent = discounted(Discount.percent(BigDecimal.TEN), Optional.empty());
    assertEquals(3780, tenPercent.totalCents());
    assertEquals(420, tenPercent.discountCents());
    assertEquals(List.of(new QuoteLine("2 ore × 21,00 € all'ora", 4200), new QuoteLine("Sconto del 10%", -420)),
        tenPercent.lines());
    assertTrue(tenPercent.rounding().contains("sconto in percentuale"));
    // 12.5 % of 42 € is 5,25 €; a third of it leaves a half cent: 33,33 % of 42 € = 13,9986 → 14,00 €.
    assertEquals(4200 - 525, discounted(Discount.percent(new BigDecimal("12.5")), Optional.empty()).totalCents());
    assertEquals(4200 - 1400, discounted(Discount.percent(new BigDecimal("33.33")), Optional.empty()).totalCents());
    assertEquals(0, discounted(Discount.percent(BigDecimal.valueOf(100)), Optional.empty()).totalCents());
    // The ISEE band first (5 €/h), then the discount on that.
    assertEquals(900, discounted(Discount.percent(BigDecimal.TEN), Optional.of(new Isee(0, TODAY))).totalCents());
    Quote agreed = discounted(Discount.fixedPrice(1500), Optional.empty());
    assertEquals(3000, agreed.totalCents());
    assertEquals("Sconto: prezzo concordato 15,00 €", agreed.lines().get(1).label());
    assertEquals(4200, discounted(Discount.fixedPrice(2500), Optional.empty()).totalCents(), "an agreed price above the tariff");
    assertEquals(1, discounted(Discount.fixedPrice(2500), Optional.empty()).lines().size());
    assertEquals(1000, discounted(Discount.fixedPrice(1500), Optional.of(new Isee(0, TODAY))).totalCents(),
        "the band is cheaper than the agreed price");
    assertEquals(0, discounted(Discount.fixedPrice(0), Optional.empty()).totalCents());
    assertThrows(IllegalArgumentException.class, () -> Discount.percent(BigDecimal.valueOf(101)));
    assertThrows(IllegalArgumentException.class, () -> Discount.percent(BigDecimal.valueOf(-1)));
    assertThrows(IllegalArgumentException.class, () -> Discount.fixedPrice(-1));
  }

  @Test
  void aWelfareCardDiscountSaysSo() {
    Discount card = new Discount(Discount.Kind.PERCENT, BigDecimal.valueOf(15), "agreement", "WC-1");
    assertEquals("Sconto Carta Welfare del 15%", discounted(card, Optional.empty()).lines().get(1).label());
  }

  @Test
  void bandsRiseWithTheIseeAndNeverCostMoreThanTheFullTariff() {
    assertTrue(IseeBands.refusal(BANDS.bands(), 2100).isEmpty());
    assertEquals("isee-bands", IseeBands.refusal(BANDS.bands(), 900).orElseThrow().type());
    assertFalse(IseeBands.refusal(List.of(new IseeBand(100, 500), new IseeBand(200, 400)), 2100).isEmpty(), "a higher band cheaper");
    assertFalse(IseeBands.refusal(List.of(new IseeBand(100, 500), new IseeBand(100, 600)), 2100).isEmpty(), "the same ceiling twice");
    assertFalse(IseeBands.refusal(List.of(new IseeBand(-1, 500)), 2100).isEmpty());
    assertEquals(800_000, BANDS.bands().get(0).upToCents(), "kept lowest first");
  }

  @Test
  void eurosAreWrittenTheItalianWay() {
    assertEquals("1.650,00 €", Euro.format(165_000));
    assertEquals("0,05 €", Euro.format(5));
    assertEquals("-4,20 €", Euro.format(-420));
    assertEquals("1.000.000,00 €", Euro.format(100_000_000));
  }
}
