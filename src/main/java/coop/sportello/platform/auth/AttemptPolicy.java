package coop.sportello.platform.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * How attempts at a secret (a password, a kiosk PIN) are slowed and refused, by what was typed
 * (the <em>subject</em>: a username, a badge) and where from (the <em>source</em>: an address, a
 * kiosk device), whether or not an account stands behind the subject. Pure arithmetic so that it
 * can be unit-tested; the counting itself happens atomically in PostgreSQL ({@link AttemptThrottle}).
 *
 * <p>No limit lets a stranger shut the owner out: the lock after repeated failures holds only
 * for the source that failed, the pause of a source only that source, and when a subject is
 * failed at from too many sources, sources the owner has got in from before are still checked.
 *
 * @param maxFailuresAtSource failures at one subject from one source before that source, and only it,
 *                            is locked out of that subject for {@code lockDuration}
 * @param sourceMaxFailures   attempts from one source at any subjects in {@code sourceWindow} before the
 *                            source is paused to the end of the window; a success gives its attempt back
 * @param subjectMaxFailures  failures at one subject from all sources in {@code subjectWindow}; beyond them
 *                            only sources trusted for that subject are still checked (OWASP ASVS 2.2.1:
 *                            at most 100 failures an hour at one account)
 * @param trustedFor          how long a source stays trusted for a subject after getting in as it
 */
public record AttemptPolicy(int maxFailuresAtSource, Duration lockDuration, int sourceMaxFailures, Duration sourceWindow,
                            int subjectMaxFailures, Duration subjectWindow, Duration trustedFor) {

  private static final Duration BASE_DELAY = Duration.ofMillis(200);
  private static final Duration MAX_DELAY = Duration.ofSeconds(3);

  public AttemptPolicy {
    if (maxFailuresAtSource < 1 || sourceMaxFailures < 1 || subjectMaxFailures < 1) {
      throw new IllegalArgumentException("every limit must allow at least one attempt");
    }
  }

  /** Delay before answering the n-th failure from a source at a subject: 200 ms, 400 ms, 800 ms... capped at 3 s. */
  public Duration delayAfterFailure(int failuresAtSource) {
    int exponent = Math.max(0, Math.min(failuresAtSource - 1, 10));
    Duration delay = BASE_DELAY.multipliedBy(1L << exponent);
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }

  /** True when the source has made too many attempts in its window to make another. */
  public boolean sourcePaused(int sourceAttempts) {
    return sourceAttempts > sourceMaxFailures;
  }

  /** True when this attempt (the n-th from the source at the subject) must not even be checked. */
  public boolean lockedAtSource(int attemptsAtSource) {
    return attemptsAtSource > maxFailuresAtSource;
  }

  /** True when a failure on this attempt locks the source out of the subject. */
  public boolean failureLocks(int attemptsAtSource) {
    return attemptsAtSource >= maxFailuresAtSource;
  }

  /**
   * True when the subject has been failed at too often from everywhere and this source is not one
   * that got in as it lately ({@code sourceSucceededAt}, null if never).
   */
  public boolean subjectGuarded(int subjectAttempts, Instant sourceSucceededAt, Instant now) {
    boolean trusted = sourceSucceededAt != null && sourceSucceededAt.plus(trustedFor).isAfter(now);
    return subjectAttempts > subjectMaxFailures && !trusted;
  }
}
