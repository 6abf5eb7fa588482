package coop.sportello.platform.http;

import coop.sportello.platform.auth.Identity;
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

import java.util.List;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A route that declares its own raw body limit gets bodies up to it, above the router's one limit
 * for JSON, read only once the caller passed the sign-in gate; every other route keeps the router's limit.
 */
class RawBodyLimitTest {

  private final Vertx vertx = Vertx.vertx();
  private int port;

  @BeforeEach
  void serve() {
    ApiModule module = new ApiModule() {
      @Override
      public void mount(ApiRoutes routes) {
        routes.post("/files", Rule.people()).rawBody(100_000)
            .handler(ctx -> ctx.json(new JsonObject().put("bytes", ctx.body().buffer().length())));
        routes.post("/json", Rule.people()).body(JsonBody.schema(new JsonObject().put("type", "object")))
            .handler(ctx -> ctx.json(new JsonObject().put("ok", true)));
      }
    };
    // The gate lets in a request that says who it is, as a token would.
    var api = ApiRoutes.router(vertx, List.of(module), ctx -> {
      if (ctx.request().getHeader("X-Test-Person") == null) {
        ctx.fail(Problem.unauthorized("Accedi."));
        return;
      }
      ctx.put("sportello.identity", new Identity("person-1", java.util.Set.of(coop.sportello.platform.auth.Role.CITIZEN),
          "s-1", "Persona", null, null, null));
      vertx.setTimer(20, t -> ctx.next()); // an asynchronous gate, as a token check is: the body must wait for it
    }, 1_000, 5_000);
    var root = io.vertx.ext.web.Router.router(vertx);
    root.route("/api/v1/*").subRouter(api);
    HttpServer server = await(vertx.createHttpServer().requestHandler(root).listen(0));
    port = server.actualPort();
  }

  @AfterEach
  void close() {
    await(vertx.close());
  }

  /** Each on a client of its own: a refusal before the whole body was read closes the connection. */
  private HttpResponse<Buffer> post(String path, boolean signedIn, Buffer body, String contentType) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(port).setDefaultHost("127.0.0.1"));
    try {
      var request = client.post(path).timeout(5_000).putHeader("Content-Type", contentType);
      if (signedIn) {
        request.putHeader("X-Test-Person", "1");
      }
      return await(request.sendBuffer(body));
    } finally {
      client.close();
    }
  }

  @Test
  void aFileUpToTheRoutesOwnLimitPassesAboveTheRoutersLimit() {
    HttpResponse<Buffer> ok = post("/api/v1/files", true, Buffer.buffer(new byte[50_000]), "application/octet-stream");
    assertEquals(200, ok.statusCode(), ok.bodyAsString());
    assertEquals(50_000, ok.bodyAsJsonObject().getInteger("bytes"), "the whole body, read after the asynchronous gate");
    assertEquals(413, post("/api/v1/files", true, Buffer.buffer(new byte[100_001]), "application/octet-stream").statusCode());
  }

  @Test
  void otherRoutesKeepTheRoutersLimitAndNobodyUnsignedIsRead() {
    String big = "{\"pad\":\"" + "x".repeat(2_000) + "\"}";
    assertEquals(413, post("/api/v1/json", true, Buffer.buffer(big), "application/json").statusCode());
    assertEquals(200, post("/api/v1/json", true, Buffer.buffer("{}"), "application/json").statusCode());
    assertEquals(401, post("/api/v1/files", false, Buffer.buffer(new byte[50_000]), "application/octet-stream").statusCode());
  }
}
