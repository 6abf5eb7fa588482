package coop.sportello.notifications;

import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Problem;
import coop.sportello.platform.links.SignedLinks;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Clock;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/**
 * What people and supervisors do with notifications: a person's preferences (channels, quiet
 * hours, optional messages, language) and the unsubscribe link; a supervisor's view of the relay
 * (counts, failed and dead messages with their reasons, resend).
 */
public final class NotificationService {

  /** The purpose of the token in an unsubscribe link (see {@link SignedLinks}). */
  static final String UNSUBSCRIBE = "unsubscribe";

  private final NotificationRepository repository;
  private final SignedLinks links;
  private final Clock clock;

  NotificationService(NotificationRepository repository, SignedLinks links, Clock clock) {
    this.repository = repository;
    this.links = links;
    this.clock = clock;
  }

  /** The person's preferences as their screen shows them, with the addresses they will be reached at. */
  public Future<JsonObject> preferences(UUID account) {
    return repository.preferences(account).map(row -> row.map(NotificationService::preferencesJson)
        .orElseThrow(() -> Problem.notFound("Nessun profilo con questo identificativo.")));
  }

  /** Replaces the person's preferences; SMS needs a phone number and e-mail an address on the profile. */
  public Future<Idempotency.Outcome> savePreferences(UUID account, List<String> channels, LocalTime quietFrom,
                                                     LocalTime quietUntil, boolean optionalMuted, String language,
                                                     Idempotency.Key key) {
    return repository.pool().withTransaction(tx -> IdempotencyStore.once(tx, key, () -> repository.preferences(account)
        .compose(current -> {
          Row row = current.orElseThrow(() -> Problem.notFound("Nessun profilo con questo identificativo."));
          if (channels.contains("sms") && row.getString("phone") == null) {
            return Future.failedFuture(Problem.of(new Refusal(422, "no-phone", "Per ricevere SMS serve un numero di cellulare nel profilo.")));
          }
          if (channels.contains("email") && row.getString("email") == null) {
            return Future.failedFuture(Problem.of(new Refusal(422, "no-email", "Per ricevere e-mail serve un indirizzo nel profilo.")));
          }
          return repository.savePreferences(tx, account, channels.toArray(new String[0]), quietFrom, quietUntil, optionalMuted, language)
              .compose(v -> repository.preferencesIn(tx, account))
              .map(saved -> new Idempotency.Outcome(200, preferencesJson(saved.orElseThrow())));
        })));
  }

  /**
   * The unsubscribe link: optional messages off for the account the token names. Any token that
   * is not a valid unsubscribe token gets the same 404, whoever it names.
   */
  public Future<JsonObject> unsubscribe(String token) {
    return links.verify(token, UNSUBSCRIBE, clock.instant())
        .map(claim -> repository.muteOptional(UUID.fromString(claim.subject()))
            .map(v -> new JsonObject().put("optionalMuted", true)))
        .orElseGet(() -> Future.failedFuture(Problem.notFound("Il collegamento non è valido o è scaduto.")));
  }

  public Future<JsonObject> summary() {
    return repository.summary();
  }

  public Future<JsonArray> messages(String status, int limit) {
    return repository.messages(status, limit);
  }

  /** Back in the queue; 409 when the message is neither failed nor dead (a sent one is never resent). */
  public Future<Idempotency.Outcome> resend(UUID id, Idempotency.Key key) {
    return repository.pool().withTransaction(tx -> IdempotencyStore.once(tx, key, () -> repository.resend(tx, id)
        .compose(done -> done ? Future.succeededFuture(new Idempotency.Outcome(200, new JsonObject().put("id", id.toString()).put("status", "queued")))
            : Future.failedFuture(Problem.of(new Refusal(409, "not-resendable", "Si può rinviare solo un messaggio non riuscito o scartato."))))));
  }

  private static JsonObject preferencesJson(Row r) {
    LocalTime from = r.getLocalTime("quiet_from");
    LocalTime until = r.getLocalTime("quiet_until");
    return new JsonObject()
        .put("email", r.getString("email")).put("phone", r.getString("phone")).put("language", r.getString("language"))
        .put("channels", new JsonArray(List.of((Object[]) r.getArrayOfStrings("channels"))))
        .put("quietFrom", from == null ? null : from.toString()).put("quietUntil", until == null ? null : until.toString())
        .put("optionalMuted", r.getBoolean("optional_muted"));
  }
}
