package coop.sportello.platform.database;

import io.vertx.core.Future;

/**
 * Whether the database answers: what readiness reports. Asked on the event loop's pipelined
 * connection ({@link EventLoopStatements}), never through the pool: a pool whose connections are
 * all busy (a click day) is a busy node, not an unreachable database.
 */
public final class DatabaseHealth {

  private DatabaseHealth() { }

  public static Future<?> check(EventLoopStatements statements) {
    return statements.current().query("SELECT 1").execute();
  }
}
