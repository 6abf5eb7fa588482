package coop.sportello.notifications;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import coop.sportello.platform.links.SignedLinks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Notifications under /api/v1:
 * <pre>
 *   GET  /me/notification-preferences         a person     -> {email, phone, language, channels[], quietFrom, quietUntil, optionalMuted}
 *   PUT  /me/notification-preferences         a person     {channels[email|sms], quietFrom?, quietUntil?, optionalMuted, language}
 *                                                          -> the same; 422 no-phone / no-email when a channel has no address
 *   POST /links/unsubscribe                   open, the link's token in the Sportello-Link header -> {optionalMuted: true}
 *   GET  /notifications/summary               supervisor   -> counts per channel and status, unplanned, oldestWaiting
 *   GET  /notifications/messages?status&limit supervisor   -> {items[]}: failed, dead, queued or sent, reasons, no words
 *   POST /notifications/messages/:id/resend   supervisor   -> a failed or dead message queued again (409 otherwise)
 * </pre>
 */
final class NotificationRoutes implements ApiModule {

  private static final Set<String> STATUSES = Set.of("queued", "failed", "sent", "dead");

  private static final JsonBody PREFERENCES = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["channels","optionalMuted","language"],
       "properties":{"channels":{"type":"array","uniqueItems":true,"maxItems":2,"items":{"enum":["email","sms"]}},
                     "quietFrom":{"type":["string","null"],"pattern":"^([01][0-9]|2[0-3]):[0-5][0-9]$"},
                     "quietUntil":{"type":["string","null"],"pattern":"^([01][0-9]|2[0-3]):[0-5][0-9]$"},
                     "optionalMuted":{"type":"boolean"},
                     "language":{"enum":["it","en"]}}}"""));

  private final NotificationService notifications;

  NotificationRoutes(NotificationService notifications) {
    this.notifications = notifications;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/me/notification-preferences", Rule.people()).summary("Come vuoi essere avvisato")
        .handler(ctx -> notifications.preferences(account(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.put("/me/notification-preferences", Rule.people()).summary("Cambia canali, ore di silenzio e lingua degli avvisi")
        .body(PREFERENCES).idempotent()
        .handler(this::savePreferences);
    routes.post("/links/unsubscribe", Rule.open()).summary("Smetti di ricevere gli avvisi facoltativi (dal collegamento nel messaggio)")
        .handler(ctx -> notifications.unsubscribe(ctx.request().getHeader(SignedLinks.HEADER)).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.get("/notifications/summary", Rule.roles(Role.SUPERVISOR)).summary("Stato dell'invio di e-mail, SMS e webhook")
        .handler(ctx -> notifications.summary().onSuccess(ctx::json).onFailure(ctx::fail));
    routes.get("/notifications/messages", Rule.roles(Role.SUPERVISOR)).summary("Messaggi per stato, con il motivo degli errori")
        .handler(ctx -> {
          String status = ctx.queryParams().get("status") == null ? "dead" : ctx.queryParams().get("status");
          if (!STATUSES.contains(status)) {
            throw Problem.badRequest("status: queued, failed, sent o dead.");
          }
          int limit = limit(ctx.queryParams().get("limit"));
          notifications.messages(status, limit).onSuccess(items -> ctx.json(new JsonObject().put("items", items)))
              .onFailure(ctx::fail);
        });
    routes.post("/notifications/messages/:id/resend", Rule.roles(Role.SUPERVISOR)).summary("Rinvia un messaggio non riuscito")
        .idempotent()
        .handler(ctx -> {
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, notifications.resend(ApiRoutes.id(ctx, "id"), Idempotency.key(ctx, who.subject(), new JsonObject())));
        });
  }

  private void savePreferences(RoutingContext ctx) {
    JsonObject body = ApiRoutes.body(ctx);
    String from = body.getString("quietFrom");
    String until = body.getString("quietUntil");
    if ((from == null) != (until == null) || (from != null && from.equals(until))) {
      throw Problem.badRequest("Le ore di silenzio hanno un inizio e una fine diversi (per esempio 22:00 e 07:00), oppure nessuno dei due.");
    }
    JsonArray channels = body.getJsonArray("channels");
    Identity who = Access.identity(ctx);
    Idempotency.answer(ctx, notifications.savePreferences(UUID.fromString(who.subject()),
        channels.stream().map(Object::toString).toList(), from == null ? null : LocalTime.parse(from),
        until == null ? null : LocalTime.parse(until), body.getBoolean("optionalMuted"), body.getString("language"),
        Idempotency.key(ctx, who.subject(), body)));
  }

  private static UUID account(RoutingContext ctx) {
    return UUID.fromString(Access.identity(ctx).subject());
  }

  private static int limit(String given) {
    if (given == null) {
      return 50;
    }
    try {
      int n = Integer.parseInt(given);
      if (n >= 1 && n <= 200) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw Problem.badRequest("limit: un numero da 1 a 200.");
  }

}
