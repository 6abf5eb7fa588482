package coop.sportello.welfarecard.domain;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A Welfare Card's number: 11 random digits and Luhn's check digit, 12 in all, printed in groups of
 * four ("4012 8888 8888"). The check digit catches every mistyped digit and almost every pair of
 * swapped neighbours before anything is looked up. V40's {@code welfare_card_number_valid} is the
 * same rule in the database, which refuses any other number.
 */
public final class CardNumber {

  public static final int LENGTH = 12;
  private static final RandomGenerator RANDOM = new SecureRandom();

  private CardNumber() { }

  /** A new random number (the database refuses a number already taken: draw again). */
  public static String next() {
    return next(RANDOM);
  }

  static String next(RandomGenerator random) {
    StringBuilder body = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH - 1; i++) {
      body.append((char) ('0' + random.nextInt(10)));
    }
    return body.append(checkDigit(body)).toString();
  }

  /** Luhn's check digit of {@code body}: digits from the right, every other one doubled. */
  public static char checkDigit(CharSequence body) {
    int sum = 0;
    for (int i = body.length() - 1, position = 1; i >= 0; i--, position++) {
      int d = body.charAt(i) - '0';
      if (d < 0 || d > 9) {
        throw new IllegalArgumentException("a card number has digits only");
      }
      if (position % 2 == 1) {
        d *= 2;
        d = d / 10 + d % 10;
      }
      sum += d;
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  /**
   * The number as typed (spaces and dashes between the digits allowed), if it is one: 12 digits
   * whose last is the check digit of the others. Empty for anything else.
   */
  public static Optional<String> parse(String typed) {
    if (typed == null || typed.length() > 40) {
      return Optional.empty();
    }
    String digits = typed.replace(" ", "").replace("-", "");
    if (digits.length() != LENGTH || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    return digits.charAt(LENGTH - 1) == checkDigit(digits.subSequence(0, LENGTH - 1)) ? Optional.of(digits) : Optional.empty();
  }

  /** "4012 8888 8888": how the number is printed and read aloud. */
  public static String display(String number) {
    return number.substring(0, 4) + " " + number.substring(4, 8) + " " + number.substring(8);
  }
}
