package coop.sportello.platform.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginPolicyTest {

  private final LoginPolicy policy = new LoginPolicy(5, Duration.ofMinutes(15));

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
  void theFifthFailureLocksAndLaterAttemptsAreNotChecked() {
    assertFalse(policy.failureLocks(4));
    assertTrue(policy.failureLocks(5));
    assertFalse(policy.attemptRefused(5));
    assertTrue(policy.attemptRefused(6));
  }

  @Test
  void aPolicyNeedsAtLeastOneAttempt() {
    assertThrows(IllegalArgumentException.class, () -> new LoginPolicy(0, Duration.ofMinutes(1)));
  }
}
