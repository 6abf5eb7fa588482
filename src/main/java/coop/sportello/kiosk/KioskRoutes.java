package coop.sportello.kiosk;

import coop.sportello.kiosk.domain.KioskIdentifier;
import coop.sportello.kiosk.domain.KioskRules;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.PasswordHasher;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.PathParams;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

import java.util.UUID;

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
 * And a guard in front of the booking routes (this module is registered before them): a kiosk's
 * booking call must concern the person identified at that kiosk within the session's minutes
 * (403 kiosk-person-not-identified otherwise). The database enforces the same (V13 triggers).
 * Answers: 401 kiosk-not-recognised, 429 kiosk-pin-locked, 429 kiosk-paused, 422 invalid-codice-fiscale,
 * 422 invalid-badge, 422 weak-pin, 403 kiosk-session-ended.
 */
public final class KioskRoutes implements ApiModule {

  private static final JsonBody IDENTIFY = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["pin"],
       "properties":{"badge":{"type":"string","minLength":1,"maxLength":64},
                     "codiceFiscale":{"type":"string","minLength":1,"maxLength":40},
                     "pin":{"type":"string","pattern":"^[0-9]{4,8}$"}}}"""));
  private static final JsonBody PIN = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["pin"],
       "properties":{"pin":{"type":"string","maxLength":16}}}"""));

  private final KioskService kiosk;

  public KioskRoutes(KioskService kiosk) {
    this.kiosk = kiosk;
  }

  /** Everything kiosk mode needs, from the shared Vert.x, pool and the {@code kiosk} configuration. */
  public KioskRoutes(Vertx vertx, Pool pool, JsonObject config) {
    this(new KioskService(vertx, new KioskRepository(pool), new PasswordHasher(vertx), KioskService.Settings.from(config)));
  }

  @Override
  public void mountProtected(Router api) {
    api.route("/bookings").handler(this::guardBookings);
    api.route("/bookings/*").handler(this::guardBookings);

    api.get("/kiosk/pin").handler(Access.requireAnyRole(Role.EMPLOYEE)).handler(ctx ->
        kiosk.pinStatus(Access.identity(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
    api.put("/kiosk/pin").handler(Access.requireAnyRole(Role.EMPLOYEE)).handler(ctx -> {
      JsonObject body = PIN.read(ctx);
      kiosk.setPin(Access.identity(ctx), body.getString("pin")).onSuccess(ctx::json).onFailure(ctx::fail);
    });
    api.post("/kiosk/identify").handler(Access.requireAnyRole(Role.KIOSK)).handler(ctx -> {
      JsonObject body = IDENTIFY.read(ctx);
      KioskIdentifier.Parsed parsed = KioskIdentifier.parse(body.getString("badge"), body.getString("codiceFiscale"));
      if (!parsed.ok()) {
        throw KioskService.problem(parsed.refusal());
      }
      personal(ctx, kiosk.identify(Access.identity(ctx), parsed.identifier(), body.getString("pin")));
    });
    api.get("/kiosk/sessions/:id").handler(Access.requireAnyRole(Role.KIOSK)).handler(ctx ->
        personal(ctx, kiosk.session(Access.identity(ctx), PathParams.uuid(ctx, "id"))));
    api.post("/kiosk/sessions/:id/end").handler(Access.requireAnyRole(Role.KIOSK)).handler(ctx ->
        kiosk.endSession(Access.identity(ctx), PathParams.uuid(ctx, "id")).onSuccess(ctx::json).onFailure(ctx::fail));
    api.get("/bookings/:id/qr.svg").handler(ctx ->
        kiosk.qrSvg(Access.identity(ctx), PathParams.uuid(ctx, "id"))
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

  /** Lets everyone but kiosks straight through; a kiosk only for the person identified at it now. */
  private void guardBookings(RoutingContext ctx) {
    Identity who = Access.identity(ctx);
    String device = KioskRules.deviceOf(who.subject());
    if (device == null) {
      ctx.next();
      return;
    }
    UUID deviceId = UUID.fromString(device);
    String path = ctx.normalizedPath();
    int at = path.indexOf("/bookings");
    KioskBookingGuard guard = KioskBookingGuard.of(ctx.request().method().name(), path.substring(at + "/bookings".length()));
    Future<Boolean> allowed = switch (guard.check()) {
      case NONE -> Future.succeededFuture(true);
      case REFUSE_LIST -> Future.failedFuture(Problem.forbidden(
          "Un totem non elenca le prenotazioni: mostra solo quelle della persona identificata."));
      case BODY_PERSON -> {
        String person = forPerson(ctx);
        yield person == null ? Future.succeededFuture(true) : kiosk.repository().identifiedHere(deviceId, person);
      }
      case BOOKING -> kiosk.repository().bookingPerson(deviceId, guard.id())
          .map(p -> p != KioskRepository.Presence.NOT_IDENTIFIED_HERE);
      case WAITLIST_ENTRY -> kiosk.repository().waitlistPerson(deviceId, guard.id())
          .map(p -> p != KioskRepository.Presence.NOT_IDENTIFIED_HERE);
    };
    allowed.onSuccess(ok -> {
      if (ok) {
        ctx.next();
      } else {
        ctx.fail(new Problem(403, "kiosk-person-not-identified", "Persona non identificata",
            "Questo totem agisce solo per la persona identificata qui negli ultimi minuti: chiedile di identificarsi di nuovo."));
      }
    }).onFailure(ctx::fail);
  }

  /** {@code forPerson} of a JSON body, or null when there is none (the booking route then answers). */
  private static String forPerson(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      Object person = body == null ? null : body.getValue("forPerson");
      return person == null ? null : String.valueOf(person);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
