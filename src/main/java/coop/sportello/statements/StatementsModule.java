package coop.sportello.statements;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;

/**
 * Statements (issue 21, part E): what each cooperative is owed per month and what each company's
 * welfare credit paid for, read from the money tables. No timers, no bus, nothing written.
 */
public final class StatementsModule implements Module {

  private final StatementsRoutes routes;

  private StatementsModule(Platform platform) {
    this.routes = new StatementsRoutes(new StatementsService(platform.pool(), new StatementsRepository(platform.pool()),
        platform.areas()));
  }

  public static StatementsModule create(Platform platform) {
    return new StatementsModule(platform);
  }

  @Override
  public ApiModule api() {
    return routes;
  }
}
