package coop.sportello.notifications;

import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every SQL statement of notifications: the outbox's planning, the messages' states, reminders, preferences. */
public final class NotificationRepository {

  private static final String UUID_RE = "'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'";

  private final Pool pool;

  NotificationRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  /**
   * Inside the planning transaction: up to {@code limit} unplanned outbox rows, locked so that
   * another node skips them, each with what planning needs — the recipient's addresses and
   * preferences, who made the change (the audit row of that action), the cooperative whose
   * service it is, and a confirmed purchase's tickets (their codes go in its confirmation).
   */
  Future<RowSet<Row>> claimUnplanned(SqlClient tx, int limit) {
    return tx.preparedQuery("""
        WITH claimed AS MATERIALIZED (
          SELECT id, topic, recipient, payload FROM outbox
           WHERE planned_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
        )
        SELECT c.id, c.topic, c.payload,
               a.id AS account_id, a.email, a.phone, a.language, a.disabled_at IS NOT NULL AS disabled,
               p.channels, p.quiet_from, p.quiet_until, coalesce(p.optional_muted, false) AS optional_muted,
               who.actor AS actor, actor.roles AS actor_roles,
               pr.name AS provider_name, pr.reply_to_email,
               CASE WHEN c.topic = 'booking.confirmed' AND c.payload ->> 'id' ~ %1$s THEN
                 (SELECT json_agg(json_build_object('seq', t.seq, 'type', tt.label, 'code', t.code) ORDER BY t.seq)
                    FROM tickets t JOIN ticket_types tt ON tt.id = t.ticket_type_id
                   WHERE t.booking_id = (c.payload ->> 'id')::uuid) END AS tickets
          FROM claimed c
          LEFT JOIN accounts a ON a.id = CASE WHEN c.recipient ~ %1$s THEN c.recipient::uuid END
          LEFT JOIN notification_preferences p ON p.account_id = a.id
          LEFT JOIN LATERAL (
            SELECT au.actor FROM booking_audit au
             WHERE au.booking_id = CASE WHEN c.topic LIKE 'booking.%%' AND c.payload ->> 'id' ~ %1$s
                                        THEN (c.payload ->> 'id')::uuid END
               AND au.action = split_part(c.topic, '.', 2)
             ORDER BY au.id DESC LIMIT 1) who ON true
          LEFT JOIN accounts actor ON actor.id = CASE WHEN who.actor ~ %1$s THEN who.actor::uuid END
          LEFT JOIN services s ON s.id = CASE WHEN c.payload ->> 'serviceId' ~ %1$s THEN (c.payload ->> 'serviceId')::uuid END
          LEFT JOIN providers pr ON pr.id = coalesce(s.provider_id, CASE WHEN c.topic LIKE 'bando.%%' AND c.payload ->> 'providerId' ~ %1$s
                                                                      THEN (c.payload ->> 'providerId')::uuid END)
         ORDER BY c.id""".formatted(UUID_RE))
        .execute(Tuple.of(limit));
  }

  /** A message to write; {@code outboxId} makes it once per outbox row, channel and address. */
  record NewMessage(long outboxId, String kind, String channel, String recipient, String address, String language,
                    JsonObject content, Instant notBefore) { }

  Future<Void> insertMessages(SqlClient tx, List<NewMessage> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>(messages.size());
    for (NewMessage m : messages) {
      batch.add(Tuple.of(m.outboxId(), m.kind(), m.channel(), m.recipient(), m.address(), m.language(), m.content(),
          OffsetDateTime.ofInstant(m.notBefore(), ZoneOffset.UTC)));
    }
    return tx.preparedQuery("""
            INSERT INTO notification_messages (outbox_id, kind, channel, recipient, address, language, content, next_attempt_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (outbox_id, channel, address) WHERE outbox_id IS NOT NULL DO NOTHING""")
        .executeBatch(batch).mapEmpty();
  }

  Future<Void> markPlanned(SqlClient tx, List<Long> outboxIds) {
    return tx.preparedQuery("UPDATE outbox SET planned_at = now() WHERE id = ANY($1)")
        .execute(Tuple.of(outboxIds.toArray(new Long[0]))).mapEmpty();
  }

  /** A message a sender holds for one lease. */
  record Claimed(UUID id, String kind, String channel, String address, String language, JsonObject content, int attempts,
                 String recipient) { }

