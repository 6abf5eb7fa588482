package coop.sportello.kiosk;

import coop.sportello.kiosk.domain.KioskIdentifier;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Concern;
import coop.sportello.platform.http.ConcernCheck;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Kiosk mode under /api/v1 (all signed in):
 * <pre>
 *   GET  /kiosk/pin                  employee  -> {set, updatedAt}
 *   PUT  /kiosk/pin                  employee  {pin: 4-8 digits} -> {set, updatedAt}
 *   POST /kiosk/identify             kiosk     {badge | codiceFiscale, pin}
 *                                              -> {session {id, expiresAt, seconds}, person {id, firstName}, wallets[], balanceCents}
 *   GET  /kiosk/sessions/:id         kiosk     -> the same, with fresh balances, while the session is live
 *   POST /kiosk/sessions/:id/end     kiosk     -> {id, ended}
 *   GET  /bookings/:id/qr.svg        who may see the booking -> image/svg+xml, the booking code as a QR code
 * </pre>
 * And the kiosk's access rule on every route that concerns a person ({@link KioskService#mayActFor}):
 * a kiosk's call must concern the person identified at that kiosk within the session's minutes
 * (403 kiosk-person-not-identified otherwise). The database enforces the same (V13 triggers).
 * Answers: 401 kiosk-not-recognised, 429 kiosk-pin-locked, 429 kiosk-paused, 422 invalid-codice-fiscale,
 * 422 invalid-badge, 422 weak-pin, 403 kiosk-session-ended.
 */
final class KioskRoutes implements ApiModule {

  private static final JsonBody IDENTIFY = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["pin"],
       "properties":{"badge":{"type":"string","minLength":1,"maxLength":64},
                     "codiceFiscale":{"type":"string","minLength":1,"maxLength":40},
                     "pin":{"type":"string","pattern":"^[0-9]{4,8}$"}}}"""));
  private static final JsonBody PIN = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["pin"],
       "properties":{"pin":{"type":"string","maxLength":16}}}"""));

  private final KioskService kiosk;

  KioskRoutes(KioskService kiosk) {
    this.kiosk = kiosk;
  }

  @Override
  public List<ConcernCheck> concernChecks() {
    return List.of(kiosk::mayActFor);
  }

  @Override
  public void mount(ApiRoutes routes) {
    // Anyone registered with a codice fiscale: employees at their workplace, every citizen at a town Social Point.
    routes.get("/kiosk/pin", Rule.roles(Role.CITIZEN, Role.EMPLOYEE)).summary("Se la persona ha scelto il PIN per i totem")
        .handler(ctx -> kiosk.pinStatus(Access.identity(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.put("/kiosk/pin", Rule.roles(Role.CITIZEN, Role.EMPLOYEE)).summary("Sceglie o cambia il PIN per i totem")
        .body(PIN).handler(ctx -> kiosk.setPin(Access.identity(ctx), ApiRoutes.body(ctx).getString("pin"))
            .onSuccess(ctx::json).onFailure(ctx::fail));
    routes.post("/kiosk/identify", Rule.roles(Role.KIOSK)).summary("Identifica una persona al totem con badge (dipendenti) o codice fiscale e PIN")
        .body(IDENTIFY).handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          KioskIdentifier.Parsed parsed = KioskIdentifier.parse(body.getString("badge"), body.getString("codiceFiscale"));
          if (!parsed.ok()) {
            throw Problem.of(parsed.refusal());
          }
          personal(ctx, kiosk.identify(Access.identity(ctx), parsed.identifier(), body.getString("pin")));
        });
    routes.get("/kiosk/sessions/:id", Rule.roles(Role.KIOSK)).summary("La sessione al totem, con i saldi aggiornati")
        .handler(ctx -> personal(ctx, kiosk.session(Access.identity(ctx), ApiRoutes.id(ctx, "id"))));
    routes.post("/kiosk/sessions/:id/end", Rule.roles(Role.KIOSK)).summary("Chiude la sessione al totem")
        .handler(ctx -> kiosk.endSession(Access.identity(ctx), ApiRoutes.id(ctx, "id")).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.get("/bookings/:id/qr.svg", Rule.signedIn().concerning(Concern.booking("id")))
        .summary("Il codice della prenotazione come QR code (SVG)").produces("image/svg+xml")
        .handler(ctx -> kiosk.qrSvg(Access.identity(ctx), ApiRoutes.id(ctx, "id"))
            .onSuccess(svg -> ctx.response()
                .putHeader("Content-Type", "image/svg+xml; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(svg))
            .onFailure(ctx::fail));
  }

  /** Answers that carry personal data are never stored by the kiosk's browser or a proxy. */
  private static void personal(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(json -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      ctx.json(json);
    }).onFailure(ctx::fail);
  }
}
