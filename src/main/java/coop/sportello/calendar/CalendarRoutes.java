package coop.sportello.calendar;

import coop.sportello.platform.auth.Role;
import coop.sportello.platform.auth.Secrets;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Base64;

/**
 * Calendar feeds under /api/v1:
 * <pre>
 * a person (anyone signed in but kiosks), about their own bookings
 *   POST   /me/calendar-feed            -> 201 {httpsUrl, webcalUrl, createdAt}: the address, this once
 *   GET    /me/calendar-feed            -> {active, createdAt?}: never the address again
 *   DELETE /me/calendar-feed            -> 204
 * provider_admin, resources of their own cooperative only (any other id: 404)
 *   GET    /provider/calendar-feeds     -> {items: [{resourceId, createdAt}]}
 *   POST   /provider/resources/:id/calendar-feed   GET ...   DELETE ...   (as above, with resourceId)
 * public: the feed itself, for a phone's calendar
 *   GET    /calendar/:token             -> text/calendar; charset=utf-8 (ETag, 304 when unchanged)
 * </pre>
 * The token is in the path, as calendar clients need; it is never logged here (a failure is
 * logged without the path) and the answer for an unknown, revoked or malformed token is the same
 * 404.
 */
final class CalendarRoutes implements ApiModule {

  private static final Logger LOG = LoggerFactory.getLogger(CalendarRoutes.class);

  private final CalendarService feeds;
  /** {@code http.publicUrl}; empty: this server on localhost (a development set-up). */
  private final String publicUrl;

  CalendarRoutes(CalendarService feeds, String publicUrl) {
    this.feeds = feeds;
    this.publicUrl = publicUrl == null ? "" : publicUrl;
  }

  @Override
  public void mount(ApiRoutes routes) {
    Rule person = Rule.people();
    routes.post("/me/calendar-feed", person)
        .summary("Crea l'indirizzo del calendario delle mie prenotazioni (si vede una volta sola; il precedente smette di funzionare)")
        .handler(ctx -> created(ctx, feeds.createPersonal(Access.identity(ctx).subject(), publicUrl(ctx))));
    routes.get("/me/calendar-feed", person).summary("Se il calendario delle mie prenotazioni è attivo, e da quando")
        .handler(ctx -> answer(ctx, feeds.personal(Access.identity(ctx).subject())));
    routes.delete("/me/calendar-feed", person).summary("Disattiva l'indirizzo del calendario delle mie prenotazioni")
        .noContent().handler(ctx -> noContent(ctx, feeds.revokePersonal(Access.identity(ctx).subject())));

    Rule admin = Rule.roles(Role.PROVIDER_ADMIN);
    routes.get("/provider/calendar-feeds", admin).summary("Le risorse della cooperativa con un calendario attivo")
        .handler(ctx -> answer(ctx, feeds.providerFeeds(Access.cooperativeId(ctx))));
    routes.post("/provider/resources/:id/calendar-feed", admin)
        .summary("Crea l'indirizzo del calendario di una risorsa (si vede una volta sola; il precedente smette di funzionare)")
        .handler(ctx -> created(ctx, feeds.createForResource(Access.cooperativeId(ctx), ApiRoutes.id(ctx, "id"),
            Access.identity(ctx).subject(), publicUrl(ctx))));
    routes.get("/provider/resources/:id/calendar-feed", admin).summary("Se il calendario di una risorsa è attivo, e da quando")
        .handler(ctx -> answer(ctx, feeds.forResource(Access.cooperativeId(ctx), ApiRoutes.id(ctx, "id"))));
    routes.delete("/provider/resources/:id/calendar-feed", admin).summary("Disattiva l'indirizzo del calendario di una risorsa")
        .noContent().handler(ctx -> noContent(ctx, feeds.revokeForResource(Access.cooperativeId(ctx), ApiRoutes.id(ctx, "id"))));

    routes.get("/calendar/:token", Rule.open())
        .summary("Il calendario di un indirizzo segreto (RFC 5545, Europe/Rome), per l'app calendario del telefono")
        .produces("text/calendar").handler(this::calendar);
  }

  private void calendar(RoutingContext ctx) {
    feeds.calendar(ctx.pathParam("token")).onSuccess(text -> {
      String etag = "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.sha256(text)) + "\"";
      // The address is a secret: no shared cache keeps the answer; the phone may, and asks again with its ETag.
      ctx.response().putHeader("Cache-Control", "private, no-cache").putHeader("ETag", etag);
      if (unchanged(ctx.request().getHeader("If-None-Match"), etag)) {
        ctx.response().setStatusCode(304).end();
      } else {
        ctx.response().putHeader("Content-Type", "text/calendar; charset=utf-8").end(text);
      }
    }).onFailure(e -> ctx.fail(withoutPath(e)));
  }

  /** Whether the client's If-None-Match (one tag or several, weak or not) names this tag. */
  static boolean unchanged(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A refusal as it is; anything else logged here without the request's path (it holds the token)
   * and answered as the platform would, so the problem handler has nothing left to log.
   */
  private static Throwable withoutPath(Throwable failure) {
    if (failure instanceof Problem) {
      return failure;
    }
    if (SqlErrors.isUnavailable(failure)) {
      return new Problem(503, "unavailable", "Servizio non disponibile",
          "Il servizio non risponde in questo momento: riprova tra qualche secondo.").header("Retry-After", "5");
    }
    LOG.error("Could not write a calendar feed", failure);
    return new Problem(500, "internal", "Errore interno", "Qualcosa non ha funzionato: riprova tra poco.");
  }

  /** The public URL the addresses start with. */
  private String publicUrl(RoutingContext ctx) {
    return publicUrl.isBlank() ? "http://localhost:" + ctx.request().localAddress().port() : publicUrl;
  }

  private static void created(RoutingContext ctx, Future<JsonObject> made) {
    // The answer holds the secret address: no cache anywhere keeps it.
    made.onSuccess(json -> ctx.response().setStatusCode(201).putHeader("Cache-Control", "no-store").putHeader("Content-Type", "application/json")
        .end(json.encode())).onFailure(ctx::fail);
  }

  private static void answer(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private static void noContent(RoutingContext ctx, Future<Void> done) {
    done.onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }
}
