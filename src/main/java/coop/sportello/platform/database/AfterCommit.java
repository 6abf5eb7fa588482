package coop.sportello.platform.database;

import coop.sportello.platform.http.Idempotency;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What a service will announce once its transaction has committed (screen events, wake-ups):
 * collected while the transaction runs, run after the commit, dropped when it rolled back. A
 * replayed idempotent retry runs no work and so announces nothing twice.
 */
public final class AfterCommit {

  private static final Logger LOG = LoggerFactory.getLogger(AfterCommit.class);
  /** Attempts of one transaction that PostgreSQL rolled back for crossing another one. */
  static final int ATTEMPTS = 3;

  private final List<Runnable> actions = new ArrayList<>();

  public void add(Runnable action) {
    actions.add(action);
  }

  /** Runs every queued action, in order; call only after the commit. */
  public void run() {
    actions.forEach(Runnable::run);
    actions.clear();
  }

  /**
   * One transaction: what {@code work} queues on its {@link AfterCommit} runs once the transaction
   * has committed, and never when it rolled back. A transaction PostgreSQL rolled back because it
   * crossed another (a deadlock, a serialization failure: nothing of it was kept) is run again
   * from the start with a fresh AfterCommit, up to {@link #ATTEMPTS} times, instead of answering
   * the person with an error for a race they could not see.
   */
  public static <T> Future<T> transaction(Pool pool, BiFunction<SqlConnection, AfterCommit, Future<T>> work) {
    return attempt(pool, work, 1);
  }

  /** {@link #transaction} whose work is done once per idempotency key (the key commits with it). */
  public static Future<Idempotency.Outcome> idempotent(Pool pool, Idempotency.Key key,
                                           BiFunction<SqlConnection, AfterCommit, Future<Idempotency.Outcome>> work) {
    return transaction(pool, (conn, after) -> IdempotencyStore.once(conn, key, () -> work.apply(conn, after)));
  }

  private static <T> Future<T> attempt(Pool pool, BiFunction<SqlConnection, AfterCommit, Future<T>> work, int attempt) {
    AfterCommit after = new AfterCommit();
    return pool.<T>withTransaction(conn -> work.apply(conn, after))
        .onSuccess(done -> after.run())
        .recover(failure -> {
          if (attempt >= ATTEMPTS || !SqlErrors.isCrossedTransaction(failure)) {
            return Future.failedFuture(failure);
          }
          LOG.warn("Transaction rolled back by PostgreSQL ({}), attempt {} of {}: running it again", SqlErrors.state(failure),
              attempt, ATTEMPTS);
          return attempt(pool, work, attempt + 1);
        });
  }
}
