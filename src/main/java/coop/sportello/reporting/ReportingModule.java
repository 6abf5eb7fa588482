package coop.sportello.reporting;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.http.ApiModule;
import io.vertx.core.Future;

/**
 * Reporting (issue 23, parts 3 and 6): reports per network, cooperative, project, municipality,
 * company and area over any period, and their per-booking exports (CSV, XLSX) with pseudonymous
 * people. Reads what the other modules wrote; writes nothing. No timers, no bus.
 */
public final class ReportingModule implements Module {

  private final ReportingService service;
  private final ReportingRoutes routes;

  private ReportingModule(Platform platform) {
    this.service = new ReportingService(platform.pool(), new ReportingRepository());
    this.routes = new ReportingRoutes(platform.vertx(), service);
  }

  public static ReportingModule create(Platform platform) {
    return new ReportingModule(platform);
  }

  @Override
  public ApiModule api() {
    return routes;
  }

  @Override
  public Future<Void> start() {
    return service.start();
  }
}
