package coop.sportello.payments.domain;

import coop.sportello.platform.domain.Refusal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaymentPlanTest {

  private static final PaymentPlan.Credit PLENTY = new PaymentPlan.Credit(null, 100_000, Integer.MAX_VALUE);

  private static PaymentPlan.Part part(PaymentMethod method, int cents) {
    return new PaymentPlan.Part(method, cents);
  }

  @Test
  void nothingChosenMeansThePriceIsDueAtTheProvider() {
    assertEquals(List.of(part(PaymentMethod.AT_PROVIDER, 4200)),
        PaymentPlan.of(4200, PaymentChoice.NOTHING, PLENTY).parts());
  }

  @Test
  void aFreeBookingHasNoPayments() {
    assertEquals(List.of(), PaymentPlan.of(0, new PaymentChoice(true, PaymentMethod.CARD, null), PLENTY).parts());
  }

  @Test
  void creditGoesFirstUpToTheBalanceAndTheRestByTheChosenWay() {
    PaymentPlan.Credit some = new PaymentPlan.Credit(null, 1500, Integer.MAX_VALUE);
    assertEquals(List.of(part(PaymentMethod.WELFARE_CREDIT, 1500), part(PaymentMethod.CARD, 2700)),
        PaymentPlan.of(4200, new PaymentChoice(true, PaymentMethod.CARD, null), some).parts());
    assertEquals(List.of(part(PaymentMethod.WELFARE_CREDIT, 4200)),
        PaymentPlan.of(4200, new PaymentChoice(true, PaymentMethod.CARD, null), PLENTY).parts(), "credit covers it: no card");
    assertEquals(List.of(part(PaymentMethod.CARD, 4200)),
        PaymentPlan.of(4200, new PaymentChoice(true, PaymentMethod.CARD, null), new PaymentPlan.Credit(null, 0, 0)).parts());
    UUID wallet = UUID.randomUUID();
    assertEquals(List.of(part(PaymentMethod.WELFARE_CREDIT, 1500), part(PaymentMethod.VOUCHER, 2700)),
        PaymentPlan.of(4200, new PaymentChoice(true, PaymentMethod.VOUCHER, wallet), some).parts());
  }

  @Test
  void theFringeLimitLeftCapsTheCreditPart() {
    PaymentPlan.Credit fringe = new PaymentPlan.Credit(null, 100_000, 1000);
    assertEquals(List.of(part(PaymentMethod.WELFARE_CREDIT, 1000), part(PaymentMethod.AT_PROVIDER, 3200)),
        PaymentPlan.of(4200, new PaymentChoice(true, PaymentMethod.AT_PROVIDER, null), fringe).parts());
    assertEquals("fringe-benefit-limit", PaymentPlan.of(4200, PaymentChoice.CREDIT_ONLY, fringe).refusal().type());
  }

  @Test
  void creditAloneMustPayEverythingOrNothing() {
    PaymentPlan.Result short1 = PaymentPlan.of(4200, PaymentChoice.CREDIT_ONLY, new PaymentPlan.Credit(null, 4199, Integer.MAX_VALUE));
    assertTrue(short1.refused());
    assertEquals("insufficient-credit", short1.refusal().type());
    assertEquals(409, short1.refusal().status());
  }

  @Test
  void creditThatCannotPayThisServiceIsRefusedEvenWithARest() {
    Refusal notEligible = Refusal.invalid("not-welfare-eligible", "no");
    assertEquals(notEligible, PaymentPlan.of(4200, new PaymentChoice(true, PaymentMethod.CARD, null),
        PaymentPlan.Credit.refused(notEligible)).refusal());
  }

  @Test
  void thePartsAlwaysAddUpToThePriceInPositiveCents() {
    java.util.Random random = new java.util.Random(21);
    for (int i = 0; i < 10_000; i++) {
      int price = random.nextInt(200_000);
      PaymentMethod rest = List.of(PaymentMethod.CARD, PaymentMethod.AT_PROVIDER).get(random.nextInt(2));
      PaymentPlan.Result plan = PaymentPlan.of(price, new PaymentChoice(random.nextBoolean(), rest, null),
          new PaymentPlan.Credit(null, random.nextInt(100_000), random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt(50_000)));
      assertEquals(price, plan.parts().stream().mapToInt(PaymentPlan.Part::cents).sum());
      assertTrue(plan.parts().stream().allMatch(p -> p.cents() > 0));
    }
  }

  @Test
  void aVoucherNamesItsWalletAndCreditIsNeverTheRest() {
    assertThrows(IllegalArgumentException.class, () -> new PaymentChoice(false, PaymentMethod.VOUCHER, null));
    assertThrows(IllegalArgumentException.class, () -> new PaymentChoice(false, PaymentMethod.CARD, UUID.randomUUID()));
    assertThrows(IllegalArgumentException.class, () -> new PaymentChoice(true, PaymentMethod.WELFARE_CREDIT, null));
  }

  @Test
  void thePlatformFeeIsRoundedHalfUpToTheCent() {
    assertEquals(0, CardTerms.applicationFeeCents(4200, 0));
    assertEquals(105, CardTerms.applicationFeeCents(4200, 250)); // 105.00
    assertEquals(1, CardTerms.applicationFeeCents(10, 500)); // 0.5 -> 1
    assertEquals(0, CardTerms.applicationFeeCents(9, 500)); // 0.45 -> 0
  }

  @Test
  void everyCancellationGivesBackWhatIsLeftOfThePayment() {
    assertEquals(4200, RefundRule.refundCents(4200, 0));
    assertEquals(0, RefundRule.refundCents(4200, 4200));
  }
}
