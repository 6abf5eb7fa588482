package coop.sportello.projects;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.domain.CalendarDate;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import coop.sportello.projects.domain.ProjectRules;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A cooperative's projects and funders under /api/v1, for its admin (the cooperative is the
 * caller's own, from the token):
 * <pre>
 *   GET    /provider/projects               -> {items: [project], services: [{id, title}]}
 *   GET    /provider/projects/:id           -> project: {id, name, funder, startsOn, endsOn, budgetMinutes|budgetCents,
 *                                              use {bookings, sessions, minutes, cents}, usedPercent, taggedBookings, services}
 *   POST   /provider/projects               {name, funder, startsOn, endsOn, budgetMinutes|budgetCents, serviceIds}  Idempotency-Key
 *   PUT    /provider/projects/:id           the same                                                          Idempotency-Key
 *   DELETE /provider/projects/:id           Idempotency-Key (refused while bookings count against it)
 *   PUT    /provider/bookings/:id/project   {projectId: id | null}                                            Idempotency-Key
 * </pre>
 */
final class ProjectsRoutes implements ApiModule {

  private static final Rule PROVIDER = Rule.roles(Role.PROVIDER_ADMIN);
  private static final String ID = "\"type\":\"string\",\"pattern\":\"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$\"";
  private static final String DAY = "\"type\":\"string\",\"pattern\":\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"";
  private static final JsonBody PROJECT = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["name","funder","startsOn","endsOn"],
       "properties":{"name":{"type":"string","maxLength":%1$d},"funder":{"type":"string","maxLength":%1$d},
                     "startsOn":{%2$s},"endsOn":{%2$s},
                     "budgetMinutes":{"type":["integer","null"],"minimum":1,"maximum":2000000000},
                     "budgetCents":{"type":["integer","null"],"minimum":1,"maximum":100000000000},
                     "serviceIds":{"type":"array","maxItems":500,"items":{%3$s}}}}"""
      .formatted(ProjectRules.NAME_MAX, DAY, ID)));
  private static final JsonBody RETAG = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["projectId"],
       "properties":{"projectId":{"oneOf":[{"type":"null"},{%s}]}}}""".formatted(ID)));

  private final ProjectsService projects;

  ProjectsRoutes(ProjectsService projects) {
    this.projects = projects;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/provider/projects", PROVIDER)
        .summary("I progetti della cooperativa con finanziatore, periodo, budget e quanto ne è stato usato; i suoi servizi")
        .handler(ctx -> projects.list(Access.identity(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.get("/provider/projects/:id", PROVIDER)
        .summary("Un progetto della cooperativa con i suoi servizi e l'uso del budget")
        .handler(ctx -> projects.one(Access.identity(ctx), ApiRoutes.id(ctx, "id")).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.post("/provider/projects", PROVIDER)
        .summary("Crea un progetto: nome, finanziatore, periodo, budget in ore o in euro, i servizi che finanzia")
        .body(PROJECT).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, projects.create(who, checked(body), Idempotency.key(ctx, who.subject(), body)));
        });
    routes.put("/provider/projects/:id", PROVIDER)
        .summary("Cambia un progetto e i servizi che finanzia")
        .body(PROJECT).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, projects.update(who, ApiRoutes.id(ctx, "id"), checked(body),
              Idempotency.key(ctx, who.subject(), body)));
        });
    routes.delete("/provider/projects/:id", PROVIDER)
        .summary("Elimina un progetto su cui non conta nessuna prenotazione")
        .idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, projects.delete(who, ApiRoutes.id(ctx, "id"), Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
    routes.put("/provider/bookings/:id/project", PROVIDER)
        .summary("Sposta una prenotazione su un altro progetto della cooperativa che ne copre il giorno, o su nessuno (mese aperto)")
        .body(RETAG).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          String project = body.getString("projectId");
          Idempotency.answer(ctx, projects.retag(who, ApiRoutes.id(ctx, "id"), project == null ? null : UUID.fromString(project),
              Idempotency.key(ctx, who.subject(), body)));
        });
  }

  private static ProjectRules.Checked checked(JsonObject body) {
    JsonArray services = body.getJsonArray("serviceIds", new JsonArray());
    Integer minutes = body.getInteger("budgetMinutes");
    Long cents = body.getLong("budgetCents");
    return ProjectRules.check(body.getString("name"), body.getString("funder"), day(body, "startsOn"), day(body, "endsOn"),
        minutes, cents, services.stream().map(s -> UUID.fromString((String) s)).toList());
  }

  private static LocalDate day(JsonObject body, String field) {
    return CalendarDate.parse(body.getString(field)).orElseThrow(() -> Problem.validation("Data inesistente.",
        new JsonArray().add(new JsonObject().put("pointer", "/" + field).put("detail", "data AAAA-MM-GG valida"))));
  }
}
