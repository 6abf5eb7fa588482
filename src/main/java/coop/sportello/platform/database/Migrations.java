package coop.sportello.platform.database;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.flywaydb.core.Flyway;

/** Brings the schema up to date with the Flyway SQL migrations in {@code db/migration}. */
public final class Migrations {

  private Migrations() { }

  /** Flyway speaks JDBC and blocks, so it runs on a worker thread. Returns the number of migrations applied. */
  public static Future<Integer> migrate(Vertx vertx, DatabaseEndpoint endpoint) {
    return vertx.executeBlocking(() -> migrateBlocking(endpoint), false);
  }

  /** The same, on the calling thread (for a caller that is not on Vert.x: the tests' template database). */
  public static int migrateBlocking(DatabaseEndpoint endpoint) {
    return Flyway.configure()
        .dataSource(endpoint.jdbcUrl(), endpoint.user(), endpoint.password())
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load()
        .migrate()
        .migrationsExecuted;
  }
}
