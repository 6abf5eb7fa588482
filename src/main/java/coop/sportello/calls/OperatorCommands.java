package coop.sportello.calls;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.http.JsonBody;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The operator's commands, the same over the bridge and over REST: each address with the schema
 * of its body and the control request it becomes. The operator is always the verified caller,
 * never a field of the body.
 */
final class OperatorCommands {

  record Command(String address, String action, JsonBody schema) {

    JsonObject request(Identity who, JsonObject body) {
      return body.copy().put("type", "operator." + action).put("operator", who.subject());
    }
  }

  private static JsonBody schema(String required, String properties) {
    return JsonBody.schema(new JsonObject("{\"type\":\"object\",\"additionalProperties\":false,\"required\":["
        + required + "],\"properties\":{" + properties + "}}"));
  }

  static final List<Command> ALL = List.of(
      new Command(CallAddresses.OPERATOR_LOGIN, "login", schema("", "\"queues\":{\"type\":\"array\",\"maxItems\":50,"
          + "\"uniqueItems\":true,\"items\":{\"type\":\"string\",\"pattern\":\"^[a-z0-9-]{2,40}$\"}}")),
      new Command(CallAddresses.OPERATOR_PAUSE, "pause", schema("\"reason\"",
          "\"reason\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":80,\"pattern\":\"\\\\S\"}")),
      new Command(CallAddresses.OPERATOR_RESUME, "resume", schema("", "")),
      new Command(CallAddresses.OPERATOR_LOGOUT, "logout", schema("", "")),
      new Command(CallAddresses.OPERATOR_WRAPPED, "wrapped", schema("", "")),
      new Command(CallAddresses.OPERATOR_ANSWER, "answer", schema("\"callId\"",
          "\"callId\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":200}")),
      new Command("calls.operator.status", "status", schema("", "")));

  private OperatorCommands() { }
}
