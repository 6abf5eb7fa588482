package coop.sportello.platform.auth;

import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Rule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * SPID and CIE sign-in, under /api/v1 (mounted by {@link AuthRoutes}):
 * <pre>
 *   GET  /auth/providers                 public  -                  -> {providers: [{id, label}]}
 *   GET  /auth/oidc/:provider/start      public  ?returnTo=/page    -> 302 to the provider
 *   GET  /auth/oidc/callback             public  ?code&state        -> 303 to the page, #handoff=... or #signin-error=...
 *   POST /auth/oidc/handoff              public  {handoff}          -> token pair (once)
 * </pre>
 * The callback carries the provider's one-time code in its query, by protocol: nothing of Sportello
 * logs query strings (ProblemHandler logs the path only), and the code is worthless without the
 * PKCE verifier kept in the database.
 */
final class OidcRoutes {

  private static final JsonBody HANDOFF = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["handoff"],
       "properties":{"handoff":{"type":"string","minLength":20,"maxLength":200}}}"""));

  private final OidcService oidc;

  OidcRoutes(OidcService oidc) {
    this.oidc = oidc;
  }

  void mount(ApiRoutes routes) {
    routes.get("/auth/providers", Rule.open()).summary("I modi di accesso con identità digitale disponibili (SPID, CIE)")
        .handler(ctx -> ctx.response().putHeader("Cache-Control", "no-cache").putHeader("Content-Type", "application/json")
            .end(oidc.providers().encode()));
    routes.get("/auth/oidc/:provider/start", Rule.open()).summary("Comincia l'accesso con SPID o CIE (rimanda al fornitore)")
        .handler(ctx -> redirect(ctx, 302, oidc.start(ctx.pathParam("provider"), ctx.queryParams().get("returnTo"))));
    routes.get("/auth/oidc/callback", Rule.open()).summary("Ritorno dal fornitore di identità (rimanda alla pagina di partenza)")
        .handler(ctx -> redirect(ctx, 303, oidc.callback(ctx.queryParams())));
    routes.post("/auth/oidc/handoff", Rule.open()).summary("Scambia il codice di passaggio con la coppia di token (una volta)")
        .body(HANDOFF)
        .handler(ctx -> AuthRoutes.reply(ctx, oidc.redeem(ApiRoutes.body(ctx).getString("handoff"))));
  }

  /** Redirects without caching, and without telling the next site where the browser came from. */
  private static void redirect(RoutingContext ctx, int status, Future<String> location) {
    location.onSuccess(url -> ctx.response().setStatusCode(status)
            .putHeader("Location", url)
            .putHeader("Cache-Control", "no-store")
            .putHeader("Referrer-Policy", "no-referrer")
            .end())
        .onFailure(ctx::fail);
  }
}
