package coop.sportello.frontdesk;

import coop.sportello.frontdesk.domain.Channel;
import coop.sportello.frontdesk.domain.Contact;
import coop.sportello.frontdesk.domain.Outcome;
import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * All of the front desk's SQL: the contacts (answered calls, handled chat conversations) as their
 * outcome needs them, the bookings their handler made during them, V55's {@code contact_outcomes}
 * and the supervisor's counts. Each method runs on the client it is given (a transaction's
 * connection or the pool).
 */
final class FrontDeskRepository {

  /**
   * An answered call ($1), of the operator $2 unless null: the booking window runs from the
   * answer to the end plus the queue's wrap-up (now while it goes on).
   */
  private static final String CALL = """
      SELECT c.id, c.arrived_at, c.operator, c.person::text AS person, c.answered_at,
             coalesce(c.ended_at, now()) + make_interval(secs => q.wrap_up_seconds) AS until
        FROM calls c JOIN call_queues q ON q.id = c.queue_id
       WHERE c.id = $1 AND c.answered_at IS NOT NULL AND c.operator IS NOT NULL
         AND ($2::text IS NULL OR c.operator = $2)""";

  /**
   * A conversation ($1) someone accepted; its handler is the manager who accepted it last, and
   * $2 (unless null) must be that manager, who still has it or had it when it closed.
   */
  private static final String CHAT = """
      SELECT c.id::text AS id, c.queued_at, h.author AS handler, c.owner, h.created_at AS accepted_at,
             coalesce(c.closed_at, now()) AS until, c.topic
        FROM chat_conversations c
        JOIN LATERAL (SELECT e.author, e.created_at FROM chat_events e
                       WHERE e.conversation_id = c.id AND e.kind = 'accepted' ORDER BY e.seq DESC LIMIT 1) h ON true
       WHERE c.id = $1
         AND ($2::text IS NULL OR (h.author = $2 AND (c.status = 'closed' OR c.manager = $2)))""";

  /** Confirmed bookings $1 made between $2 and $3, for the person $4 unless null; oldest first (V59's index). */
  private static final String MADE_DURING = """
      SELECT b.id, b.code, b.starts_at, s.title
        FROM bookings b JOIN services s ON s.id = b.service_id
       WHERE b.acted_by = $1 AND b.acted_by <> b.person AND b.created_at BETWEEN $2 AND $3
         AND ($4::text IS NULL OR b.person = $4) AND b.status = 'confirmed'
       ORDER BY b.created_at, b.id LIMIT 20""";

  private static final String UPSERT = """
      INSERT INTO contact_outcomes (channel, contact_id, contact_at, topic, outcome, booking_id, recorded_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (channel, contact_id) DO UPDATE SET contact_at = EXCLUDED.contact_at, topic = EXCLUDED.topic,
        outcome = EXCLUDED.outcome, booking_id = EXCLUDED.booking_id, recorded_by = EXCLUDED.recorded_by, recorded_at = now()
      RETURNING channel, contact_id, contact_at, topic, outcome, booking_id, recorded_by, recorded_at""";

  /**
   * Each channel's contacts that began in [$1, $2): calls arrived, answered, abandoned, with a
   * call-back asked for; conversations started, handled (someone accepted them), closed without
   * anyone, with a call-back asked for; and how many of the handled ones have an outcome.
   */
  private static final String CHANNELS = """
      WITH calls_in AS (
             SELECT c.id, c.answered_at IS NOT NULL AS answered, c.status = 'abandoned' AS abandoned,
                    c.callback_number IS NOT NULL AS callback
               FROM calls c WHERE c.arrived_at >= $1 AND c.arrived_at < $2),
           chats_in AS (
             SELECT c.id::text AS id,
                    (c.accepted_at IS NOT NULL OR EXISTS (SELECT 1 FROM chat_events e WHERE e.conversation_id = c.id
                                                            AND e.kind = 'accepted')) AS answered,
                    EXISTS (SELECT 1 FROM chat_events e WHERE e.conversation_id = c.id
                              AND e.kind = 'callback-requested') AS callback, c.status = 'closed' AS closed
               FROM chat_conversations c WHERE c.queued_at >= $1 AND c.queued_at < $2)
      SELECT 'call' AS channel, count(*) AS contacts, count(*) FILTER (WHERE answered) AS answered,
             count(*) FILTER (WHERE abandoned) AS abandoned, count(*) FILTER (WHERE callback) AS callbacks,
             count(o.contact_id) FILTER (WHERE answered) AS recorded
        FROM calls_in c LEFT JOIN contact_outcomes o ON o.channel = 'call' AND o.contact_id = c.id
      UNION ALL
      SELECT 'chat', count(*), count(*) FILTER (WHERE answered), count(*) FILTER (WHERE closed AND NOT answered),
             count(*) FILTER (WHERE callback), count(o.contact_id) FILTER (WHERE answered)
        FROM chats_in c LEFT JOIN contact_outcomes o ON o.channel = 'chat' AND o.contact_id = c.id""";

