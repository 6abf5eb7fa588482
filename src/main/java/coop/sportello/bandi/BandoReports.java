package coop.sportello.bandi;

import coop.sportello.bandi.domain.BandoReport;
import coop.sportello.bandi.domain.BandoReport.Bando;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.CsvFile;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The municipality's reports (officers of the Comune, its own bandi only): per bando and for the
 * whole Comune, applications and amounts by status, granted and residual budget, the applications
 * received per minute, hour or day, and for buoni spesa what the vouchers paid for in total and
 * per shop; JSON or CSV. Aggregates only: no person is named.
 */
public final class BandoReports {

  /**
   * The hook for what the voucher wallets of a bando paid for, implemented by the vouchers package
   * over its tables. Without it (not plugged in) the reports show the amounts granted and leave
   * spending out ({@code spentCents: null}, {@code spendingReported: false}).
   */
  public interface VoucherSpending {
    /** What the wallets opened by this bando's admissions paid, in total and per shop (by amount, largest first). */
    Future<Spent> spent(SqlClient c, UUID bando);

    record Spent(long spentCents, List<BandoReport.Shop> shops) { }
  }

  private final Pool pool;
  private final BandoReportsRepository repository;
  private final Optional<VoucherSpending> spending;

  BandoReports(Pool pool, BandoReportsRepository repository, Optional<VoucherSpending> spending) {
    this.pool = pool;
    this.repository = repository;
    this.spending = spending;
  }

  void mount(ApiRoutes routes, Rule officer) {
    routes.get("/comune/bandi/:id/report", officer)
        .summary("Il rendiconto di un bando: domande e importi per stato, concesso, residuo, speso per negozio, domande ricevute nel tempo (?bucket=minute|hour|day)")
        .handler(ctx -> {
          String bucket = bucket(ctx);
          ReviewRoutes.answer(ctx, bando(Access.identity(ctx), ApiRoutes.id(ctx, "id"))
              .compose(b -> repository.received(pool, b.id(), bucket).map(received -> json(b).put("received",
                  new JsonObject().put("bucket", bucket).put("items", received(received))))));
        });
    routes.get("/comune/bandi/:id/report/csv", officer).produces("text/csv")
        .summary("Il rendiconto di un bando come file CSV per Excel (separatore ;)")
        .handler(ctx -> {
          String bucket = bucket(ctx);
          CsvFile.send(ctx, "bando-" + ApiRoutes.id(ctx, "id") + ".csv", bando(Access.identity(ctx), ApiRoutes.id(ctx, "id"))
              .compose(b -> repository.received(pool, b.id(), bucket).map(received -> BandoReport.csv(b, bucket, received))));
        });
    routes.get("/comune/report", officer)
        .summary("Il rendiconto di tutti i bandi del Comune: per bando budget, concesso, residuo, speso, domande per stato")
        .handler(ctx -> ReviewRoutes.answer(ctx, bandi(Access.identity(ctx)).map(bandi -> {
          JsonArray items = new JsonArray();
          bandi.forEach(b -> items.add(json(b)));
          return new JsonObject().put("items", items)
              .put("budgetCents", bandi.stream().mapToLong(Bando::budgetCents).sum())
              .put("grantedCents", bandi.stream().mapToLong(Bando::grantedCents).sum())
              .put("residualCents", bandi.stream().mapToLong(Bando::residualCents).sum())
              .put("spendingReported", spending.isPresent());
        })));
    routes.get("/comune/report/csv", officer).produces("text/csv")
        .summary("Il rendiconto dei bandi del Comune come file CSV per Excel (separatore ;)")
        .handler(ctx -> CsvFile.send(ctx, "bandi-comune.csv", bandi(Access.identity(ctx)).map(BandoReport::csv)));
  }

  private Future<List<Bando>> bandi(Identity officer) {
    if (officer.providerId() == null) {
      return Future.failedFuture(Problem.forbidden("Il tuo account non è collegato a un Comune."));
    }
    return repository.bandiOf(pool, UUID.fromString(officer.providerId())).compose(bandi -> {
      Future<List<Bando>> all = Future.succeededFuture(new ArrayList<>());
      for (Bando b : bandi) {
        all = all.compose(list -> withSpending(b).map(full -> {
          list.add(full);
          return list;
        }));
      }
      return all;
    });
  }

  private Future<Bando> bando(Identity officer, UUID id) {
    return bandi(officer).compose(bandi -> bandi.stream().filter(b -> b.id().equals(id)).findFirst()
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(Problem.notFound("Nessun bando del tuo Comune con questo identificativo."))));
  }

  private Future<Bando> withSpending(Bando b) {
    if (spending.isEmpty() || !"buoni_spesa".equals(b.kind())) {
      return Future.succeededFuture(b);
    }
    return spending.get().spent(pool, b.id()).map(s -> new Bando(b.id(), b.title(), b.kind(), b.status(), b.budgetCents(),
        b.grantedCents(), b.byStatus(), OptionalLong.of(s.spentCents()), s.shops()));
  }

  private static JsonObject json(Bando b) {
    JsonObject byStatus = new JsonObject();
    for (String status : BandoReport.STATUS_NAMES.keySet()) {
      BandoReport.StatusCount c = b.count(status);
      byStatus.put(status, new JsonObject().put("applications", c.applications()).put("amountCents", c.amountCents()));
    }
    JsonArray shops = new JsonArray();
    b.shops().forEach(s -> shops.add(new JsonObject().put("shopId", s.id().toString()).put("name", s.name())
        .put("payments", s.payments()).put("spentCents", s.spentCents())));
    return new JsonObject().put("bandoId", b.id().toString()).put("title", b.title()).put("kind", b.kind())
        .put("status", b.status()).put("budgetCents", b.budgetCents()).put("grantedCents", b.grantedCents())
        .put("residualCents", b.residualCents()).put("applications", b.applications()).put("byStatus", byStatus)
        .put("spentCents", b.spentCents().isPresent() ? b.spentCents().getAsLong() : null)
        .put("spendingReported", b.spentCents().isPresent()).put("shops", shops);
  }

  private static JsonArray received(List<BandoReport.Received> received) {
    JsonArray items = new JsonArray();
    received.forEach(r -> items.add(new JsonObject().put("start", r.start().toString()).put("applications", r.applications())));
    return items;
  }

  private static String bucket(RoutingContext ctx) {
    String bucket = Optional.ofNullable(ctx.queryParams().get("bucket")).orElse("hour");
    if (!BandoReport.BUCKETS.contains(bucket)) {
      throw Problem.badRequest("bucket è minute, hour o day.");
    }
    return bucket;
  }
}
