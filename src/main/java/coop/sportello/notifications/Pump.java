package coop.sportello.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Runs one background job on this node: a batch, then straight on while batches come back full,
 * else a pause. Never two batches of the same job at once on a node; other nodes run their own
 * pumps, and the claims (SKIP LOCKED, leases) keep them apart. Privacy's retention purge runs on one too.
 */
public final class Pump {

  private static final Logger LOG = LoggerFactory.getLogger(Pump.class);

  private final Vertx vertx;
  private final String name;
  private final long pauseMillis;
  private final int fullBatch;
  private final Supplier<Future<Integer>> batch;
  private volatile boolean running;
  private long timer = -1;
  private Future<Void> current = Future.succeededFuture();

  public Pump(Vertx vertx, String name, long pauseMillis, int fullBatch, Supplier<Future<Integer>> batch) {
    this.vertx = vertx;
    this.name = name;
    this.pauseMillis = pauseMillis;
    this.fullBatch = fullBatch;
    this.batch = batch;
  }

  public void start() {
    running = true;
    schedule(0);
  }

  /** Stops taking batches; the future completes when the batch under way has recorded its outcomes. */
  public Future<Void> stop() {
    running = false;
    vertx.cancelTimer(timer);
    return current;
  }

  private void schedule(long delay) {
    if (!running) {
      return;
    }
    if (delay == 0) {
      vertx.runOnContext(v -> runOnce());
    } else {
      timer = vertx.setTimer(delay, id -> runOnce());
    }
  }

  private void runOnce() {
    if (!running) {
      return;
    }
    Future<Integer> done;
    try {
      done = batch.get();
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    current = done.mapEmpty();
    done.onComplete(result -> {
      if (result.failed()) {
        LOG.warn("{}: batch failed, trying again in {} ms", name, pauseMillis, result.cause());
        schedule(pauseMillis);
      } else {
        schedule(result.result() >= fullBatch ? 0 : pauseMillis);
      }
    });
  }
}
