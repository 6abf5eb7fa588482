package coop.sportello.platform.http;

import coop.sportello.Application;
import coop.sportello.platform.SportelloVertx;
import coop.sportello.testing.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Draining does not wait out its grace period for connections that have nothing in flight: an idle
 * keep-alive connection, or one whose next request has only begun to arrive, is closed as soon as
 * the listeners close, and stopping takes as long as the in-flight requests need, not the grace.
 */
class DrainClosesIdleConnectionsTest {

  private final Vertx vertx = SportelloVertx.create();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  void idleKeepAliveConnectionsAreClosedAtOnceWhenTheServerDrains() throws IOException {
    Application app = await(TestApp.start(vertx, new JsonObject().put("http", new JsonObject()
        .put("shutdownGraceSeconds", 20).put("idleTimeoutSeconds", 60).put("drainDelayMillis", 0))));
    try (Socket idle = new Socket("127.0.0.1", app.port()); Socket begun = new Socket("127.0.0.1", app.port())) {
      idle.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      idle.setSoTimeout(5_000);
      byte[] answer = new byte[4096];
      int n = idle.getInputStream().read(answer);
      assertTrue(new String(answer, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200 "));
      begun.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: 12".getBytes(StandardCharsets.US_ASCII));
      begun.setSoTimeout(5_000);

      long started = System.nanoTime();
      await(app.stop());
      long stopMillis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(stopMillis < 5_000, "stopping waited " + stopMillis + " ms: the grace period (20 s) for idle connections");
      assertClosed(idle.getInputStream(), "the idle keep-alive connection");
      assertClosed(begun.getInputStream(), "the connection whose request had only begun");
    }
  }

  private static void assertClosed(InputStream in, String which) throws IOException {
    try {
      assertEquals(-1, in.read(), which + " is closed, without an answer");
    } catch (SocketTimeoutException open) {
      throw new AssertionError(which + " is still open after the server stopped", open);
    } catch (SocketException reset) {
      // A server that closes a socket holding unread bytes (the half-sent request) makes the kernel
      // answer with a reset instead of an orderly end: the connection is closed all the same.
      assertTrue(String.valueOf(reset.getMessage()).contains("reset"), which + ": " + reset);
    }
  }
}
