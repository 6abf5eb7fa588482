package coop.sportello.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One declared /api/v1 route: what the router mounts and what the OpenAPI description shows come
 * from this same record, so the two cannot drift apart.
 *
 * @param path     Vert.x form, {@code /bookings/:id/confirm}
 * @param body     the JSON Schema the request body is validated against; null when it takes none
 * @param bodyOptional an empty body reads as {@code {}}
 * @param produces the success answer's media type
 * @param rawBodyLimit when positive, the body is raw bytes (a file) of up to this many bytes, read
 *                     only after sign-in; 0: the router's one limit for JSON bodies
 * @param timeoutMillis when positive, this route's answer is awaited this long instead of the
 *                      router's one request timeout (a batch an officer starts); 0: that timeout
 */
public record ApiRoute(HttpMethod method, String path, Rule rule, String summary, JsonBody body,
                       boolean bodyOptional, boolean idempotent, String produces, long rawBodyLimit,
                       long timeoutMillis, Handler<RoutingContext> handler) {

  private static final Pattern PARAM = Pattern.compile(":([A-Za-z][A-Za-z0-9]*)");

  /** The path parameters, in order. */
  public List<String> params() {
    List<String> names = new ArrayList<>();
    Matcher m = PARAM.matcher(path);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** Parameters that name a record by its UUID: {@code id} and anything ending in {@code Id}. */
  public static boolean isIdParam(String name) {
    return name.equals("id") || name.endsWith("Id");
  }

  /** The OpenAPI form of the path, {@code /bookings/{id}/confirm}. */
  public String openApiPath() {
    return PARAM.matcher(path).replaceAll("{$1}");
  }
}
