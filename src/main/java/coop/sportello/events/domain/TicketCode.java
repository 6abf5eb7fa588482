package coop.sportello.events.domain;

import java.util.Locale;

/**
 * A ticket's code as V65's {@code ticket_code()} makes it: 12 characters of Crockford's base 32
 * (digits and capital letters without I, L, O and U). What the door types is read as Crockford
 * reads it: small letters as capitals, O as zero, I and L as one, spaces and hyphens ignored, so
 * a code copied by eye from paper still finds its ticket.
 */
public final class TicketCode {

  private TicketCode() { }

  public static String normalise(String typed) {
    StringBuilder code = new StringBuilder(12);
    for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
      switch (c) {
        case ' ', '-' -> { }
        case 'O' -> code.append('0');
        case 'I', 'L' -> code.append('1');
        default -> code.append(c);
      }
    }
    return code.toString();
  }
}
