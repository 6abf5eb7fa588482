package coop.sportello.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random opaque secrets (refresh tokens, tickets, device keys) and the digest we store instead of them. */
public final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() { }

  /** 256 random bits, URL-safe. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] sha256(String value) {
    return sha256(java.nio.ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
  }

  /** The SHA-256 of the bytes left in {@code bytes}, read in place (an uploaded file is not copied). */
  public static byte[] sha256(java.nio.ByteBuffer bytes) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(bytes);
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
