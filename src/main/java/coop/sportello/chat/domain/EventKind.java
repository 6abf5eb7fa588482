package coop.sportello.chat.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * What can happen in a conversation. Citizen-visible kinds get a public sequence number too;
 * staff-only kinds (private notes, offers, passes) are numbered only in the staff sequence.
 */
public enum EventKind {
  STARTED(true), MESSAGE(true), NOTE(false), OFFERED(false), ACCEPTED(true), PASSED(false),
  TRANSFERRED(true), RETURNED(true), JOINED(true), CLOSED(true), RATED(true), CALLBACK_REQUESTED(true);

  private final boolean citizenVisible;

  EventKind(boolean citizenVisible) {
    this.citizenVisible = citizenVisible;
  }

  public boolean citizenVisible() {
    return citizenVisible;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<EventKind> fromWire(String wire) {
    for (EventKind kind : values()) {
      if (kind.wireName().equals(wire)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
