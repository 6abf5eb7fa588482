package coop.sportello.platform.auth;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code auth.oidc} section: the identity providers people may sign in with (SPID, CIE) and
 * the one exact address they send the browser back to.
 *
 * <p>Shared keys ({@code issuer}, {@code clientId}, {@code clientSecret}, the endpoints, the claim
 * names) apply to every provider; a provider's own section ({@code auth.oidc.spid},
 * {@code auth.oidc.cie}) overrides any of them. So one gateway brokering both (a region's gateway,
 * Keycloak with SPID and CIE as identity providers) is one issuer and an {@code idpHint} per
 * provider ({@code kc_idp_hint=spid}), and two separate providers are two issuers.
 *
 * @param redirectUri    the callback address registered at the provider, exactly; never taken from a request
 * @param stateSeconds   how long a started sign-in waits for the provider's answer
 * @param handoffSeconds how long the browser has to trade its handoff code for tokens
 */
public record OidcSettings(String redirectUri, int stateSeconds, int handoffSeconds, int refreshMinutes,
                           int httpTimeoutMillis, List<Provider> providers) {

  /** The providers Sportello knows how to offer, in the order the sign-in shows them. */
  static final Map<String, String> KNOWN = Map.of("spid", "SPID", "cie", "CIE");
  private static final List<String> ORDER = List.of("spid", "cie");

  /**
   * One way in. {@code authorizationEndpoint}, {@code tokenEndpoint} and {@code jwksUri} empty:
   * read from {@code <issuer>/.well-known/openid-configuration}.
   *
   * @param authorizationParams extra parameters of the authorization request ({@code kc_idp_hint}, {@code acr_values})
   * @param fiscalNumberClaim   the ID-token claim with the codice fiscale ({@code fiscalNumber},
   *                            {@code https://attributes.spid.gov.it/fiscalNumber}, ...)
   * @param municipalityClaim   a claim with the ISTAT code of residence, if the provider has one; empty: none
   */
  public record Provider(String id, String label, String issuer, String clientId, String clientSecret, String scopes,
                         String authorizationEndpoint, String tokenEndpoint, String jwksUri,
                         Map<String, String> authorizationParams, String fiscalNumberClaim, String municipalityClaim) {

    boolean discovers() {
      return authorizationEndpoint.isBlank() || tokenEndpoint.isBlank() || jwksUri.isBlank();
    }
  }

  public static OidcSettings from(JsonObject oidc) {
    String redirectUri = oidc.getString("redirectUri", "").strip();
    List<Provider> providers = redirectUri.isEmpty() ? List.of() : ORDER.stream()
        .filter(id -> oidc.getJsonArray("providers").contains(id))
        .map(id -> provider(id, oidc, oidc.getJsonObject(id, new JsonObject())))
        .filter(p -> !p.issuer().isBlank() && !p.clientId().isBlank())
        .toList();
    return new OidcSettings(redirectUri, oidc.getInteger("stateSeconds"), oidc.getInteger("handoffSeconds"),
        oidc.getInteger("refreshMinutes"), oidc.getInteger("httpTimeoutMillis"), providers);
  }

  private static Provider provider(String id, JsonObject shared, JsonObject own) {
    Map<String, String> params = new LinkedHashMap<>();
    String hint = value(own, shared, "idpHint");
    if (!hint.isBlank()) {
      params.put(value(own, shared, "idpHintParameter"), hint);
    }
    String acr = value(own, shared, "acrValues");
    if (!acr.isBlank()) {
      params.put("acr_values", acr);
    }
    return new Provider(id, KNOWN.get(id), value(own, shared, "issuer"),
        value(own, shared, "clientId"), value(own, shared, "clientSecret"), value(own, shared, "scopes"),
        value(own, shared, "authorizationEndpoint"), value(own, shared, "tokenEndpoint"), value(own, shared, "jwksUri"),
        Map.copyOf(params), value(own, shared, "fiscalNumberClaim"), value(own, shared, "municipalityClaim"));
  }

  /** The provider's own value if it has a non-empty one, else the shared one. */
  private static String value(JsonObject own, JsonObject shared, String key) {
    String mine = own.getString(key, "");
    return (mine.isBlank() ? shared.getString(key, "") : mine).strip();
  }

  public boolean enabled() {
    return !providers.isEmpty();
  }
}
