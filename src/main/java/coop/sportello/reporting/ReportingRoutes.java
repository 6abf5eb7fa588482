package coop.sportello.reporting;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import coop.sportello.reporting.domain.ExportRow;
import coop.sportello.reporting.domain.ReportPeriod;
import coop.sportello.reporting.domain.ReportScope;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reports under /api/v1 (who may read which: {@code ReportAccess}):
 * <pre>
 *   GET /reports                                                            -> {items: [{scope, id, name}]}: what the caller may pick
 *   GET /reports/:scope/:entity?from=yyyy-MM-dd&to=yyyy-MM-dd              -> the report (JSON)
 *   GET /reports/:scope/:entity/export.csv?from&to, .../export.xlsx?from&to  -> one row per booking counted, streamed
 * </pre>
 * scope: network (entity all), providers, projects, companies (a UUID), municipalities (ISTAT code),
 * areas (area code). The files are written on a worker thread to a stream that waits for the
 * client (ResponseOutputStream), page by page from PostgreSQL.
 */
final class ReportingRoutes implements ApiModule {

  static final Rule READERS = Rule.roles(Role.SUPERVISOR, Role.PROVIDER_ADMIN, Role.MUNICIPAL_OFFICER, Role.HR_ADMIN);
  private static final long EXPORT_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(30);

  private final Vertx vertx;
  private final ReportingService reports;

  ReportingRoutes(Vertx vertx, ReportingService reports) {
    this.vertx = vertx;
    this.reports = reports;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/reports", READERS)
        .summary("Gli ambiti di cui chi chiama può vedere i rapporti: la rete, gli enti, i progetti, i comuni, le aziende, le aree")
        .handler(ctx -> reports.choices(Access.identity(ctx)).onSuccess(list -> ctx.json(new io.vertx.core.json.JsonObject()
            .put("items", new io.vertx.core.json.JsonArray(list.stream().map(c -> new io.vertx.core.json.JsonObject()
                .put("scope", c.scope()).put("id", c.id()).put("name", c.name())).toList())))).onFailure(ctx::fail));
    routes.get("/reports/:scope/:entity", READERS)
        .summary("Rapporto di un ambito nel periodo (?from=AAAA-MM-GG&to=AAAA-MM-GG, al massimo 400 giorni): persone, "
            + "prestazioni e ore erogate, assenze, importi per canale, attese, indicatori di impatto, contatti dello sportello")
        .handler(ctx -> reports.report(Access.identity(ctx), scope(ctx), ctx.pathParam("entity"), period(ctx))
            .onSuccess(r -> ctx.json(ReportJson.of(r))).onFailure(ctx::fail));
    routes.get("/reports/:scope/:entity/export.csv", READERS).produces("text/csv")
        .summary("Le prenotazioni del rapporto, una riga ciascuna con la persona pseudonima, in CSV (in streaming)")
        .timeoutMillis(EXPORT_TIMEOUT_MILLIS).handler(ctx -> export(ctx, ReportFile.Format.CSV));
    routes.get("/reports/:scope/:entity/export.xlsx", READERS).produces(ReportFile.Format.XLSX.mediaType)
        .summary("Le prenotazioni del rapporto, una riga ciascuna con la persona pseudonima, in Excel (in streaming)")
        .timeoutMillis(EXPORT_TIMEOUT_MILLIS).handler(ctx -> export(ctx, ReportFile.Format.XLSX));
  }

  private void export(RoutingContext ctx, ReportFile.Format format) {
    ReportScope scope = scope(ctx);
    String entity = ctx.pathParam("entity");
    ReportPeriod period = period(ctx);
    Identity who = Access.identity(ctx);
    reports.export(who, scope, entity, period).onFailure(ctx::fail).onSuccess(rows -> {
      HttpServerResponse response = ctx.response().setChunked(true)
          .putHeader("Content-Type", format.mediaType)
          .putHeader("Content-Disposition", "attachment; filename=\""
              + ReportFile.fileName(scope.wireName(), entity, period.from(), period.to(), format) + "\"")
          .putHeader("Cache-Control", "no-store");
      Context context = vertx.getOrCreateContext();
      vertx.executeBlocking(() -> {
        try (ResponseOutputStream out = new ResponseOutputStream(context, response)) {
          ReportFile file = format.open(out);
          for (List<ExportRow> page = join(rows); page != null; page = join(rows)) {
            for (ExportRow row : page) {
              file.row(row);
            }
          }
          file.finish();
        }
        return null;
      }, false).onComplete(done -> rows.close()).onComplete(done -> {
        if (done.succeeded()) {
          response.end();
        } else if (!response.headWritten()) {
          ctx.fail(done.cause());
        } else {
          response.reset();
        }
      });
    });
  }

  /** The next page, waited for on the worker thread. */
  private static List<ExportRow> join(ReportingService.Rows rows) throws Exception {
    return rows.next().toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
  }

  private static ReportScope scope(RoutingContext ctx) {
    return ReportScope.fromWire(ctx.pathParam("scope"))
        .orElseThrow(() -> Problem.notFound("Nessun rapporto di questo tipo: network, providers, projects, municipalities, companies, areas."));
  }

  private static ReportPeriod period(RoutingContext ctx) {
    ReportPeriod.Result result = ReportPeriod.parse(ctx.queryParams().get("from"), ctx.queryParams().get("to"));
    if (result.refusal() != null) {
      throw Problem.of(result.refusal());
    }
    return result.period();
  }
}
