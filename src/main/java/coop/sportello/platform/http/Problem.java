package coop.sportello.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem, thrown or failed with anywhere; {@link ProblemHandler} writes it as
 * {@code application/problem+json}. {@code type} is a stable slug under {@code /problems/}.
 */
public final class Problem extends RuntimeException {

  private final int status;
  private final String type;
  private final String title;
  private final Map<String, Object> extensions = new LinkedHashMap<>();
  private final Map<String, String> headers = new LinkedHashMap<>();

  public Problem(int status, String type, String title, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
  }

  /** A domain core's refusal as a problem; its title follows from the status. */
  public static Problem of(coop.sportello.platform.domain.Refusal refusal) {
    String title = switch (refusal.status()) {
      case 404 -> "Non trovato";
      case 409 -> "Conflitto";
      case 422 -> "Dati non validi";
      case 429 -> "Troppi tentativi";
      default -> refusal.status() >= 400 && refusal.status() < 500 ? "Operazione non permessa" : "Errore";
    };
    return new Problem(refusal.status(), refusal.type(), title, refusal.detail());
  }

  public static Problem badRequest(String detail) {
    return new Problem(400, "bad-request", "Richiesta non valida", detail);
  }

  public static Problem validation(String detail, JsonArray errors) {
    return new Problem(422, "validation", "Dati non validi", detail).with("errors", errors);
  }

  public static Problem unauthorized(String detail) {
    return new Problem(401, "unauthorized", "Accesso richiesto", detail)
        .header("WWW-Authenticate", "Bearer realm=\"sportello\"");
  }

  public static Problem forbidden(String detail) {
    return new Problem(403, "forbidden", "Operazione non permessa", detail);
  }

  /** A cooperative's route called by an account that belongs to none. */
  public static Problem notOfACooperative() {
    return forbidden("Il tuo account non è collegato a una cooperativa.");
  }

  public static Problem notFound(String detail) {
    return new Problem(404, "not-found", "Non trovato", detail);
  }

  public static Problem conflict(String type, String detail) {
    return new Problem(409, type, "Conflitto", detail);
  }

  public Problem with(String key, Object value) {
    extensions.put(key, value);
    return this;
  }

  public Problem header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public JsonObject toJson(String instance) {
    JsonObject json = new JsonObject()
        .put("type", "/problems/" + type)
        .put("title", title)
        .put("status", status);
    if (getMessage() != null) {
      json.put("detail", getMessage());
    }
    if (instance != null) {
      json.put("instance", instance);
    }
    extensions.forEach(json::put);
    return json;
  }
}
