package coop.sportello.calls;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.http.JsonBody;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The operator's commands, the same over the bridge and over REST. Each is named once, here; its
 * bridge address ({@code calls.operator.<name>}), its REST route ({@code POST /calls/operator/<name>},
 * the status {@code GET /calls/operator}) and the request the distribution owner dispatches on
 * (type {@code operator.<name>}) all follow from that name. The operator is always the verified
 * caller, never a field of the body.
 */
public final class OperatorCommands {

  private static final String ADDRESS_PREFIX = "calls.operator.";
  private static final String PATH = "/calls/operator";
  private static final String TYPE_PREFIX = "operator.";

  public enum Command {
    LOGIN("login", "Entra nelle code: tutte le sue, o quelle indicate", schema("", "\"queues\":{\"type\":\"array\","
        + "\"maxItems\":50,\"uniqueItems\":true,\"items\":{\"type\":\"string\",\"pattern\":\"^[a-z0-9-]{2,40}$\"}}")),
    PAUSE("pause", "Va in pausa, con il motivo",
        schema("\"reason\"", "\"reason\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":80,\"pattern\":\"\\\\S\"}")),
    RESUME("resume", "Torna disponibile dopo una pausa", schema("", "")),
    LOGOUT("logout", "Esce da tutte le code", schema("", "")),
    WRAPPED("wrapped", "Chiude prima il tempo di riordino dopo una chiamata", schema("", "")),
    ANSWER("answer", "Risponde dalla console alla chiamata offerta", schema("\"callId\"",
        "\"callId\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":200}")),
    /** A read: the operator's state, queues and call. */
    STATUS("status", "Il mio stato, le mie code e la mia chiamata", schema("", ""));

    private final String name;
    private final String summary;
    private final JsonBody schema;

    Command(String name, String summary, JsonBody schema) {
      this.name = name;
      this.summary = summary;
      this.schema = schema;
    }

    /** The bridge address, {@code calls.operator.<name>}. */
    public String address() {
      return ADDRESS_PREFIX + name;
    }

    /** The REST path: {@code /calls/operator/<name>} (POST) for a change, {@code /calls/operator} (GET) for the status. */
    String path() {
      return this == STATUS ? PATH : PATH + "/" + name;
    }

    /** The type of the request on calls.control, which {@link CallDistributor} dispatches on. */
    String type() {
      return TYPE_PREFIX + name;
    }

    /** What it does, in a line (the REST route's summary). */
    String summary() {
      return summary;
    }

    JsonBody schema() {
      return schema;
    }

    /** The request for the owner: the (validated) body, the command and the caller as the operator. */
    JsonObject request(Identity who, JsonObject body) {
      return body.copy().put("type", type()).put("operator", who.subject());
    }

    /** The command a calls.control request of {@code type} carries, if it is one. */
    static Optional<Command> ofType(String type) {
      return Arrays.stream(values()).filter(c -> c.type().equals(type)).findFirst();
    }

    private static JsonBody schema(String required, String properties) {
      return JsonBody.schema(new JsonObject("{\"type\":\"object\",\"additionalProperties\":false,\"required\":["
          + required + "],\"properties\":{" + properties + "}}"));
    }
  }

  /** Every command, each with its own bridge address. */
  static final List<Command> ALL = List.of(Command.values());

  private OperatorCommands() { }
}
