package coop.sportello.notifications;

import coop.sportello.notifications.domain.WebhookEvent.Organisation;
import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every SQL statement of webhooks: subscriptions (always within their organisation: a subscription
 * of another one is as absent as an unknown id), the planning's match of outbox rows to them, what
 * the transport needs to sign, and the delivery log, which is the subscription's messages.
 */
final class WebhookRepository {

  /**
   * Subscriptions an organisation may keep live at once: each one multiplies every event. A bound
   * on cost, not an invariant: two creations at the same instant may both pass it.
   */
  static final int MAX_LIVE_PER_ORGANISATION = 10;

  private static final String COLUMNS = "id, url, event_types, created_at, disabled_at";

  private final Pool pool;

  WebhookRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  /** The organisation a subscription belongs to (a cooperative or a company) and its id. */
  record Owner(Organisation kind, UUID id) {
    private String column() {
      return kind == Organisation.PROVIDER ? "provider_id" : "company_id";
    }
  }

  /** The new subscription, or empty when the organisation already has its most live ones. */
  Future<Optional<JsonObject>> create(SqlClient tx, Owner owner, String url, List<String> eventTypes, String secret,
                                      String createdBy) {
    return tx.preparedQuery("""
            INSERT INTO webhook_subscriptions (%1$s, url, event_types, secret, created_by)
            SELECT $1, $2, $3, $4, $5
             WHERE (SELECT count(*) FROM webhook_subscriptions WHERE %1$s = $1 AND disabled_at IS NULL) < $6
            RETURNING %2$s""".formatted(owner.column(), COLUMNS))
        .execute(Tuple.of(owner.id(), url, eventTypes.toArray(new String[0]), secret, createdBy, MAX_LIVE_PER_ORGANISATION))
        .map(rows -> Rows.first(rows, WebhookRepository::json));
  }

