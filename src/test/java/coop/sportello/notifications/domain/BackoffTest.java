package coop.sportello.notifications.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries: doubling, capped, with bounded jitter, and a last attempt; quiet hours on the Italian clock. */
class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1), 12);

  @Test
  void waitsDoubleUpToTheCapThenStop() {
    assertEquals(Optional.of(Duration.ofSeconds(30)), backoff.after(1, 0));
    assertEquals(Optional.of(Duration.ofSeconds(60)), backoff.after(2, 0));
    assertEquals(Optional.of(Duration.ofSeconds(120)), backoff.after(3, 0));
    assertEquals(Optional.of(Duration.ofMinutes(32)), backoff.after(7, 0));
    assertEquals(Optional.of(Duration.ofHours(1)), backoff.after(8, 0), "30 s × 128 is past the cap");
    assertEquals(Optional.of(Duration.ofHours(1)), backoff.after(11, 0));
    assertEquals(Optional.empty(), backoff.after(12, 0), "the twelfth failure is the last");
  }

  @Test
  void jitterStaysWithinAFifthAndUnderTheCap() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      int attempt = 1 + random.nextInt(11);
      double jitter = random.nextDouble();
      Duration wait = backoff.after(attempt, jitter).orElseThrow();
      Duration plain = backoff.after(attempt, 0).orElseThrow();
      assertTrue(wait.compareTo(plain) >= 0 && wait.toMillis() <= plain.toMillis() * 1.2 + 1, attempt + " " + jitter);
      assertTrue(wait.compareTo(Duration.ofHours(1)) <= 0);
    }
  }

  @Test
  void aPolicyThatCannotWorkIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofMinutes(1), 3));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1), 3));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofMinutes(1), Duration.ofMinutes(1), 0));
  }

  @Test
  void quietHoursFollowTheItalianClockThroughTheChangeToSummerTime() {
    QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));
    // 29 March 2026: clocks go from 2:00 to 3:00 in Italy; the night is an hour shorter.
    ZonedDateTime beforeChange = ZonedDateTime.of(2026, 3, 28, 23, 30, 0, 0, QuietHours.ROME);
    Instant end = night.endOfQuiet(beforeChange.toInstant()).orElseThrow();
    assertEquals(ZonedDateTime.of(2026, 3, 29, 7, 0, 0, 0, QuietHours.ROME).toInstant(), end);
    assertEquals(Duration.ofMinutes(6 * 60 + 30), Duration.between(beforeChange.toInstant(), end));
    assertEquals(Optional.empty(), night.endOfQuiet(ZonedDateTime.of(2026, 3, 29, 7, 0, 0, 0, QuietHours.ROME).toInstant()));
    QuietHours lunch = new QuietHours(LocalTime.of(13, 0), LocalTime.of(15, 0));
    assertEquals(ZonedDateTime.of(2026, 3, 29, 15, 0, 0, 0, QuietHours.ROME).toInstant(),
        lunch.endOfQuiet(ZonedDateTime.of(2026, 3, 29, 14, 0, 0, 0, QuietHours.ROME).toInstant()).orElseThrow());
    assertEquals(Optional.empty(), lunch.endOfQuiet(ZonedDateTime.of(2026, 3, 29, 21, 0, 0, 0, QuietHours.ROME).toInstant()));
  }
}