  /**
   * Takes up to {@code limit} due messages for {@code lease}: their next attempt moves to the end
   * of the lease, so they are not due for anyone else meanwhile and come back by themselves if
   * this node dies before recording what happened.
   */
  Future<List<Claimed>> claimDue(int limit, Duration lease) {
    // The batch is chosen once (MATERIALIZED): as a subquery PostgreSQL may run it again per row,
    // each run skipping the rows this statement already locked, and lease far more than the batch
    // (seen in the notifications benchmark under load: 9,273 rows for a limit of 200).
    return pool.preparedQuery("""
            WITH due AS MATERIALIZED (
              SELECT id FROM notification_messages
               WHERE status IN ('queued', 'failed') AND next_attempt_at <= now()
               ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            UPDATE notification_messages m
               SET attempts = m.attempts + 1, lease_until = now() + make_interval(secs => $2),
                   next_attempt_at = now() + make_interval(secs => $2)
              FROM due WHERE m.id = due.id
            RETURNING m.id, m.kind, m.channel, m.address, m.language, m.content, m.attempts, m.recipient""")
        .execute(Tuple.of(limit, (double) lease.toMillis() / 1000))
        .map(rows -> {
          List<Claimed> out = new ArrayList<>(rows.size());
          for (Row r : rows) {
            out.add(new Claimed(r.getUUID("id"), r.getString("kind"), r.getString("channel"), r.getString("address"),
                r.getString("language"), r.getJsonObject("content"), r.getInteger("attempts"), r.getString("recipient")));
          }
          return out;
        });
  }

  Future<Void> markSent(UUID id, JsonObject response) {
    return pool.preparedQuery("""
            UPDATE notification_messages SET status = 'sent', sent_at = now(), lease_until = NULL, last_error = NULL,
                   last_response = $2
             WHERE id = $1 AND status <> 'sent'""")
        .execute(Tuple.of(id, response)).mapEmpty();
  }

  /** A failed attempt: tried again at {@code retryAt}, or dead when there is none. */
  Future<Void> markFailed(UUID id, String error, JsonObject response, Optional<Instant> retryAt) {
    return pool.preparedQuery("""
            UPDATE notification_messages
               SET status = CASE WHEN $3::timestamptz IS NULL THEN 'dead' ELSE 'failed' END,
                   next_attempt_at = coalesce($3, next_attempt_at), lease_until = NULL, last_error = $2, last_response = $4
             WHERE id = $1 AND status <> 'sent'""")
        .execute(Tuple.of(id, error, retryAt.map(t -> OffsetDateTime.ofInstant(t, ZoneOffset.UTC)).orElse(null), response))
        .mapEmpty();
  }

