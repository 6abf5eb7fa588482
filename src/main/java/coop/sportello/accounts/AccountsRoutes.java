package coop.sportello.accounts;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.SourceAddress;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Rule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * E-mail accounts under /api/v1:
 * <pre>
 *   POST /accounts/sign-up                 public  {name, email, password, codiceFiscale?, municipality?, language?,
 *                                                    acceptPrivacyNotice: true}      -> 202 (always the same)
 *   POST /accounts/verify-email            public  {token}                          -> {verified, email}
 *   POST /accounts/verify-email/resend     public  {email}                          -> 202 (always the same)
 *   POST /accounts/password-reset          public  {email}                          -> 202 (always the same)
 *   POST /accounts/password-reset/complete public  {token, password}                -> {passwordSet}
 *   GET  /profile                          people                                   -> the profile
 *   PUT  /profile                          people  {name, municipality?, phone?, language}
 *   POST /profile/password                 people  {currentPassword?, password}     -> {passwordSet}
 *   POST /profile/email                    people  {email, currentPassword?}        -> 202 {pendingEmail}
 * </pre>
 * The public ones are safe to retry without a key: a sign-up retried finds its own account and
 * sends a note instead of a second one; a reset or a new link asked again sends another link (the
 * throttle bounds how many); a link spent is refused the second time, and the first spend stands.
 * Answers: 422 invalid-email, weak-password, invalid-codice-fiscale, unknown-municipality,
 * invalid-phone, municipality-from-identity-provider; 400 invalid-link; 403 wrong-password;
 * 409 email-taken; 429 requests-paused.
 */
final class AccountsRoutes implements ApiModule {

  private static final JsonBody SIGN_UP = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["name","email","password","acceptPrivacyNotice"],
       "properties":{"name":{"type":"string","minLength":1,"maxLength":200,"pattern":"\\\\S"},
                     "email":{"type":"string","minLength":3,"maxLength":254},
                     "password":{"type":"string","minLength":1,"maxLength":400},
                     "codiceFiscale":{"type":"string","maxLength":40},
                     "municipality":{"type":"string","pattern":"^[0-9]{6}$"},
                     "language":{"type":"string","enum":["it","en"]},
                     "acceptPrivacyNotice":{"type":"boolean","const":true}}}"""));
  private static final JsonBody TOKEN = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["token"],
       "properties":{"token":{"type":"string","minLength":20,"maxLength":200}}}"""));
  private static final JsonBody EMAIL = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["email"],
       "properties":{"email":{"type":"string","minLength":3,"maxLength":254}}}"""));
  private static final JsonBody NEW_PASSWORD = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["token","password"],
       "properties":{"token":{"type":"string","minLength":20,"maxLength":200},
                     "password":{"type":"string","minLength":1,"maxLength":400}}}"""));
  private static final JsonBody PROFILE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["name","language"],
       "properties":{"name":{"type":"string","minLength":1,"maxLength":200,"pattern":"\\\\S"},
                     "municipality":{"type":["string","null"],"pattern":"^[0-9]{6}$"},
                     "phone":{"type":["string","null"],"maxLength":40},
                     "language":{"type":"string","enum":["it","en"]}}}"""));
  private static final JsonBody CHANGE_PASSWORD = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["password"],
       "properties":{"currentPassword":{"type":"string","maxLength":400},
                     "password":{"type":"string","minLength":1,"maxLength":400}}}"""));
  private static final JsonBody CHANGE_EMAIL = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["email"],
       "properties":{"email":{"type":"string","minLength":3,"maxLength":254},
                     "currentPassword":{"type":"string","maxLength":400}}}"""));

  private final AccountsService accounts;
  private final SourceAddress sources;

  AccountsRoutes(AccountsService accounts, SourceAddress sources) {
    this.accounts = accounts;
    this.sources = sources;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.post("/accounts/sign-up", Rule.open()).summary("Crea un account con l'indirizzo e-mail (da confermare con il link)")
        .body(SIGN_UP).handler(ctx -> reply(ctx, 202, accounts.signUp(ApiRoutes.body(ctx), sources.of(ctx.request()))));
    routes.post("/accounts/verify-email", Rule.open()).summary("Conferma l'indirizzo e-mail con il link ricevuto")
        .body(TOKEN).handler(ctx -> reply(ctx, 200, accounts.verifyEmail(ApiRoutes.body(ctx).getString("token"),
            sources.of(ctx.request()))));
    routes.post("/accounts/verify-email/resend", Rule.open()).summary("Manda di nuovo il link per confermare l'indirizzo")
        .body(EMAIL).handler(ctx -> reply(ctx, 202, accounts.resendVerification(ApiRoutes.body(ctx).getString("email"),
            sources.of(ctx.request()))));
    routes.post("/accounts/password-reset", Rule.open()).summary("Manda il link per scegliere una nuova password")
        .body(EMAIL).handler(ctx -> reply(ctx, 202, accounts.requestPasswordReset(ApiRoutes.body(ctx).getString("email"),
            sources.of(ctx.request()))));
    routes.post("/accounts/password-reset/complete", Rule.open()).summary("Sceglie la nuova password con il link ricevuto")
        .body(NEW_PASSWORD).handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          reply(ctx, 200, accounts.completePasswordReset(body.getString("token"), body.getString("password"),
              sources.of(ctx.request())));
        });

    routes.get("/profile", Rule.people()).summary("Il mio profilo")
        .handler(ctx -> reply(ctx, 200, accounts.profile(Access.identity(ctx))));
    routes.put("/profile", Rule.people()).summary("Cambia nome, comune di residenza, telefono, lingua")
        .body(PROFILE).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, accounts.updateProfile(who, body, Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/profile/password", Rule.people()).summary("Cambia la password (le altre sessioni si chiudono)")
        .body(CHANGE_PASSWORD).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, accounts.changePassword(who, body.getString("currentPassword"), body.getString("password"),
              Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/profile/email", Rule.people()).summary("Cambia l'indirizzo e-mail (vale dopo la conferma dal link)")
        .body(CHANGE_EMAIL).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, accounts.changeEmail(who, body.getString("email"), body.getString("currentPassword"),
              Idempotency.key(ctx, who.subject(), body)));
        });
  }

  /** Answers that may carry personal data or a fresh state of an account are never stored by a browser or proxy. */
  private static void reply(RoutingContext ctx, int status, Future<JsonObject> answer) {
    answer.onSuccess(json -> ctx.response()
            .setStatusCode(status)
            .putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end(json.encode()))
        .onFailure(ctx::fail);
  }
}
