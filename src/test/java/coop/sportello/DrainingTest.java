package coop.sportello;

import coop.sportello.platform.SportelloVertx;
import coop.sportello.testing.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * While a node drains, its answers say {@code Connection: close}: a client that keeps its
 * connection open would otherwise send its next request into a connection about to close, and
 * see it reset.
 */
class DrainingTest {

  private final Vertx vertx = SportelloVertx.create();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  void answersDuringTheDrainTellTheClientToCloseItsConnection() {
    Application app = await(TestApp.start(vertx, new JsonObject().put("http", new JsonObject().put("drainDelayMillis", 1_500))));
    WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true)
        .setDefaultHost("127.0.0.1").setDefaultPort(app.port()));
    var serving = await(client.get("/health/live").send());
    assertEquals(200, serving.statusCode());
    assertNotEquals("close", serving.getHeader("Connection"));

    Future<Void> stopping = app.stop();
    var draining = await(client.get("/health/live").send());
    assertEquals("close", draining.getHeader("Connection"));
    assertEquals(503, await(client.get("/health/ready").send()).statusCode(), "readiness is DOWN while draining");
    await(stopping);
  }
}
