package coop.sportello.platform.database;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Runs the embedded PostgreSQL in a process of its own, for a test to kill -9 (as a container kill
 * does): arguments are the data directory; prints "ready" once the server answers.
 */
public final class EmbeddedServerProcess {

  private EmbeddedServerProcess() { }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    DatabaseServer.start(vertx, new JsonObject().put("url", "")
            .put("embedded", new JsonObject().put("dataDir", args[0]).put("port", 0)))
        .toCompletionStage().toCompletableFuture().get();
    System.out.println("ready");
    System.out.flush();
    Thread.currentThread().join();
  }
}
