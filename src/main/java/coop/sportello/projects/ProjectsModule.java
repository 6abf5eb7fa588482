package coop.sportello.projects;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;

/**
 * Projects and funders (issue 23, part 2): a cooperative's projects, the services they fund, the
 * use of their budgets and the project a booking counts against. No timers, no bus.
 */
public final class ProjectsModule implements Module {

  private final ProjectsRoutes routes;

  private ProjectsModule(Platform platform) {
    this.routes = new ProjectsRoutes(new ProjectsService(platform.pool(), new ProjectsRepository()));
  }

  public static ProjectsModule create(Platform platform) {
    return new ProjectsModule(platform);
  }

  @Override
  public ApiModule api() {
    return routes;
  }
}
