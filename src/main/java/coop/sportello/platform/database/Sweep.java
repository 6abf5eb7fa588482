package coop.sportello.platform.database;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Background work on the database run again and again (expiring holds, rolling slots forward,
 * deleting what has expired), each run starting a fixed delay after the last one <em>finished</em>:
 * with a slow or unreachable database a run is never overtaken by the next, so runs never pile up
 * on the pool. A failed run is logged and the next one is still scheduled; so is one that has not
 * ended after {@link #RUN_LIMIT_MILLIS}. Every node runs its
 * own; the work itself is written to be safe when two nodes do it at once.
 */
public final class Sweep {

  /** The longest a run is waited for before the next is scheduled anyway. */
  static final long RUN_LIMIT_MILLIS = 5 * 60_000L;

  private final Vertx vertx;
  private final long delayMillis;
  private final long runLimitMillis;
  private final Supplier<Future<?>> work;
  private final Logger log;
  private final String failure;
  private volatile boolean stopped;
  private volatile long timer = -1;

  private Sweep(Vertx vertx, long delayMillis, long runLimitMillis, Supplier<Future<?>> work, Logger log, String failure) {
    this.vertx = vertx;
    this.delayMillis = delayMillis;
    this.runLimitMillis = runLimitMillis;
    this.work = work;
    this.log = log;
    this.failure = failure;
  }

  /**
   * Runs {@code work} every {@code delayMillis} after the previous run ended, the first after one
   * delay; a failure is logged on {@code log} as {@code failure}.
   */
  public static Sweep every(Vertx vertx, long delayMillis, Logger log, String failure, Supplier<Future<?>> work) {
    return every(vertx, delayMillis, RUN_LIMIT_MILLIS, log, failure, work);
  }

  /** The same with another limit on a run (the tests'). */
  static Sweep every(Vertx vertx, long delayMillis, long runLimitMillis, Logger log, String failure, Supplier<Future<?>> work) {
    Sweep sweep = new Sweep(vertx, delayMillis, runLimitMillis, work, log, failure);
    sweep.schedule();
    return sweep;
  }

  private void schedule() {
    if (stopped) {
      return;
    }
    long id = vertx.setTimer(delayMillis, fired -> {
      if (stopped) {
        return;
      }
      Future<?> run;
      try {
        run = work.get();
      } catch (RuntimeException e) {
        run = Future.failedFuture(e);
      }
      // A run that never ends (a query on a connection that died without a word) must not stop
      // the sweep for good: after the run limit the next one is scheduled anyway.
      run.timeout(runLimitMillis, TimeUnit.MILLISECONDS).onFailure(e -> log.warn(failure, e)).onComplete(done -> schedule());
    });
    timer = id;
    if (stopped) {
      vertx.cancelTimer(id);
    }
  }

  /** No run starts after this (from any thread); one under way finishes. */
  public void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }
}
