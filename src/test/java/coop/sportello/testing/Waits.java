package coop.sportello.testing;

import java.util.function.BooleanSupplier;

/** Waiting on the JUnit thread for something the application does asynchronously. */
public final class Waits {

  private Waits() { }

  /** Polls {@code condition} until it holds, failing after ten seconds with {@code what}. */
  public static void waitFor(BooleanSupplier condition, String what) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
