package coop.sportello.payments;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.UUID;

/**
 * Municipal voucher wallets, the plug for issue 22: a municipality's voucher pays (part of) a
 * booking from a wallet the municipality funded. Both calls run inside the payments service's
 * transaction, so the wallet's movement and the payment commit together or not at all. Until an
 * implementation is given to {@link PaymentsModule}, paying by voucher answers 422
 * {@code no-voucher-wallet}.
 */
public interface VoucherWallets {

  /**
   * Takes {@code cents} from the voucher wallet for the booking of {@code person}, never below
   * zero; fails with a problem (the transaction rolls back) when the wallet is not the person's or
   * cannot pay.
   */
  Future<Void> debit(SqlConnection conn, UUID wallet, String person, UUID bookingId, int cents, String actor);

  /** Gives {@code cents} back to the wallet that paid the booking. */
  Future<Void> refund(SqlConnection conn, UUID wallet, UUID bookingId, int cents, String actor);
}
