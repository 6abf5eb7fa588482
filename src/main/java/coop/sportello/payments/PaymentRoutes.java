package coop.sportello.payments;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Concern;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Rule;
import io.vertx.core.json.JsonObject;

/**
 * Payments HTTP surface under /api/v1 (how a booking is paid is chosen when it is confirmed, see
 * BookingRoutes):
 * <pre>
 *   GET  /bookings/:id/payments            whoever sees the booking -> {bookingId, priceCents, paidCents, dueCents,
 *                                                                      refundedCents, items: [{id, method, state,
 *                                                                      amountCents, refundedCents, means?, createdAt,
 *                                                                      completedAt?, refunds: [...]}]}
 *   POST /provider/payments/:id/record     provider_admin (own cooperative's payments)
 *                                          {means: cash | pos | bank_transfer} -> the payment, completed
 * </pre>
 * Answers: 404 for a payment of another cooperative, 409 not-at-provider, payment-not-due,
 * payment-recorded (recorded before with another means).
 */
final class PaymentRoutes implements ApiModule {

  private static final JsonBody RECORD = JsonBody.schema(new JsonObject("""
      {"type":"object","additionalProperties":false,"required":["means"],
       "properties":{"means":{"enum":["cash","pos","bank_transfer"]}}}"""));

  private final PaymentService payments;

  PaymentRoutes(PaymentService payments) {
    this.payments = payments;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/bookings/:id/payments", Rule.signedIn().concerning(Concern.booking("id")))
        .summary("I pagamenti e i rimborsi di una prenotazione")
        .handler(ctx -> payments.ofBooking(Access.identity(ctx), ApiRoutes.id(ctx, "id"))
            .onSuccess(ctx::json).onFailure(ctx::fail));
    routes.post("/provider/payments/:id/record", Rule.roles(Role.PROVIDER_ADMIN))
        .summary("Registra un pagamento ricevuto presso la cooperativa (contanti, POS, bonifico)")
        .body(RECORD).idempotent().handler(ctx -> {
          JsonObject body = ApiRoutes.body(ctx);
          Identity who = Access.identity(ctx);
          Idempotency.answer(ctx, payments.record(who, ApiRoutes.id(ctx, "id"), body.getString("means"),
              Idempotency.key(ctx, who.subject(), body)));
        });
  }
}
