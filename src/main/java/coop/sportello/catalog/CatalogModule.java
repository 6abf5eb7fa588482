package coop.sportello.catalog;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.database.Sweep;
import coop.sportello.platform.http.ApiModule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Services, resources, schedules and live availability: the routes, the availability feed
 * (PostgreSQL LISTEN relayed to the screens) and the job that rolls slots forward to the booking
 * horizon, now and every few hours.
 */
public final class CatalogModule implements Module {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogModule.class);

  /** The {@code catalog} section of the configuration. */
  public record Settings(int horizonDays, long horizonRefreshMillis, AvailabilityFeed.Backoff feedReconnect) {
    public static Settings from(JsonObject catalog) {
      return new Settings(catalog.getInteger("horizonDays"), catalog.getLong("horizonRefreshMillis"),
          new AvailabilityFeed.Backoff(catalog.getLong("feedReconnectMinMillis"), catalog.getLong("feedReconnectMaxMillis")));
    }
  }

  private final Platform platform;
  private final Settings settings;
  private final CatalogService service;
  private final AvailabilityFeed feed;
  private final CatalogRoutes routes;
  private Sweep horizonSweep;

  private CatalogModule(Platform platform, Settings settings) {
    this.platform = platform;
    this.settings = settings;
    this.service = new CatalogService(platform.pool(), new CatalogRepository(platform.pool()), platform.clock(),
        settings.horizonDays());
    this.feed = service.feed(platform.vertx(), platform.database().connectOptions(), platform.fanOut(),
        settings.feedReconnect());
    this.routes = new CatalogRoutes(service);
  }

  public static CatalogModule create(Platform platform, Settings settings) {
    return new CatalogModule(platform, settings);
  }

  public CatalogService service() {
    return service;
  }

  /** The availability feed of this node (the resilience tests watch it reconnect). */
  public AvailabilityFeed feed() {
    return feed;
  }

  @Override
  public ApiModule api() {
    return routes;
  }

  @Override
  public Future<Void> start() {
    // Slots roll forward to the booking horizon now (in the background) and every few hours.
    extendSlots().onFailure(e -> LOG.warn("Could not roll slots forward", e));
    horizonSweep = Sweep.every(platform.vertx(), settings.horizonRefreshMillis(), LOG, "Could not roll slots forward", this::extendSlots);
    return feed.start();
  }

  private Future<Integer> extendSlots() {
    return service.extendHorizon().onSuccess(added -> LOG.info("Slots rolled forward to the booking horizon ({} added)", added));
  }

  @Override
  public Future<Void> stop() {
    if (horizonSweep != null) {
      horizonSweep.stop();
    }
    return feed.stop();
  }
}
