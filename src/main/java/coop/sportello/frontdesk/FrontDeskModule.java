package coop.sportello.frontdesk;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;

/**
 * The front desk in the reports (issue 23, part 6): the topic and outcome of each answered call
 * and handled chat conversation, recorded by who had it, and the supervisor's counts. No timers,
 * no bus.
 */
public final class FrontDeskModule implements Module {

  private final FrontDeskRoutes routes;

  private FrontDeskModule(Platform platform) {
    this.routes = new FrontDeskRoutes(new FrontDeskService(platform.pool(), new FrontDeskRepository()));
  }

  public static FrontDeskModule create(Platform platform) {
    return new FrontDeskModule(platform);
  }

  @Override
  public ApiModule api() {
    return routes;
  }
}
