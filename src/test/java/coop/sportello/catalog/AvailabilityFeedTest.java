package coop.sportello.catalog;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The feed never gives up on PostgreSQL: every retry has a delay, growing to a cap. */
class AvailabilityFeedTest {

  @Test
  void theFeedReconnectsForeverWithACappedBackoff() {
    AvailabilityFeed.Backoff backoff = new AvailabilityFeed.Backoff(250, 10_000);
    long previous = 0;
    for (int retries = 0; retries < 100_000; retries++) {
      long delay = backoff.delay(retries);
      assertTrue(delay > 0, "retry " + retries + " is attempted");
      assertTrue(delay >= previous && delay <= 10_000, "growing, at most 10 s: " + delay);
      previous = delay;
    }
    assertEquals(10_000, backoff.delay(Integer.MAX_VALUE));
    assertEquals(250, backoff.delay(0));
    assertEquals(500, backoff.delay(1));
  }
}
