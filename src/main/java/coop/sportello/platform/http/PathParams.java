package coop.sportello.platform.http;

import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/**
 * Path parameters as typed values. An id is a UUID written canonically (lower case, 8-4-4-4-12):
 * {@code UUID.fromString} also accepts groups with leading zeros dropped, and a check keyed on the
 * text would then see a different id than the database does, so anything that does not print
 * back to the same text is a 400.
 */
public final class PathParams {

  private PathParams() { }

  public static UUID uuid(RoutingContext ctx, String name) {
    String text = ctx.pathParam(name);
    UUID id = canonicalUuid(text);
    if (id == null) {
      throw new Problem(400, "invalid-id", "Identificativo non valido",
          "L'identificativo nel percorso deve essere un UUID in forma canonica (8-4-4-4-12, minuscole).")
          .with("parameter", name);
    }
    return id;
  }

  /** The UUID {@code text} spells canonically, or null. */
  public static UUID canonicalUuid(String text) {
    if (text == null || text.length() != 36) {
      return null;
    }
    try {
      UUID id = UUID.fromString(text);
      return id.toString().equals(text) ? id : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
