package coop.sportello.calls;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Signatures between Sportello and a PBX, in both directions: header
 * {@code X-Sportello-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">}.
 * The timestamp inside the signed text stops replays older than {@link #TOLERANCE_SECONDS}; the
 * comparison takes constant time.
 */
public final class PbxSignature {

  public static final String HEADER = "X-Sportello-Signature";
  public static final long TOLERANCE_SECONDS = 300;

  private PbxSignature() { }

  public static String sign(String secret, long unixSeconds, byte[] body) {
    return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac(secret, unixSeconds, body));
  }

  /** Empty when the header is valid and fresh; otherwise why not. */
  public static Optional<String> check(String secret, String header, byte[] body, long nowSeconds) {
    if (header == null) {
      return Optional.of("firma mancante (" + HEADER + ")");
    }
    Long t = null;
    byte[] given = null;
    for (String part : header.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) {
        continue;
      }
      try {
        if (kv[0].equals("t")) {
          t = Long.parseLong(kv[1]);
        } else if (kv[0].equals("v1")) {
          given = HexFormat.of().parseHex(kv[1]);
        }
      } catch (IllegalArgumentException e) {
        return Optional.of("firma illeggibile");
      }
    }
    if (t == null || given == null) {
      return Optional.of("firma illeggibile");
    }
    if (Math.abs(nowSeconds - t) > TOLERANCE_SECONDS) {
      return Optional.of("firma scaduta: controlla l'orologio del centralino");
    }
    return MessageDigest.isEqual(given, mac(secret, t, body)) ? Optional.empty() : Optional.of("firma non valida");
  }

  private static byte[] mac(String secret, long unixSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
