package coop.sportello.platform.http;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * @param requestTimeoutMillis every /api/v1 request is answered within this (503 after it), also
 *                             while the database does not answer
 * @param idleTimeoutSeconds   a connection that sends and receives nothing for this long is closed
 *                             (idle keep-alive connections, and clients that stopped mid-request)
 * @param requestReadTimeoutSeconds a request whose headers and body have not all arrived this long
 *                             after its first byte closes its connection (408): a client sending a
 *                             byte every few seconds is never idle, see {@link RequestReadTimeout}
 */
public record HttpSettings(String host, int port, int bodyLimitBytes, List<String> allowedOrigins,
                           int shutdownGraceSeconds, long requestTimeoutMillis, int idleTimeoutSeconds,
                           int requestReadTimeoutSeconds) {

  public static HttpSettings from(JsonObject http) {
    List<String> origins = http.getJsonArray("allowedOrigins")
        .stream().map(String::valueOf).toList();
    return new HttpSettings(http.getString("host"), http.getInteger("port"),
        http.getInteger("bodyLimitBytes"), origins, http.getInteger("shutdownGraceSeconds"),
        http.getLong("requestTimeoutMillis"), http.getInteger("idleTimeoutSeconds"),
        http.getInteger("requestReadTimeoutSeconds"));
  }
}
