package coop.sportello.platform.auth;

import coop.sportello.platform.cluster.NodeBus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions revoked within the lifetime of an access token. Access tokens are checked against this
 * set on every request without a database round trip; revocations travel on the event bus
 * through {@link NodeBus}, so every verticle and (when clustered) every node learns of them at once.
 */
public final class RevokedSessions {

  public static final String ADDRESS = "platform.auth.session-revoked";

  private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
  private final int accessTokenSeconds;
  private MessageConsumer<JsonObject> consumer;
  private long purgeTimer = -1;

  public RevokedSessions(int accessTokenSeconds) {
    this.accessTokenSeconds = accessTokenSeconds;
  }

  public Future<Void> start(Vertx vertx, Pool pool) {
    // Local: NodeBus brings every node's announcements to each node's own consumer.
    consumer = vertx.eventBus().<JsonObject>localConsumer(ADDRESS, msg -> remember(msg.body().getString("sessionId")));
    purgeTimer = vertx.setPeriodic(60_000, id -> purge());
    return pool.preparedQuery("SELECT id::text FROM auth_sessions WHERE revoked_at > now() - make_interval(secs => $1)")
        .execute(Tuple.of(accessTokenSeconds))
        .map(rows -> {
          for (Row row : rows) {
            remember(row.getString(0));
          }
          return null;
        });
  }

  public boolean isRevoked(String sessionId) {
    return revoked.containsKey(sessionId);
  }

  /** Call after the revocation has committed. */
  public static void announce(NodeBus nodes, String sessionId) {
    nodes.publish(ADDRESS, new JsonObject().put("sessionId", sessionId));
  }

  void remember(String sessionId) {
    if (sessionId != null) {
      revoked.put(sessionId, Instant.now().plusSeconds(accessTokenSeconds + 60L));
    }
  }

  private void purge() {
    Instant now = Instant.now();
    revoked.values().removeIf(forgetAt -> forgetAt.isBefore(now));
  }

  public Future<Void> stop(Vertx vertx) {
    if (purgeTimer >= 0) {
      vertx.cancelTimer(purgeTimer);
    }
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
