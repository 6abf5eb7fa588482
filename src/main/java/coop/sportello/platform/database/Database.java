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

  private Database(Vertx vertx, DatabaseServer server, int poolSize) {
    this.vertx = vertx;
    this.server = server;
    this.pool = Pools.create(vertx, server.endpoint(), poolSize);
    this.statements = new EventLoopStatements(vertx, server.endpoint());
  }

  /** @param settings the {@code database} section of the configuration */
  public static Future<Database> start(Vertx vertx, JsonObject settings) {
    return DatabaseServer.start(vertx, settings).compose(server -> Migrations.migrate(vertx, server.endpoint())
        .map(applied -> {
          LOG.info("Database schema up to date ({} migrations applied now)", applied);
          return new Database(vertx, server, settings.getInteger("poolSize"));
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
    Future<Void> closed = Future.all(statements.closeAll(), pool.close()).mapEmpty();
    return closed.eventually(() -> server.stop(vertx));
  }
}
