package coop.sportello.calls.ari;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of ARI's REST interface the adapter uses, over one {@link WebClient} with basic
 * authentication. Parameters go in the query string, as ARI documents them. A status outside
 * 2xx fails the future with {@link AriRest.Refused}.
 */
final class AriRest {

  private static final long TIMEOUT_MILLIS = 10_000;

  /** Asterisk answered with an error status. */
  static final class Refused extends RuntimeException {
    final int status;

    Refused(HttpMethod method, String path, int status, String body) {
      super(method + " " + path + " -> " + status + (body == null || body.isBlank() ? "" : " " + body.strip()), null, false, false);
      this.status = status;
    }
  }

  private final WebClient client;
  private final AriSettings settings;

  AriRest(Vertx vertx, AriSettings settings) {
    this.settings = settings;
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("Sportello-ARI").setKeepAlive(true));
  }

  Future<Void> originate(AriStep.Originate o) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("endpoint", o.endpoint());
    query.put("app", settings.application());
    query.put("appArgs", String.join(",", o.appArgs()));
    query.put("timeout", Integer.toString(o.timeoutSeconds()));
    query.put("channelId", o.channelId());
    if (o.callerId() != null) {
      query.put("callerId", o.callerId());
    }
    return send(HttpMethod.POST, "/channels", query).mapEmpty();
  }

  Future<Void> answer(String channelId) {
    return send(HttpMethod.POST, "/channels/" + segment(channelId) + "/answer", Map.of()).mapEmpty();
  }

  Future<Void> startHold(String channelId) {
    return send(HttpMethod.POST, "/channels/" + segment(channelId) + "/moh", Map.of()).mapEmpty();
  }

  Future<Void> stopHold(String channelId) {
    return send(HttpMethod.DELETE, "/channels/" + segment(channelId) + "/moh", Map.of()).mapEmpty();
  }

  Future<Void> ring(String channelId) {
    return send(HttpMethod.POST, "/channels/" + segment(channelId) + "/ring", Map.of()).mapEmpty();
  }

  Future<Void> play(String channelId, String playbackId, String media) {
    return send(HttpMethod.POST, "/channels/" + segment(channelId) + "/play",
        Map.of("media", media, "playbackId", playbackId)).mapEmpty();
  }

  Future<Void> hangUp(String channelId) {
    return send(HttpMethod.DELETE, "/channels/" + segment(channelId), Map.of()).mapEmpty();
  }

  Future<Void> createBridge(String bridgeId) {
    return send(HttpMethod.POST, "/bridges", Map.of("type", "mixing", "bridgeId", bridgeId, "name", bridgeId)).mapEmpty();
  }

  Future<Void> addToBridge(String bridgeId, List<String> channelIds) {
    return send(HttpMethod.POST, "/bridges/" + segment(bridgeId) + "/addChannel",
        Map.of("channel", String.join(",", channelIds))).mapEmpty();
  }

  Future<Void> removeBridge(String bridgeId) {
    return send(HttpMethod.DELETE, "/bridges/" + segment(bridgeId), Map.of()).mapEmpty();
  }

  Future<JsonArray> channels() {
    return send(HttpMethod.GET, "/channels", Map.of()).map(r -> r.bodyAsJsonArray());
  }

  Future<JsonArray> bridges() {
    return send(HttpMethod.GET, "/bridges", Map.of()).map(r -> r.bodyAsJsonArray());
  }

  Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }

  private Future<HttpResponse<Buffer>> send(HttpMethod method, String path, Map<String, String> query) {
    HttpRequest<Buffer> request = client.requestAbs(method, settings.baseUrl() + path)
        .basicAuthentication(settings.username(), settings.password())
        .timeout(TIMEOUT_MILLIS);
    query.forEach(request::addQueryParam);
    return request.send().compose(response -> response.statusCode() / 100 == 2
        ? Future.succeededFuture(response)
        : Future.failedFuture(new Refused(method, path, response.statusCode(), response.bodyAsString())));
  }

  private static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
