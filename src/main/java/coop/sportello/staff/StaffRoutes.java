package coop.sportello.staff;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import coop.sportello.staff.domain.StaffPolicy;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.UUID;

/**
 * Staff management, under /api/v1 (every change takes an Idempotency-Key):
 * <pre>
 *   GET  /staff                  supervisor, provider_admin  ?role&amp;status=active|disabled&amp;q -> {items[]}
 *   GET  /staff/choices          supervisor, provider_admin  roles they grant, queues, areas, cooperatives, companies
 *   GET  /staff/audit            supervisor, provider_admin  ?target&amp;limit -> {items[]}, newest first
 *   POST /staff                  supervisor, provider_admin  {username, displayName, email, codiceFiscale?, language?,
 *                                roles[], providerId?, companyId?, queues?[{queue, level?}], areas?[], languages?[],
 *                                maxChats?, endpoint?} -> 201 the account (an invitation is sent)
 *   GET  /staff/:id              supervisor, provider_admin  the account
 *   PUT  /staff/:id              supervisor, provider_admin  {displayName, roles[], ...as above} -> the account
 *   POST /staff/:id/disable      supervisor, provider_admin  -> the account (sessions ended; stillOnCall for an operator)
 *   POST /staff/:id/enable       supervisor, provider_admin  -> the account
 * </pre>
 * A cooperative's admin manages only their own cooperative's admins: anything else is 404, as an
 * unknown id. Refusals: 422 unknown-role, not-a-staff-role, unknown-queue, unknown-area,
 * unknown-cooperative, unknown-company, *-required, invalid-codice-fiscale; 403 role-not-grantable;
 * 409 username-taken, email-taken, codice-fiscale-taken, own-account, last-supervisor.
 * Kiosk devices stay under /kiosk-devices (identity and access).
 */
final class StaffRoutes implements ApiModule {

  private static final String PROFILE = """
      "displayName":{"type":"string","minLength":1,"maxLength":200,"pattern":"\\\\S"},
      "roles":{"type":"array","minItems":1,"maxItems":9,"uniqueItems":true,"items":{"type":"string","maxLength":40}},
      "providerId":{"type":"string","format":"uuid"},
      "companyId":{"type":"string","format":"uuid"},
      "queues":{"type":"array","maxItems":50,"items":{"type":"object","additionalProperties":false,"required":["queue"],
        "properties":{"queue":{"type":"string","maxLength":40},"level":{"type":"integer","minimum":1,"maximum":9}}}},
      "areas":{"type":"array","maxItems":20,"uniqueItems":true,"items":{"type":"string","maxLength":40}},
      "languages":{"type":"array","maxItems":10,"uniqueItems":true,"items":{"type":"string","pattern":"^[a-z]{2}$"}},
      "maxChats":{"type":"integer","minimum":1,"maximum":20},
      "endpoint":{"type":"string","minLength":2,"maxLength":200}""";

  private static final JsonBody NEW_STAFF = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["username","displayName","email","roles"],
       "properties":{"username":{"type":"string","pattern":"^\\\\s*[A-Za-z0-9._@+-]{3,254}\\\\s*$"},
         "email":{"type":"string","maxLength":254,"pattern":"^\\\\s*[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+\\\\s*$"},
         "codiceFiscale":{"type":"string","maxLength":40},
         "language":{"enum":["it","en"]},""" + PROFILE + "}}"));

  private static final JsonBody CHANGE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["displayName","roles"],
       "properties":{""" + PROFILE + "}}"));

  private final StaffService staff;

  StaffRoutes(StaffService staff) {
    this.staff = staff;
  }

  @Override
  public void mount(ApiRoutes routes) {
    Rule managers = Rule.roles(Role.SUPERVISOR, Role.PROVIDER_ADMIN);
    routes.get("/staff", managers).summary("Gli account del personale che gestisci (filtri: role, status, q)")
        .handler(ctx -> answer(ctx, staff.list(Access.identity(ctx), role(ctx), status(ctx), query(ctx, "q"))));
    routes.get("/staff/choices", managers).summary("Ruoli che puoi dare, code, aree, cooperative e aziende")
        .handler(ctx -> answer(ctx, staff.choices(Access.identity(ctx))));
    routes.get("/staff/audit", managers).summary("Il registro delle modifiche al personale, dalla più recente")
        .handler(ctx -> answer(ctx, staff.audit(Access.identity(ctx), target(ctx), limit(ctx))));
    routes.post("/staff", managers).summary("Crea un account del personale e lo invita a scegliere la password")
        .body(NEW_STAFF).idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          JsonObject body = ApiRoutes.body(ctx);
          Idempotency.answer(ctx, staff.create(who, body, Idempotency.key(ctx, who.subject(), body)));
        });
    routes.get("/staff/:id", managers).summary("Un account del personale")
        .handler(ctx -> answer(ctx, staff.one(Access.identity(ctx), ApiRoutes.id(ctx, "id"))));
    routes.put("/staff/:id", managers).summary("Cambia nome, ruoli, code e aree di un account del personale")
        .body(CHANGE).idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          JsonObject body = ApiRoutes.body(ctx);
          Idempotency.answer(ctx, staff.change(who, ApiRoutes.id(ctx, "id"), body, Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/staff/:id/disable", managers).summary("Disattiva un account: le sue sessioni finiscono subito")
        .idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, staff.disable(who, ApiRoutes.id(ctx, "id"), Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
    routes.post("/staff/:id/enable", managers).summary("Riattiva un account disattivato")
        .idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, staff.enable(who, ApiRoutes.id(ctx, "id"), Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
  }

  private static void answer(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(json -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      ctx.json(json);
    }).onFailure(ctx::fail);
  }

  private static String query(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    return values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).strip();
  }

  /** ?role= a staff role's wire name. */
  private static String role(RoutingContext ctx) {
    String role = query(ctx, "role");
    if (role != null && StaffPolicy.STAFF_ROLES.stream().noneMatch(r -> r.wireName().equals(role))) {
      throw new Problem(422, "unknown-role", "Dati non validi", "Ruolo sconosciuto: " + role + ".");
    }
    return role;
  }

  private static String status(RoutingContext ctx) {
    String status = query(ctx, "status");
    if (status != null && !List.of("active", "disabled").contains(status)) {
      throw Problem.badRequest("status è active oppure disabled.");
    }
    return status;
  }

  private static UUID target(RoutingContext ctx) {
    String target = query(ctx, "target");
    try {
      return target == null ? null : UUID.fromString(target);
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("target è l'identificativo di un account.");
    }
  }

  private static int limit(RoutingContext ctx) {
    String limit = query(ctx, "limit");
    try {
      int n = limit == null ? 200 : Integer.parseInt(limit);
      if (n < 1 || n > 1000) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw Problem.badRequest("limit è un numero da 1 a 1000.");
    }
  }
}
