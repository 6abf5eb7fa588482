package coop.sportello.events.domain;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What the door answers for a ticket's code. The admission itself is one conditional update in
 * PostgreSQL (a ticket is admitted once, whoever scans it first); when it admitted nothing,
 * {@link #why} says which of the other answers applies.
 */
public enum Admission {
  /** Valid for today and not used: admitted now. */
  ADMITTED("admitted"),
  /** Admitted before (when and at which door is shown). */
  ALREADY_USED("already-used"),
  /** Valid, for another day. */
  WRONG_DAY("wrong-day"),
  /** Its purchase is not confirmed (held, not paid, cancelled). */
  NOT_VALID("not-valid"),
  /** No ticket of this organiser's events has this code. */
  UNKNOWN("unknown");

  private final String wire;

  Admission(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** A ticket as the door found it: its purchase's status, its day (Rome), when it was admitted (null: not). */
  public record AtDoor(String bookingStatus, LocalDate day, Instant admittedAt) { }

  /**
   * Why a ticket the update did not admit was refused; {@code found} null: no such ticket of the
   * organiser's. Never {@link #ADMITTED}: only the update admits (a ticket that looks valid here was
   * changed meanwhile, and is scanned again).
   */
  public static Admission why(AtDoor found, LocalDate today) {
    if (found == null) {
      return UNKNOWN;
    }
    if (found.admittedAt() != null) {
      return ALREADY_USED;
    }
    if (!"confirmed".equals(found.bookingStatus())) {
      return NOT_VALID;
    }
    return found.day().equals(today) ? NOT_VALID : WRONG_DAY;
  }
}
