package coop.sportello.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.UUID;

/** A small HTTP client for tests that talks to the application as a browser or app would. */
public final class Http {

  private final WebClient client;

  public Http(Vertx vertx, int port) {
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  public WebClient client() {
    return client;
  }

  public Future<HttpResponse<Buffer>> get(String path, String token) {
    return withToken(client.get(path), token).send();
  }

  public Future<HttpResponse<Buffer>> post(String path, String token, JsonObject body) {
    return withToken(client.post(path), token).putHeader("Idempotency-Key", UUID.randomUUID().toString()).sendJsonObject(body);
  }

  public Future<HttpResponse<Buffer>> post(String path, String token, JsonObject body, String idempotencyKey) {
    return withToken(client.post(path), token).putHeader("Idempotency-Key", idempotencyKey).sendJsonObject(body);
  }

  public Future<HttpResponse<Buffer>> put(String path, String token, JsonObject body) {
    return withToken(client.put(path), token).putHeader("Idempotency-Key", UUID.randomUUID().toString()).sendJsonObject(body);
  }

  public Future<HttpResponse<Buffer>> delete(String path, String token) {
    return withToken(client.delete(path), token).putHeader("Idempotency-Key", UUID.randomUUID().toString()).send();
  }

  public Future<JsonObject> login(String username, String password) {
    return client.post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("username", username).put("password", password))
        .map(r -> {
          if (r.statusCode() != 200) {
            throw new IllegalStateException("login of " + username + " gave " + r.statusCode() + " " + r.bodyAsString());
          }
          return r.bodyAsJsonObject();
        });
  }

  public Future<String> accessToken(String username) {
    return login(username, TestAccounts.PASSWORD).map(j -> j.getString("accessToken"));
  }

  private static HttpRequest<Buffer> withToken(HttpRequest<Buffer> request, String token) {
    return token == null ? request : request.bearerTokenAuthentication(token);
  }
}
