package coop.sportello.platform.auth;

import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Rule;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/**
 * HTTP surface of identity and access, under /api/v1:
 * <pre>
 *   POST /auth/login            public   {username, password}        -> token pair
 *   POST /auth/refresh          public   {refreshToken}              -> new token pair (old one spent)
 *   POST /auth/kiosk            public   {credential}                -> token pair for a kiosk device
 *   POST /auth/bridge-ticket/guest public -                         -> {ticket, expiresIn} for public feeds only
 *   POST /auth/logout           any      -                           -> 204, session revoked
 *   POST /auth/bridge-ticket    any      -                           -> {ticket, expiresIn}
 *   GET  /me                    any      -                           -> identity
 *   GET  /kiosk-devices         supervisor
 *   POST /kiosk-devices         supervisor {label, location, companyId?, municipality?} -> credential, once
 *   POST /kiosk-devices/:id/revoke  supervisor
 *   POST /accounts/:id/unlock   supervisor
 * </pre>
 * and SPID/CIE sign-in ({@link OidcRoutes}).
 */
final class AuthRoutes implements ApiModule {

  private static final JsonBody LOGIN = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["username","password"],
       "properties":{"username":{"type":"string","minLength":1,"maxLength":120},
                     "password":{"type":"string","minLength":1,"maxLength":200}}}"""));
  private static final JsonBody REFRESH = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["refreshToken"],
       "properties":{"refreshToken":{"type":"string","minLength":20,"maxLength":200}}}"""));
  private static final JsonBody KIOSK_LOGIN = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["credential"],
       "properties":{"credential":{"type":"string","minLength":40,"maxLength":200}}}"""));
  private static final JsonBody NEW_KIOSK = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["label","location"],
       "properties":{"label":{"type":"string","minLength":2,"maxLength":120},
                     "location":{"type":"string","minLength":2,"maxLength":200},
                     "companyId":{"type":"string","format":"uuid"},
                     "municipality":{"type":"string","pattern":"^[0-9]{6}$"}}}"""));

  private final AuthService auth;
  private final OidcRoutes oidc;
  private final SourceAddress sources;

  AuthRoutes(AuthService auth, OidcService oidc, SourceAddress sources) {
    this.auth = auth;
    this.oidc = new OidcRoutes(oidc);
    this.sources = sources;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.post("/auth/login", Rule.open()).summary("Accede con nome utente e password").body(LOGIN)
        .handler(ctx -> reply(ctx, auth.login(ApiRoutes.body(ctx).getString("username"), ApiRoutes.body(ctx).getString("password"),
            sources.of(ctx.request()))));
    routes.post("/auth/refresh", Rule.open()).summary("Nuova coppia di token (il refresh token usato non vale più)").body(REFRESH)
        .handler(ctx -> reply(ctx, auth.refresh(ApiRoutes.body(ctx).getString("refreshToken"))));
    routes.post("/auth/kiosk", Rule.open()).summary("Accesso di un totem con la sua credenziale").body(KIOSK_LOGIN)
        .handler(ctx -> reply(ctx, auth.kioskLogin(ApiRoutes.body(ctx).getString("credential"))));
    // Visitors who have not signed in may still watch public feeds (live availability).
    routes.post("/auth/bridge-ticket/guest", Rule.open()).summary("Biglietto per i soli canali pubblici del bridge")
        .handler(ctx -> reply(ctx, auth.issueBridgeTicket(Identity.guest())));
    oidc.mount(routes);

    routes.get("/me", Rule.signedIn()).summary("Chi ha fatto l'accesso")
        .handler(ctx -> ctx.json(Access.identity(ctx).toJson()));
    routes.post("/auth/logout", Rule.signedIn()).summary("Esce: la sessione non vale più").noContent()
        .handler(ctx -> auth.logout(Access.identity(ctx))
            .onSuccess(v -> ctx.response().setStatusCode(204).end())
            .onFailure(ctx::fail));
    routes.post("/auth/bridge-ticket", Rule.signedIn()).summary("Biglietto monouso e di breve durata per aprire il bridge")
        .handler(ctx -> reply(ctx, auth.issueBridgeTicket(Access.identity(ctx))));

    Rule supervisor = Rule.roles(Role.SUPERVISOR);
    routes.get("/kiosk-devices", supervisor).summary("I totem registrati")
        .handler(ctx -> auth.kioskDevices().onSuccess(ctx::json).onFailure(ctx::fail));
    routes.post("/kiosk-devices", supervisor).summary("Registra un totem (la credenziale si vede una volta sola)")
        .body(NEW_KIOSK).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity actor = Access.identity(ctx);
          Idempotency.answer(ctx, auth.registerKioskDevice(actor, body, Idempotency.key(ctx, actor.subject(), body)));
        });
    routes.post("/kiosk-devices/:id/revoke", supervisor).summary("Revoca un totem e le sue sessioni")
        .idempotent().handler(ctx -> Idempotency.answer(ctx, auth.revokeKioskDevice(Access.identity(ctx), ApiRoutes.id(ctx, "id"),
            Idempotency.key(ctx, Access.identity(ctx).subject(), new JsonObject()))));
    routes.post("/accounts/:id/unlock", supervisor).summary("Sblocca un account bloccato dai tentativi sbagliati")
        .idempotent().handler(ctx -> Idempotency.answer(ctx, auth.unlockAccount(ApiRoutes.id(ctx, "id"),
            Idempotency.key(ctx, Access.identity(ctx).subject(), new JsonObject()))));
  }

  static void reply(RoutingContext ctx, Future<JsonObject> result) {
    result.onSuccess(json -> ctx.response()
            .putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end(json.encode()))
        .onFailure(ctx::fail);
  }
}
