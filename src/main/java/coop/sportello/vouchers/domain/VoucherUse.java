package coop.sportello.vouchers.domain;

import coop.sportello.platform.domain.Refusal;

import java.util.Collection;
import java.util.Optional;

/**
 * What a municipality's voucher pays for besides the shops the Comune accredited: a booking of a
 * service of that Comune itself (a provider of kind municipality in the same municipality), or of a
 * service offered in that municipality (its {@code service_municipalities}) by any provider, since
 * that provider serves the municipality's people. A service offered only elsewhere is not paid by
 * another municipality's money.
 */
public final class VoucherUse {

  public static final Refusal NOT_HERE = Refusal.invalid("voucher-not-here",
      "Questo buono spesa è del tuo Comune: paga i servizi del Comune e quelli offerti nel suo territorio, non questo.");

  private VoucherUse() {
  }

  public static Optional<Refusal> booking(String walletMunicipality, String providerKind, String providerMunicipality,
                                          Collection<String> serviceMunicipalities) {
    boolean comune = "municipality".equals(providerKind) && walletMunicipality.equals(providerMunicipality);
    return comune || serviceMunicipalities.contains(walletMunicipality) ? Optional.empty() : Optional.of(NOT_HERE);
  }
}