  /**
   * Writes the reminders that fell due at {@code now} as outbox rows, each once: per confirmed
   * booking starting within the longest lead any service uses, the shortest lead whose time has
   * come (a node down across a lead sends the later reminder only), if the booking existed by then
   * (no "tomorrow" reminder for a booking made an hour ago) and it was not announced before.
   * The range on starts_at is the partial index {@code bookings_confirmed_start_idx}.
   */
  Future<Integer> announceDueReminders(Instant now) {
    return pool.preparedQuery(DUE_REMINDERS).execute(Tuple.of(OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
        .map(RowSet::rowCount);
  }

  /** Public so that the benchmark shows this statement's plan. */
  public static final String DUE_REMINDERS = """
      WITH candidates AS (
        SELECT DISTINCT ON (b.id) b.id, m.minutes
          FROM bookings b
          JOIN services s ON s.id = b.service_id
          CROSS JOIN LATERAL unnest(s.reminder_minutes) AS m(minutes)
         WHERE b.status = 'confirmed'
           AND b.starts_at > $1
           AND b.starts_at <= $1 + make_interval(mins => (SELECT coalesce(max(x), 0) FROM services, unnest(reminder_minutes) x))
           AND b.starts_at - make_interval(mins => m.minutes) <= $1
           AND b.created_at <= b.starts_at - make_interval(mins => m.minutes)
         ORDER BY b.id, m.minutes
      ), due AS (
        INSERT INTO booking_reminders (booking_id, minutes_before)
        SELECT id, minutes FROM candidates c
         WHERE NOT EXISTS (SELECT 1 FROM booking_reminders r WHERE r.booking_id = c.id AND r.minutes_before = c.minutes)
        ON CONFLICT DO NOTHING
        RETURNING booking_id, minutes_before
      )
      INSERT INTO outbox (topic, recipient, payload)
      SELECT 'booking.reminder', b.person,
             booking_json(ROW(b.*)::bookings, s.title, s.address) || jsonb_build_object('minutesBefore', d.minutes_before)
        FROM due d JOIN bookings b ON b.id = d.booking_id JOIN services s ON s.id = b.service_id""";

  /** Deletes sent and dead messages, and planned outbox rows, older than {@code retention}; a bounded batch. */
  Future<Integer> purge(Duration retention, int batch) {
    Tuple args = Tuple.of((double) retention.toSeconds(), batch);
    return pool.preparedQuery("""
            DELETE FROM notification_messages WHERE id IN (
              SELECT id FROM notification_messages
               WHERE status IN ('sent', 'dead') AND created_at < now() - make_interval(secs => $1) LIMIT $2)""")
        .execute(args).compose(messages -> pool.preparedQuery("""
            DELETE FROM outbox WHERE id IN (
              SELECT id FROM outbox WHERE planned_at < now() - make_interval(secs => $1) LIMIT $2)""")
            .execute(args).map(outbox -> messages.rowCount() + outbox.rowCount()));
  }

  // ---- what a supervisor sees -------------------------------------------------------------

  Future<JsonObject> summary() {
    return pool.query("""
            SELECT channel, status, count(*) AS n, min(created_at) FILTER (WHERE status IN ('queued', 'failed')) AS oldest
              FROM notification_messages GROUP BY channel, status""").execute()
        .compose(counts -> pool.query("SELECT count(*) AS n FROM outbox WHERE planned_at IS NULL").execute()
            .map(unplanned -> {
              JsonObject byChannel = new JsonObject();
              OffsetDateTime oldest = null;
              for (Row r : counts) {
                JsonObject channel = byChannel.getJsonObject(r.getString("channel"));
                if (channel == null) {
                  channel = new JsonObject().put("queued", 0L).put("failed", 0L).put("sent", 0L).put("dead", 0L);
                  byChannel.put(r.getString("channel"), channel);
                }
                channel.put(r.getString("status"), r.getLong("n"));
                OffsetDateTime o = r.getOffsetDateTime("oldest");
                if (o != null && (oldest == null || o.isBefore(oldest))) {
                  oldest = o;
                }
              }
              return new JsonObject().put("channels", byChannel)
                  .put("unplanned", Rows.first(unplanned).map(r -> r.getLong("n")).orElse(0L))
                  .put("oldestWaiting", oldest == null ? null : oldest.toInstant().toString());
            }));
  }

  /** The most recent messages in a state, newest first, without their words. */
  Future<JsonArray> messages(String status, int limit) {
    return pool.preparedQuery("""
            SELECT id, kind, channel, address, attempts, last_error, last_response, created_at, next_attempt_at, sent_at, status
              FROM notification_messages WHERE status = $1 ORDER BY created_at DESC LIMIT $2""")
        .execute(Tuple.of(status, limit))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            out.add(new JsonObject().put("id", r.getUUID("id").toString()).put("kind", r.getString("kind"))
                .put("channel", r.getString("channel")).put("to", Addresses.masked(r.getString("channel"), r.getString("address")))
                .put("status", r.getString("status")).put("attempts", r.getInteger("attempts"))
                .put("lastError", r.getString("last_error")).put("lastResponse", r.getJsonObject("last_response"))
                .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())
                .put("nextAttemptAt", r.getOffsetDateTime("next_attempt_at").toInstant().toString())
                .put("sentAt", r.getOffsetDateTime("sent_at") == null ? null : r.getOffsetDateTime("sent_at").toInstant().toString()));
          }
          return out;
        });
  }

  /** A failed or dead message back in the queue with a fresh count of attempts; false if it is neither. */
  Future<Boolean> resend(SqlClient tx, UUID id) {
    return tx.preparedQuery("""
            UPDATE notification_messages SET status = 'queued', attempts = 0, next_attempt_at = now(), lease_until = NULL
             WHERE id = $1 AND status IN ('failed', 'dead')""")
        .execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
  }

  // ---- preferences ---------------------------------------------------------------------------

  Future<Optional<Row>> preferences(UUID account) {
    return preferencesIn(pool, account);
  }

  Future<Optional<Row>> preferencesIn(SqlClient client, UUID account) {
    return client.preparedQuery("""
            SELECT a.email, a.phone, a.language, coalesce(p.channels, '{email}') AS channels, p.quiet_from, p.quiet_until,
                   coalesce(p.optional_muted, false) AS optional_muted
              FROM accounts a LEFT JOIN notification_preferences p ON p.account_id = a.id WHERE a.id = $1""")
        .execute(Tuple.of(account)).map(Rows::first);
  }

  Future<Void> savePreferences(SqlClient tx, UUID account, String[] channels, LocalTime quietFrom, LocalTime quietUntil,
                               boolean optionalMuted, String language) {
    return tx.preparedQuery("""
            INSERT INTO notification_preferences (account_id, channels, quiet_from, quiet_until, optional_muted)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (account_id) DO UPDATE SET channels = $2, quiet_from = $3, quiet_until = $4, optional_muted = $5,
                                                   updated_at = now()""")
        .execute(Tuple.of(account, channels, quietFrom, quietUntil, optionalMuted))
        .compose(v -> tx.preparedQuery("UPDATE accounts SET language = $2 WHERE id = $1").execute(Tuple.of(account, language)))
        .mapEmpty();
  }

  /** The unsubscribe link: optional messages off; idempotent by nature. */
  Future<Void> muteOptional(UUID account) {
    return pool.preparedQuery("""
            INSERT INTO notification_preferences (account_id, optional_muted) SELECT id, true FROM accounts WHERE id = $1
            ON CONFLICT (account_id) DO UPDATE SET optional_muted = true, updated_at = now()""")
        .execute(Tuple.of(account)).mapEmpty();
  }
}
