package coop.sportello.platform.database;

import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;

public final class Pools {

  /** Statements in flight per pipelined connection before the next waits. */
  private static final int PIPELINING_LIMIT = 64;

  private Pools() { }

  /**
   * The pool: connections lent one at a time, for transactions and everything else.
   *
   * @param connectTimeoutMillis how long opening a connection, or waiting for one from the pool,
   *                             may take before the request fails (and answers 503)
   */
  public static Pool create(Vertx vertx, DatabaseEndpoint endpoint, int size, int connectTimeoutMillis) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName("sportello").setShared(true)
            .setConnectionTimeout(connectTimeoutMillis).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
        .connectingTo(endpoint.connectOptions())
        .using(vertx)
        .build();
  }

  /**
   * One pipelined connection, for hot statements that commit on their own: see
   * {@link EventLoopStatements}. Never for transactions: the connection is shared by concurrent
   * callers.
   */
  static SqlClient pipelined(Vertx vertx, DatabaseEndpoint endpoint, String name) {
    return PgBuilder.client()
        .with(new PoolOptions().setMaxSize(1).setName(name))
        .connectingTo(endpoint.connectOptions().setPipeliningLimit(PIPELINING_LIMIT))
        .using(vertx)
        .build();
  }
}
