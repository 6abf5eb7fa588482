package coop.sportello.vouchers.domain;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;

/**
 * The code a voucher wallet's holder shows at a shop's counter: twelve digits, printed in groups
 * of four and carried by the wallet's QR code. It names a wallet, it does not open it: every charge
 * is confirmed by the holder's PIN or by a one-time code on their own phone.
 */
public final class WalletCode {

  private static final SecureRandom RANDOM = new SecureRandom();
  public static final int DIGITS = 12;

  private WalletCode() {
  }

  public static String next() {
    StringBuilder code = new StringBuilder(DIGITS);
    for (int i = 0; i < DIGITS; i++) {
      code.append(RANDOM.nextInt(10));
    }
    return code.toString();
  }

  /** A code as typed or scanned: spaces, dashes and dots are ignored; empty unless twelve digits remain. */
  public static Optional<String> parse(String typed) {
    if (typed == null) {
      return Optional.empty();
    }
    String digits = typed.replaceAll("[\\s.\\-]", "");
    return digits.matches("[0-9]{" + DIGITS + "}") ? Optional.of(digits) : Optional.empty();
  }

  /** {@code 123456789012} → {@code 1234 5678 9012}. */
  public static String grouped(String code) {
    return code.substring(0, 4) + " " + code.substring(4, 8) + " " + code.substring(8);
  }

  /**
   * Whose PIN a charge asked with a code that is no wallet's is checked against: an account that
   * does not exist, the same for the same code, so that guesses at it are counted and locked
   * exactly as guesses at a real holder's PIN.
   */
  public static UUID standIn(String code) {
    return UUID.nameUUIDFromBytes(("voucher-wallet-code:" + code).getBytes(StandardCharsets.UTF_8));
  }

  /** A charge's one-time code: six digits. */
  public static String oneTimeCode() {
    return String.format("%06d", RANDOM.nextInt(1_000_000));
  }
}
