package coop.sportello.hostile;

import java.util.ArrayList;
import java.util.List;

/**
 * What a hostile or careless client sends: text PostgreSQL cannot store, text that only looks
 * empty, huge text, numbers at and past the integer limits, extreme and malformed dates and zones,
 * the wrong JSON types, and bodies that are not what they claim. Values are raw JSON text, so
 * that even what a JSON library would refuse to write (NaN, a lone surrogate, a duplicate key)
 * reaches the server as a client could send it.
 */
final class HostileCorpus {

  private HostileCorpus() { }

  /** Strings a person could not have typed, or that only look harmless. */
  static final List<String> TEXTS = List.of(
      "a\u0000b",                       // NUL: PostgreSQL text cannot hold it
      "\u0000",
      "x\uD800y",                       // a lone high surrogate
      "\uDC00",                         // a lone low surrogate
      "\u200B\u200B\u200B",             // zero-width spaces only
      "\u202Eevil\u202C",               // right-to-left override
      "مرحبا بالعالم",                   // right-to-left script
      "😀👩‍👩‍👧🇮🇹",                          // emoji, joiners and flags
      "",
      " ",
      "'; DROP TABLE bookings; --",
      "../../../../etc/passwd",
      "<script>alert(1)</script>",
      "%00",
      "\\u0000",
      "+999999999-12-31",
      "2026-02-30",
      "2026-12-03T10:00:00+25:00",
      "2026-12-03T10:00:00[Mars/Olympus]",
      "-1",
      "9223372036854775808",
      "NaN");

  /** Raw JSON numbers (and what parsers take for numbers) at and past the limits. */
  static final List<String> NUMBERS = List.of(
      "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
      "-9223372036854775809", "1e308", "-1", "0", "-0.0", "1.5", "1e400", "NaN", "Infinity", "-Infinity");

  /** The wrong JSON type for anything. */
  static final List<String> WRONG_TYPES = List.of("null", "true", "[]", "{}", "[1,2]", "{\"a\":1}", "\"1\"", "1");

  /** One value of about 1 MB. */
  static String hugeText() {
    return "x".repeat(1 << 20);
  }

  /** Every raw JSON value to put in one field: the strings, numbers, wrong types and a huge string. */
  static List<String> fieldValues() {
    List<String> values = new ArrayList<>();
    TEXTS.forEach(t -> values.add(jsonString(t)));
    values.addAll(NUMBERS);
    values.addAll(WRONG_TYPES);
    values.add(jsonString(hugeText()));
    return values;
  }

  /** Whole bodies that are not a sane JSON object, or are one in a hostile way. */
  static List<String> wholeBodies(String validBody) {
    List<String> bodies = new ArrayList<>(List.of(
        "", "null", "[]", "\"text\"", "42", "{", "{\"a\":", "{\"a\":1}}", "\u0000",
        "[".repeat(100_000) + "]".repeat(100_000),
        "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000)));
    if (validBody.length() > 2) {
      // Duplicate keys: the valid body's first field again, with a hostile value.
      String firstKey = validBody.substring(1, validBody.indexOf(':'));
      bodies.add(validBody.substring(0, validBody.length() - 1) + "," + firstKey + ":" + jsonString("a\u0000b") + "}");
      bodies.add(validBody.substring(0, validBody.length() - 1) + "," + firstKey + ":" + validBody + "}");
    }
    return bodies;
  }

  /** Path segments a client may put where an id or a name goes (already percent-encoded as sent). */
  static final List<String> PATH_SEGMENTS = List.of(
      "not-a-uuid", "%00", "a%00b", "%ED%A0%80", "%E2%80%8B", "00000000-0000-0000-0000-000000000000",
      "0E9C0C8B-2F4B-4C8E-9E55-1B2C3D4E5F60", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%F0%9F%98%80", "9223372036854775808",
      "x".repeat(300));

  /** Query values a client may send (already percent-encoded as sent). */
  static final List<String> QUERY_VALUES = List.of(
      "%00", "a%00b", "%ED%A0%80", "%E2%80%8B%E2%80%8B", "%2B999999999-12-31", "-999999999-01-01", "2026-02-30",
      "2026-13-01", "NaN", "Infinity", "-1", "2147483648", "9223372036854775808", "1e400", "%F0%9F%98%80",
      "%D9%85%D8%B1%D8%AD%D8%A8%D8%A7", "'%3B%20DROP%20TABLE%20bookings%3B--", "x".repeat(5000));

  /** A JSON string literal that escapes everything outside printable ASCII, lone surrogates included. */
  static String jsonString(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
