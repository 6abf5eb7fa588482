package coop.sportello.vouchers;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import coop.sportello.statements.domain.StatementMonth;
import coop.sportello.vouchers.domain.CounterRules;
import coop.sportello.vouchers.domain.ReimbursementStatement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/**
 * Buoni spesa under /api/v1:
 * <pre>
 *   GET  /me/voucher-wallets                       a person -> {items: [{id, code, codeGrouped, qrSvg, municipality, balanceCents,
 *                                                  validUntil, state, movements[], pendingCharges[{shop, amountCents, oneTimeCode}], shops[]}]}
 *   POST /shop/voucher-charges                     shopkeeper {walletCode, amountCents} -> 201 {id, state: pending, amountCents, expiresAt}
 *   POST /shop/voucher-charges/:id/confirm         shopkeeper {pin} | {oneTimeCode} -> {id, state: confirmed, amountCents, balanceCents}
 *   POST /shop/voucher-charges/:id/refund          shopkeeper -> {id, state: refunded} (the same day only)
 *   GET  /shop/voucher-charges                     shopkeeper -> today's confirmed and refunded charges
 *   GET  /shop/voucher-statements/:month           shopkeeper -> the month's reimbursement statement (JSON); /csv as a file
 *   GET  /municipality/voucher-statements/:month   municipal officer -> every shop of their Comune's municipality; /csv as a file
 * </pre>
 * A shopkeeper is a provider admin whose provider is a shop; the shop is always the caller's own.
 */
final class VoucherRoutes implements ApiModule {

  private static final Rule SHOP = Rule.roles(Role.PROVIDER_ADMIN);
  private static final Rule OFFICER = Rule.roles(Role.MUNICIPAL_OFFICER);
  private static final JsonBody CHARGE = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["walletCode","amountCents"],
       "properties":{"walletCode":{"type":"string","minLength":12,"maxLength":40},
                     "amountCents":{"type":"integer","minimum":1,"maximum":%d}}}""".formatted(CounterRules.MAX_CHARGE_CENTS)));
  private static final JsonBody CONFIRM = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"minProperties":1,"maxProperties":1,
       "properties":{"pin":{"type":"string","minLength":4,"maxLength":12},
                     "oneTimeCode":{"type":"string","pattern":"^[0-9]{6}$"}}}"""));

  private final VoucherService vouchers;

  VoucherRoutes(VoucherService vouchers) {
    this.vouchers = vouchers;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/me/voucher-wallets", Rule.people())
        .summary("I tuoi buoni spesa del Comune: saldo, scadenza, codice da mostrare in negozio, movimenti, dove spenderli")
        .handler(ctx -> personal(ctx, vouchers.myWallets(Access.identity(ctx))));
    routes.post("/shop/voucher-charges", SHOP)
        .summary("Il negozio chiede di addebitare un importo a un buono spesa (codice del buono); il cittadino poi conferma")
        .body(CHARGE).idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          JsonObject body = ApiRoutes.body(ctx);
          Idempotency.answer(ctx, vouchers.requestCharge(who, body.getString("walletCode"), body.getInteger("amountCents"),
              Idempotency.key(ctx, who.subject(), body)));
        });
    routes.post("/shop/voucher-charges/:id/confirm", SHOP)
        .summary("Il cittadino conferma l'addebito con il suo PIN o con il codice usa e getta del suo telefono: il buono è addebitato")
        .body(CONFIRM).idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          JsonObject body = ApiRoutes.body(ctx);
          ctx.response().putHeader("Cache-Control", "no-store");
          Idempotency.answer(ctx, vouchers.confirmCharge(who, ApiRoutes.id(ctx, "id"), body.getString("pin"),
              body.getString("oneTimeCode"), Idempotency.key(ctx, who.subject(), body.copy().put("charge", ctx.pathParam("id")))));
        });
    routes.post("/shop/voucher-charges/:id/refund", SHOP)
        .summary("Storno: il negozio restituisce al buono un suo addebito di oggi")
        .idempotent().handler(ctx -> {
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, vouchers.refundCharge(who, ApiRoutes.id(ctx, "id"),
              Idempotency.key(ctx, who.subject(), new JsonObject().put("refund", ctx.pathParam("id")))));
        });
    routes.get("/shop/voucher-charges", SHOP).summary("Gli addebiti di oggi del negozio sui buoni spesa")
        .handler(ctx -> personal(ctx, vouchers.todaysCharges(Access.identity(ctx))));
    routes.get("/shop/voucher-statements/:month", SHOP)
        .summary("Il rendiconto del mese dei buoni spesa del negozio: addebiti, storni e quanto deve rimborsare ogni Comune")
        .handler(ctx -> json(ctx, who -> vouchers.shopStatement(who, month(ctx))));
    routes.get("/shop/voucher-statements/:month/csv", SHOP).produces("text/csv")
        .summary("Il rendiconto del mese dei buoni spesa del negozio come file CSV")
        .handler(ctx -> csv(ctx, who -> vouchers.shopStatement(who, month(ctx))));
    routes.get("/municipality/voucher-statements/:month", OFFICER)
        .summary("Il rendiconto del mese dei buoni spesa di tutti i negozi del Comune: quanto rimborsare a ciascuno")
        .handler(ctx -> json(ctx, who -> vouchers.municipalityStatement(who, month(ctx))));
    routes.get("/municipality/voucher-statements/:month/csv", OFFICER).produces("text/csv")
        .summary("Il rendiconto del mese dei buoni spesa del Comune come file CSV")
        .handler(ctx -> csv(ctx, who -> vouchers.municipalityStatement(who, month(ctx))));
  }

  private static StatementMonth month(RoutingContext ctx) {
    return StatementMonth.parse(ctx.pathParam("month")).orElseThrow(() -> Problem.of(StatementMonth.WRONG));
  }

  private static void personal(RoutingContext ctx, Future<JsonObject> answer) {
    answer.onSuccess(json -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      ctx.json(json);
    }).onFailure(ctx::fail);
  }

  private static void json(RoutingContext ctx, Function<Identity, Future<ReimbursementStatement>> statement) {
    personal(ctx, statement.apply(Access.identity(ctx)).map(VoucherService::toJson));
  }

  private static void csv(RoutingContext ctx, Function<Identity, Future<ReimbursementStatement>> statement) {
    statement.apply(Access.identity(ctx)).map(VoucherService::toCsv).onSuccess(text -> ctx.response()
            .putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"buoni-spesa-" + ctx.pathParam("month") + ".csv\"")
            .putHeader("Cache-Control", "no-store")
            .end(text))
        .onFailure(ctx::fail);
  }
}
