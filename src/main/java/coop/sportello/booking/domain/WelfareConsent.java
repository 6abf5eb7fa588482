package coop.sportello.booking.domain;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;

import java.time.Duration;
import java.util.Locale;

/**
 * Whose word spends a person's welfare credit. The person's own: signed in as themselves, or at a
 * kiosk where they identified with their PIN minutes ago (V13 checks the live session). Anyone
 * else who asks (an operator on the phone, a welfare manager, a supervisor) only records a request
 * that the person approves or refuses, or approves by telling the requester their kiosk PIN.
 */
public final class WelfareConsent {

  /** How long a request waits for an answer at most; it also ends when the booking starts. */
  public static final Duration ANSWER_WITHIN = Duration.ofDays(7);

  /** How a decision was given; {@link #wireName()} is how it travels in JSON and SQL. */
  public enum How {
    /** The person, signed in to the portal. */
    PORTAL,
    /** The person, identified at a kiosk with badge or codice fiscale and PIN. */
    KIOSK,
    /** The person's kiosk PIN, told to the requester and typed in by them. */
    PIN;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private WelfareConsent() { }

  /** True when the caller is the person whose credit pays, or a kiosk acting for them. */
  public static boolean ownSpending(Identity actor, String person) {
    return actor.subject().equals(person) || actor.hasRole(Role.KIOSK);
  }

  /** How the caller decides on a request for someone's credit: the portal as themselves, or a kiosk. */
  public static How directly(Identity decider) {
    return decider.hasRole(Role.KIOSK) ? How.KIOSK : How.PORTAL;
  }
}
