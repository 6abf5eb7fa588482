package coop.sportello.pricing;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.domain.CalendarDate;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import coop.sportello.pricing.domain.Isee;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;

/**
 * Pricing HTTP surface under /api/v1.
 * <pre>
 * signed in
 *   GET /slots/:id/price?places=N   the caller's price of N places (1–50) of the slot, with ISEE band and discount
 * people
 *   GET /me/isee                    the caller's ISEE as declared
 *   PUT /me/isee                    declares it: {valueCents, expiresOn} (Idempotency-Key)
 * </pre>
 */
final class PricingRoutes implements ApiModule {

  private static final JsonBody ISEE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["valueCents","expiresOn"],
       "properties":{"valueCents":{"type":"integer","minimum":0,"maximum":%d},
                     "expiresOn":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}}}""".formatted(Isee.MAX_CENTS)));

  private final PricingService pricing;

  PricingRoutes(PricingService pricing) {
    this.pricing = pricing;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/slots/:id/price", Rule.signedIn()).summary("Quanto costa a te una fascia, per N posti (places)")
        .handler(ctx -> pricing.priceOf(Access.identity(ctx), ApiRoutes.id(ctx, "id"), places(ctx))
            .onSuccess(ctx::json).onFailure(ctx::fail));
    routes.get("/me/isee", Rule.people()).summary("Il tuo ISEE come l'hai dichiarato")
        .handler(ctx -> pricing.isee(Access.identity(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.put("/me/isee", Rule.people()).summary("Dichiara il tuo ISEE e la sua scadenza").body(ISEE).idempotent()
        .handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          LocalDate expiresOn = CalendarDate.parse(body.getString("expiresOn")).orElseThrow(() -> Problem.validation(
              "Data di scadenza inesistente.", new JsonArray().add(new JsonObject().put("pointer", "/expiresOn")
                  .put("detail", "data AAAA-MM-GG valida"))));
          Idempotency.answer(ctx, pricing.declareIsee(who, new Isee(body.getLong("valueCents"), expiresOn),
              Idempotency.key(ctx, who.subject(), body)));
        });
  }

  private static int places(RoutingContext ctx) {
    String raw = ctx.queryParams().get("places");
    if (raw == null) {
      return 1;
    }
    try {
      int places = Integer.parseInt(raw);
      if (places >= 1 && places <= 50) {
        return places;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw Problem.validation("Il parametro places deve essere un numero tra 1 e 50.",
        new JsonArray().add(new JsonObject().put("parameter", "places").put("detail", "un numero tra 1 e 50")));
  }
}
