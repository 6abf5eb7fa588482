package coop.sportello.platform.database;

import coop.sportello.platform.http.Problem;
import io.vertx.pgclient.PgException;

/** Turns a constraint PostgreSQL enforced into a problem the caller can act on. */
public final class SqlErrors {

  private SqlErrors() { }

  /**
   * @param conflictDetail said when an exclusion or unique constraint refused the change
   */
  public static Throwable explain(Throwable failure, String conflictDetail) {
    if (!(failure instanceof PgException pg)) {
      return failure;
    }
    return switch (pg.getSqlState()) {
      case "23P01", "23505" -> Problem.conflict("conflict", conflictDetail).with("constraint", pg.getConstraint());
      case "23514", "23502", "22007", "22008" -> new Problem(422, "validation", "Dati non validi",
          "I dati non rispettano le regole: " + pg.getConstraint()).with("constraint", pg.getConstraint());
      case "23503" -> new Problem(422, "reference", "Riferimento non valido",
          "Un identificativo indicato non esiste o non appartiene alla tua cooperativa.");
      default -> failure;
    };
  }
}
