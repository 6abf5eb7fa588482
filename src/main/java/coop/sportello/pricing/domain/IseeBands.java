package coop.sportello.pricing.domain;

import coop.sportello.platform.domain.Refusal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A service's reduced tariffs by ISEE band, lowest band first. An ISEE above the highest band, an
 * expired one or none at all pays the full tariff. Bands rise with the ISEE and each costs no more
 * than the one above it and than the full tariff: a band never makes a price higher.
 */
public record IseeBands(List<IseeBand> bands) {

  public static final IseeBands NONE = new IseeBands(List.of());
  public static final int MAX_BANDS = 10;

  public IseeBands {
    bands = bands.stream().sorted(Comparator.comparingLong(IseeBand::upToCents)).toList();
  }

  public boolean isEmpty() {
    return bands.isEmpty();
  }

  /** The band an ISEE of {@code valueCents} falls in, if it falls in one. */
  public Optional<IseeBand> bandFor(long valueCents) {
    return bands.stream().filter(b -> valueCents <= b.upToCents()).findFirst();
  }

  /** Why these bands cannot price a service whose full tariff is {@code fullTariffCents}, if they cannot. */
  public static Optional<Refusal> refusal(List<IseeBand> given, long fullTariffCents) {
    if (given.size() > MAX_BANDS) {
      return Optional.of(invalid("Al massimo " + MAX_BANDS + " fasce ISEE per servizio."));
    }
    List<IseeBand> sorted = given.stream().sorted(Comparator.comparingLong(IseeBand::upToCents)).toList();
    for (int i = 0; i < sorted.size(); i++) {
      IseeBand band = sorted.get(i);
      if (band.upToCents() < 0 || band.upToCents() > Isee.MAX_CENTS || band.tariffCents() < 0) {
        return Optional.of(invalid("Soglie e tariffe delle fasce ISEE sono importi in centesimi non negativi."));
      }
      if (band.tariffCents() > fullTariffCents) {
        return Optional.of(invalid("Una fascia ISEE non può costare più della tariffa piena ("
            + Euro.format(fullTariffCents) + ")."));
      }
      if (i > 0 && band.upToCents() == sorted.get(i - 1).upToCents()) {
        return Optional.of(invalid("Due fasce ISEE hanno la stessa soglia (" + Euro.format(band.upToCents()) + ")."));
      }
      if (i > 0 && band.tariffCents() < sorted.get(i - 1).tariffCents()) {
        return Optional.of(invalid("Una fascia ISEE più alta non può costare meno di una più bassa."));
      }
    }
    return Optional.empty();
  }

  private static Refusal invalid(String detail) {
    return Refusal.invalid("isee-bands", detail);
  }
}
