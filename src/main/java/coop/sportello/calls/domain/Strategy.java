package coop.sportello.calls.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * How a queue chooses among the operators who could take a call now. Every strategy only looks at
 * available operators logged into the queue who have the skills the call needs.
 */
public enum Strategy {
  /** The one who has waited longest since their last call (or since logging in). */
  LONGEST_IDLE,
  /** The next one after the last operator this queue offered a call to, in a fixed order. */
  ROUND_ROBIN,
  /** The one who has taken the fewest calls since logging in; longest idle breaks ties. */
  FEWEST_CALLS,
  /** Everyone at once; the first to answer takes the call. */
  RING_ALL,
  /** Only the lowest level (tier) that has someone available; longest idle within it. */
  SKILL_TIERS;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Strategy> fromWire(String s) {
    for (Strategy v : values()) {
      if (v.wire().equals(s)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
