package coop.sportello.statements;

import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.CsvFile;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.QueryParams;
import coop.sportello.platform.http.Rule;
import coop.sportello.statements.domain.StatementMonth;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Statements under /api/v1; the cooperative or company is always the caller's own (token):
 * <pre>
 *   GET /provider/payments?month=yyyy-MM&page&size   provider_admin -> {month, total, dueCents, completedCents, items}
 *   GET /provider/statements/:month                  provider_admin -> the month's statement
 *   GET /provider/statements/:month/csv              provider_admin -> the same as a CSV file
 *   GET /company/credit-use?month=yyyy-MM            hr_admin       -> credit spent by area, cells of 5 people or more
 *   GET /company/credit-use/csv?month=yyyy-MM        hr_admin       -> the same as a CSV file
 *   GET /company/plan-use?year=yyyy                  hr_admin       -> credit used by area and month, small groups hidden
 * </pre>
 */
final class StatementsRoutes implements ApiModule {

  private static final Rule PROVIDER = Rule.roles(Role.PROVIDER_ADMIN);
  private static final Rule HR = Rule.roles(Role.HR_ADMIN);
  static final int MAX_SIZE = 200;

  private final StatementsService statements;

  StatementsRoutes(StatementsService statements) {
    this.statements = statements;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/provider/payments", PROVIDER)
        .summary("I pagamenti delle prenotazioni della cooperativa che iniziano nel mese (?month=AAAA-MM)")
        .handler(ctx -> answer(ctx, statements.payments(Access.identity(ctx), month(ctx.queryParams().get("month")),
            QueryParams.count(ctx, "page", 1, 10_000), QueryParams.count(ctx, "size", 100, MAX_SIZE))));
    routes.get("/provider/statements/:month", PROVIDER)
        .summary("Il rendiconto del mese della cooperativa: prenotazioni svolte, incassi e rimborsi per canale, commissioni, netto")
        .handler(ctx -> answer(ctx, statements.statement(Access.identity(ctx), month(ctx.pathParam("month")))));
    routes.get("/provider/statements/:month/csv", PROVIDER).produces("text/csv")
        .summary("Il rendiconto del mese come file CSV per Excel (separatore ;)")
        .handler(ctx -> {
          StatementMonth month = month(ctx.pathParam("month"));
          CsvFile.send(ctx, "rendiconto-" + month + ".csv", statements.statementCsv(Access.identity(ctx), month));
        });
    routes.get("/company/credit-use", HR)
        .summary("Il credito welfare speso dai dipendenti nel mese, per area, solo in aggregato (?month=AAAA-MM)")
        .handler(ctx -> answer(ctx, statements.creditUse(Access.identity(ctx), month(ctx.queryParams().get("month")))));
    routes.get("/company/credit-use/csv", HR).produces("text/csv")
        .summary("Il credito welfare speso nel mese come file CSV per Excel (?month=AAAA-MM)")
        .handler(ctx -> {
          StatementMonth month = month(ctx.queryParams().get("month"));
          CsvFile.send(ctx, "credito-welfare-" + month + ".csv", statements.creditUseCsv(Access.identity(ctx), month));
        });
    routes.get("/company/plan-use", HR)
        .summary("L'uso del piano welfare nell'anno per area e mese, solo in aggregato: celle con meno di 5 persone non mostrate (?year=AAAA)")
        .handler(ctx -> answer(ctx, statements.planUse(Access.identity(ctx), QueryParams.year(ctx))));
  }

  private static StatementMonth month(String text) {
    return StatementMonth.parse(text).orElseThrow(() -> Problem.of(StatementMonth.WRONG));
  }


  private static void answer(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(ctx::json).onFailure(ctx::fail);
  }
}
