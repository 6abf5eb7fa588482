package coop.sportello.platform.http;

import coop.sportello.testing.AppTestBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health, metrics, static files, security headers, CORS, body limits and problem JSON. */
class HttpBasicsTest extends AppTestBase {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("http", new JsonObject()
        .put("bodyLimitBytes", 2048)
        .put("allowedOrigins", new JsonArray().add("https://portale.comune.example")));
  }

  @Test
  void liveAndReadyAnswerUp() {
    var live = await(http.get("/health/live", null));
    assertEquals(200, live.statusCode());
    var ready = await(http.get("/health/ready", null));
    assertEquals(200, ready.statusCode());
    assertEquals("UP", ready.bodyAsJsonObject().getJsonObject("checks").getString("database"));
  }

  @Test
  void metricsArePrometheusText() {
    await(http.get("/health/ready", null));
    var metrics = await(http.get("/metrics", null));
    assertEquals(200, metrics.statusCode());
    String text = metrics.bodyAsString();
    assertTrue(text.contains("vertx_http_server_requests_total") || text.contains("vertx_http_server_active_connections"),
        "vert.x HTTP metrics exported");
    assertTrue(text.contains("jvm_memory_used_bytes"), "JVM metrics exported");
  }

  @Test
  void theWebRootIsServedWithSecurityHeaders() {
    var index = await(http.get("/", null));
    assertEquals(200, index.statusCode());
    assertTrue(index.bodyAsString().contains("lang=\"it\""));
    assertEquals("nosniff", index.getHeader("X-Content-Type-Options"));
    assertEquals("DENY", index.getHeader("X-Frame-Options"));
    assertNotNull(index.getHeader("Content-Security-Policy"));
    assertTrue(index.getHeader("Content-Security-Policy").contains("frame-ancestors 'none'"));
    assertEquals("no-referrer", index.getHeader("Referrer-Policy"));
  }

  /** The raw answer to bytes a client wrote on a fresh connection (until the server closes it). */
  private String raw(String request) {
    io.vertx.core.Promise<String> answer = io.vertx.core.Promise.promise();
    StringBuilder text = new StringBuilder();
    // Held until the answer is read: Vert.x closes an unreferenced client, and its sockets, when it is collected.
    var client = vertx.createNetClient();
    client.connect(app.port(), "127.0.0.1").onSuccess(socket -> {
      socket.handler(buffer -> text.append(buffer.toString(java.nio.charset.StandardCharsets.ISO_8859_1)));
      socket.closeHandler(v -> answer.tryComplete(text.toString()));
      socket.write(request);
    }).onFailure(answer::tryFail);
    try {
      return await(answer.future());
    } finally {
      client.close();
    }
  }

  @Test
  void requestsTheDecoderCannotReadAreProblemsToo() {
    String longLine = raw("GET /api/v1/services?q=" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    String bigHeader = raw("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Grande: " + "b".repeat(10_000) + "\r\n\r\n");
    String controlCharacter = raw("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Strano: a\u0001b\r\n\r\n");
    // The version of a request that could not be read is unknown: the answer may say HTTP/1.0.
    assertTrue(longLine.matches("(?s)HTTP/1\\.[01] 414 .*"), longLine);
    assertTrue(bigHeader.matches("(?s)HTTP/1\\.[01] 431 .*"), bigHeader);
    assertTrue(controlCharacter.matches("(?s)HTTP/1\\.[01] 400 .*"), controlCharacter);
    for (String answer : new String[] {longLine, bigHeader, controlCharacter}) {
      assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json"), answer);
      assertTrue(answer.contains("\"type\":\"/problems/"), answer);
    }
  }

  @Test
  void unknownPathsAreProblems() {
    var response = await(http.get("/non-esiste", null));
    assertEquals(404, response.statusCode());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    JsonObject problem = response.bodyAsJsonObject();
    assertEquals(404, problem.getInteger("status"));
    assertEquals("/problems/not-found", problem.getString("type"));
    assertEquals("/non-esiste", problem.getString("instance"));
  }

  @Test
  void oversizedBodiesAreRefusedWith413() {
    String big = "x".repeat(4096);
    var response = await(http.client().post("/api/v1/auth/login").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(new JsonObject().put("username", big).put("password", "p").encode())));
    assertEquals(413, response.statusCode());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
  }

  @Test
  void brokenJsonAndWrongMediaTypeAreProblems() {
    var broken = await(http.client().post("/api/v1/auth/login").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"username\": ")));
    assertEquals(400, broken.statusCode());
    var text = await(http.client().post("/api/v1/auth/login").putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer("username=a")));
    assertEquals(415, text.statusCode());
  }

  @Test
  void onlyConfiguredOriginsGetCorsHeaders() {
    var allowed = await(http.client().get("/health/live").putHeader("Origin", "https://portale.comune.example").send());
    assertEquals("https://portale.comune.example", allowed.getHeader("Access-Control-Allow-Origin"));
    var other = await(http.client().get("/health/live").putHeader("Origin", "https://malevolo.example").send());
    assertNull(other.getHeader("Access-Control-Allow-Origin"));
  }
}
