package coop.sportello.bench;

import coop.sportello.Application;
import coop.sportello.platform.SportelloVertx;
import coop.sportello.platform.config.ConfigLoader;
import coop.sportello.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A running application on a fresh database, for scenarios that measure it under load. */
final class BenchApp implements AutoCloseable {

  final Vertx vertx;
  final Application app;

  private BenchApp(Vertx vertx, Application app) {
    this.vertx = vertx;
    this.app = app;
  }

  static BenchApp start(JsonObject overrides) throws Exception {
    Vertx vertx = SportelloVertx.create();
    JsonObject config = await(ConfigLoader.load(vertx, Map.of()))
        .mergeIn(new JsonObject()
            .put("http", new JsonObject().put("port", 0).put("drainDelayMillis", 0))
            .put("demoData", "off")
            .put("dataDir", Files.createTempDirectory("bench").toString())
            .put("database", new JsonObject().put("url", TestPostgres.freshDatabaseUrl()).put("poolSize", 16)), true)
        .mergeIn(overrides, true);
    return new BenchApp(vertx, await(Application.start(vertx, config)));
  }

  /** A separate Vert.x for the load generator, on the same transport as the server. */
  static Vertx loadGenerator() {
    return Vertx.builder().with(new VertxOptions().setPreferNativeTransport(true)).build();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.MINUTES);
  }

  @Override
  public void close() throws Exception {
    await(app.stop());
    await(vertx.close());
  }
}
