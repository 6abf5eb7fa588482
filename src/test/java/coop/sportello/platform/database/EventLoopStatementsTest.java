package coop.sportello.platform.database;

import coop.sportello.testing.TestPostgres;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.SqlClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

@ExtendWith(VertxExtension.class)
class EventLoopStatementsTest {

  private static final int IN_FLIGHT = 50;

  /** What one event loop sees: its client twice, and the backends that answered its statements. */
  private record LoopRun(SqlClient first, SqlClient second, Set<Integer> backends) { }

  @Test
  void eachEventLoopPipelinesItsStatementsOnItsOwnConnection(Vertx vertx) throws Exception {
    DatabaseEndpoint endpoint = DatabaseEndpoint.fromUrl(TestPostgres.freshDatabaseUrl(), null, null);
    EventLoopStatements statements = new EventLoopStatements(vertx, endpoint);
    try {
      List<Context> loops = twoEventLoops(vertx);
      Context one = loops.get(0);
      Context two = loops.get(1);
      LoopRun onOne = runOn(one, statements);
      LoopRun onTwo = runOn(two, statements);

      assertSame(onOne.first(), onOne.second(), "a loop keeps its client");
      assertNotSame(onOne.first(), onTwo.first(), "another loop has its own");
      assertEquals(1, onOne.backends().size(), IN_FLIGHT + " statements in flight at once, all on one connection: " + onOne);
      assertEquals(1, onTwo.backends().size(), onTwo.toString());
      assertNotEquals(onOne.backends(), onTwo.backends(), "two loops, two connections");

      SqlClient offLoop = statements.current();
      assertSame(offLoop, statements.current(), "callers off an event loop share one client");
      assertNotSame(offLoop, onOne.first());
    } finally {
      statements.closeAll().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Two verticle instances' contexts: Vert.x gives each its own event loop. */
  private static List<Context> twoEventLoops(Vertx vertx) throws Exception {
    List<Context> contexts = new CopyOnWriteArrayList<>();
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        contexts.add(context);
        threads.add(Thread.currentThread());
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(2)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(2, threads.size(), "two event loops to compare");
    return contexts;
  }

  private static LoopRun runOn(Context context, EventLoopStatements statements) throws Exception {
    Promise<LoopRun> done = Promise.promise();
    context.runOnContext(v -> {
      SqlClient first = statements.current();
      List<Future<Integer>> backends = new ArrayList<>();
      for (int i = 0; i < IN_FLIGHT; i++) {
        backends.add(statements.current().query("SELECT pg_backend_pid()").execute()
            .map(rows -> rows.iterator().next().getInteger(0)));
      }
      SqlClient second = statements.current();
      Future.all(backends).onComplete(all -> {
        if (all.failed()) {
          done.fail(all.cause());
          return;
        }
        Set<Integer> pids = new HashSet<>();
        backends.forEach(backend -> pids.add(backend.result()));
        done.complete(new LoopRun(first, second, pids));
      });
    });
    return done.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
