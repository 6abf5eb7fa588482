package coop.sportello.platform.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.List;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A database that is away or frozen costs a request a 503 problem with Retry-After, in bounded
 * time: never a 500 with a stack trace, never a hang.
 */
class UnavailableTest {

  private final Vertx vertx = Vertx.vertx();
  private WebClient client;

  @BeforeEach
  void serve() {
    ApiModule module = new ApiModule() {
      @Override
      public void mount(ApiRoutes routes) {
        routes.get("/frozen", Rule.open()).handler(ctx -> { });
        routes.get("/refused", Rule.open()).handler(ctx -> ctx.fail(new ConnectException("Connection refused")));
        routes.post("/batch", Rule.open()).timeoutMillis(1_500)
            .handler(ctx -> vertx.setTimer(800, t -> ctx.response().end("{\"done\":true}")));
        routes.get("/batch", Rule.open()).handler(ctx -> vertx.setTimer(800, t -> ctx.response().end("{}")));
      }
    };
    var api = ApiRoutes.router(vertx, List.of(module), ctx -> ctx.next(), 1_000, 300);
    var root = io.vertx.ext.web.Router.router(vertx);
    root.route("/api/v1/*").subRouter(api);
    HttpServer server = await(vertx.createHttpServer().requestHandler(root).listen(0));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(server.actualPort()).setDefaultHost("127.0.0.1"));
  }

  @AfterEach
  void close() {
    await(vertx.close());
  }

  private HttpResponse<Buffer> get(String path) {
    // The client gives up after 5 s: a hang fails the test.
    return await(client.get(path).timeout(5_000).send());
  }

  @Test
  void aRequestWithoutAnAnswerInTimeIsA503() {
    HttpResponse<Buffer> frozen = get("/api/v1/frozen");
    assertUnavailable(frozen);
  }

  @Test
  void aDatabaseThatRefusesConnectionsIsA503NotA500() {
    assertUnavailable(get("/api/v1/refused"));
  }

  @Test
  void aRouteWithItsOwnTimeoutIsAwaitedLongerAndOnlyWithItsMethod() {
    HttpResponse<Buffer> batch = await(client.post("/api/v1/batch").timeout(5_000).send());
    assertEquals(200, batch.statusCode(), "800 ms is past the router's 300 ms but inside the route's own 1,500 ms");
    assertUnavailable(get("/api/v1/batch"));
  }

  private static void assertUnavailable(HttpResponse<Buffer> response) {
    assertEquals(503, response.statusCode(), response.bodyAsString());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    assertEquals("5", response.getHeader("Retry-After"));
    JsonObject problem = response.bodyAsJsonObject();
    assertEquals("/problems/unavailable", problem.getString("type"));
  }

}
