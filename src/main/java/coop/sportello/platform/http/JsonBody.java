package coop.sportello.platform.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

/**
 * A request body checked against a JSON Schema (draft 2020-12, vertx-json-schema).
 * Build one per route at start-up; {@link #read} is cheap and thread-safe.
 */
public final class JsonBody {

  private final Validator validator;
  private final JsonObject schema;

  private JsonBody(Validator validator, JsonObject schema) {
    this.validator = validator;
    this.schema = schema;
  }

  public static JsonBody schema(JsonObject schema) {
    JsonSchemaOptions options = new JsonSchemaOptions()
        .setDraft(Draft.DRAFT202012)
        .setBaseUri("https://sportello.invalid/schemas/")
        .setOutputFormat(OutputFormat.Basic);
    return new JsonBody(Validator.create(JsonSchema.of(schema.copy()), options), schema.copy());
  }

  /** The schema itself, as the OpenAPI description shows it. */
  public JsonObject schema() {
    return schema.copy();
  }

  /** The validated body, or a 400/415/422 problem naming each wrong field. */
  public JsonObject read(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
      throw new Problem(415, "unsupported-media-type", "Formato non supportato", "Invia i dati come application/json.");
    }
    Object body;
    try {
      body = ctx.body().buffer() == null ? null : ctx.body().buffer().toJsonValue();
    } catch (DecodeException e) {
      throw Problem.badRequest("Il corpo della richiesta non è JSON valido.");
    }
    return validate(body);
  }

  /** The same check for a body that did not come over HTTP (an event-bus message, for one). */
  public JsonObject validate(Object body) {
    if (!(body instanceof JsonObject json)) {
      throw Problem.badRequest("Il corpo della richiesta deve essere un oggetto JSON.");
    }
    String unstorable = StorableText.firstUnstorable(json);
    if (unstorable != null) {
      throw StorableText.refused(unstorable);
    }
    OutputUnit result = validator.validate(json);
    if (!result.getValid()) {
      JsonArray errors = new JsonArray();
      if (result.getErrors() != null) {
        for (OutputUnit error : result.getErrors()) {
          errors.add(new JsonObject()
              .put("pointer", error.getInstanceLocation())
              .put("detail", error.getError()));
        }
      }
      throw Problem.validation("Alcuni campi non sono validi.", errors);
    }
    return json;
  }
}
