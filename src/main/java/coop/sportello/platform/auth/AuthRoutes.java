package coop.sportello.platform.auth;

import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.PathParams;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
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
 */
public final class AuthRoutes implements ApiModule {

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
  private final AuthRepository repository;
  private final Idempotency idempotency;

  public AuthRoutes(AuthService auth, AuthRepository repository, Idempotency idempotency) {
    this.auth = auth;
    this.repository = repository;
    this.idempotency = idempotency;
  }

  /** Routes anyone may call: mounted before the authentication gate. */
  @Override
  public void mountPublic(Router api) {
    api.post("/auth/login").handler(ctx -> {
      JsonObject body = LOGIN.read(ctx);
      reply(ctx, auth.login(body.getString("username"), body.getString("password")));
    });
    api.post("/auth/refresh").handler(ctx -> reply(ctx, auth.refresh(REFRESH.read(ctx).getString("refreshToken"))));
    api.post("/auth/kiosk").handler(ctx -> reply(ctx, auth.kioskLogin(KIOSK_LOGIN.read(ctx).getString("credential"))));
    // Visitors who have not signed in may still watch public feeds (live availability).
    api.post("/auth/bridge-ticket/guest").handler(ctx -> reply(ctx, auth.issueBridgeTicket(Identity.guest())));
  }

  /** Routes behind the authentication gate. */
  @Override
  public void mountProtected(Router api) {
    api.get("/me").handler(ctx -> ctx.json(Access.identity(ctx).toJson()));
    api.post("/auth/logout").handler(ctx -> auth.logout(Access.identity(ctx))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail));
    api.post("/auth/bridge-ticket").handler(ctx -> reply(ctx, auth.issueBridgeTicket(Access.identity(ctx))));

    api.get("/kiosk-devices").handler(Access.requireAnyRole(Role.SUPERVISOR)).handler(ctx ->
        repository.listKioskDevices().onSuccess(rows -> {
          JsonArray devices = new JsonArray();
          rows.forEach(r -> devices.add(new JsonObject()
              .put("id", r.getUUID("id").toString())
              .put("label", r.getString("label"))
              .put("location", r.getString("location"))
              .put("companyId", r.getUUID("company_id") == null ? null : r.getUUID("company_id").toString())
              .put("municipality", r.getString("municipality"))
              .put("createdAt", r.getOffsetDateTime("created_at").toString())
              .put("revoked", r.getOffsetDateTime("revoked_at") != null)));
          ctx.json(new JsonObject().put("items", devices));
        }).onFailure(ctx::fail));
    api.post("/kiosk-devices").handler(Access.requireAnyRole(Role.SUPERVISOR)).handler(ctx -> {
      JsonObject body = NEW_KIOSK.read(ctx);
      Identity actor = Access.identity(ctx);
      idempotency.respond(ctx, actor.subject(), body, conn -> auth.registerKioskDevice(conn, actor, body));
    });
    api.post("/kiosk-devices/:id/revoke").handler(Access.requireAnyRole(Role.SUPERVISOR)).handler(ctx -> {
      UUID id = PathParams.uuid(ctx, "id");
      idempotency.respond(ctx, Access.identity(ctx).subject(), new JsonObject(), conn -> auth.revokeKioskDevice(conn, id));
    });
    api.post("/accounts/:id/unlock").handler(Access.requireAnyRole(Role.SUPERVISOR)).handler(ctx -> {
      UUID id = PathParams.uuid(ctx, "id");
      idempotency.respond(ctx, Access.identity(ctx).subject(), new JsonObject(), conn -> auth.unlockAccount(conn, id));
    });
  }

  private static void reply(RoutingContext ctx, Future<JsonObject> result) {
    result.onSuccess(json -> ctx.response()
            .putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end(json.encode()))
        .onFailure(ctx::fail);
  }
}
