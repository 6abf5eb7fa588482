package coop.sportello.reporting;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export's writer against a real socket: a client that stops reading holds the writer back
 * (memory stays bounded), and a client that goes away in the middle stops it, rather than the
 * writer going on producing rows nobody reads.
 */
class ResponseOutputStreamTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aClientThatStopsReadingHoldsTheWriterBackAndOneThatGoesAwayStopsIt() {
    AtomicLong written = new AtomicLong();
    AtomicReference<Throwable> ended = new AtomicReference<>();
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      var response = request.response().setChunked(true);
      Context context = vertx.getOrCreateContext();
      // An endless file: only the client can end it.
      vertx.executeBlocking(() -> {
        byte[] row = "2025-03-10;Assistenza domiciliare;Anziani;delivered;60;abcdefghijkl\r\n".getBytes();
        try (ResponseOutputStream out = new ResponseOutputStream(context, response)) {
          while (true) {
            out.write(row, 0, row.length);
            written.addAndGet(row.length);
          }
        } catch (IOException e) {
          ended.set(e);
        }
        return null;
      }, false);
    });
    int port = server.listen(0, "127.0.0.1").await().actualPort();

    // Held to the end: Vert.x closes an unreferenced client, and its sockets, when it is collected.
    var client = vertx.createNetClient();
    NetSocket socket = client.connect(port, "127.0.0.1").await();
    AtomicLong received = new AtomicLong();
    socket.handler(bytes -> received.addAndGet(bytes.length()));
    socket.write(Buffer.buffer("GET /export.csv HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    await().atMost(Duration.ofSeconds(10)).until(() -> received.get() > 0);
    socket.pause();

    // The client reads nothing more: the writer stops once the socket's buffers are full.
    AtomicLong lastSeen = new AtomicLong(-1);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
      long now = written.get();
      return now == lastSeen.getAndSet(now);
    });
    long held = written.get();
    assertTrue(held < 64L * 1024 * 1024, "held back after " + held + " bytes, not written without end");

    socket.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> ended.get() != null);
    assertNotNull(ended.get());
    assertEquals("the client went away", rootMessage(ended.get()));
    client.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }
}
