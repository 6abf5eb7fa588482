package coop.sportello.platform.database;

import coop.sportello.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two transactions that lock two rows in opposite orders deadlock for certain; PostgreSQL rolls
 * one back. Both must still commit (the loser is run again), each announcing once, and a failure
 * that is not a crossing is never run again.
 */
@ExtendWith(VertxExtension.class)
class AfterCommitTest {

  private Pool pool;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    pool = Pools.create(vertx, DatabaseEndpoint.fromUrl(TestPostgres.freshDatabaseUrl(), null, null), 4, 5_000);
    await(pool.query("CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)").execute()
        .compose(v -> pool.query("INSERT INTO counters VALUES (1, 0), (2, 0)").execute()));
  }

  @AfterEach
  void tearDown() {
    pool.close();
  }

  @Test
  void aDeadlockedTransactionIsRunAgainAndBothCommitAnnouncingOnce() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger announced = new AtomicInteger();
    Promise<Void> firstLocked = Promise.promise();
    Promise<Void> secondLocked = Promise.promise();
    Future<Void> one = crossing(1, 2, firstLocked, secondLocked.future(), attempts, announced);
    Future<Void> two = crossing(2, 1, secondLocked, firstLocked.future(), attempts, announced);

    await(Future.all(one, two));

    assertEquals(3, attempts.get(), "two transactions, one of them run twice after PostgreSQL rolled it back");
    assertEquals(2, announced.get(), "each committed transaction announces once, the rolled-back attempt never");
    var rows = await(pool.query("SELECT n FROM counters ORDER BY id").execute());
    rows.forEach(r -> assertEquals(2, r.getInteger(0), "both transactions' increments kept, none twice"));
  }

  @Test
  void aFailureThatIsNotACrossingIsNotRunAgain() {
    AtomicInteger attempts = new AtomicInteger();
    Future<Void> refused = AfterCommit.transaction(pool, (conn, after) -> {
      attempts.incrementAndGet();
      return conn.query("INSERT INTO counters VALUES (1, 0)").execute().mapEmpty();
    });
    Throwable failure = assertThrowsFrom(refused);
    assertInstanceOf(PgException.class, failure);
    assertEquals(SqlErrors.UNIQUE, SqlErrors.state(failure));
    assertEquals(1, attempts.get());
  }

  /**
   * Locks {@code first}, waits until the other transaction holds its first row (only on the first
   * attempt: a rerun goes straight on), then locks {@code second}.
   */
  private Future<Void> crossing(int first, int second, Promise<Void> locked, Future<Void> otherLocked,
                                AtomicInteger attempts, AtomicInteger announced) {
    AtomicInteger mine = new AtomicInteger();
    return AfterCommit.transaction(pool, (conn, after) -> {
      attempts.incrementAndGet();
      boolean firstAttempt = mine.incrementAndGet() == 1;
      after.add(announced::incrementAndGet);
      return conn.preparedQuery("UPDATE counters SET n = n + 1 WHERE id = $1").execute(Tuple.of(first))
          .compose(v -> {
            if (firstAttempt) {
              locked.tryComplete();
              return otherLocked;
            }
            return Future.succeededFuture();
          })
          .compose(v -> conn.preparedQuery("UPDATE counters SET n = n + 1 WHERE id = $1").execute(Tuple.of(second)))
          .mapEmpty();
    });
  }

  private static Throwable assertThrowsFrom(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return fail("expected a failure");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
