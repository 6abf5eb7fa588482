package coop.sportello.calls.domain;

import java.util.Locale;

/** An operator's state; only AVAILABLE operators are offered calls. */
public enum OperatorState {
  OFFLINE, AVAILABLE, RESERVED, ON_CALL, WRAP_UP, PAUSED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OperatorState fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }

  /** Handling time for occupancy: on a call or wrapping it up. */
  boolean handling() {
    return this == ON_CALL || this == WRAP_UP;
  }

  /** Idle time for occupancy: ready for a call, or being rung for one. */
  boolean idle() {
    return this == AVAILABLE || this == RESERVED;
  }
}
