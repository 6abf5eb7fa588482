package coop.sportello.platform.database;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/** Whether the database answers: what readiness reports. */
public final class DatabaseHealth {

  private DatabaseHealth() { }

  public static Future<?> check(Pool pool) {
    return pool.query("SELECT 1").execute();
  }
}
