package coop.sportello.platform.http;

import coop.sportello.platform.database.SqlErrors;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure, ours or the framework's, into RFC 9457 problem JSON. */
public final class ProblemHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
  public static final String CONTENT_TYPE = "application/problem+json";

  @Override
  public void handle(RoutingContext ctx) {
    Problem problem = toProblem(ctx);
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    problem.headers().forEach(response::putHeader);
    response.setStatusCode(problem.status())
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .end(problem.toJson(ctx.request().path()).encode());
  }

  static Problem toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof Problem p) {
      return p;
    }
    if (SqlErrors.isUnavailable(failure)) {
      LOG.debug("Database unavailable on {} {}", ctx.request().method(), ctx.request().path(), failure);
      return unavailable();
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    return switch (status) {
      case 400 -> Problem.badRequest(failure != null ? failure.getMessage() : "La richiesta non è leggibile.");
      case 401 -> Problem.unauthorized("Serve un token di accesso valido.");
      case 403 -> Problem.forbidden("Il tuo ruolo non permette questa operazione.");
      case 404 -> Problem.notFound("Nessuna risorsa a questo indirizzo.");
      case 405 -> new Problem(405, "method-not-allowed", "Metodo non permesso", "Questo indirizzo non accetta il metodo usato.");
      case 413 -> new Problem(413, "body-too-large", "Richiesta troppo grande", "Il corpo della richiesta supera il limite consentito.");
      case 415 -> new Problem(415, "unsupported-media-type", "Formato non supportato", "Invia i dati come application/json.");
      case 503 -> unavailable();
      default -> {
        if (status < 500 && status >= 400) {
          yield new Problem(status, "http-" + status, "Richiesta non accettata", null);
        }
        LOG.error("Unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
        yield new Problem(500, "internal", "Errore interno", "Qualcosa non ha funzionato: riprova tra poco.");
      }
    };
  }

  /** The service cannot answer now (its database is away or too slow): try again shortly. */
  static Problem unavailable() {
    return new Problem(503, "unavailable", "Servizio non disponibile",
        "Il servizio non risponde in questo momento: riprova tra qualche secondo.").header("Retry-After", "5");
  }

  /**
   * For requests the HTTP decoder could not read (a request line or headers too long, a control
   * character in a header): the same statuses Vert.x answers (414, 431, 400), as problem JSON
   * instead of an empty body, then the connection closes as Vert.x's own handler does.
   */
  public static void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem = cause instanceof io.netty.handler.codec.http.TooLongHttpLineException
        ? new Problem(414, "uri-too-long", "Indirizzo troppo lungo", "L'indirizzo della richiesta supera il limite consentito.")
        : cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException
        ? new Problem(431, "headers-too-large", "Intestazioni troppo grandi", "Le intestazioni della richiesta superano il limite consentito.")
        : Problem.badRequest("La richiesta non è HTTP valido.");
    request.response().setStatusCode(problem.status())
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Connection", "close")
        .end(problem.toJson(null).encode())
        .onComplete(done -> request.connection().close());
  }
}
