package coop.sportello.calls;

import coop.sportello.platform.cluster.NodeBus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.UUID;

/**
 * Elects the one node that distributes calls: whoever holds a PostgreSQL advisory lock on its own
 * connection. PostgreSQL releases the lock the moment that connection dies (node killed, network
 * lost), and every node retries every {@code pollMillis}, so another node takes over within about
 * a second. The lock alone is not trusted for writes: the new owner bumps {@code call_owner.epoch}
 * and every batch the owner stores checks it, so an old owner that has not noticed yet is fenced out.
 *
 * <p>The PBX adapters (ARI, command webhook) are the owner's companions: they run on the owner's
 * node, next to the distributor whose commands they carry, and move with it.
 */
public final class CallOwnership {

  private static final Logger LOG = LoggerFactory.getLogger(CallOwnership.class);
  /** Any fixed number; the same on every node. */
  private static final long LOCK_KEY = 0x53504f52_43414c4cL;

  private final Vertx vertx;
  private final PgConnectOptions connectOptions;
  private final CallStore store;
  private final Clock clock;
  private final long tickMillis;
  /** On a cluster the Vert.x node id, which other nodes address the owner by (see CallControl). */
  private final String node;
  private PgConnection lockConnection;
  private final List<Supplier<Future<String>>> companions;
  private String distributorDeployment;
  private final List<String> companionDeployments = new ArrayList<>();
  private boolean trying;
  private boolean stopped;

  /** @param companions deploy a verticle that must run where the distributor runs; a null id means none */
  public CallOwnership(Vertx vertx, PgConnectOptions connectOptions, CallStore store, Clock clock, long tickMillis,
                       List<Supplier<Future<String>>> companions) {
    this.companions = companions;
    this.vertx = vertx;
    this.connectOptions = connectOptions;
    this.store = store;
    this.clock = clock;
    this.tickMillis = tickMillis;
    NodeBus nodes = new NodeBus(vertx);
    this.node = nodes.clustered() ? nodes.nodeId() : UUID.randomUUID().toString();
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
    return PgConnection.connect(vertx, connectOptions).compose(conn -> store.tryToLock(conn, LOCK_KEY)
            .compose(locked -> {
              if (!locked || stopped) {
                return conn.close().map(false);
              }
              lockConnection = conn;
              conn.closeHandler(v -> {
                if (lockConnection == conn) {
                  LOG.warn("Lost the call distribution lock connection: stepping down");
                  stepDown();
                }
              });
              return store.claimOwnership(conn, node)
                  .compose(epoch -> vertx.deployVerticle(new CallDistributor(store, epoch, this::stepDown, clock, tickMillis)))
                  .compose(id -> {
                    distributorDeployment = id;
                    Future<Void> all = Future.succeededFuture();
                    for (Supplier<Future<String>> companion : companions) {
                      all = all.compose(v -> companion.get().map(cid -> {
                        if (cid != null) {
                          companionDeployments.add(cid);
                        }
                        return null;
                      }));
                    }
                    return all.map(true);
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
    List<String> companionIds = List.copyOf(companionDeployments);
    companionDeployments.clear();
    distributorDeployment = null;
    lockConnection = null;
    Future<Void> undeployed = Future.succeededFuture();
    for (String id : companionIds) {
      undeployed = undeployed.compose(v -> vertx.undeploy(id).recover(e -> Future.succeededFuture()));
    }
    if (deployment != null) {
      undeployed = undeployed.compose(v -> vertx.undeploy(deployment).recover(e -> Future.succeededFuture()));
    }
    return undeployed.compose(v -> conn == null ? Future.succeededFuture() : conn.close().recover(e -> Future.succeededFuture()));
  }

  public Future<Void> stop() {
    stopped = true;
    return stepDown();
  }
}
