package coop.sportello.bandi;

import coop.sportello.bandi.domain.Review;
import coop.sportello.platform.Platform;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.QueryParams;
import coop.sportello.platform.http.Rule;
import coop.sportello.vouchers.VoucherGrants;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The officers' review of their Comune's bandi and its reports, under /api/v1 (municipal_officer
 * only; the bando must be of the token's Comune, else 404):
 * <pre>
 *   GET  /comune/bandi/:id/applications?status=a,b&amp;protocolFrom&amp;protocolTo&amp;q&amp;page&amp;size
 *                                              -> {bando, total, page, size, items[]} by protocol
 *   GET  /comune/bandi/:id/applications/:applicationId  -> answers, household, documents list, history
 *   GET  /comune/bandi/:id/ranking      -> the waiting applications in ranking order, withinBudget
 *   POST /comune/bandi/:id/applications/:applicationId/incomplete {reason} -> asks for more
 *   POST /comune/bandi/:id/applications/:applicationId/admit              -> admitted (or paid: buoni spesa);
 *                                              409 budget-exhausted {residualCents}
 *   POST /comune/bandi/:id/applications/:applicationId/reject {reason}     -> rejected (an admitted one revoked)
 *   POST /comune/bandi/:id/applications/:applicationId/paid               -> a contributo paid out
 *   POST /comune/bandi/:id/admit-in-ranking -> {admitted, residualCents, budgetCents, stoppedByBudget}
 *   GET  /comune/bandi/:id/report?bucket=minute|hour|day (and /csv)        -> one bando in aggregate
 *   GET  /comune/report (and /csv)                                        -> every bando of the Comune
 * </pre>
 * Every change takes an Idempotency-Key.
 */
public final class ReviewRoutes implements ApiModule {

  private static final Rule OFFICER = Rule.roles(Role.MUNICIPAL_OFFICER);
  private static final String APPLICATION = "/comune/bandi/:id/applications/:applicationId";
  static final int MAX_SIZE = 200;
  private static final JsonBody NOTHING = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false}"""));
  private static final JsonBody REASON = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["reason"],
       "properties":{"reason":{"type":"string","minLength":%d,"maxLength":%d}}}"""
      .formatted(Review.MIN_REASON, Review.MAX_REASON)));

  private final ReviewService review;
  private final BandoReports reports;

  ReviewRoutes(ReviewService review, BandoReports reports) {
    this.review = review;
    this.reports = reports;
  }

  /**
   * The review's routes over the platform's pool; {@code vouchers}, when plugged in, opens the
   * wallet of an admitted buoni spesa application in the admitting transaction. BandiModule's
   * routes mount these with theirs.
   */
  public static ReviewRoutes create(Platform platform, Optional<VoucherGrants> vouchers,
                                    Optional<BandoReports.VoucherSpending> spending) {
    return new ReviewRoutes(new ReviewService(platform.pool(), new ReviewRepository(), vouchers),
        new BandoReports(platform.pool(), new BandoReportsRepository(), spending));
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/comune/bandi/:id/applications", OFFICER)
        .summary("Le domande di un bando del Comune per protocollo, con filtri (?status, protocolFrom, protocolTo, q: nome o codice fiscale) e pagine")
        .handler(ctx -> answer(ctx, review.applications(Access.identity(ctx), ApiRoutes.id(ctx, "id"), filter(ctx),
            QueryParams.count(ctx, "page", 1, 100_000), QueryParams.count(ctx, "size", 50, MAX_SIZE))));
    routes.get(APPLICATION, OFFICER)
        .summary("Una domanda: risposte, nucleo familiare, elenco dei documenti, storia")
        .handler(ctx -> answer(ctx, review.application(Access.identity(ctx), ApiRoutes.id(ctx, "id"),
            ApiRoutes.id(ctx, "applicationId"))));
    routes.get("/comune/bandi/:id/ranking", OFFICER)
        .summary("La graduatoria delle domande in attesa (per protocollo o per punteggio) e quali stanno nel budget residuo")
        .handler(ctx -> answer(ctx, review.ranking(Access.identity(ctx), ApiRoutes.id(ctx, "id"))));
    routes.post(APPLICATION + "/incomplete", OFFICER)
        .summary("Chiede integrazioni al richiedente, con il motivo").body(REASON).idempotent()
        .handler(ctx -> change(ctx, (who, key, body) -> review.askMore(who, ApiRoutes.id(ctx, "id"),
            ApiRoutes.id(ctx, "applicationId"), body.getString("reason"), key)));
    routes.post(APPLICATION + "/admit", OFFICER)
        .summary("Ammette la domanda se il budget basta (409 budget-exhausted con il residuo); buoni spesa: emette il borsellino")
        .optionalBody(NOTHING).idempotent()
        .handler(ctx -> change(ctx, (who, key, body) -> review.admit(who, ApiRoutes.id(ctx, "id"),
            ApiRoutes.id(ctx, "applicationId"), key)));
    routes.post(APPLICATION + "/reject", OFFICER)
        .summary("Respinge la domanda con il motivo; se era ammessa la revoca e l'importo torna nel budget").body(REASON).idempotent()
        .handler(ctx -> change(ctx, (who, key, body) -> review.reject(who, ApiRoutes.id(ctx, "id"),
            ApiRoutes.id(ctx, "applicationId"), body.getString("reason"), key)));
    routes.post(APPLICATION + "/paid", OFFICER)
        .summary("Segna pagato il contributo di una domanda ammessa").optionalBody(NOTHING).idempotent()
        .handler(ctx -> change(ctx, (who, key, body) -> review.markPaid(who, ApiRoutes.id(ctx, "id"),
            ApiRoutes.id(ctx, "applicationId"), key)));
    routes.post("/comune/bandi/:id/admit-in-ranking", OFFICER)
        .summary("Ammette le domande in attesa in ordine di graduatoria finché il budget basta")
        // Thousands of admissions after a click day, each its own short transaction: about 2 ms each.
        .optionalBody(NOTHING).idempotent().timeoutMillis(ADMISSION_BATCH_MILLIS)
        .handler(ctx -> change(ctx, (who, key, body) -> review.admitInRanking(who, ApiRoutes.id(ctx, "id"), key)));
    reports.mount(routes, OFFICER);
  }

  /** How long the officer's admission in ranking order may run before the answer is a 503 (the batch goes on). */
  static final long ADMISSION_BATCH_MILLIS = 120_000;

  private interface Change {
    Future<Idempotency.Outcome> run(Identity who, Idempotency.Key key, JsonObject body);
  }

  private static void change(RoutingContext ctx, Change change) {
    Identity who = Access.identity(ctx);
    JsonObject body = ApiRoutes.body(ctx);
    Idempotency.answer(ctx, change.run(who, Idempotency.key(ctx, who.subject(), body), body));
  }

  private static ReviewRepository.Filter filter(RoutingContext ctx) {
    String status = ctx.queryParams().get("status");
    List<String> statuses = status == null || status.isBlank() ? null : Arrays.stream(status.split(",")).map(String::strip).toList();
    if (statuses != null && !Review.STATUSES.containsAll(statuses)) {
      throw Problem.badRequest("status è uno o più tra " + String.join(", ", Review.STATUSES.stream().sorted().toList())
          + ", separati da virgole.");
    }
    String q = ctx.queryParams().get("q");
    if (q != null && (q.isBlank() || q.length() > 100)) {
      throw Problem.badRequest("q (nome o codice fiscale) va da 1 a 100 caratteri.");
    }
    return new ReviewRepository.Filter(statuses, protocol(ctx, "protocolFrom"), protocol(ctx, "protocolTo"),
        q == null ? null : q.strip());
  }

  private static Long protocol(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return null;
    }
    if (!value.matches("^[0-9]{1,15}$")) {
      throw Problem.badRequest(name + " è un numero di protocollo.");
    }
    return Long.parseLong(value);
  }

  static void answer(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(json -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      ctx.json(json);
    }).onFailure(ctx::fail);
  }
}
