package coop.sportello.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a test expects of an API's answer: a 200 and its JSON, or a problem of a status and type. */
public final class Responses {

  private Responses() { }

  public static JsonObject ok(HttpResponse<Buffer> response) {
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  /** An {@code application/problem+json} of {@code status} whose type ends with {@code type} (null: any), with a detail. */
  public static void assertProblem(HttpResponse<Buffer> response, int status, String type) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertTrue(response.getHeader("Content-Type").startsWith("application/problem+json"), response.getHeader("Content-Type"));
    if (type != null) {
      assertTrue(response.bodyAsJsonObject().getString("type").endsWith(type), response.bodyAsString());
    }
    assertNotNull(response.bodyAsJsonObject().getString("detail"));
  }
}
