package coop.sportello.receipts;

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

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Receipts under /api/v1:
 * <pre>
 * a person (anyone signed in but kiosks)
 *   GET /me/receipts                 -> {items: [{id, series, year, number, label, issuedAt, amountCents, vatTreatment,
 *                                        taxableCents, vatCents, method, payer, companyName?, serviceTitle, serviceStart,
 *                                        bookingId, refersTo?, refersToLabel?}]}
 *   GET /receipts/:id/pdf            -> application/pdf: the person it is for, or an admin of its provider; else 404
 * provider_admin, their own cooperative
 *   GET /provider/receipts?year=     -> {year, items: [... + personName]} (year: this year in Rome when absent)
 *   GET /provider/legal-details      -> {name, vatNumber, legalName?, legalAddress?, fiscalCode?, complete, waitingForLegalData}
 *   PUT /provider/legal-details      {legalName, legalAddress, fiscalCode} -> the same (Idempotency-Key)
 * </pre>
 */
final class ReceiptRoutes implements ApiModule {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final JsonBody LEGAL_DETAILS = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["legalName","legalAddress","fiscalCode"],
       "properties":{"legalName":{"type":"string","minLength":2,"maxLength":200},
                     "legalAddress":{"type":"string","minLength":5,"maxLength":300},
                     "fiscalCode":{"type":"string","pattern":"^([0-9]{11}|[A-Za-z0-9]{16})$"}}}"""));

  private final ReceiptService receipts;
  private final Clock clock;

  ReceiptRoutes(ReceiptService receipts, Clock clock) {
    this.receipts = receipts;
    this.clock = clock;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/me/receipts", Rule.people()).summary("Le tue ricevute e note di credito")
        .handler(ctx -> receipts.mine(Access.identity(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.get("/receipts/:id/pdf", Rule.people()).summary("Il PDF di una ricevuta o nota di credito (tua, o della tua cooperativa)")
        .produces("application/pdf")
        .handler(ctx -> receipts.pdf(Access.identity(ctx), ApiRoutes.id(ctx, "id"))
            .onSuccess(pdf -> ctx.response()
                .putHeader("Content-Type", "application/pdf")
                .putHeader("Content-Disposition", "attachment; filename=\"" + pdf.fileName() + "\"")
                .putHeader("Cache-Control", "private, no-store")
                .end(pdf.bytes()))
            .onFailure(ctx::fail));

    Rule admin = Rule.roles(Role.PROVIDER_ADMIN);
    routes.get("/provider/receipts", admin).summary("Le ricevute e note di credito della cooperativa in un anno")
        .handler(ctx -> receipts.ofProvider(Access.identity(ctx), Access.cooperativeId(ctx), year(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.get("/provider/legal-details", admin).summary("I dati fiscali della cooperativa stampati sulle ricevute")
        .handler(ctx -> receipts.legalDetails(Access.cooperativeId(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.put("/provider/legal-details", admin).summary("Cambia i dati fiscali della cooperativa (valgono per le prossime ricevute)")
        .body(LEGAL_DETAILS).idempotent()
        .handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          String fiscalCode = body.getString("fiscalCode").toUpperCase(Locale.ROOT);
          if (fiscalCode.length() == 16) {
            CodiceFiscale.check(fiscalCode).ifPresent(wrong -> {
              throw Problem.of(CodiceFiscale.refusal(wrong));
            });
          }
          Idempotency.answer(ctx, receipts.saveLegalDetails(Access.cooperativeId(ctx), body.getString("legalName").strip(),
              body.getString("legalAddress").strip(), fiscalCode, Idempotency.key(ctx, Access.identity(ctx).subject(), body)));
        });
  }

  private int year(RoutingContext ctx) {
    String given = ctx.queryParams().get("year");
    if (given == null) {
      return LocalDate.now(clock.withZone(ROME)).getYear();
    }
    if (!given.matches("^20[2-9][0-9]$|^2100$")) {
      throw Problem.badRequest("year: un anno come 2026.");
    }
    return Integer.parseInt(given);
  }
}