  /** The recorded outcomes of contacts that began in [$1, $2), by channel, topic and outcome. */
  private static final String OUTCOMES = """
      SELECT channel, topic, outcome, count(*) AS contacts
        FROM contact_outcomes WHERE contact_at >= $1 AND contact_at < $2
       GROUP BY channel, topic, outcome ORDER BY channel, topic, outcome""";

  /** The call {@code id} if it was answered (by {@code operator}, unless null). */
  Future<Optional<Contact>> call(SqlClient client, String id, String operator) {
    return client.preparedQuery(CALL).execute(Tuple.of(id, operator)).map(rows -> Rows.first(rows, r -> new Contact(
        Channel.CALL, r.getString("id"), instant(r, "arrived_at"), r.getString("operator"), r.getString("person"),
        instant(r, "answered_at"), instant(r, "until"), null)));
  }

  /** The conversation {@code id} if someone accepted it (and {@code manager}, unless null, handles or handled it last). */
  Future<Optional<Contact>> chat(SqlClient client, UUID id, String manager) {
    return client.preparedQuery(CHAT).execute(Tuple.of(id, manager)).map(rows -> Rows.first(rows, r -> new Contact(
        Channel.CHAT, r.getString("id"), instant(r, "queued_at"), r.getString("handler"), r.getString("owner"),
        instant(r, "accepted_at"), instant(r, "until"), r.getString("topic"))));
  }

  /** The confirmed bookings the contact's handler made for its person during it: [{id, code, start, serviceTitle}]. */
  Future<JsonArray> madeDuring(SqlClient client, Contact contact) {
    return client.preparedQuery(MADE_DURING)
        .execute(Tuple.of(contact.handler(), ts(contact.from()), ts(contact.until()), contact.person()))
        .map(rows -> {
          JsonArray list = new JsonArray();
          rows.forEach(r -> list.add(new JsonObject().put("id", r.getUUID("id").toString()).put("code", r.getString("code"))
              .put("start", instant(r, "starts_at").toString()).put("serviceTitle", r.getString("title"))));
          return list;
        });
  }

  /** The outcome recorded for the contact, if any. */
  Future<Optional<JsonObject>> recorded(SqlClient client, Channel channel, String contactId) {
    return client.preparedQuery("""
            SELECT channel, contact_id, contact_at, topic, outcome, booking_id, recorded_by, recorded_at
              FROM contact_outcomes WHERE channel = $1 AND contact_id = $2""")
        .execute(Tuple.of(channel.wire(), contactId)).map(rows -> Rows.first(rows, FrontDeskRepository::outcome));
  }

  /** Records the contact's outcome, replacing an earlier one. */
  Future<JsonObject> record(SqlClient client, Contact contact, String topic, Outcome outcome, UUID booking, String by) {
    return client.preparedQuery(UPSERT)
        .execute(Tuple.from(new Object[] {contact.channel().wire(), contact.id(), ts(contact.at()), topic, outcome.wire(),
            booking, by}))
        .map(rows -> outcome(rows.iterator().next()));
  }

  /** The counts of contacts that began in [{@code from}, {@code to}): {channels[], outcomes[]}. */
  Future<JsonObject> counts(SqlClient client, Instant from, Instant to) {
    Tuple period = Tuple.of(ts(from), ts(to));
    return client.preparedQuery(CHANNELS).execute(period).compose(channelRows -> {
      JsonArray channels = new JsonArray();
      channelRows.forEach(r -> channels.add(new JsonObject().put("channel", r.getString("channel"))
          .put("contacts", r.getLong("contacts")).put("answered", r.getLong("answered"))
          .put("abandoned", r.getLong("abandoned")).put("callbacksRequested", r.getLong("callbacks"))
          .put("recorded", r.getLong("recorded")).put("notRecorded", r.getLong("answered") - r.getLong("recorded"))));
      return client.preparedQuery(OUTCOMES).execute(period).map(outcomeRows -> {
        JsonArray outcomes = new JsonArray();
        outcomeRows.forEach(r -> outcomes.add(new JsonObject().put("channel", r.getString("channel"))
            .put("topic", r.getString("topic")).put("outcome", r.getString("outcome")).put("contacts", r.getLong("contacts"))));
        return new JsonObject().put("channels", channels).put("outcomes", outcomes);
      });
    });
  }

  private static JsonObject outcome(Row r) {
    return new JsonObject().put("channel", r.getString("channel")).put("contactId", r.getString("contact_id"))
        .put("contactAt", instant(r, "contact_at").toString()).put("topic", r.getString("topic"))
        .put("outcome", r.getString("outcome"))
        .put("bookingId", r.getUUID("booking_id") == null ? null : r.getUUID("booking_id").toString())
        .put("recordedBy", r.getString("recorded_by")).put("recordedAt", instant(r, "recorded_at").toString());
  }

  private static OffsetDateTime ts(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }
}
