package coop.sportello.platform.database;

import java.util.ArrayList;
import java.util.List;

/**
 * What a service will announce once its transaction has committed (screen events, wake-ups):
 * collected while the transaction runs, run by the service after {@code pool.withTransaction}
 * succeeded, dropped when it rolled back. A replayed idempotent retry runs no work and so
 * announces nothing twice.
 */
public final class AfterCommit {

  private final List<Runnable> actions = new ArrayList<>();

  public void add(Runnable action) {
    actions.add(action);
  }

  /** Runs every queued action, in order; call only after the commit. */
  public void run() {
    actions.forEach(Runnable::run);
    actions.clear();
  }
}
