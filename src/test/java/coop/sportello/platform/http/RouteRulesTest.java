package coop.sportello.platform.http;

import coop.sportello.platform.Module;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every /api/v1 route declares who may call it, and the OpenAPI description shows exactly the
 * routes that exist: both read off the router the HTTP verticles mount.
 */
class RouteRulesTest extends AppTestBase {

  private Router api() {
    return ApiRoutes.router(vertx, app.modules().stream().map(Module::api).toList(), ctx -> ctx.next(), 65_536, 8_000);
  }

  /** The routes with a path that carry no declared {@link Rule}: "METHOD /path". */
  static Set<String> routesWithoutRule(Router router) {
    Set<String> missing = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() != null && !(route.getMetadata(ApiRoutes.RULE) instanceof Rule)) {
        missing.add(route.methods() + " " + route.getPath());
      }
    }
    return missing;
  }

  @Test
  void everyApiRouteDeclaresItsAccessRule() {
    Router router = api();
    assertTrue(router.getRoutes().size() > 40, "the whole API is mounted");
    assertEquals(Set.of(), routesWithoutRule(router), "routes mounted without an access rule");
  }

  @Test
  void aRouteMountedWithoutARuleIsFound() {
    Router router = api();
    router.get("/bookings/:id/secret").handler(ctx -> ctx.end("nobody checked"));
    assertTrue(routesWithoutRule(router).contains("[GET] /bookings/:id/secret"), "the walk finds a route without a rule");
  }

  @Test
  void theOpenApiDescriptionListsExactlyTheMountedRoutes() {
    JsonObject doc = await(http.get("/api/v1/openapi.json", null)).bodyAsJsonObject();
    assertEquals("3.1.0", doc.getString("openapi"));
    Set<String> documented = new TreeSet<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        documented.add(method.toUpperCase() + " " + path);
      }
    }
    Set<String> mounted = new TreeSet<>();
    for (Route route : api().getRoutes()) {
      if (route.getPath() != null && route.methods() != null) {
        for (HttpMethod method : route.methods()) {
          mounted.add(method.name() + " " + route.getPath().replaceAll(":([A-Za-z0-9]+)", "{$1}"));
        }
      }
    }
    assertEquals(mounted, documented);
  }

  @Test
  void theDocumentShowsTheSchemaEachBodyIsValidatedAgainst() {
    JsonObject doc = await(http.get("/api/v1/openapi.json", null)).bodyAsJsonObject();
    JsonObject hold = doc.getJsonObject("paths").getJsonObject("/bookings/holds").getJsonObject("post");
    JsonObject schema = hold.getJsonObject("requestBody").getJsonObject("content")
        .getJsonObject("application/json").getJsonObject("schema");
    assertEquals(List.of("slotId"), schema.getJsonArray("required").getList());
    assertTrue(hold.getString("x-access").contains("concerns the person in body field forPerson"), hold.encode());
    // The same schema refuses what it does not allow: an unknown field is a 422 naming it.
    await(TestAccounts.create(vertx, app.pool(), "schema.cittadino", "citizen"));
    String token = await(http.accessToken("schema.cittadino"));
    var refused = await(http.post("/api/v1/bookings/holds", token, new JsonObject()
        .put("slotId", java.util.UUID.randomUUID().toString()).put("colour", "red")));
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
  }
}
