package coop.sportello.hostile;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Function;

/**
 * A valid instance of a route's JSON Schema, so that a hostile value in one field meets the code
 * behind the schema instead of stopping at a missing neighbour. Fields with real meaning (a slot,
 * a service, a person) take real values from the running application.
 */
final class SchemaExample {

  private static final String FUTURE_DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(10).toString();
  private static final Map<String, String> BY_PATTERN = Map.of(
      "^[0-9]{6}$", "016024",
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", FUTURE_DAY,
      "^([01][0-9]|2[0-3]):[0-5][0-9]$", "09:00",
      "^[a-z0-9-]{2,40}$", "generale",
      "^[a-z0-9-]{1,40}$", "generale",
      "^\\+?[0-9]{6,15}$", "+393471234567",
      "^\\+?[0-9]{3,15}$", "+393471234567",
      "^[a-z]{2}$", "it",
      "^[0-9]{4,8}$", "2468");

  private final Function<String, String> realValues;

  /** @param realValues a real value for a field name (slotId, serviceId...), or null when it has none */
  SchemaExample(Function<String, String> realValues) {
    this.realValues = realValues;
  }

  Object of(JsonObject schema, String name) {
    String real = name == null ? null : realValues.apply(name);
    if (real != null) {
      return real;
    }
    if (schema.containsKey("const")) {
      return schema.getValue("const");
    }
    if (schema.containsKey("enum")) {
      return schema.getJsonArray("enum").getValue(0);
    }
    String type = schema.getValue("type") instanceof JsonArray types ? types.getString(0) : schema.getString("type", "object");
    return switch (type) {
      case "object" -> object(schema);
      case "array" -> array(schema, name);
      case "integer", "number" -> Math.max(1, schema.getInteger("minimum", 1));
      case "boolean" -> Boolean.TRUE;
      case "null" -> null;
      default -> string(schema);
    };
  }

  private JsonObject object(JsonObject schema) {
    JsonObject out = new JsonObject();
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    for (String field : properties.fieldNames()) {
      out.put(field, of(properties.getJsonObject(field), field));
    }
    return out;
  }

  private JsonArray array(JsonObject schema, String name) {
    JsonArray out = new JsonArray();
    int items = Math.max(1, schema.getInteger("minItems", 1));
    JsonObject itemSchema = schema.getJsonObject("items", new JsonObject().put("type", "string"));
    for (int i = 0; i < items; i++) {
      Object item = of(itemSchema, null);
      if (schema.getBoolean("uniqueItems", false) && item instanceof Integer n) {
        item = n + i;
      }
      out.add(item);
    }
    return out;
  }

  private static String string(JsonObject schema) {
    if ("uuid".equals(schema.getString("format"))) {
      return "3f2b8c1e-4d5a-4e6f-9a7b-8c9d0e1f2a3b";
    }
    if ("date".equals(schema.getString("format"))) {
      return FUTURE_DAY;
    }
    String pattern = schema.getString("pattern");
    if (pattern != null && BY_PATTERN.containsKey(pattern)) {
      return BY_PATTERN.get(pattern);
    }
    int min = schema.getInteger("minLength", 1);
    return "prova-valida".repeat(Math.max(1, min / 12 + 1)).substring(0, Math.max(min, Math.min(12, schema.getInteger("maxLength", 12))));
  }
}
