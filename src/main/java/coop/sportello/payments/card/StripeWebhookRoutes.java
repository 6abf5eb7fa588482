package coop.sportello.payments.card;

import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Rule;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * The endpoint Stripe delivers Connect events to. It is open (Stripe has no bearer token: the
 * signature is the credential) and declares no JSON body, so the platform's body handler keeps the
 * bytes exactly as they arrived and no schema or text check rewrites them before the signature is
 * verified. A verified event is answered 200 once the payments service has handled it; if handling
 * fails the answer is an error and Stripe delivers the event again later.
 */
public final class StripeWebhookRoutes {

  public static final String PATH = "/payments/stripe/webhook";

  private StripeWebhookRoutes() { }

  /** Declares {@code POST /api/v1/payments/stripe/webhook}, handing verified events to {@code events}. */
  public static void mount(ApiRoutes routes, StripeWebhook webhook, CardEvents events) {
    routes.post(PATH, Rule.open())
        .summary("Un evento di Stripe sui pagamenti con carta (firmato: Stripe-Signature)")
        .handler(ctx -> {
          Buffer raw = ctx.body().buffer();
          Optional<CardEvent> event = webhook.verify(raw == null ? new byte[0] : raw.getBytes(),
              ctx.request().getHeader(StripeWebhook.SIGNATURE_HEADER));
          Future<Void> handled = event.map(events::handle).orElse(Future.succeededFuture());
          handled.onSuccess(v -> ctx.json(new JsonObject().put("received", true))).onFailure(ctx::fail);
        });
  }
}
