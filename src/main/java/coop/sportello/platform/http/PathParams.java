package coop.sportello.platform.http;

import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/** Path parameters as typed values; a malformed identifier names nothing, so it is a 404 problem. */
public final class PathParams {

  private PathParams() { }

  public static UUID uuid(RoutingContext ctx, String name) {
    try {
      return UUID.fromString(ctx.pathParam(name));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Problem.notFound("Identificativo non valido.");
    }
  }
}
