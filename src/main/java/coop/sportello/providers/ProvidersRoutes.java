package coop.sportello.providers;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import coop.sportello.providers.domain.ProviderKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/**
 * Providers and shops under /api/v1 (every change takes an Idempotency-Key):
 * <pre>
 *   GET    /providers?kind                                 supervisor  -> {items[provider]}
 *   POST   /providers                                      supervisor  {name, vatNumber, municipality, kind, address?,
 *                                                          shopCategory?, description?, replyToEmail?} -> 201 provider
 *   PUT    /providers/:id                                  supervisor  the same body -> provider
 *   GET    /municipalities/:code/shops                     public      {municipality, items[{id, name, address, category}]}
 *   GET    /comune                                         municipal_officer  {comune, municipality}
 *   GET    /municipalities/:code/shop-accreditations       municipal_officer of that Comune
 *                                                          -> {municipality, items[{shop, accredited, accreditedAt, revokedAt}]}
 *   POST   /municipalities/:code/shop-accreditations       municipal_officer of that Comune {shopId}
 *                                                          -> 201 accredited now, 200 it was
 *   DELETE /municipalities/:code/shop-accreditations/:shopId  municipal_officer of that Comune -> the revoked accreditation
 *   GET    /provider/accreditations                        provider_admin  the municipalities accrediting their shop
 * </pre>
 * A provider is {id, name, vatNumber, kind, municipality{code, name, province}, address,
 * shopCategory, description, replyToEmail}. Refusals: 422 unknown-municipality, address-required,
 * shop-category-required, shop-category-only-for-shops; 409 name-taken, vat-number-taken,
 * comune-exists, comune-has-officers, shop-accredited; 403 not-your-municipality; 404
 * provider-not-found, shop-not-found, accreditation-not-found, municipality-not-found.
 */
final class ProvidersRoutes implements ApiModule {

  private static final String ISTAT = "^[0-9]{6}$";
  private static final JsonBody PROVIDER = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["name","vatNumber","municipality","kind"],
       "properties":{"name":{"type":"string","minLength":2,"maxLength":200,"pattern":"\\\\S"},
         "vatNumber":{"type":"string","pattern":"^[0-9]{11}$"},
         "municipality":{"type":"string","pattern":"^[0-9]{6}$"},
         "kind":{"enum":%s},
         "address":{"type":"string","minLength":5,"maxLength":300,"pattern":"\\\\S"},
         "shopCategory":{"enum":%s},
         "description":{"type":"string","maxLength":2000},
         "replyToEmail":{"type":"string","maxLength":254,"pattern":"^[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+$"}}}"""
      .formatted(new JsonArray(ProviderKind.KINDS).encode(), new JsonArray(ProviderKind.SHOP_CATEGORIES).encode())));
  private static final JsonBody ACCREDITATION = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["shopId"],
       "properties":{"shopId":{"type":"string","pattern":"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"}}}"""));

  private final ProvidersService providers;

  ProvidersRoutes(ProvidersService providers) {
    this.providers = providers;
  }

  @Override
  public void mount(ApiRoutes routes) {
    Rule supervisor = Rule.roles(Role.SUPERVISOR);
    Rule officer = Rule.roles(Role.MUNICIPAL_OFFICER);
    routes.get("/providers", supervisor).summary("Gli enti della rete: cooperative, Comuni, associazioni, esercizi (filtro: kind)")
        .handler(ctx -> answer(ctx, providers.list(kind(ctx))));
    routes.post("/providers", supervisor).summary("Aggiunge un ente alla rete, con tipo, indirizzo e categoria dell'esercizio")
        .body(PROVIDER).idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          JsonObject body = ApiRoutes.body(ctx);
          Idempotency.answer(ctx, providers.create(body, Idempotency.key(ctx, who.subject(), body)));
        });
    routes.put("/providers/:id", supervisor).summary("Modifica un ente: nome, tipo, comune, indirizzo, categoria")
        .body(PROVIDER).idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          JsonObject body = ApiRoutes.body(ctx);
          Idempotency.answer(ctx, providers.change(ApiRoutes.id(ctx, "id"), body, Idempotency.key(ctx, who.subject(), body)));
        });
    routes.get("/municipalities/:code/shops", Rule.open())
        .summary("Dove spendere i buoni: gli esercizi accreditati da un Comune, con indirizzo e categoria")
        .handler(ctx -> answer(ctx, providers.accreditedShops(code(ctx))));
    routes.get("/comune", officer).summary("Il tuo Comune e il suo territorio")
        .handler(ctx -> personal(ctx, providers.comune(Access.identity(ctx))));
    routes.get("/municipalities/:code/shop-accreditations", officer)
        .summary("Gli esercizi della rete e quali sono accreditati dal tuo Comune")
        .handler(ctx -> personal(ctx, providers.accreditations(Access.identity(ctx), code(ctx))));
    routes.post("/municipalities/:code/shop-accreditations", officer)
        .summary("Accredita un esercizio ad accettare i buoni del tuo Comune")
        .body(ACCREDITATION).idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          JsonObject body = ApiRoutes.body(ctx);
          Idempotency.answer(ctx, providers.accredit(who, code(ctx), shopId(body), Idempotency.key(ctx, who.subject(), body)));
        });
    routes.delete("/municipalities/:code/shop-accreditations/:shopId", officer)
        .summary("Revoca l'accreditamento di un esercizio: non accetta più i buoni del tuo Comune")
        .idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, providers.revoke(who, code(ctx), ApiRoutes.id(ctx, "shopId"),
              Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
    routes.get("/provider/accreditations", Rule.roles(Role.PROVIDER_ADMIN))
        .summary("I Comuni che accreditano il tuo esercizio ad accettare i loro buoni")
        .handler(ctx -> personal(ctx, providers.ownAccreditations(Access.identity(ctx))));
  }

  private static void answer(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private static void personal(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(json -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      ctx.json(json);
    }).onFailure(ctx::fail);
  }

  /** A municipality's ISTAT code in the path; anything else names no municipality. */
  private static String code(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    if (code == null || !code.matches(ISTAT)) {
      throw Problem.notFound("Sportello non conosce questo Comune.");
    }
    return code;
  }

  /** The shop named in the body, as a canonical UUID; anything else names no shop. */
  private static UUID shopId(JsonObject body) {
    String text = body.getString("shopId");
    try {
      UUID id = UUID.fromString(text);
      if (id.toString().equals(text)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // below
    }
    throw new Problem(404, "shop-not-found", "Non trovato", "Nessun esercizio commerciale con questo identificativo.");
  }

  private static String kind(RoutingContext ctx) {
    String kind = ctx.queryParams().get("kind");
    if (kind != null && !ProviderKind.KINDS.contains(kind)) {
      throw new Problem(422, "unknown-kind", "Dati non validi", "kind è cooperative, municipality, association o shop.");
    }
    return kind;
  }
}
