package coop.sportello.bench;

import coop.sportello.Application;
import coop.sportello.platform.SportelloVertx;
import coop.sportello.platform.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-to-ready: from nothing to /health/ready answering UP, in process. Embedded: first run
 * (initdb, migrations, demo data) and a restart on the same data directory. External: against a
 * PostgreSQL already running, with an empty database each time.
 */
final class StartupScenario implements Scenario {

  private static final int RUNS = 3;
  private final boolean embedded;

  StartupScenario(boolean embedded) {
    this.embedded = embedded;
  }

  @Override
  public String name() {
    return embedded ? "startup-embedded" : "startup-external";
  }

  @Override
  public String description() {
    return embedded
        ? "start-to-ready with embedded PostgreSQL (first run with demo data, then restart)"
        : "start-to-ready against an already running PostgreSQL (empty database, migrations)";
  }

  @Override
  public List<String> run() throws Exception {
    List<String> lines = new ArrayList<>();
    if (embedded) {
      long[] first = new long[RUNS];
      long[] restart = new long[RUNS];
      for (int i = 0; i < RUNS; i++) {
        Path dir = Files.createTempDirectory("bench-embedded");
        JsonObject db = new JsonObject().put("url", "").put("embedded", new JsonObject().put("dataDir", dir.resolve("pg").toString()));
        first[i] = timeToReady(new JsonObject().put("database", db).put("demoData", "on").put("dataDir", dir.toString()));
        restart[i] = timeToReady(new JsonObject().put("database", db).put("demoData", "on").put("dataDir", dir.toString()));
      }
      lines.add("first run  " + new Stats(first).summary());
      lines.add("restart    " + new Stats(restart).summary());
    } else {
      try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
        long[] times = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
          String name = "bench_" + i + "_" + System.nanoTime();
          try (var c = server.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
          }
          JsonObject db = new JsonObject().put("url",
              "postgresql://postgres:postgres@localhost:" + server.getPort() + "/" + name);
          times[i] = timeToReady(new JsonObject().put("database", db).put("demoData", "off")
              .put("dataDir", Files.createTempDirectory("bench-external").toString()));
        }
        lines.add("external   " + new Stats(times).summary());
      }
    }
    return lines;
  }

  private static long timeToReady(JsonObject overrides) throws Exception {
    long start = System.nanoTime();
    Vertx vertx = SportelloVertx.create();
    JsonObject config = ConfigLoader.load(vertx, Map.of()).toCompletionStage().toCompletableFuture().get()
        .mergeIn(overrides, true)
        .mergeIn(new JsonObject().put("http", new JsonObject().put("port", 0)), true);
    Application app = Application.start(vertx, config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    WebClient client = WebClient.create(vertx);
    int status = client.get(app.port(), "127.0.0.1", "/health/ready").send()
        .toCompletionStage().toCompletableFuture().get().statusCode();
    long elapsed = System.nanoTime() - start;
    if (status != 200) {
      throw new IllegalStateException("ready answered " + status);
    }
    app.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return elapsed;
  }
}
