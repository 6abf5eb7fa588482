package coop.sportello.platform.database;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pipelined PostgreSQL connection per event loop, for hot statements that commit on their own
 * (a hold is one statement). Measured on 2 cores with 200 clients holding places:
 * <ul>
 *   <li>pipelining: the statements that arrive together are written in one go and PostgreSQL runs
 *       them back to back, instead of one round trip and one wake-up of a backend each;</li>
 *   <li>one connection per event loop: a statement and its answer stay on the event loop of the
 *       request that sent it, instead of hopping to the loop that happens to own a pooled
 *       connection and back (two thread wake-ups per statement).</li>
 * </ul>
 * Callers off an event loop (workers, tests) share one more connection. Never for transactions.
 */
public final class EventLoopStatements {

  private final Vertx vertx;
  private final DatabaseEndpoint endpoint;
  private final Map<Thread, SqlClient> byEventLoop = new ConcurrentHashMap<>();
  /** Connects only when first used, like the others. */
  private final SqlClient offEventLoop;

  public EventLoopStatements(Vertx vertx, DatabaseEndpoint endpoint) {
    this.vertx = vertx;
    this.endpoint = endpoint;
    this.offEventLoop = Pools.pipelined(vertx, endpoint, "sportello-statements");
  }

  /** The client for the calling thread: its event loop's own connection when it is one. */
  public SqlClient current() {
    Context context = Vertx.currentContext();
    if (context != null && context.isEventLoopContext() && Context.isOnEventLoopThread()) {
      // Created on this loop, so its connection is made (and answers) on this loop.
      return byEventLoop.computeIfAbsent(Thread.currentThread(),
          loop -> Pools.pipelined(vertx, endpoint, "sportello-statements-" + loop.getName()));
    }
    return offEventLoop;
  }

  public Future<Void> closeAll() {
    List<Future<Void>> closing = new ArrayList<>();
    byEventLoop.values().forEach(client -> closing.add(client.close()));
    byEventLoop.clear();
    closing.add(offEventLoop.close());
    return Future.join(closing).mapEmpty();
  }
}
