package coop.sportello.platform.database;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PostgreSQL server Sportello talks to: an external one when {@code database.url} is set,
 * otherwise an embedded one (zonky binaries) whose data directory survives restarts.
 */
public final class DatabaseServer {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseServer.class);

  /**
   * zonky's builder switches fsync, synchronous commit and full-page writes off (its defaults are
   * for throw-away test databases): a kill of the process and its database together then lost
   * acknowledged bookings. The embedded server is what newcomers and small networks run, so an
   * acknowledged write must survive: all three back on. (The tests' own server keeps them off.)
   */
  static final java.util.Map<String, String> DURABLE = java.util.Map.of(
      "fsync", "on", "synchronous_commit", "on", "full_page_writes", "on");

  private final DatabaseEndpoint endpoint;
  private final EmbeddedPostgres embedded;

  private DatabaseServer(DatabaseEndpoint endpoint, EmbeddedPostgres embedded) {
    this.endpoint = endpoint;
    this.embedded = embedded;
  }

  public static Future<DatabaseServer> start(Vertx vertx, JsonObject databaseConfig) {
    String url = databaseConfig.getString("url");
    if (!url.isBlank()) {
      return Future.succeededFuture(new DatabaseServer(
          DatabaseEndpoint.fromUrl(url, databaseConfig.getString("user"), databaseConfig.getString("password")), null));
    }
    JsonObject embeddedConfig = databaseConfig.getJsonObject("embedded");
    Path dataDir = Path.of(embeddedConfig.getString("dataDir")).toAbsolutePath();
    int port = embeddedConfig.getInteger("port");
    // Starting PostgreSQL forks processes and waits for them: never on an event loop.
    return vertx.executeBlocking(() -> startEmbedded(dataDir, port), false);
  }

  private static DatabaseServer startEmbedded(Path dataDir, int port) throws IOException {
    Files.createDirectories(dataDir.getParent());
    stopStalePostmaster(dataDir);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setServerConfig("max_connections", "200")
        .setServerConfig("timezone", "UTC");
    DURABLE.forEach(builder::setServerConfig);
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres pg = builder.start();
    LOG.info("Embedded PostgreSQL running on port {} with data in {}", pg.getPort(), dataDir);
    return new DatabaseServer(new DatabaseEndpoint("localhost", pg.getPort(), "postgres", "postgres", "postgres"), pg);
  }

  /**
   * A Sportello killed with its database still running leaves that postmaster holding the data
   * directory, and every later start failed on the lock. If {@code postmaster.pid} names a live
   * process serving this very directory, it is ours from the earlier run: stop it (SIGINT, a fast
   * shutdown that rolls back what was not committed and keeps what was) and wait for it to go.
   */
  static void stopStalePostmaster(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    java.util.List<String> lines = Files.readAllLines(pidFile);
    if (lines.size() < 2 || !Path.of(lines.get(1).trim()).toAbsolutePath().equals(dataDir.toAbsolutePath())) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    java.util.Optional<ProcessHandle> postmaster = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    if (postmaster.isEmpty()) {
      return; // a stale file of a process that is gone: PostgreSQL itself removes it
    }
    LOG.warn("A PostgreSQL server left running by an earlier run holds {} (pid {}): stopping it", dataDir, pid);
    try {
      new ProcessBuilder("kill", "-INT", String.valueOf(pid)).inheritIO().start().waitFor();
      postmaster.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the earlier PostgreSQL server", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("the earlier PostgreSQL server on " + dataDir + " (pid " + pid + ") did not stop", e);
    }
  }

  public DatabaseEndpoint endpoint() {
    return endpoint;
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  /** Stops the embedded server (and its child processes); an external server is left alone. */
  public Future<Void> stop(Vertx vertx) {
    if (embedded == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      embedded.close();
      return null;
    }, false);
  }
}