  Future<JsonArray> list(Owner owner) {
    return pool.preparedQuery("SELECT %s FROM webhook_subscriptions WHERE %s = $1 ORDER BY created_at DESC, id"
            .formatted(COLUMNS, owner.column()))
        .execute(Tuple.of(owner.id()))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(json(r)));
          return out;
        });
  }

  Future<Optional<JsonObject>> find(SqlClient client, Owner owner, UUID id) {
    return client.preparedQuery("SELECT %s FROM webhook_subscriptions WHERE id = $1 AND %s = $2".formatted(COLUMNS, owner.column()))
        .execute(Tuple.of(id, owner.id()))
        .map(rows -> Rows.first(rows, WebhookRepository::json));
  }

  /**
   * Disables or enables the organisation's subscription, keeping the first time it was disabled
   * when disabled again; empty when it has no such subscription, or (enabling) when that would pass
   * the organisation's limit of live ones.
   */
  Future<Optional<JsonObject>> setDisabled(SqlClient tx, Owner owner, UUID id, boolean disabled) {
    String sql = disabled
        ? "UPDATE webhook_subscriptions SET disabled_at = coalesce(disabled_at, now()) WHERE id = $1 AND %2$s = $2 RETURNING %1$s"
        : """
          UPDATE webhook_subscriptions SET disabled_at = NULL
           WHERE id = $1 AND %2$s = $2
             AND (disabled_at IS NULL
                  OR (SELECT count(*) FROM webhook_subscriptions WHERE %2$s = $2 AND disabled_at IS NULL) < $3)
          RETURNING %1$s""";
    return tx.preparedQuery(sql.formatted(COLUMNS, owner.column()))
        .execute(disabled ? Tuple.of(id, owner.id()) : Tuple.of(id, owner.id(), MAX_LIVE_PER_ORGANISATION))
        .map(rows -> Rows.first(rows, WebhookRepository::json));
  }

  /** An outbox row's event, with the service its booking is of, to match against subscriptions. */
  record Announced(long outboxId, String eventType, UUID serviceId) { }

  /** A live subscription of the cooperative whose service an outbox row is about, for that row's event. */
  record Match(long outboxId, UUID subscriptionId, String createdAt) { }

  /** Inside the planning transaction: which live subscriptions each announced event goes to. */
  Future<List<Match>> subscribers(SqlClient tx, List<Announced> announced) {
    Long[] outboxIds = announced.stream().map(Announced::outboxId).toArray(Long[]::new);
    String[] types = announced.stream().map(Announced::eventType).toArray(String[]::new);
    UUID[] services = announced.stream().map(Announced::serviceId).toArray(UUID[]::new);
    return tx.preparedQuery("""
            SELECT e.outbox_id, w.id AS subscription_id, utc_iso(o.created_at) AS created_at
              FROM unnest($1::bigint[], $2::text[], $3::uuid[]) AS e(outbox_id, event_type, service_id)
              JOIN outbox o ON o.id = e.outbox_id
              JOIN services s ON s.id = e.service_id
              JOIN webhook_subscriptions w ON w.provider_id = s.provider_id AND w.disabled_at IS NULL
                                          AND e.event_type = ANY (w.event_types)
             ORDER BY e.outbox_id, w.id""")
        .execute(Tuple.of(outboxIds, types, services))
        .map(rows -> {
          List<Match> out = new ArrayList<>(rows.size());
          for (Row r : rows) {
            out.add(new Match(r.getLong("outbox_id"), r.getUUID("subscription_id"), r.getString("created_at")));
          }
          return out;
        });
  }

  /** Where and with which key a delivery goes; {@code live} false once the subscription was disabled. */
  record Target(String url, String secret, boolean live) { }

  Future<Optional<Target>> target(UUID subscription) {
    return pool.preparedQuery("SELECT url, secret, disabled_at IS NULL AS live FROM webhook_subscriptions WHERE id = $1")
        .execute(Tuple.of(subscription))
        .map(rows -> Rows.first(rows, r -> new Target(r.getString("url"), r.getString("secret"), r.getBoolean("live"))));
  }

  /** A message outside any outbox row (the test event), due at once. */
  Future<UUID> insertMessage(SqlClient tx, String kind, UUID subscription, JsonObject content) {
    return tx.preparedQuery("""
            INSERT INTO notification_messages (kind, channel, address, language, content)
            VALUES ($1, 'webhook', $2, 'it', $3) RETURNING id""")
        .execute(Tuple.of(kind, subscription.toString(), content))
        .map(rows -> rows.iterator().next().getUUID("id"));
  }

  /** The subscription's latest deliveries, newest first: state, attempts and the receiver's last answer. */
  Future<JsonArray> deliveries(UUID subscription, int limit) {
    return pool.preparedQuery("""
            SELECT id, kind, status, attempts, last_error, last_response, created_at, next_attempt_at, sent_at
              FROM notification_messages
             WHERE channel = 'webhook' AND address = $1
             ORDER BY created_at DESC, id LIMIT $2""")
        .execute(Tuple.of(subscription.toString(), limit))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            boolean waiting = "queued".equals(r.getString("status")) || "failed".equals(r.getString("status"));
            out.add(new JsonObject().put("id", r.getUUID("id").toString()).put("type", r.getString("kind"))
                .put("status", r.getString("status")).put("attempts", r.getInteger("attempts"))
                .put("lastError", r.getString("last_error")).put("lastResponse", r.getJsonObject("last_response"))
                .put("createdAt", instant(r.getOffsetDateTime("created_at")))
                .put("nextAttemptAt", waiting ? instant(r.getOffsetDateTime("next_attempt_at")) : null)
                .put("sentAt", instant(r.getOffsetDateTime("sent_at"))));
          }
          return out;
        });
  }

  /** A subscription as its organisation sees it: never its secret. */
  private static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getUUID("id").toString()).put("url", r.getString("url"))
        .put("eventTypes", new JsonArray(List.of((Object[]) r.getArrayOfStrings("event_types"))))
        .put("createdAt", instant(r.getOffsetDateTime("created_at")))
        .put("disabledAt", instant(r.getOffsetDateTime("disabled_at")));
  }

  private static String instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
