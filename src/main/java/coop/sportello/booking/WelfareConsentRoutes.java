package coop.sportello.booking;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Rule;
import io.vertx.core.json.JsonObject;

/**
 * Consent to spend someone's welfare credit, under /api/v1 (every change takes an Idempotency-Key):
 * <pre>
 *   GET  /welfare/consents                      employee, kiosk, operator, welfare_manager, supervisor
 *                                               -> {items[]}: the caller's own requests (a kiosk: the person
 *                                                  identified there now), or those the caller asked for
 *   POST /welfare/consents/:id/approve          employee (the person), kiosk (person identified there)
 *                                               -> the request, approved; the wallet paid the booking
 *   POST /welfare/consents/:id/refuse           employee (the person), kiosk (person identified there)
 *                                               -> the request, refused; the booking stays confirmed, unpaid
 *   POST /welfare/consents/:id/approve-with-pin operator, welfare_manager, supervisor (who asked) {pin}
 *                                               -> the request, approved by the PIN the person told them
 * </pre>
 * Deciding again the same way answers the request again (nothing more is paid). Answers: 404 for a
 * request the caller may not see, 409 consent-approved / consent-refused / consent-lapsed,
 * 422 wrong-pin, 429 kiosk-pin-locked, and the payment's refusals (insufficient-credit,
 * fringe-benefit-limit).
 */
final class WelfareConsentRoutes implements ApiModule {

  private static final JsonBody PIN = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["pin"],
       "properties":{"pin":{"type":"string","pattern":"^[0-9]{4,8}$"}}}"""));

  private final WelfareConsentService consents;

  WelfareConsentRoutes(WelfareConsentService consents) {
    this.consents = consents;
  }

  @Override
  public void mount(ApiRoutes routes) {
    Rule person = Rule.roles(Role.EMPLOYEE, Role.KIOSK);
    routes.get("/welfare/consents", Rule.roles(Role.EMPLOYEE, Role.KIOSK, Role.OPERATOR, Role.WELFARE_MANAGER, Role.SUPERVISOR))
        .summary("Le richieste di pagare con il credito welfare di una persona")
        .handler(ctx -> consents.list(Access.identity(ctx)).onSuccess(json -> {
          ctx.response().putHeader("Cache-Control", "no-store");
          ctx.json(json);
        }).onFailure(ctx::fail));
    routes.post("/welfare/consents/:id/approve", person).summary("La persona approva il pagamento con il suo credito welfare")
        .idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, consents.approve(who, ApiRoutes.id(ctx, "id"), Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
    routes.post("/welfare/consents/:id/refuse", person).summary("La persona rifiuta il pagamento con il suo credito welfare")
        .idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, consents.refuse(who, ApiRoutes.id(ctx, "id"), Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
    routes.post("/welfare/consents/:id/approve-with-pin", Rule.roles(Role.OPERATOR, Role.WELFARE_MANAGER, Role.SUPERVISOR))
        .summary("Chi ha chiesto approva con il PIN che la persona gli ha detto").body(PIN).idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          JsonObject body = ApiRoutes.body(ctx);
          // The key is made without the PIN: an idempotency record never holds a hash of a secret this short.
          Idempotency.answer(ctx, consents.approveWithPin(who, ApiRoutes.id(ctx, "id"), body.getString("pin"),
              Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
  }
}
