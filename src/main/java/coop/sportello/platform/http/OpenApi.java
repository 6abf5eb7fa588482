package coop.sportello.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * The OpenAPI 3.1 description of /api/v1, built from the same {@link ApiRoute} declarations the
 * router mounts: each route's access rule, path parameters and request-body JSON Schema (the one
 * the platform validates with) appear exactly as enforced. Served at {@code /api/v1/openapi.json}.
 */
public final class OpenApi {

  private OpenApi() { }

  static void declare(ApiRoutes routes) {
    routes.get("/openapi.json", Rule.open())
        .summary("Questa descrizione dell'API (OpenAPI 3.1)")
        .handler(ctx -> ctx.json(document(routes.declared())));
  }

  public static JsonObject document(List<ApiRoute> routes) {
    JsonObject paths = new JsonObject();
    for (ApiRoute route : routes) {
      JsonObject item = paths.getJsonObject(route.openApiPath());
      if (item == null) {
        item = new JsonObject();
        paths.put(route.openApiPath(), item);
      }
      item.put(route.method().name().toLowerCase(Locale.ROOT), operation(route));
    }
    return new JsonObject()
        .put("openapi", "3.1.0")
        .put("info", new JsonObject()
            .put("title", "Sportello API")
            .put("version", "1")
            .put("description", "Prenotazioni, chat, code telefoniche e totem delle reti di welfare. "
                + "Errors are RFC 9457 problems (application/problem+json). The changes that list an "
                + "Idempotency-Key header parameter need one: a retry with the same key gets the first answer. "
                + "x-access says who may call each operation and which person it concerns."))
        .put("servers", new JsonArray().add(new JsonObject().put("url", "/api/v1")))
        .put("paths", paths)
        .put("components", new JsonObject()
            .put("securitySchemes", new JsonObject().put("bearer", new JsonObject()
                .put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")))
            .put("schemas", new JsonObject().put("Problem", new JsonObject()
                .put("type", "object")
                .put("properties", new JsonObject()
                    .put("type", new JsonObject().put("type", "string"))
                    .put("title", new JsonObject().put("type", "string"))
                    .put("status", new JsonObject().put("type", "integer"))
                    .put("detail", new JsonObject().put("type", "string"))
                    .put("instance", new JsonObject().put("type", "string"))))));
  }

  private static JsonObject operation(ApiRoute route) {
    JsonObject op = new JsonObject()
        .put("summary", route.summary())
        .put("operationId", route.method().name().toLowerCase(Locale.ROOT) + route.path()
            .replaceAll("[:/.\\-]+([A-Za-z0-9])", "_$1").replaceAll("[^A-Za-z0-9_]", ""))
        .put("x-access", route.rule().describe());
    if (!route.rule().isOpen()) {
      op.put("security", new JsonArray().add(new JsonObject().put("bearer", new JsonArray())));
    }
    JsonArray parameters = new JsonArray();
    for (String name : route.params()) {
      JsonObject schema = ApiRoute.isIdParam(name)
          ? new JsonObject().put("type", "string").put("format", "uuid")
          : new JsonObject().put("type", "string");
      parameters.add(new JsonObject().put("name", name).put("in", "path").put("required", true).put("schema", schema));
    }
    if (route.idempotent()) {
      parameters.add(new JsonObject().put("name", Idempotency.HEADER).put("in", "header").put("required", true)
          .put("schema", new JsonObject().put("type", "string").put("minLength", 8).put("maxLength", 200)));
    }
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }
    if (route.body() != null) {
      op.put("requestBody", new JsonObject().put("required", !route.bodyOptional())
          .put("content", new JsonObject().put("application/json",
              new JsonObject().put("schema", route.body().schema()))));
    }
    if (route.rawBodyLimit() > 0) {
      op.put("requestBody", new JsonObject().put("required", true)
          .put("content", new JsonObject().put("application/octet-stream", new JsonObject().put("schema",
              new JsonObject().put("type", "string").put("format", "binary").put("maxLength", route.rawBodyLimit())))));
    }
    JsonObject problem = new JsonObject().put("content", new JsonObject().put(ProblemHandler.CONTENT_TYPE,
        new JsonObject().put("schema", new JsonObject().put("$ref", "#/components/schemas/Problem"))));
    op.put("responses", new JsonObject()
        .put("2XX", route.produces() == null ? new JsonObject().put("description", "Fatto / Done")
            : new JsonObject().put("description", "Fatto / Done")
                .put("content", new JsonObject().put(route.produces(), new JsonObject())))
        .put("4XX", problem.copy().put("description", "Richiesta rifiutata / Refused"))
        .put("5XX", problem.copy().put("description", "Servizio non disponibile / Unavailable")));
    return op;
  }
}
