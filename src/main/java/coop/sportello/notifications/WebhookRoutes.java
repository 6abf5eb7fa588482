package coop.sportello.notifications;

import coop.sportello.notifications.WebhookRepository.Owner;
import coop.sportello.notifications.domain.WebhookEvent;
import coop.sportello.notifications.domain.WebhookEvent.Organisation;
import coop.sportello.notifications.domain.WebhookUrl;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.ApiModule;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.JsonBody;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.http.Rule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/**
 * Outbound webhooks under /api/v1, for a cooperative's provider_admin and a company's hr_admin,
 * each on its own organisation's subscriptions (docs/WEBHOOKS.md):
 * <pre>
 *   GET  /webhooks/event-types                    -> {organisation, eventTypes[], detail?}
 *   POST /webhooks/subscriptions                  {url, eventTypes[]} -> 201 the subscription with its secret (only here)
 *   GET  /webhooks/subscriptions                  -> {items[]}: id, url, eventTypes, createdAt, disabledAt
 *   POST /webhooks/subscriptions/:id/disable      -> the subscription; /enable likewise (409 past the limit of live ones)
 *   GET  /webhooks/subscriptions/:id/deliveries   -> {subscription, items[]}: the last 50, status, attempts, last response
 *   POST /webhooks/subscriptions/:id/test         -> 202 {deliveryId, type: webhook.test}
 * </pre>
 */
final class WebhookRoutes implements ApiModule {

  private static final JsonBody SUBSCRIPTION = JsonBody.schema(new JsonObject()
      .put("type", "object").put("additionalProperties", false).put("required", new JsonArray().add("url").add("eventTypes"))
      .put("properties", new JsonObject()
          .put("url", new JsonObject().put("type", "string").put("minLength", 10).put("maxLength", WebhookUrl.MAX_LENGTH))
          .put("eventTypes", new JsonObject().put("type", "array").put("minItems", 1).put("uniqueItems", true)
              .put("items", new JsonObject().put("enum", new JsonArray(WebhookEvent.wireNames(Organisation.PROVIDER)))))));

  private static final Rule ADMINS = Rule.roles(Role.PROVIDER_ADMIN, Role.HR_ADMIN);

  private final WebhookService webhooks;
  private final boolean allowInsecure;

  WebhookRoutes(WebhookService webhooks, boolean allowInsecure) {
    this.webhooks = webhooks;
    this.allowInsecure = allowInsecure;
  }

  @Override
  public void mount(ApiRoutes routes) {
    routes.get("/webhooks/event-types", ADMINS).summary("Gli eventi a cui la tua organizzazione può abbonarsi")
        .handler(ctx -> ctx.json(webhooks.eventTypes(owner(ctx))));
    routes.post("/webhooks/subscriptions", ADMINS).summary("Abbona un indirizzo HTTPS a eventi firmati (il segreto si vede solo ora)")
        .body(SUBSCRIPTION).idempotent()
        .handler(this::create);
    routes.get("/webhooks/subscriptions", ADMINS).summary("Le sottoscrizioni webhook della tua organizzazione")
        .handler(ctx -> webhooks.list(owner(ctx)).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.post("/webhooks/subscriptions/:id/disable", ADMINS).summary("Sospende una sottoscrizione (gli invii in attesa non partono)")
        .idempotent()
        .handler(ctx -> setDisabled(ctx, true));
    routes.post("/webhooks/subscriptions/:id/enable", ADMINS).summary("Riattiva una sottoscrizione per gli eventi da ora in poi")
        .idempotent()
        .handler(ctx -> setDisabled(ctx, false));
    routes.get("/webhooks/subscriptions/:id/deliveries", ADMINS).summary("Gli ultimi 50 invii, con tentativi e ultima risposta")
        .handler(ctx -> webhooks.deliveries(owner(ctx), ApiRoutes.id(ctx, "id")).onSuccess(ctx::json).onFailure(ctx::fail));
    routes.post("/webhooks/subscriptions/:id/test", ADMINS).summary("Invia un evento di prova (webhook.test)")
        .idempotent()
        .handler(ctx -> Idempotency.answer(ctx, webhooks.sendTest(owner(ctx), ApiRoutes.id(ctx, "id"), key(ctx, new JsonObject()))));
  }

  private void create(RoutingContext ctx) {
    JsonObject body = ApiRoutes.body(ctx);
    Idempotency.Key key = key(ctx, body);
    String url = body.getString("url");
    WebhookUrl.refusal(url, allowInsecure).ifPresent(refusal -> {
      throw Problem.of(refusal);
    });
    Owner owner = owner(ctx);
    Idempotency.answer(ctx, webhooks.create(owner, Access.identity(ctx).subject(), url,
        body.getJsonArray("eventTypes").stream().map(Object::toString).toList(), key));
  }

  private void setDisabled(RoutingContext ctx, boolean disabled) {
    Idempotency.answer(ctx, webhooks.setDisabled(owner(ctx), ApiRoutes.id(ctx, "id"), disabled, key(ctx, new JsonObject())));
  }

  private static Idempotency.Key key(RoutingContext ctx, JsonObject body) {
    return Idempotency.key(ctx, Access.identity(ctx).subject(), body);
  }

  /**
   * The caller's organisation, from the verified token only: a provider_admin's cooperative, else
   * an hr_admin's company (an account that is both manages its cooperative's here).
   */
  private static Owner owner(RoutingContext ctx) {
    Identity who = Access.identity(ctx);
    if (who.hasRole(Role.PROVIDER_ADMIN) && who.providerId() != null) {
      return new Owner(Organisation.PROVIDER, UUID.fromString(who.providerId()));
    }
    if (who.hasRole(Role.HR_ADMIN) && who.companyId() != null) {
      return new Owner(Organisation.COMPANY, UUID.fromString(who.companyId()));
    }
    throw Problem.forbidden("Il tuo account non è collegato a una cooperativa o a un'azienda.");
  }
}
