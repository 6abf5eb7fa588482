package coop.sportello.platform.http;

import io.vertx.core.json.JsonObject;

import java.util.List;

public record HttpSettings(String host, int port, int bodyLimitBytes, List<String> allowedOrigins,
                           int shutdownGraceSeconds) {

  public static HttpSettings from(JsonObject http) {
    List<String> origins = http.getJsonArray("allowedOrigins")
        .stream().map(String::valueOf).toList();
    return new HttpSettings(http.getString("host"), http.getInteger("port"),
        http.getInteger("bodyLimitBytes"), origins, http.getInteger("shutdownGraceSeconds"));
  }
}
