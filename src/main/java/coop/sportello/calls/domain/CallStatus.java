package coop.sportello.calls.domain;

import java.util.Locale;

/** Where a call is. WAITING, RINGING, ON_CALL and CALLBACK are live; the rest are final. */
public enum CallStatus {
  WAITING, RINGING, ON_CALL, CALLBACK, ENDED, ABANDONED, LEFT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CallStatus fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }

  public boolean live() {
    return this == WAITING || this == RINGING || this == ON_CALL || this == CALLBACK;
  }
}
