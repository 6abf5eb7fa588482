package coop.sportello.people;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;

/**
 * What the staff's consoles show about a person (see {@link PeopleService}): its route for reading
 * a person's bookings again; the call queue and the chat read the same through the service.
 */
public final class PeopleModule implements Module {

  private final PeopleService service;
  private final PeopleRoutes routes;

  private PeopleModule(Platform platform) {
    this.service = new PeopleService(platform.pool());
    this.routes = new PeopleRoutes(service);
  }

  public static PeopleModule create(Platform platform) {
    return new PeopleModule(platform);
  }

  /** For the modules that show a person to their staff (the screen pop, the citizen beside a chat). */
  public PeopleService service() {
    return service;
  }

  @Override
  public ApiModule api() {
    return routes;
  }
}
