package coop.sportello.vouchers;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.time.LocalDate;
import java.util.UUID;

/**
 * How an admitted application of a buoni spesa bando becomes money the person can spend: a voucher
 * wallet of the municipality, personal, not transferable, not cash, spendable until its expiry at
 * the shops the municipality accredited and on services paid by voucher. The bandi service calls
 * {@link #grant} inside the transaction that admits the application, so the admission and the
 * wallet commit together or not at all.
 */
public interface VoucherGrants {

  /**
   * What a bando grants to one admitted application: {@code amountCents} to {@code person} (the
   * applicant's account id), spendable in {@code municipality} (istat code) until the end of
   * {@code validUntil} (Europe/Rome).
   */
  record VoucherGrant(UUID applicationId, UUID bandoId, String person, String municipality, int amountCents,
                      LocalDate validUntil) { }

  /**
   * Opens the wallet of the grant, with its ledger row; granting the same application again
   * answers the wallet it already has and changes nothing. Answers the wallet's id.
   */
  Future<UUID> grant(SqlConnection conn, VoucherGrant grant);
}
