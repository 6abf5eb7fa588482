package coop.sportello.booking.domain;

import java.security.SecureRandom;

/**
 * Booking codes a person can read over the phone: 8 characters from an alphabet without
 * look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B), about 10^11 combinations.
 */
public final class BookingCode {

  public static final String ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
  public static final int LENGTH = 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  private BookingCode() { }

  public static String next() {
    char[] code = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      code[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
    }
    return new String(code);
  }
}
