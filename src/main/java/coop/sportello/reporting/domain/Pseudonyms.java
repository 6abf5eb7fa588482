package coop.sportello.reporting.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pseudonymous id of a person in an export: HMAC-SHA256 under the network's report key (V58
 * {@code report_secret}) of the scope, the entity and the person, the first 72 bits in URL-safe
 * Base64 (12 characters). The same person has the same id in every export of the same scope and
 * entity, and an unrelated one in another's (a funder cannot join two funders' files), and nobody
 * without the key can go back from the id to the person. Pure.
 */
public final class Pseudonyms {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final SecretKeySpec key;

  public Pseudonyms(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the report key must have at least 256 bits");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /** The person's id in the exports of {@code scope}/{@code entity}. */
  public String of(ReportScope scope, String entity, String person) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] digest = mac.doFinal((scope.wireName() + "\n" + entity + "\n" + person).getBytes(StandardCharsets.UTF_8));
      byte[] first = new byte[9];
      System.arraycopy(digest, 0, first, 0, first.length);
      return B64.encodeToString(first);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JRE", e);
    }
  }
}
