package coop.sportello.platform.auth;

import java.time.Duration;

/**
 * How repeated failed logins are slowed and then locked. Pure arithmetic so that it can be
 * unit-tested; the counting itself happens atomically in PostgreSQL.
 */
public record LoginPolicy(int maxFailedLogins, Duration lockDuration) {

  private static final Duration BASE_DELAY = Duration.ofMillis(200);
  private static final Duration MAX_DELAY = Duration.ofSeconds(3);

  public LoginPolicy {
    if (maxFailedLogins < 1) {
      throw new IllegalArgumentException("maxFailedLogins must be at least 1");
    }
  }

  /** Delay before answering the n-th consecutive failure: 200 ms, 400 ms, 800 ms... capped at 3 s. */
  public Duration delayAfterFailure(int consecutiveFailures) {
    int exponent = Math.max(0, Math.min(consecutiveFailures - 1, 10));
    Duration delay = BASE_DELAY.multipliedBy(1L << exponent);
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }

  /** True when this attempt (the n-th in a row) must not even be checked. */
  public boolean attemptRefused(int attemptNumber) {
    return attemptNumber > maxFailedLogins;
  }

  /** True when a failure on this attempt locks the account. */
  public boolean failureLocks(int attemptNumber) {
    return attemptNumber >= maxFailedLogins;
  }
}
