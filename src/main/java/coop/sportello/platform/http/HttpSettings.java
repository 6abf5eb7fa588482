package coop.sportello.platform.http;

import io.vertx.core.json.JsonObject;

import java.util.List;

public record HttpSettings(String host, int port, int bodyLimitBytes, List<String> allowedOrigins,
                           int shutdownGraceSeconds) {

  public static HttpSettings from(JsonObject http) {
    List<String> origins = http.getJsonArray("allowedOrigins", new io.vertx.core.json.JsonArray())
        .stream().map(String::valueOf).toList();
    return new HttpSettings(http.getString("host", "0.0.0.0"), http.getInteger("port", 8080),
        http.getInteger("bodyLimitBytes", 65_536), origins, http.getInteger("shutdownGraceSeconds", 20));
  }
}
