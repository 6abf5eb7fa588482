package coop.sportello.providers.domain;

import coop.sportello.platform.domain.Refusal;

import java.util.Optional;

/**
 * Where a municipal officer acts: only in the municipality of their own Comune (the provider on
 * their token, whose municipality the database knows). Another municipality's accreditations are
 * not theirs to change or read.
 */
public final class OfficerReach {

  public static final Refusal NO_COMUNE = Refusal.forbidden(
      "Il tuo account non è di un Comune: chiedi al supervisore della rete di collegarlo al tuo Comune.");

  private OfficerReach() { }

  /**
   * @param ownMunicipality the ISTAT code of the officer's Comune, empty when their provider is no Comune
   * @param asked           the municipality in the request
   */
  public static Optional<Refusal> check(Optional<String> ownMunicipality, String asked) {
    if (ownMunicipality.isEmpty()) {
      return Optional.of(NO_COMUNE);
    }
    if (!ownMunicipality.get().equals(asked)) {
      return Optional.of(new Refusal(403, "not-your-municipality",
          "Puoi accreditare gli esercizi solo per il tuo Comune."));
    }
    return Optional.empty();
  }
}
