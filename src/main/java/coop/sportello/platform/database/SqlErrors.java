package coop.sportello.platform.database;

import coop.sportello.platform.http.Problem;
import io.vertx.pgclient.PgException;

/**
 * The one place PostgreSQL's error codes are read: constraints the database enforced, recognised
 * by name, and turned into problems the caller can act on.
 */
public final class SqlErrors {

  public static final String UNIQUE = "23505";
  public static final String EXCLUSION = "23P01";
  public static final String CHECK = "23514";
  public static final String FOREIGN_KEY = "23503";

  private SqlErrors() { }

  /** Whether {@code failure} is PostgreSQL refusing with {@code sqlState}, on {@code constraint} (any when null). */
  public static boolean violates(Throwable failure, String sqlState, String constraint) {
    return failure instanceof PgException pg && sqlState.equals(pg.getSqlState())
        && (constraint == null || constraint.equals(pg.getConstraint()));
  }

  public static boolean isUniqueViolation(Throwable failure, String constraint) {
    return violates(failure, UNIQUE, constraint);
  }

  public static boolean isExclusionViolation(Throwable failure, String constraint) {
    return violates(failure, EXCLUSION, constraint);
  }

  public static boolean isCheckViolation(Throwable failure, String constraint) {
    return violates(failure, CHECK, constraint);
  }

  /**
   * Whether {@code failure} says the database cannot be reached now (refused or timed-out
   * connection, a connection closed under the statement, a server shutting down or starting):
   * the request is answered 503, not 500, and nothing about it is logged per request.
   */
  public static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PgException pg) {
        String state = pg.getSqlState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
      }
      String name = t.getClass().getSimpleName();
      if (t instanceof java.net.ConnectException || t instanceof java.util.concurrent.TimeoutException
          || name.equals("ClosedConnectionException") || name.equals("ConnectTimeoutException")
          || name.equals("NoStackTraceTimeoutException")) {
        return true;
      }
      // Waiting for a pooled connection past the pool's connection timeout: every connection busy
      // (SqlConnectionPool fails the wait with this one VertxException) or a new one not connected in
      // time (a bare "Timeout"). Either way the database cannot serve this request now: 503, not 500.
      if (t instanceof io.vertx.core.VertxException && "Timeout waiting for connection".equals(t.getMessage())
          || name.equals("NoStackTraceThrowable") && "Timeout".equals(t.getMessage())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether PostgreSQL rolled the transaction back because it crossed another one (a deadlock, a
   * serialization failure): nothing of it was kept, and running it again is safe.
   */
  public static boolean isCrossedTransaction(Throwable failure) {
    String state = state(failure);
    return "40P01".equals(state) || "40001".equals(state);
  }

  /** PostgreSQL's SQLSTATE of {@code failure} (or of its cause), null when it is not PostgreSQL's. */
  public static String state(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PgException pg) {
        return pg.getSqlState();
      }
    }
    return null;
  }

  /**
   * @param conflictDetail said when an exclusion or unique constraint refused the change
   */
  public static Throwable explain(Throwable failure, String conflictDetail) {
    if (!(failure instanceof PgException pg)) {
      return failure;
    }
    return switch (pg.getSqlState()) {
      case EXCLUSION, UNIQUE -> Problem.conflict("conflict", conflictDetail).with("constraint", pg.getConstraint());
      case CHECK, "23502", "22007", "22008" -> new Problem(422, "validation", "Dati non validi",
          "I dati non rispettano le regole: " + pg.getConstraint()).with("constraint", pg.getConstraint());
      case FOREIGN_KEY -> new Problem(422, "reference", "Riferimento non valido",
          "Un identificativo indicato non esiste o non appartiene alla tua cooperativa.");
      default -> failure;
    };
  }
}
