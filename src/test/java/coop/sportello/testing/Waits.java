package coop.sportello.testing;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting on the JUnit thread for something the application does asynchronously, with Awaitility. */
public final class Waits {

  private Waits() { }

  /**
   * Awaitility as the tests use it: the condition is checked at once and then every 20 ms (its
   * default waits 100 ms before the first check), on the calling thread, for up to ten seconds;
   * {@code what} names the wait in the failure.
   */
  public static ConditionFactory eventually(String what) {
    return Awaitility.await(what).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
        .atMost(Duration.ofSeconds(10));
  }

  /** Polls {@code condition} until it holds, failing after ten seconds with {@code what}. */
  public static void waitFor(BooleanSupplier condition, String what) {
    eventually(what).until(condition::getAsBoolean);
  }

  /**
   * Checks for {@code period} that {@code condition} keeps holding: nothing late (a duplicate, a
   * message that should not come) arrives meanwhile.
   */
  public static void holdsFor(Duration period, BooleanSupplier condition, String what) {
    eventually(what).during(period).atMost(period.plusSeconds(2)).until(condition::getAsBoolean);
  }
}
