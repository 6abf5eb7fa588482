package coop.sportello.catalog;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The feed never gives up on PostgreSQL: every retry has a delay, growing to a cap. */
class AvailabilityFeedTest {

  @Test
  void theFeedReconnectsForeverWithACappedBackoff() {
    long previous = 0;
    for (int retries = 0; retries < 100_000; retries++) {
      long delay = AvailabilityFeed.reconnectDelay(retries);
      assertTrue(delay > 0, "retry " + retries + " is attempted");
      assertTrue(delay >= previous && delay <= 10_000, "growing, at most 10 s: " + delay);
      previous = delay;
    }
    assertEquals(10_000, AvailabilityFeed.reconnectDelay(Integer.MAX_VALUE));
    assertEquals(250, AvailabilityFeed.reconnectDelay(0));
  }
}
