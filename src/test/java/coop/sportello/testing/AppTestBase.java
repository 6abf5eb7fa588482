package coop.sportello.testing;

import coop.sportello.Application;
import coop.sportello.platform.SportelloVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
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

  /** Generous: a start with demo data on a loaded two-core machine can pass vertx-junit5's 30 s default. */
  @BeforeAll
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  void startApplication(VertxTestContext ctx) {
    vertx = SportelloVertx.create();
    TestApp.start(vertx, overrides()).onComplete(ctx.succeeding(started -> {
      app = started;
      http = new Http(vertx, app.port());
      ctx.completeNow();
    }));
  }

  @AfterAll
  void stopApplication(VertxTestContext ctx) {
    Future<Void> stopped = app == null ? Future.succeededFuture() : app.stop();
    stopped.eventually(() -> vertx.close()).onComplete(ctx.succeedingThenComplete());
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete successfully: " + e.getMessage(), e);
    }
  }
}
