package coop.sportello.delivery;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;

/**
 * Delivery (issue 23, part 1): the provider's day, what was delivered of each confirmed booking,
 * the months a cooperative closed and the corrections after. No timers, no bus.
 */
public final class DeliveryModule implements Module {

  private final DeliveryRoutes routes;

  private DeliveryModule(Platform platform) {
    this.routes = new DeliveryRoutes(new DeliveryService(platform.pool(), new DeliveryRepository(), platform.clock()));
  }

  public static DeliveryModule create(Platform platform) {
    return new DeliveryModule(platform);
  }

  @Override
  public ApiModule api() {
    return routes;
  }
}
