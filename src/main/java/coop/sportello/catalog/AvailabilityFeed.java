package coop.sportello.catalog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import coop.sportello.platform.bridge.SocketFanOut;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to PostgreSQL's availability notifications and delivers them to this node's subscribed
 * sockets. NOTIFY is delivered only after commit and to every listening node, so a change made on
 * any node reaches the sockets of every node, and never before it is durable. Each node feeds only
 * its own sockets, so a clustered event bus never delivers twice.
 */
public final class AvailabilityFeed {

  private static final Logger LOG = LoggerFactory.getLogger(AvailabilityFeed.class);

  private final Vertx vertx;
  private final PgSubscriber subscriber;
  private volatile boolean stopping;

  private final AvailabilityCache cache;
  private final SocketFanOut fanOut;

  public AvailabilityFeed(Vertx vertx, PgConnectOptions connectOptions, AvailabilityCache cache, SocketFanOut fanOut) {
    this.vertx = vertx;
    this.cache = cache;
    this.fanOut = fanOut;
    this.subscriber = PgSubscriber.subscriber(vertx, connectOptions)
        .reconnectPolicy(AvailabilityFeed::reconnectDelay);
  }

  /**
   * Reconnects forever, waiting longer each time up to 10 s: an outage of any length ends with
   * live screens again (the old policy gave up after about 8 minutes, and screens stayed stale).
   */
  static long reconnectDelay(int retries) {
    return Math.min(MAX_RECONNECT_MILLIS, 250L << Math.min(retries, 6));
  }

  private static final long MAX_RECONNECT_MILLIS = 10_000;

  public Future<Void> start() {
    // (Re)subscribed: whatever changed while not listening is unknown, so the cache starts empty.
    subscriber.channel(CatalogAddresses.PG_CHANNEL).handler(this::relay).subscribeHandler(v -> {
      cache.setEnabled(false);
      cache.setEnabled(true);
    });
    subscriber.closeHandler(v -> {
      cache.setEnabled(false);
      if (!stopping) {
        LOG.error("Availability feed lost its PostgreSQL connection for good: screens no longer update live");
      }
    });
    return subscriber.connect();
  }

  private void relay(String payload) {
    JsonObject change;
    try {
      change = new JsonObject(payload);
    } catch (RuntimeException e) {
      LOG.warn("Ignoring an unreadable availability notification");
      return;
    }
    cache.invalidate(change.getString("serviceId"));
    fanOut.deliver(CatalogAddresses.service(change.getString("serviceId")), change);
    fanOut.deliver(CatalogAddresses.area(change.getString("area")), change);
    change.getJsonArray("municipalities").forEach(m -> fanOut.deliver(CatalogAddresses.municipality(String.valueOf(m)), change));
  }

  public Future<Void> stop() {
    stopping = true;
    cache.setEnabled(false);
    return subscriber.close();
  }
}
