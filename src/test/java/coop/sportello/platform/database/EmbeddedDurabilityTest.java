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
 * and its database together lost acknowledged bookings).
 */
class EmbeddedDurabilityTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  void theEmbeddedServerWritesDurably() throws Exception {
    Path dataDir = Files.createTempDirectory("sportello-durable").resolve("postgres");
    DatabaseServer server = await(DatabaseServer.start(vertx, new JsonObject().put("url", "")
        .put("embedded", new JsonObject().put("dataDir", dataDir.toString()).put("port", 0))));
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
