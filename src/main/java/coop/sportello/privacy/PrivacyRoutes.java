package coop.sportello.privacy;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.domain.CodiceFiscale;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Privacy under /api/v1:
 * <pre>
 *   GET  /privacy/notice        open            -> {version, publishedAt, summary, purposes[{purpose, required}]}
 *   GET  /me/consents           a person        -> {notice, purposes[{purpose, required, given, noticeVersion?, givenAt?}], history[]}
 *   PUT  /me/consents           a person        {answers: {notice-read?: true, newsletter?, surveys?, aggregate-research?: bool}}
 *                                               -> the same as GET; 422 notice-required, unknown-purpose
 *   GET  /me/data               a person        -> everything about them (JSON, Content-Disposition: attachment)
 *   GET  /me/data-reads         a person        -> {items[{at, roles[], organisation, what, via}]}: who read their data
 *   POST /me/erasure            a person        {password?} -> 201 {status: erased, erasedAt} (200 when already erased);
 *                                                  403 confirmation-needed, 409 erasure-blocked {upcomingBookings, openChats}
 *   POST /privacy/reads/search  privacy_officer {person? (account id or codice fiscale), reader?, from?, to? (dates), limit?}
 *                                               -> {items[{at, reader, readerName, roles[], organisation, person, personName, what, via, ref}]}
 * </pre>
 * The officer's search is a POST so that whom they look for (a codice fiscale, an account id)
 * travels in a body, never in a URL that access logs and browser histories keep.
 */
final class PrivacyRoutes implements ApiModule {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");

  private static final JsonBody CONSENTS = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["answers"],
       "properties":{"answers":{"type":"object","minProperties":1,"maxProperties":4,
                                "additionalProperties":{"type":"boolean"}}}}"""));
  private static final JsonBody ERASURE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,
       "properties":{"password":{"type":"string","minLength":1,"maxLength":200}}}"""));
  private static final JsonBody SEARCH = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,
       "properties":{"person":{"type":"string","minLength":1,"maxLength":100},
                     "reader":{"type":"string","minLength":1,"maxLength":300},
                     "from":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                     "to":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                     "limit":{"type":"integer","minimum":1,"maximum":500}}}"""));

  private final PrivacyService privacy;

  PrivacyRoutes(PrivacyService privacy) {
    this.privacy = privacy;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/privacy/notice", Rule.open()).summary("L'informativa privacy in vigore e le scelte che chiede")
        .handler(ctx -> privacy.notice().onSuccess(ctx::json).onFailure(ctx::fail));
    routes.get("/me/consents", Rule.people()).summary("Le tue scelte sulla privacy")
        .handler(ctx -> privacy.consents(account(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.put("/me/consents", Rule.people()).summary("Cambia le tue scelte sulla privacy").body(CONSENTS).idempotent()
        .handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Map<String, Boolean> answers = new HashMap<>();
          body.getJsonObject("answers").forEach(e -> answers.put(e.getKey(), (Boolean) e.getValue()));
          UUID account = account(ctx);
          Idempotency.answer(ctx, privacy.saveConsents(account, answers, Idempotency.key(ctx, account.toString(), body)));
        });
    routes.get("/me/data", Rule.people()).summary("Scarica tutto quello che Sportello sa di te (JSON)")
        .handler(ctx -> privacy.export(account(ctx))
            .onSuccess(data -> ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"i-miei-dati-sportello.json\"")
                .putHeader("Cache-Control", "no-store")
                .end(data.encodePrettily()))
            .onFailure(ctx::fail));
    routes.get("/me/data-reads", Rule.people()).summary("Chi ha letto i tuoi dati")
        .handler(ctx -> privacy.readsAbout(account(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.post("/me/erasure", Rule.people()).summary("Cancella i tuoi dati personali (conferma con la password)")
        .optionalBody(ERASURE)
        .handler(ctx -> Idempotency.answer(ctx, privacy.erase(person(ctx), ApiRoutes.body(ctx).getString("password"))));
    routes.post("/privacy/reads/search", Rule.roles(Role.PRIVACY_OFFICER)).summary("Registro degli accessi ai dati personali")
        .optionalBody(SEARCH)
        .handler(this::search);
  }

  private void search(RoutingContext ctx) {
    JsonObject body = ApiRoutes.body(ctx);
    String person = body.getString("person");
    Optional<UUID> personId = Optional.empty();
    Optional<String> codiceFiscale = Optional.empty();
    if (person != null) {
      personId = uuid(person);
      if (personId.isEmpty()) {
        codiceFiscale = CodiceFiscale.parse(person);
        if (codiceFiscale.isEmpty()) {
          throw Problem.badRequest("person: l'identificativo di un account o un codice fiscale.");
        }
      }
    }
    OffsetDateTime from = day(body.getString("from"), "from");
    OffsetDateTime to = day(body.getString("to"), "to");
    privacy.searchReads(personId, codiceFiscale, body.getString("reader"), from,
            to == null ? null : to.plusDays(1), body.getInteger("limit", 100))
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** The start of that day in Rome; null when not given. */
  private static OffsetDateTime day(String given, String field) {
    if (given == null) {
      return null;
    }
    try {
      return LocalDate.parse(given).atStartOfDay(ROME).toOffsetDateTime();
    } catch (DateTimeParseException e) {
      throw Problem.badRequest(field + ": una data come 2026-12-31.");
    }
  }

  /** The signed-in person, who must have an account here (an external sign-in has nothing stored to show). */
  private static Identity person(RoutingContext ctx) {
    Identity who = Access.identity(ctx);
    if (uuid(who.subject()).isEmpty()) {
      throw Problem.notFound("Sportello non ha un account con i tuoi dati: entri con un accesso esterno.");
    }
    return who;
  }

  private static UUID account(RoutingContext ctx) {
    return UUID.fromString(person(ctx).subject());
  }

  private static Optional<UUID> uuid(String text) {
    try {
      return Optional.of(UUID.fromString(text)).filter(id -> id.toString().equals(text));
    } catch (IllegalArgumentException notOne) {
      return Optional.empty();
    }
  }
}
