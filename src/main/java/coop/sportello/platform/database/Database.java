package coop.sportello.platform.database;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's database, started in order: the server (external URL, or embedded PostgreSQL),
 * the migrations, the pool, and one pipelined connection per event loop; stopped in reverse.
 */
public final class Database {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final Vertx vertx;
  private final DatabaseServer server;
  private final Pool pool;
  private final EventLoopStatements statements;
  /** Whether the last look found the database answering: one log line when that changes, not one per request. */
  private boolean reachable = true;
  private final long watchTimer;

  private Database(Vertx vertx, DatabaseServer server, int poolSize, int connectTimeoutMillis) {
    this.vertx = vertx;
    this.server = server;
    this.pool = Pools.create(vertx, server.endpoint(), poolSize, connectTimeoutMillis);
    this.statements = new EventLoopStatements(vertx, server.endpoint());
    this.watchTimer = vertx.setPeriodic(WATCH_MILLIS, id -> DatabaseHealth.check(statements)
        .timeout(WATCH_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .onComplete(result -> reachable(result.succeeded())));
  }

  private static final long WATCH_MILLIS = 2_000;

  private void reachable(boolean now) {
    if (now != reachable) {
      reachable = now;
      if (now) {
        LOG.info("Database reachable again");
      } else {
        LOG.warn("Database unreachable: requests that need it answer 503 until it is back");
      }
    }
  }

  /** @param settings the {@code database} section of the configuration */
  public static Future<Database> start(Vertx vertx, JsonObject settings) {
    return DatabaseServer.start(vertx, settings).compose(server -> Migrations.migrate(vertx, server.endpoint())
        .map(applied -> {
          LOG.info("Database schema up to date ({} migrations applied now)", applied);
          return new Database(vertx, server, settings.getInteger("poolSize"), settings.getInteger("connectTimeoutMillis"));
        })
        .recover(e -> server.stop(vertx).transform(v -> Future.failedFuture(e))));
  }

  public Pool pool() {
    return pool;
  }

  /** Pipelined connections, one per event loop, for hot statements that commit on their own. */
  public EventLoopStatements statements() {
    return statements;
  }

  public DatabaseEndpoint endpoint() {
    return server.endpoint();
  }

  /** The development set-up: embedded PostgreSQL in the data directory. */
  public boolean embedded() {
    return server.isEmbedded();
  }

  public Future<Void> stop() {
    vertx.cancelTimer(watchTimer);
    Future<Void> closed = Future.all(statements.closeAll(), pool.close()).mapEmpty();
    return closed.eventually(() -> server.stop(vertx));
  }
}
