package coop.sportello.statements.domain;

import java.util.List;

/**
 * What a cooperative is owed for a month: the bookings delivered (confirmed, ended in the month),
 * the money received and refunded per channel (the month's rows of {@code money_ledger}), the
 * network's fee on card payments ({@link PlatformFee}) and what is left. Integer cents.
 *
 * @param feeBps the cooperative's fee today (basis points), applied to the month's card payments
 */
public record Statement(StatementMonth month, int feeBps, long deliveredBookings, long deliveredCents,
                        List<ChannelTotal> received, List<ChannelTotal> refunded, long feeCents) {

  /** The ways a booking is paid, in the order statements list them (V37's payments.method). */
  public static final List<String> CHANNELS = List.of("welfare_credit", "voucher", "card", "at_provider");

  /** A channel's movements in the month and their sum (refunds as a positive amount). */
  public record ChannelTotal(String channel, long movements, long cents) {
  }

  /** One group of the month's ledger rows: method, kind (payment | refund), how many, their sum (refunds negative). */
  public record LedgerTotal(String method, String kind, long movements, long cents) {
  }

  /** How many card payments of one amount were received in the month. */
  public record CardAmount(long amountCents, long payments) {
  }

  public Statement {
    received = List.copyOf(received);
    refunded = List.copyOf(refunded);
  }

  /** The statement from the month's facts: every channel is listed, with zero when nothing moved. */
  public static Statement of(StatementMonth month, int feeBps, long deliveredBookings, long deliveredCents,
                             List<LedgerTotal> ledger, List<CardAmount> cardPayments) {
    long fee = cardPayments.stream().mapToLong(a -> PlatformFee.of(a.amountCents(), feeBps) * a.payments()).sum();
    return new Statement(month, feeBps, deliveredBookings, deliveredCents, byChannel(ledger, "payment"),
        byChannel(ledger, "refund"), fee);
  }

  private static List<ChannelTotal> byChannel(List<LedgerTotal> ledger, String kind) {
    return CHANNELS.stream().map(channel -> {
      long movements = 0;
      long cents = 0;
      for (LedgerTotal row : ledger) {
        if (row.method().equals(channel) && row.kind().equals(kind)) {
          movements += row.movements();
          cents += Math.abs(row.cents());
        }
      }
      return new ChannelTotal(channel, movements, cents);
    }).toList();
  }

  public long receivedCents() {
    return received.stream().mapToLong(ChannelTotal::cents).sum();
  }

  public long refundedCents() {
    return refunded.stream().mapToLong(ChannelTotal::cents).sum();
  }

  /** Received, less refunds, less the network's fee. */
  public long netCents() {
    return receivedCents() - refundedCents() - feeCents;
  }
}
