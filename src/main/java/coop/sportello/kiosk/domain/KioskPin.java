package coop.sportello.kiosk.domain;

import coop.sportello.platform.domain.Refusal;

import java.util.Optional;

/**
 * The rules of a kiosk PIN, chosen by the employee: 4 to 8 digits, not one that anyone would try
 * first (the same digit throughout, or a run up or down like 1234 or 8765).
 */
public final class KioskPin {

  private KioskPin() { }

  public static boolean wellFormed(String pin) {
    return pin != null && pin.matches("^[0-9]{4,8}$");
  }

  /** Empty when {@code pin} may be chosen. */
  public static Optional<Refusal> choose(String pin) {
    if (!wellFormed(pin)) {
      return Optional.of(Refusal.invalid("invalid-pin", "Il PIN è fatto di 4-8 cifre."));
    }
    if (guessable(pin)) {
      return Optional.of(Refusal.invalid("weak-pin",
          "Questo PIN è tra i primi che qualcuno proverebbe (cifre tutte uguali o in fila): scegline un altro."));
    }
    return Optional.empty();
  }

  static boolean guessable(String pin) {
    boolean same = true;
    boolean up = true;
    boolean down = true;
    for (int i = 1; i < pin.length(); i++) {
      int step = pin.charAt(i) - pin.charAt(i - 1);
      same &= step == 0;
      up &= step == 1 || step == -9;   // 7890 wraps round
      down &= step == -1 || step == 9; // 2109 too
    }
    return same || up || down;
  }
}
