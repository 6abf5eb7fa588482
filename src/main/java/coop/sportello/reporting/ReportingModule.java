package coop.sportello.reporting;

import coop.sportello.platform.Module;
import coop.sportello.platform.Platform;
import coop.sportello.platform.database.Sweep;
import coop.sportello.platform.http.ApiModule;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reporting (issue 23, parts 3 and 6): reports per network, cooperative, project, municipality,
 * company and area over any period, and their per-booking exports (CSV, XLSX) with pseudonymous
 * people. Reads what the other modules wrote; its one write is the relay folding the day sums'
 * differences (V64), every {@link #FOLD_MILLIS} ms on every node (rows claimed with SKIP LOCKED). No bus.
 */
public final class ReportingModule implements Module {

  /** How long after one fold ends the next starts: the rows appended meanwhile are a few per booking changed. */
  static final long FOLD_MILLIS = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(ReportingModule.class);

  private final Platform platform;
  private final ReportingService service;
  private final ReportingRoutes routes;
  private Sweep fold;

  private ReportingModule(Platform platform) {
    this.platform = platform;
    this.service = new ReportingService(platform.pool(), new ReportingRepository(), platform.clock());
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
    return service.start().onSuccess(v ->
        fold = Sweep.every(platform.vertx(), FOLD_MILLIS, LOG, "Could not fold the reports' day sums", service::foldDaySums));
  }

  @Override
  public Future<Void> stop() {
    if (fold != null) {
      fold.stop();
    }
    return Future.succeededFuture();
  }
}
