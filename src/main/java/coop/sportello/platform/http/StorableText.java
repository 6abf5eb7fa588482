package coop.sportello.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Text PostgreSQL can store. A NUL character (U+0000) cannot be stored in a {@code text} column at
 * all (the statement fails, which used to surface as a 500, and in a PBX event as the loss of call
 * ownership), and a lone UTF-16 surrogate is not a character: encoded as UTF-8 it becomes "?".
 * Every string that comes in (body values and keys, query and path parameters, bus messages) is
 * checked at the edge and refused with a 400 that names where it was.
 */
public final class StorableText {

  private StorableText() { }

  /** Whether {@code text} holds a NUL or a lone surrogate. */
  public static boolean unstorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return true;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /** The JSON Pointer of the first unstorable string (or key) in {@code json}, or null. */
  public static String firstUnstorable(Object json) {
    return find(json, "");
  }

  private static String find(Object value, String pointer) {
    if (value instanceof String text) {
      return unstorable(text) ? pointer : null;
    }
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        String here = pointer + "/" + entry.getKey().replace("~", "~0").replace("/", "~1");
        if (unstorable(entry.getKey())) {
          return here;
        }
        String found = find(entry.getValue(), here);
        if (found != null) {
          return found;
        }
      }
    }
    if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        String found = find(array.getValue(i), pointer + "/" + i);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** The problem for unstorable text at {@code where} (a JSON Pointer or a parameter's name). */
  public static Problem refused(String where) {
    return new Problem(400, "unstorable-text", "Testo non valido",
        "Il testo contiene caratteri che non si possono salvare (il carattere nullo o un surrogato UTF-16 isolato).")
        .with("pointer", where);
  }
}
