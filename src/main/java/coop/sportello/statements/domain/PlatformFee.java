package coop.sportello.statements.domain;

/**
 * The network's fee on a cooperative's card payments: {@code providers.platform_fee_bps} basis
 * points of each card payment received, in integer cents, rounded per payment half up to the cent
 * (the fee Stripe takes is per charge too). A refund does not give the fee back.
 */
public final class PlatformFee {

  /** The rule in words, as the statement states it. */
  public static final String RULE_IT = "Commissione sui pagamenti con carta: per ogni pagamento, importo × commissione / 10.000,"
      + " arrotondato al centesimo (da 0,5 centesimi per eccesso). Un rimborso non restituisce la commissione.";
  public static final String RULE_EN = "Fee on card payments: for each payment, amount × fee in basis points / 10,000,"
      + " rounded to the cent (half a cent and more up). A refund does not give the fee back.";

  private PlatformFee() {
  }

  /** The fee on one payment of {@code amountCents} at {@code bps} basis points. */
  public static long of(long amountCents, int bps) {
    if (amountCents < 0 || bps < 0 || bps > 10_000) {
      throw new IllegalArgumentException("amount and basis points are not negative, basis points at most 10,000");
    }
    return (amountCents * bps + 5_000) / 10_000;
  }
}
