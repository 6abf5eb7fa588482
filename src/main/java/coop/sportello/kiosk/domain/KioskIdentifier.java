package coop.sportello.kiosk.domain;

import coop.sportello.platform.domain.CodiceFiscale;
import coop.sportello.platform.domain.Refusal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a person says who they are at a kiosk: the code of their company badge, or their codice
 * fiscale. Exactly one of the two; both normalized as people type them (case, spaces).
 */
public record KioskIdentifier(Kind kind, String value) {

  public enum Kind {
    BADGE("badge"), CODICE_FISCALE("codice_fiscale");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    /** As stored in kiosk_sessions.identified_by. */
    public String wireName() {
      return wireName;
    }
  }

  /** The same pattern as the CHECK on employees.badge_code. */
  private static final Pattern BADGE = Pattern.compile("^[A-Z0-9-]{4,32}$");

  /** Either the identifier, or why it cannot be one. */
  public record Parsed(KioskIdentifier identifier, Refusal refusal) {
    public boolean ok() {
      return identifier != null;
    }
  }

  public static Parsed parse(String badge, String codiceFiscale) {
    boolean hasBadge = badge != null && !badge.isBlank();
    boolean hasCf = codiceFiscale != null && !codiceFiscale.isBlank();
    if (hasBadge == hasCf) {
      return new Parsed(null, Refusal.invalid("validation", "Indica il codice del badge oppure il codice fiscale, uno dei due."));
    }
    if (hasBadge) {
      String code = badge.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
      return BADGE.matcher(code).matches() ? new Parsed(new KioskIdentifier(Kind.BADGE, code), null)
          : new Parsed(null, Refusal.invalid("invalid-badge", "Il codice del badge ha da 4 a 32 lettere, cifre o trattini."));
    }
    String code = CodiceFiscale.normalize(codiceFiscale);
    return CodiceFiscale.check(code)
        .map(problem -> new Parsed(null, CodiceFiscale.refusal(problem)))
        .orElseGet(() -> new Parsed(new KioskIdentifier(Kind.CODICE_FISCALE, code), null));
  }
}
