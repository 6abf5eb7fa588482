package coop.sportello.platform.links;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens for links sent in messages (manage my booking, unsubscribe, accept a waitlist place):
 * each names one purpose and one subject (a booking id, an account id) and an expiry, signed with
 * HMAC-SHA256 under the network's link key (V24 {@code link_secret}, the same on every node). A
 * token made for one purpose is refused for any other, so a cancel link cannot unsubscribe, nor a
 * link for one booking act on another. Nothing is stored per link: revoking means the thing it
 * acts on has moved on (a cancelled booking cannot be cancelled twice), or the key is replaced.
 * Pure Java, no Vert.x.
 */
public final class SignedLinks {

  /** Purposes and subjects are plain words and ids: nothing that could need escaping. */
  private static final Pattern WORD = Pattern.compile("[a-z][a-z-]{1,40}");
  private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** The request header a page hands a link's token to the API in (never the URL: it would land in access logs). */
  public static final String HEADER = "Sportello-Link";

  private final SecretKeySpec key;

  public SignedLinks(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the link key must have at least 256 bits");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /** What a valid token says. */
  public record Claim(String purpose, String subject, Instant expiresAt) { }

  /** A URL-safe token: {@code purpose.subject.expiry-seconds.signature}. */
  public String sign(String purpose, String subject, Instant expiresAt) {
    if (!WORD.matcher(purpose).matches() || !SUBJECT.matcher(subject).matches()) {
      throw new IllegalArgumentException("purpose and subject are plain words and ids");
    }
    String body = purpose + "." + subject + "." + expiresAt.getEpochSecond();
    return body + "." + B64.encodeToString(mac(body));
  }

  /**
   * The token's claim if it is well formed, signed with this key, made for {@code purpose} and not
   * expired at {@code now}; empty otherwise (the caller answers every such case alike).
   */
  public Optional<Claim> verify(String token, String purpose, Instant now) {
    if (token == null || token.length() > 300) {
      return Optional.empty();
    }
    int lastDot = token.lastIndexOf('.');
    if (lastDot < 0) {
      return Optional.empty();
    }
    String body = token.substring(0, lastDot);
    // The signature as this key writes it, compared as text: a decoder would also take padding or
    // other spare bits in the last character, so several texts would pass for one signature.
    // Constant-time comparison first, so a forged token learns nothing from the time it takes.
    byte[] expected = B64.encodeToString(mac(body)).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, token.substring(lastDot + 1).getBytes(StandardCharsets.UTF_8))) {
      return Optional.empty();
    }
    String[] parts = body.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(purpose)) {
      return Optional.empty();
    }
    Instant expires;
    try {
      expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return now.isBefore(expires) ? Optional.of(new Claim(parts[0], parts[1], expires)) : Optional.empty();
  }

  private byte[] mac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}
