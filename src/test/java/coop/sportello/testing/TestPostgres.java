package coop.sportello.testing;

import coop.sportello.platform.database.DatabaseEndpoint;
import coop.sportello.platform.database.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real embedded PostgreSQL per test JVM; every test class gets a fresh database in it, empty or
 * already migrated.
 */
public final class TestPostgres {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres server;
  /** The database every migrated one is copied from (migratedDatabaseUrl). */
  private static String template;

  private TestPostgres() { }

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.close();
        } catch (IOException ignored) {
          // the JVM is going away either way
        }
      }));
    }
    return server;
  }

  /** postgresql:// URL of a brand-new empty database (for the tests of the migrations themselves). */
  public static String freshDatabaseUrl() {
    return create("");
  }

  /**
   * postgresql:// URL of a brand-new database with every migration applied: a copy (CREATE DATABASE
   * ... TEMPLATE, a file copy taking a tenth of a second) of one database migrated once per JVM, so
   * that each test class does not run Flyway's sixty migrations again. The application's own Flyway
   * then finds the schema up to date.
   */
  public static synchronized String migratedDatabaseUrl() {
    if (template == null) {
      String url = create("");
      Migrations.migrateBlocking(DatabaseEndpoint.fromUrl(url, null, null));
      template = url.substring(url.lastIndexOf('/') + 1);
    }
    return create(" TEMPLATE " + template + " STRATEGY FILE_COPY");
  }

  private static String create(String from) {
    String name = "sportello_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + from);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return "postgresql://postgres:postgres@localhost:" + server().getPort() + "/" + name;
  }
}
