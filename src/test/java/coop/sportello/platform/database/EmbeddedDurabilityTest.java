package coop.sportello.platform.database;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The embedded PostgreSQL that `java -jar` runs keeps what it acknowledged: fsync, synchronous
 * commit and full-page writes are on (zonky turns them off by default, and a kill of the process
 * and its database together lost acknowledged bookings); and a server an earlier, crashed run left
 * holding the data directory no longer stops the next start.
 */
class EmbeddedDurabilityTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  private static JsonObject embedded(Path dataDir) {
    return new JsonObject().put("url", "")
        .put("embedded", new JsonObject().put("dataDir", dataDir.toString()).put("port", 0));
  }

  @Test
  void aServerLeftRunningByACrashedRunIsStoppedAndTheNextStartTakesItsPlace() throws Exception {
    Path dataDir = Files.createTempDirectory("sportello-crashed").resolve("postgres");
    Process crashed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), EmbeddedServerProcess.class.getName(), dataDir.toString())
        .redirectErrorStream(true).start();
    try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(crashed.getInputStream()))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("ready")) {
        // the server's own start-up lines
      }
      // kill -9 of Sportello: its postmaster stays, holding the data directory.
      crashed.destroyForcibly().waitFor();
      DatabaseServer next = await(DatabaseServer.start(vertx, embedded(dataDir)));
      Pool pool = PgBuilder.pool().connectingTo(next.endpoint().connectOptions()).using(vertx).build();
      try {
        assertEquals(1, await(pool.query("SELECT 1").execute()).iterator().next().getInteger(0));
      } finally {
        await(pool.close());
        await(next.stop(vertx));
      }
    }
  }

  @Test
  void theEmbeddedServerWritesDurably() throws Exception {
    Path dataDir = Files.createTempDirectory("sportello-durable").resolve("postgres");
    DatabaseServer server = await(DatabaseServer.start(vertx, embedded(dataDir)));
    Pool pool = PgBuilder.pool().connectingTo(server.endpoint().connectOptions()).using(vertx).build();
    try {
      for (String setting : java.util.List.of("fsync", "synchronous_commit", "full_page_writes")) {
        String value = await(pool.query("SHOW " + setting).execute()).iterator().next().getString(0);
        assertEquals("on", value, setting);
      }
    } finally {
      await(pool.close());
      await(server.stop(vertx));
    }
  }
}
