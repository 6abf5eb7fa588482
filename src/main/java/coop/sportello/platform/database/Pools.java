package coop.sportello.platform.database;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.pgclient.PgBuilder;

public final class Pools {

  private Pools() { }

  public static Pool create(Vertx vertx, DatabaseEndpoint endpoint, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName("sportello").setShared(true))
        .connectingTo(endpoint.connectOptions())
        .using(vertx)
        .build();
  }
}
