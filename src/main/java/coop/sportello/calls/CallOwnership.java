package coop.sportello.calls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.UUID;

/**
 * Elects the one node that distributes calls: whoever holds a PostgreSQL advisory lock on its own
 * connection. PostgreSQL releases the lock the moment that connection dies (node killed, network
 * lost), and every node retries every {@code pollMillis}, so another node takes over within about
 * a second. The lock alone is not trusted for writes: the new owner bumps {@code call_owner.epoch}
 * and every batch the owner stores checks it, so an old owner that has not noticed yet is fenced out.
 */
public final class CallOwnership {

  private static final Logger LOG = LoggerFactory.getLogger(CallOwnership.class);
  /** Any fixed number; the same on every node. */
  private static final long LOCK_KEY = 0x53504f52_43414c4cL;

  private final Vertx vertx;
  private final PgConnectOptions connectOptions;
  private final CallRepository repository;
  private final Clock clock;
  private final long tickMillis;
  private final String node = UUID.randomUUID().toString();
  private PgConnection lockConnection;
  private String distributorDeployment;
  private boolean trying;
  private boolean stopped;

  public CallOwnership(Vertx vertx, PgConnectOptions connectOptions, CallRepository repository, Clock clock, long tickMillis) {
    this.vertx = vertx;
    this.connectOptions = connectOptions;
    this.repository = repository;
    this.clock = clock;
    this.tickMillis = tickMillis;
  }

  public boolean owner() {
    return distributorDeployment != null;
  }

  public String node() {
    return node;
  }

  /** One attempt to become the owner; completes (successfully) whether or not this node won. */
  public Future<Boolean> tryToOwn() {
    if (stopped || trying || lockConnection != null) {
      return Future.succeededFuture(owner());
    }
    trying = true;
    return PgConnection.connect(vertx, connectOptions).compose(conn -> conn
            .preparedQuery("SELECT pg_try_advisory_lock($1)").execute(io.vertx.sqlclient.Tuple.of(LOCK_KEY))
            .compose(rows -> {
              if (!rows.iterator().next().getBoolean(0) || stopped) {
                return conn.close().map(false);
              }
              lockConnection = conn;
              conn.closeHandler(v -> {
                if (lockConnection == conn) {
                  LOG.warn("Lost the call distribution lock connection: stepping down");
                  stepDown();
                }
              });
              return repository.claimOwnership(conn, node)
                  .compose(epoch -> vertx.deployVerticle(new CallDistributor(repository, epoch, this::stepDown, clock, tickMillis)))
                  .map(id -> {
                    distributorDeployment = id;
                    return true;
                  })
                  .recover(e -> {
                    LOG.error("Could not take over call distribution", e);
                    stepDown();
                    return Future.succeededFuture(false);
                  });
            }))
        .recover(e -> {
          LOG.debug("Call ownership attempt failed", e);
          return Future.succeededFuture(false);
        })
        .andThen(ar -> trying = false);
  }

  /** Gives up ownership (if held): stop distributing, release the lock by closing its connection. */
  public Future<Void> stepDown() {
    String deployment = distributorDeployment;
    PgConnection conn = lockConnection;
    distributorDeployment = null;
    lockConnection = null;
    Future<Void> undeployed = deployment == null ? Future.succeededFuture()
        : vertx.undeploy(deployment).recover(e -> Future.succeededFuture());
    return undeployed.compose(v -> conn == null ? Future.succeededFuture() : conn.close().recover(e -> Future.succeededFuture()));
  }

  public Future<Void> stop() {
    stopped = true;
    return stepDown();
  }
}
