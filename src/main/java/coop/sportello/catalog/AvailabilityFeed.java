package coop.sportello.catalog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to PostgreSQL's availability notifications and republishes them on this node's event
 * bus. NOTIFY is delivered only after commit and to every listening node, so a change made on any
 * node reaches the sockets of every node, and never before it is durable. Publishing is local-only:
 * each node feeds its own sockets, so a clustered event bus does not deliver twice.
 */
public final class AvailabilityFeed {

  private static final Logger LOG = LoggerFactory.getLogger(AvailabilityFeed.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true).setCodecName(SharedJsonCodec.NAME);

  private final Vertx vertx;
  private final PgSubscriber subscriber;
  private volatile boolean stopping;

  private final AvailabilityCache cache;

  public AvailabilityFeed(Vertx vertx, PgConnectOptions connectOptions, AvailabilityCache cache) {
    this.vertx = vertx;
    this.cache = cache;
    this.subscriber = PgSubscriber.subscriber(vertx, connectOptions)
        .reconnectPolicy(retries -> retries < 1_000 ? 500L : -1L);
  }

  public Future<Void> start() {
    vertx.eventBus().registerCodec(new SharedJsonCodec());
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
    var bus = vertx.eventBus();
    bus.publish(CatalogAddresses.service(change.getString("serviceId")), change, LOCAL);
    bus.publish(CatalogAddresses.area(change.getString("area")), change, LOCAL);
    change.getJsonArray("municipalities").forEach(m -> bus.publish(CatalogAddresses.municipality(String.valueOf(m)), change, LOCAL));
  }

  public Future<Void> stop() {
    stopping = true;
    vertx.eventBus().unregisterCodec(SharedJsonCodec.NAME);
    cache.setEnabled(false);
    return subscriber.close();
  }
}
