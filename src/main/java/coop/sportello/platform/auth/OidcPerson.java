package coop.sportello.platform.auth;

import coop.sportello.platform.domain.CodiceFiscale;
import io.vertx.core.json.JsonObject;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * Who a verified ID token says the person is: the codice fiscale (SPID's {@code TINIT-...} form
 * read too), the name, the e-mail address and the level of assurance (SPID L1/L2/L3 as its
 * {@code acr}). Pure: the token is already verified when it gets here.
 *
 * @param emailVerified only when the provider says so with OIDC's own {@code email_verified}: a
 *                      SPID identity provider checks the contact address it holds, but a gateway
 *                      or broker may pass on addresses nobody checked, so nothing is assumed
 * @param municipality  ISTAT code of residence, when the provider has such a claim and it has that shape
 */
record OidcPerson(String subject, String codiceFiscale, String displayName, String email, boolean emailVerified,
                  String levelOfAssurance, String municipality) {

  private static final int MAX_NAME = 200;

  /** The person, or empty when the token carries no valid codice fiscale (then nobody is signed in). */
  static Optional<OidcPerson> of(JsonObject claims, OidcSettings.Provider provider) {
    Object rawCode = claims.getValue(provider.fiscalNumberClaim());
    return CodiceFiscale.parse(rawCode instanceof String s ? s : null).map(code -> new OidcPerson(
        claims.getString("sub"), code, displayName(claims), email(claims),
        email(claims) != null && Boolean.TRUE.equals(claims.getValue("email_verified")),
        text(claims, "acr", 200), municipality(claims, provider.municipalityClaim())));
  }

  private static String displayName(JsonObject claims) {
    String given = text(claims, "given_name", MAX_NAME);
    String family = text(claims, "family_name", MAX_NAME);
    String both = ((given == null ? "" : given) + " " + (family == null ? "" : family)).strip();
    String name = both.isEmpty() ? text(claims, "name", MAX_NAME) : both;
    return name == null || name.isBlank() ? "Cittadino" : name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
  }

  /** Lower-cased, and only if it looks like an address the accounts table would take. */
  private static String email(JsonObject claims) {
    String email = text(claims, "email", 254);
    if (email == null) {
      return null;
    }
    String lower = email.toLowerCase(Locale.ROOT);
    return lower.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$") ? lower : null;
  }

  private static String municipality(JsonObject claims, String claim) {
    if (claim.isBlank()) {
      return null;
    }
    String code = text(claims, claim, 6);
    return code != null && code.matches("^[0-9]{6}$") ? code : null;
  }

  private static String text(JsonObject claims, String name, int max) {
    Object value = claims.getValue(name);
    if (!(value instanceof String s) || s.isBlank() || s.length() > max) {
      return null;
    }
    return s.strip();
  }

  OidcPerson withoutEmail() {
    return new OidcPerson(subject, codiceFiscale, displayName, null, false, levelOfAssurance, municipality);
  }

  /**
   * A username for a new account: the name in plain letters and a random tail
   * ({@code maria.esposito.k3x9q2}), never the codice fiscale or the e-mail address.
   */
  String username(String randomTail) {
    String ascii = Normalizer.normalize(displayName, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", ".").replaceAll("^\\.+|\\.+$", "");
    if (ascii.length() > 40) {
      ascii = ascii.substring(0, 40).replaceAll("\\.+$", "");
    }
    return (ascii.length() < 2 ? "cittadino" : ascii) + "." + randomTail;
  }
}
