package coop.sportello.payments.domain;

import java.util.UUID;

/**
 * How the person asked to pay a booking: welfare credit first ({@code credit}), the rest by card,
 * at the provider or with a municipal voucher ({@code rest}, null: nothing else). Nothing asked at
 * all means the booking is paid at the provider, as bookings always were ("da pagare").
 */
public record PaymentChoice(boolean credit, PaymentMethod rest, UUID voucherWallet) {

  /** Nothing chosen: the price is due at the provider. */
  public static final PaymentChoice NOTHING = new PaymentChoice(false, null, null);
  /** {@code payWithWelfare}, as before issue 21: credit pays the whole price or nothing happens. */
  public static final PaymentChoice CREDIT_ONLY = new PaymentChoice(true, null, null);

  public PaymentChoice {
    if (rest == PaymentMethod.WELFARE_CREDIT) {
      throw new IllegalArgumentException("credit is asked with credit, not as the rest");
    }
    if ((rest == PaymentMethod.VOUCHER) != (voucherWallet != null)) {
      throw new IllegalArgumentException("a voucher payment names its wallet, and only a voucher payment does");
    }
  }

  /** Whether the person's own credit is to be spent (by them, or asked of them). */
  public boolean spendsCredit() {
    return credit;
  }

  public boolean byCard() {
    return rest == PaymentMethod.CARD;
  }
}
