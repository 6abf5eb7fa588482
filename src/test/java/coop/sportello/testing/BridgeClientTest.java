package coop.sportello.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The tests' bridge client keeps its socket through garbage collections. Vert.x closes a
 * WebSocketClient that nobody references when the collector finds it, and its sockets with it;
 * a client dropped right after connect() lost its socket in the handshake now and then in CI
 * ("Connection closed while handshake in process").
 */
class BridgeClientTest {

  private Vertx vertx;
  private HttpServer server;
  private final List<ServerWebSocket> accepted = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startSlowServer() {
    vertx = Vertx.vertx();
    // Answers the upgrade only after a while, as the bridge does while the database redeems a ticket.
    server = await(vertx.createHttpServer().requestHandler(request -> {
      request.pause();
      vertx.setTimer(600, id -> request.toWebSocket().onSuccess(accepted::add));
    }).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  @Test
  void aSocketSurvivesGarbageCollectionsInItsHandshakeAndAfter() {
    Future<BridgeClient> connecting = BridgeClient.connect(vertx, server.actualPort(), null);
    Waits.eventually("the handshake, collecting garbage meanwhile").pollInterval(Duration.ofMillis(50))
        .until(() -> collected(connecting.isComplete()));
    BridgeClient client = await(connecting);
    Waits.holdsFor(Duration.ofMillis(300), () -> collected(!client.closed()), "the socket stays open through collections");
    assertFalse(client.closed(), "the socket is still open");
    assertFalse(accepted.get(0).isClosed(), "the server's side too");
    await(client.close());
  }

  private static boolean collected(boolean answer) {
    System.gc();
    return answer;
  }
}
