package coop.sportello.platform.database;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SweepTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** A run ten times slower than the delay: the next starts only after it ends, never beside it. */
  @Test
  void aSlowRunIsNeverOvertaken() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    Sweep sweep = Sweep.every(vertx, 5, LoggerFactory.getLogger(SweepTest.class), "slow run failed", () -> {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      Promise<Void> done = Promise.promise();
      vertx.setTimer(50, id -> {
        running.decrementAndGet();
        runs.incrementAndGet();
        done.complete();
      });
      return done.future();
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 5);
    sweep.stop();
    assertEquals(1, mostAtOnce.get(), "one run at a time");
  }

  /** A run that fails, or throws before giving a future, is logged and the next one still comes. */
  @Test
  void aFailedRunIsFollowedByTheNext() {
    AtomicInteger runs = new AtomicInteger();
    Sweep sweep = Sweep.every(vertx, 5, LoggerFactory.getLogger(SweepTest.class), "expected failure in a test", () -> {
      if (runs.incrementAndGet() % 2 == 0) {
        throw new IllegalStateException("thrown by the work itself");
      }
      return Future.failedFuture("the database said no");
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 4);
    sweep.stop();
  }

  /** A run that never ends does not stop the sweep: after the run limit the next one comes. */
  @Test
  void aRunThatNeverEndsDoesNotStopTheSweep() {
    AtomicInteger runs = new AtomicInteger();
    Sweep sweep = Sweep.every(vertx, 5, 100, LoggerFactory.getLogger(SweepTest.class), "expected: a run that never ended", () -> {
      runs.incrementAndGet();
      return Promise.promise().future();
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
    sweep.stop();
  }

  /** After stop no run starts. */
  @Test
  void stopEndsIt() {
    AtomicInteger runs = new AtomicInteger();
    Sweep sweep = Sweep.every(vertx, 5, LoggerFactory.getLogger(SweepTest.class), "failed", () -> {
      runs.incrementAndGet();
      return Future.succeededFuture();
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 2);
    sweep.stop();
    int stoppedAt = runs.get();
    AtomicInteger ticks = new AtomicInteger();
    vertx.setPeriodic(5, id -> ticks.incrementAndGet());
    await().atMost(Duration.ofSeconds(10)).until(() -> ticks.get() >= 20);
    assertEquals(stoppedAt, runs.get(), "no run after stop");
  }
}
