package coop.sportello.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/** /health/ready round trips (each one a database query) from 64 keep-alive connections for 10 s. */
final class HealthThroughputScenario implements Scenario {

  private static final int CONNECTIONS = 64;
  private static final long WARM_UP_MS = 3_000;
  private static final long MEASURE_MS = 10_000;

  @Override
  public String name() {
    return "health-throughput";
  }

  @Override
  public String description() {
    return "/health/ready throughput and latency, " + CONNECTIONS + " concurrent keep-alive connections, "
        + MEASURE_MS / 1000 + " s after " + WARM_UP_MS / 1000 + " s warm-up; server and load share the 2 cores";
  }

  @Override
  public List<String> run() throws Exception {
    try (BenchApp bench = BenchApp.start(new JsonObject())) {
      Vertx load = BenchApp.loadGenerator();
      WebClient client = WebClient.create(load, new WebClientOptions()
          .setDefaultHost("127.0.0.1").setDefaultPort(bench.app.port()), new PoolOptions().setHttp1MaxSize(CONNECTIONS));
      try {
        drive(client, WARM_UP_MS, new ConcurrentLinkedQueue<>());
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long errors = drive(client, MEASURE_MS, latencies);
        long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("throughput %.0f req/s (%d requests, %d errors)",
            nanos.length / (MEASURE_MS / 1000.0), nanos.length, errors));
        lines.add("latency    " + new Stats(nanos).summary());
        return lines;
      } finally {
        load.close().toCompletionStage().toCompletableFuture().get();
      }
    }
  }

  private static long drive(WebClient client, long durationMs, ConcurrentLinkedQueue<Long> latencies) throws Exception {
    long deadline = System.currentTimeMillis() + durationMs;
    long[] errors = new long[1];
    List<Future<Void>> workers = new ArrayList<>();
    for (int i = 0; i < CONNECTIONS; i++) {
      Promise<Void> done = Promise.promise();
      next(client, deadline, latencies, errors, done);
      workers.add(done.future());
    }
    Future.all(workers).toCompletionStage().toCompletableFuture().get(durationMs + 30_000, TimeUnit.MILLISECONDS);
    return errors[0];
  }

  private static void next(WebClient client, long deadline, ConcurrentLinkedQueue<Long> latencies, long[] errors,
                           Promise<Void> done) {
    if (System.currentTimeMillis() >= deadline) {
      done.complete();
      return;
    }
    long start = System.nanoTime();
    client.get("/health/ready").send().onComplete(result -> {
      if (result.succeeded() && result.result().statusCode() == 200) {
        latencies.add(System.nanoTime() - start);
      } else {
        synchronized (errors) {
          errors[0]++;
        }
      }
      next(client, deadline, latencies, errors, done);
    });
  }
}
