package coop.sportello.platform.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttemptPolicyTest {

  private final AttemptPolicy policy = new AttemptPolicy(5, Duration.ofMinutes(15), 100, Duration.ofMinutes(15),
      100, Duration.ofHours(1), Duration.ofDays(90));

  @Test
  void delaysDoubleAndAreCapped() {
    assertEquals(Duration.ofMillis(200), policy.delayAfterFailure(1));
    assertEquals(Duration.ofMillis(400), policy.delayAfterFailure(2));
    assertEquals(Duration.ofMillis(1600), policy.delayAfterFailure(4));
    assertEquals(Duration.ofSeconds(3), policy.delayAfterFailure(50));
    for (int n = 1; n < 40; n++) {
      assertTrue(policy.delayAfterFailure(n + 1).compareTo(policy.delayAfterFailure(n)) >= 0, "never shrinks");
    }
  }

  @Test
  void theFifthFailureFromASourceLocksItAndLaterAttemptsFromItAreNotChecked() {
    assertFalse(policy.failureLocks(4));
    assertTrue(policy.failureLocks(5));
    assertFalse(policy.lockedAtSource(5));
    assertTrue(policy.lockedAtSource(6));
  }

  @Test
  void aSourcePausesAfterItsLimit() {
    assertFalse(policy.sourcePaused(100));
    assertTrue(policy.sourcePaused(101));
  }

  @Test
  void aSubjectFailedAtFromEverywhereIsStillCheckedFromASourceThatGotInLately() {
    Instant now = Instant.parse("2025-03-01T10:00:00Z");
    assertFalse(policy.subjectGuarded(100, null, now));
    assertTrue(policy.subjectGuarded(101, null, now), "a source that never got in");
    assertFalse(policy.subjectGuarded(101, now.minus(Duration.ofDays(89)), now), "the owner's usual source");
    assertTrue(policy.subjectGuarded(101, now.minus(Duration.ofDays(91)), now), "trust goes stale");
  }

  @Test
  void everyLimitAllowsAtLeastOneAttempt() {
    assertThrows(IllegalArgumentException.class, () -> new AttemptPolicy(0, Duration.ofMinutes(1), 1, Duration.ofMinutes(1),
        1, Duration.ofMinutes(1), Duration.ofDays(1)));
    assertThrows(IllegalArgumentException.class, () -> new AttemptPolicy(1, Duration.ofMinutes(1), 0, Duration.ofMinutes(1),
        1, Duration.ofMinutes(1), Duration.ofDays(1)));
    assertThrows(IllegalArgumentException.class, () -> new AttemptPolicy(1, Duration.ofMinutes(1), 1, Duration.ofMinutes(1),
        0, Duration.ofMinutes(1), Duration.ofDays(1)));
  }
}
