package coop.sportello.events;

import coop.sportello.booking.BookingService;
import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.pricing.PricingRepository;
import coop.sportello.pricing.PricingService;

/**
 * Events and visits sold as tickets (issue 24): ticket types, purchases held and paid as bookings,
 * one ticket per person, the door admitting each once. No timers, no bus.
 */
public final class EventsModule implements Module {

  private final EventsRoutes routes;

  private EventsModule(Platform platform, BookingService bookings) {
    this.routes = new EventsRoutes(new EventsService(platform.pool(), new EventsRepository(), bookings,
        new PricingService(platform.pool(), new PricingRepository(), platform.clock()), platform.clock()));
  }

  public static EventsModule create(Platform platform, BookingService bookings) {
    return new EventsModule(platform, bookings);
  }

  @Override
  public ApiModule api() {
    return routes;
  }
}
