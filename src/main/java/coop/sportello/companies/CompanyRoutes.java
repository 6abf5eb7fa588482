package coop.sportello.companies;

import coop.sportello.companies.domain.EmployeeList;
import coop.sportello.companies.domain.PlanTerms;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Company onboarding under /api/v1, for a company's hr_admin; the company is the one in their
 * token, so any other company's id answers 404:
 * <pre>
 *   GET  /company                        -> the company, groups with head counts, plans with money totals, last imports
 *   POST /company/groups                 {name} -> 201
 *   PUT  /company/groups/:id             {name}
 *   POST /company/plans                  {groupId, year, creditPerEmployeeCents, startsOn, endsOn, unusedCredit} -> 201
 *   PUT  /company/plans/:id              the same without groupId; 409 plan-funded once a wallet is open
 *   POST /company/employee-imports       {csv, closeMissing}; ?dryRun=true: the report only
 *   POST /company/leavers                {codiceFiscale}: closes one employee
 * </pre>
 */
final class CompanyRoutes implements ApiModule {

  private static final Rule HR = Rule.roles(Role.HR_ADMIN);
  private static final JsonBody GROUP = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["name"],
       "properties":{"name":{"type":"string","minLength":2,"maxLength":120}}}"""));
  private static final String TERMS = """
      "year":{"type":"integer","minimum":2020,"maximum":2100},
      "creditPerEmployeeCents":{"type":"integer","minimum":1,"maximum":%d},
      "startsOn":{"type":"string","format":"date"},"endsOn":{"type":"string","format":"date"},
      "unusedCredit":{"enum":["expires","carries_over"]}""".formatted(PlanTerms.MAX_CREDIT_CENTS);
  private static final JsonBody NEW_PLAN = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,
       "required":["groupId","year","creditPerEmployeeCents","startsOn","endsOn","unusedCredit"],
       "properties":{"groupId":{"type":"string","format":"uuid"},%s}}""".formatted(TERMS)));
  private static final JsonBody PLAN = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,
       "required":["year","creditPerEmployeeCents","startsOn","endsOn","unusedCredit"],
       "properties":{%s}}""".formatted(TERMS)));
  private static final JsonBody IMPORT = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["csv"],
       "properties":{"csv":{"type":"string","maxLength":%d},"closeMissing":{"type":"boolean"}}}"""
      .formatted(EmployeeList.MAX_CHARS)));
  private static final JsonBody LEAVER = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["codiceFiscale"],
       "properties":{"codiceFiscale":{"type":"string","maxLength":40}}}"""));

  private final CompanyService companies;

  CompanyRoutes(CompanyService companies) {
    this.companies = companies;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/company", HR).summary("La tua azienda: gruppi con i numeri dei dipendenti, piani con i totali del credito, ultime importazioni")
        .handler(ctx -> companies.overview(Access.identity(ctx)).onSuccess(body -> ctx.json(body)).onFailure(ctx::fail));
    routes.post("/company/groups", HR).summary("Crea un gruppo di dipendenti (il gruppo di un piano welfare)")
        .body(GROUP).idempotent().handler(change((ctx, who, body, key) -> companies.createGroup(who, body.getString("name"), key)));
    routes.put("/company/groups/:id", HR).summary("Rinomina un gruppo della tua azienda")
        .body(GROUP).idempotent()
        .handler(change((ctx, who, body, key) -> companies.renameGroup(who, ApiRoutes.id(ctx, "id"), body.getString("name"), key)));
    routes.post("/company/plans", HR).summary("Crea il piano welfare di un anno per un gruppo")
        .body(NEW_PLAN).idempotent()
        .handler(change((ctx, who, body, key) -> companies.createPlan(who, UUID.fromString(body.getString("groupId")), terms(body), key)));
    routes.put("/company/plans/:id", HR).summary("Modifica un piano welfare finché nessun conto è stato aperto")
        .body(PLAN).idempotent()
        .handler(change((ctx, who, body, key) -> companies.updatePlan(who, ApiRoutes.id(ctx, "id"), terms(body), key)));
    routes.post("/company/employee-imports", HR)
        .summary("Importa i dipendenti da un file CSV (?dryRun=true: solo il resoconto riga per riga, nulla viene scritto)")
        .body(IMPORT).idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          JsonObject body = ApiRoutes.body(ctx);
          boolean dryRun = "true".equals(ctx.queryParams().get("dryRun"));
          Idempotency.answer(ctx, companies.importEmployees(who, body.getString("csv"), body.getBoolean("closeMissing", false),
              dryRun, dryRun ? null : Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/company/leavers", HR).summary("Chiude un dipendente che ha lasciato l'azienda (il suo account resta)")
        .body(LEAVER).idempotent()
        .handler(change((ctx, who, body, key) -> companies.closeLeaver(who, body.getString("codiceFiscale"), key)));
  }

  /** A change by the HR admin: who, the validated body and its Idempotency-Key, answered as the service's outcome. */
  private interface Change {
    Future<Idempotency.Outcome> run(RoutingContext ctx, Identity who, JsonObject body, Idempotency.Key key);
  }

  private static Handler<RoutingContext> change(Change change) {
    return ctx -> {
      Identity who = Access.identity(ctx);
      JsonObject body = ApiRoutes.body(ctx);
      Idempotency.answer(ctx, change.run(ctx, who, body, Idempotency.key(ctx, who.subject(), body)));
    };
  }

  private static PlanTerms terms(JsonObject body) {
    try {
      return new PlanTerms(body.getInteger("year"), body.getInteger("creditPerEmployeeCents"),
          LocalDate.parse(body.getString("startsOn")), LocalDate.parse(body.getString("endsOn")), body.getString("unusedCredit"));
    } catch (DateTimeParseException e) {
      throw Problem.badRequest("Le date si scrivono AAAA-MM-GG.");
    }
  }

}
