package coop.sportello.platform;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Sportello relies on in Vert.x internals (see {@link VertxInternals}): if a Vert.x upgrade
 * changes it, this fails before the socket fan-out or the node bus quietly misbehave.
 */
class VertxInternalsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void requestsOnOneEventLoopRunOnDuplicatesOfThatLoopsOwnContext() throws Exception {
    List<Context> seen = new CopyOnWriteArrayList<>();
    // One server on one event loop: every request's handler runs on that loop.
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      seen.add(Vertx.currentContext());
      req.response().end("ok");
    });
    int port = server.listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    // Held until the requests are answered: Vert.x closes an unreferenced client when it is collected.
    var client = vertx.createHttpClient();
    for (int i = 0; i < 2; i++) {
      client.request(HttpMethod.GET, port, "127.0.0.1", "/").compose(r -> r.send())
          .compose(HttpClientResponse::body).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    client.close();
    assertEquals(2, seen.size());
    assertNotSame(seen.get(0), seen.get(1), "each request has a context of its own (a duplicate)");
    Context loop = VertxInternals.eventLoopContext(seen.get(0));
    assertSame(loop, VertxInternals.eventLoopContext(seen.get(1)), "both unwrap to the same event-loop context");
    assertTrue(loop.isEventLoopContext());
    assertSame(loop, VertxInternals.eventLoopContext(loop), "the loop's own context unwraps to itself");
  }

  @Test
  void aSingleNodeHasNoClusterManager() {
    assertNull(VertxInternals.clusterManager(vertx));
  }
}
