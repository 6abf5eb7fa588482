package coop.sportello.receipts.domain;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The split of a VAT-inclusive amount: exact cents, half-up, the parts always add up. */
class VatTreatmentTest {

  @Test
  void aVatInclusiveAmountSplitsIntoTaxableAndVatRoundedHalfUpToTheCent() {
    assertEquals(new VatTreatment.VatSplit(4200, 0), VatTreatment.EXEMPT.split(4200));
    // 42,00 € at 5%: 4200 × 5 / 105 = 200 exactly.
    assertEquals(new VatTreatment.VatSplit(4000, 200), VatTreatment.VAT_5.split(4200));
    // 10,00 € at 22%: 1000 × 22 / 122 = 180.33 → 180.
    assertEquals(new VatTreatment.VatSplit(820, 180), VatTreatment.VAT_22.split(1000));
    // 21 cents at 10%: 21 × 10 / 110 = 1.909 → 2; 1 cent at 5%: 0.047 → 0.
    assertEquals(new VatTreatment.VatSplit(19, 2), VatTreatment.VAT_10.split(21));
    assertEquals(new VatTreatment.VatSplit(1, 0), VatTreatment.VAT_5.split(1));
    assertEquals(new VatTreatment.VatSplit(3000, 150), VatTreatment.VAT_5.split(3150));
    // No amount lands on an exact half cent at these rates (VAT = amount / 21, / 11, × 11 / 61: odd
    // denominators), so half-up only states the rule; the nearest cent is what matters (below).
  }

  @Test
  void theTwoPartsAlwaysAddUpAndVatIsTheNearestCentOfTheExactValue() {
    Random random = new Random(21);
    for (int i = 0; i < 20_000; i++) {
      int amount = random.nextInt(5_000_000);
      for (VatTreatment t : VatTreatment.values()) {
        VatTreatment.VatSplit split = t.split(amount);
        assertEquals(amount, split.taxableCents() + split.vatCents());
        double exact = (double) amount * t.ratePercent() / (100 + t.ratePercent());
        assertTrue(Math.abs(split.vatCents() - exact) <= 0.5 + 1e-9, t + " " + amount);
      }
    }
  }
}
