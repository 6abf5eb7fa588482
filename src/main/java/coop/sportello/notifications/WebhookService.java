package coop.sportello.notifications;

import coop.sportello.notifications.WebhookRepository.Owner;
import coop.sportello.notifications.domain.WebhookEvent;
import coop.sportello.notifications.domain.WebhookEvent.Organisation;
import coop.sportello.platform.auth.Secrets;
import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * An organisation's webhook subscriptions: create (the secret is shown in that answer only), list,
 * disable and enable, the delivery log, and a test event. Every call names the caller's own
 * organisation; another's subscription answers the same 404 as an unknown id.
 */
final class WebhookService {

  /** Marks a Sportello webhook secret where it is pasted (a receiver's configuration, a vault). */
  static final String SECRET_PREFIX = "whsec_";
  static final int DELIVERIES_SHOWN = 50;
  /** Why a company has no event types (see {@link WebhookEvent}). */
  private static final String NOTHING_FOR_COMPANIES = "Per ora nessun evento è offerto alle aziende: ogni evento di "
      + "prenotazione direbbe quale servizio ha usato un dipendente, e l'azienda vede solo dati aggregati.";

  private final WebhookRepository repository;
  private final Clock clock;

  WebhookService(WebhookRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  /** The event types the organisation may subscribe to; for a company none, and why. */
  JsonObject eventTypes(Owner owner) {
    JsonObject out = new JsonObject().put("organisation", owner.kind().name().toLowerCase(Locale.ROOT))
        .put("eventTypes", new JsonArray(WebhookEvent.wireNames(owner.kind())));
    return owner.kind() == Organisation.COMPANY ? out.put("detail", NOTHING_FOR_COMPANIES) : out;
  }

  /**
   * A new subscription with its secret, which no later answer shows again. A retry under the same
   * idempotency key gets the same answer, secret included (stored with the key, in the same database
   * as the subscription's own copy, so no wider exposure): a creator who lost the first answer would
   * otherwise hold a subscription nobody can verify.
   */
  Future<Idempotency.Outcome> create(Owner owner, String createdBy, String url, List<String> eventTypes,
                                     Idempotency.Key key) {
    List<String> offered = WebhookEvent.wireNames(owner.kind());
    if (!offered.containsAll(eventTypes)) {
      return Future.failedFuture(Problem.of(new Refusal(422, "event-type-not-offered", offered.isEmpty()
          ? NOTHING_FOR_COMPANIES : "Tipi di evento possibili: " + String.join(", ", offered) + ".")));
    }
    String secret = SECRET_PREFIX + Secrets.newSecret();
    return repository.pool().withTransaction(tx -> IdempotencyStore.once(tx, key, () ->
        repository.create(tx, owner, url, eventTypes, secret, createdBy).compose(created -> created
            .map(json -> Future.succeededFuture(new Idempotency.Outcome(201, json.put("secret", secret))))
            .orElseGet(() -> Future.failedFuture(tooMany())))));
  }

  Future<JsonObject> list(Owner owner) {
    return repository.list(owner).map(items -> new JsonObject().put("items", items));
  }

  /** Disabled: nothing more is planned for it and its waiting deliveries are not sent. Enabled again: new events only. */
  Future<Idempotency.Outcome> setDisabled(Owner owner, UUID id, boolean disabled, Idempotency.Key key) {
    return repository.pool().withTransaction(tx -> IdempotencyStore.once(tx, key, () -> owned(tx, owner, id)
        .compose(found -> repository.setDisabled(tx, owner, id, disabled))
        .compose(changed -> changed.map(json -> Future.succeededFuture(new Idempotency.Outcome(200, json)))
            .orElseGet(() -> Future.failedFuture(tooMany())))));
  }

  /** The subscription with its latest deliveries, newest first. */
  Future<JsonObject> deliveries(Owner owner, UUID id) {
    return owned(repository.pool(), owner, id).compose(subscription -> repository.deliveries(id, DELIVERIES_SHOWN)
        .map(items -> new JsonObject().put("subscription", subscription).put("items", items)));
  }

  /** A {@code webhook.test} event to this subscription only, sent like any other; 202 with its delivery id. */
  Future<Idempotency.Outcome> sendTest(Owner owner, UUID id, Idempotency.Key key) {
    return repository.pool().withTransaction(tx -> IdempotencyStore.once(tx, key, () -> owned(tx, owner, id)
        .compose(subscription -> {
          if (subscription.getString("disabledAt") != null) {
            return Future.failedFuture(Problem.of(Refusal.conflict("subscription-disabled",
                "La sottoscrizione è disattivata: riattivala per provarla.")));
          }
          JsonObject body = WebhookFanOut.event(WebhookEvent.TEST, clock.instant().toString(),
              new JsonObject().put("subscriptionId", id.toString()));
          return repository.insertMessage(tx, WebhookEvent.TEST.wireName(), id, body)
              .map(message -> new Idempotency.Outcome(202, new JsonObject().put("deliveryId", message.toString())
                  .put("type", WebhookEvent.TEST.wireName())));
        })));
  }

  private Future<JsonObject> owned(SqlClient client, Owner owner, UUID id) {
    return repository.find(client, owner, id).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(Problem.notFound("Nessuna sottoscrizione webhook con questo identificativo."))));
  }

  private static Problem tooMany() {
    return Problem.of(Refusal.conflict("too-many-subscriptions", "Si possono avere al massimo "
        + WebhookRepository.MAX_LIVE_PER_ORGANISATION + " sottoscrizioni attive: disattivane una."));
  }
}
