package coop.sportello.calendar;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;

/**
 * Calendar feeds (see {@link CalendarService}): a secret address per person and per resource that
 * a phone's calendar subscribes to. Reads bookings, never changes them; no timers, no bus.
 */
public final class CalendarModule implements Module {

  private final CalendarService service;
  private final CalendarRoutes routes;

  private CalendarModule(Platform platform, String publicUrl) {
    this.service = new CalendarService(platform.vertx(), platform.pool(), platform.clock());
    this.routes = new CalendarRoutes(service, publicUrl);
  }

  /** {@code publicUrl} is {@code http.publicUrl}, which the feeds' addresses start with (empty: localhost). */
  public static CalendarModule create(Platform platform, String publicUrl) {
    return new CalendarModule(platform, publicUrl);
  }

  public CalendarService service() {
    return service;
  }

  @Override
  public ApiModule api() {
    return routes;
  }
}
