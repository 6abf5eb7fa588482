package coop.sportello.notifications.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * When to try a failed message again: {@code base × 2^(attempt-1)}, capped, with up to a fifth of
 * jitter so that messages failed together (a mail server down for a minute) do not all come back in
 * the same second; after {@code maxAttempts} the message is dead.
 */
public record Backoff(Duration base, Duration cap, int maxAttempts) {

  public Backoff {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0 || maxAttempts < 1) {
      throw new IllegalArgumentException("base > 0, cap >= base, at least one attempt");
    }
  }

  /**
   * The wait before the next try once {@code attemptsMade} tries have failed, or empty when that
   * was the last one. {@code jitter} in [0, 1) (a random draw; tests pass fixed values).
   */
  public Optional<Duration> after(int attemptsMade, double jitter) {
    if (attemptsMade >= maxAttempts) {
      return Optional.empty();
    }
    int doublings = Math.min(Math.max(attemptsMade - 1, 0), 30);
    long millis = Math.min(cap.toMillis(), base.toMillis() << doublings);
    long withJitter = millis + (long) (millis * 0.2 * Math.max(0, Math.min(jitter, 0.999)));
    return Optional.of(Duration.ofMillis(Math.min(withJitter, cap.toMillis())));
  }
}
