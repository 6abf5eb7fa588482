package coop.sportello.platform.http;

import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/**
 * Path parameters as typed values. Text that is no UUID at all names nothing: a 404, as for any
 * unknown record. A UUID must be written canonically (lower case, 8-4-4-4-12): {@code
 * UUID.fromString} also accepts groups with leading zeros dropped, and a check keyed on the text
 * would then see a different id than the database does, so a UUID that does not print back to the
 * same text is a 400.
 */
public final class PathParams {

  private PathParams() { }

  public static UUID uuid(RoutingContext ctx, String name) {
    String text = ctx.pathParam(name);
    UUID id;
    try {
      id = UUID.fromString(text);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Problem.notFound("Identificativo non valido.");
    }
    if (!id.toString().equals(text)) {
      throw new Problem(400, "invalid-id", "Identificativo non valido",
          "L'identificativo nel percorso deve essere un UUID in forma canonica (8-4-4-4-12, minuscole).")
          .with("parameter", name);
    }
    return id;
  }
}
