package coop.sportello.platform.database;

import coop.sportello.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A request that waits too long for a free connection of the pool (every one busy) meets a
 * database that cannot serve it now: a 503 to retry, never a 500 (found by the payments benchmark,
 * where 200 clients made webhooks and confirmations wait past the pool's timeout).
 */
@ExtendWith(VertxExtension.class)
class PoolExhaustionTest {

  @Test
  void aConnectionNotMadeWithinThePoolsTimeoutIsUnavailableNotAnInternalError(Vertx vertx) throws Exception {
    DatabaseEndpoint endpoint = DatabaseEndpoint.fromUrl(TestPostgres.freshDatabaseUrl(), null, null);
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setConnectionTimeout(1)
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)).connectingTo(endpoint.connectOptions()).using(vertx).build();
    try {
      pool.query("SELECT 1").execute().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      fail("no connection is made in a millisecond: the query should have timed out waiting for one");
    } catch (java.util.concurrent.ExecutionException waited) {
      assertTrue(SqlErrors.isUnavailable(waited.getCause()), "the pool's wait timeout is the database being "
          + "unavailable now: " + waited.getCause());
    } finally {
      pool.close();
    }
  }

  @Test
  void waitingTooLongForAConnectionIsUnavailableNotAnInternalError(Vertx vertx) throws Exception {
    DatabaseEndpoint endpoint = DatabaseEndpoint.fromUrl(TestPostgres.freshDatabaseUrl(), null, null);
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setConnectionTimeout(2000)
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)).connectingTo(endpoint.connectOptions()).using(vertx).build();
    try {
      SqlConnection busy = pool.getConnection().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      try {
        pool.query("SELECT 1").execute().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        fail("the only connection is busy: the query should have timed out waiting for it");
      } catch (java.util.concurrent.ExecutionException waited) {
        assertTrue(SqlErrors.isUnavailable(waited.getCause()), "the pool's wait timeout is the database being "
            + "unavailable now: " + waited.getCause());
      } finally {
        busy.close();
      }
    } finally {
      pool.close();
    }
  }
}
