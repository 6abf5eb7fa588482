package coop.sportello.platform.auth;

import java.util.Base64;

/**
 * Proof Key for Code Exchange (RFC 7636), S256 only: the code the provider sends back through the
 * browser is worth nothing without the verifier, which never leaves Sportello until the exchange.
 * {@code plain} is never offered: it would put the verifier itself in the browser's address bar.
 */
final class Pkce {

  static final String METHOD = "S256";

  private Pkce() { }

  /** 256 random bits, 43 URL-safe characters: within the 43-128 unreserved characters the RFC asks for. */
  static String newVerifier() {
    return Secrets.newSecret();
  }

  static String challenge(String verifier) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.sha256(verifier)); // ASCII: UTF-8 is the same bytes
  }
}
