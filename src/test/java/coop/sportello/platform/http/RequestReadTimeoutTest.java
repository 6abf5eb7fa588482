package coop.sportello.platform.http;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.BridgeClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static coop.sportello.testing.Waits.holdsFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A client that sends its request a byte every few hundred milliseconds is never idle, so the
 * idle timeout never closed it: a handful of such clients could hold every connection. Now a
 * request must arrive whole within {@code http.requestReadTimeoutSeconds} of its first byte.
 * Connections that are merely idle between requests, and WebSockets, are not affected.
 */
class RequestReadTimeoutTest extends AppTestBase {

  /** How long the trickling goes on at most; far beyond the 1 s limit and the 4 s idle timeout. */
  private static final long TRICKLE_MILLIS = 8_000;
  /** One byte this often: well under the idle timeout. */
  private static final int PACE_MILLIS = 200;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("http", new JsonObject().put("requestReadTimeoutSeconds", 1).put("idleTimeoutSeconds", 4));
  }

  private record Outcome(String answer, long millis, boolean closed) { }

  /**
   * Sends {@code head} at once, then {@code trickle} one byte per {@link #PACE_MILLIS} (the pace set
   * by the socket's read timeout, while listening for an answer) until the server closes.
   */
  private Outcome trickle(String head, String trickle) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(PACE_MILLIS);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      long started = System.nanoTime();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      byte[] rest = trickle.getBytes(StandardCharsets.US_ASCII);
      byte[] buffer = new byte[4096];
      int next = 0;
      boolean writing = true;
      while (System.nanoTime() - started < TRICKLE_MILLIS * 1_000_000) {
        try {
          int n = in.read(buffer);
          if (n < 0) {
            return new Outcome(answer.toString(StandardCharsets.UTF_8), (System.nanoTime() - started) / 1_000_000, true);
          }
          answer.write(buffer, 0, n);
          writing = false; // answered: just read to the end
        } catch (SocketTimeoutException quiet) {
          if (writing && next < rest.length) {
            try {
              out.write(rest[next++]);
              out.flush();
            } catch (IOException closed) {
              writing = false;
            }
          }
        } catch (IOException reset) {
          return new Outcome(answer.toString(StandardCharsets.UTF_8), (System.nanoTime() - started) / 1_000_000, true);
        }
      }
      return new Outcome(answer.toString(StandardCharsets.UTF_8), TRICKLE_MILLIS, false);
    }
  }

  private static void assertTimedOut(Outcome outcome) {
    assertTrue(outcome.closed(), "the connection is closed, not kept open by the trickle: " + outcome.answer());
    assertTrue(outcome.millis() >= 900 && outcome.millis() < 3_500, "closed about 1 s after the first byte: " + outcome.millis() + " ms");
    assertTrue(outcome.answer().startsWith("HTTP/1.1 408 "), outcome.answer());
    assertTrue(outcome.answer().contains("Content-Type: application/problem+json"), outcome.answer());
    JsonObject problem = new JsonObject(outcome.answer().substring(outcome.answer().indexOf("\r\n\r\n") + 4));
    assertEquals("/problems/request-timeout", problem.getString("type"));
    assertEquals(408, problem.getInteger("status"));
  }

  @Test
  void headersTrickledAByteAtATimeAreCutOffWithA408() throws IOException {
    assertTimedOut(trickle("GET /health/live HTTP/1.1\r\n", "Host: 127.0.0.1\r\nX-Slow: " + "a".repeat(100) + "\r\n\r\n"));
  }

  @Test
  void aBodyTrickledAByteAtATimeIsCutOffWithA408() throws IOException {
    String body = new JsonObject().put("username", "nessuno").put("password", "x".repeat(40)).encode();
    assertTimedOut(trickle("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n", body));
  }

  @Test
  void aKeepAliveConnectionIdleBetweenRequestsLongerThanTheLimitStaysOpen() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(2_500);
      for (int i = 0; i < 2; i++) {
        socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String answer = readAnswer(socket.getInputStream());
        assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        if (i == 0) {
          // Twice the read limit without a byte either way: only the idle timeout (4 s) may close it.
          try {
            fail("nothing may come while idle between requests, read " + socket.getInputStream().read());
          } catch (SocketTimeoutException stillOpen) {
            // what should happen
          }
        }
      }
    }
  }

  @Test
  void aWebSocketQuietForLongerThanTheLimitStaysOpen() {
    var ticket = await(http.client().post("/api/v1/auth/bridge-ticket/guest").send());
    BridgeClient screen = await(BridgeClient.connect(vertx, app.port(), ticket.bodyAsJsonObject().getString("ticket")));
    // A frame after the upgrade: to an HTTP/1.x request clock it would be the start of a request never finished.
    screen.handledForGuest();
    holdsFor(Duration.ofMillis(2_500), () -> !screen.closed(), "the bridge socket stays open");
    screen.handledForGuest();
    assertFalse(screen.closed());
  }

  /** One HTTP/1.1 answer with a Content-Length body. */
  private static String readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (true) {
      String text = answer.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        int length = text.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
            .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
        if (answer.size() >= end + 4 + length) {
          return text;
        }
      }
      int n = in.read(buffer);
      if (n < 0) {
        return text;
      }
      answer.write(buffer, 0, n);
    }
  }
}
