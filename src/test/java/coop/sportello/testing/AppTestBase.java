package coop.sportello.testing;

import coop.sportello.Application;
import coop.sportello.platform.SportelloVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

/**
 * One running application per test class, on its own fresh database. Test methods run on the
 * JUnit thread and may wait on futures with {@link #await}; application code stays asynchronous.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AppTestBase {

  protected Vertx vertx;
  protected Application app;
  protected Http http;

  /** Extra configuration for this class, merged over the test defaults. */
  protected JsonObject overrides() {
    return new JsonObject();
  }

  /** Waits up to two minutes: a start with demo data on a loaded two-core machine can take a while. */
  @BeforeAll
  void startApplication() {
    vertx = SportelloVertx.create();
    app = await(TestApp.start(vertx, overrides()), 120);
    http = new Http(vertx, app.port());
  }

  @AfterAll
  void stopApplication(VertxTestContext ctx) {
    Future<Void> stopped = app == null ? Future.succeededFuture() : app.stop();
    stopped.eventually(() -> vertx.close()).onComplete(ctx.succeedingThenComplete());
  }

  public static <T> T await(Future<T> future) {
    return await(future, 30);
  }

  public static <T> T await(Future<T> future, int seconds) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete successfully: " + e.getMessage(), e);
    }
  }
}
