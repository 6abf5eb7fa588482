package coop.sportello.delivery;

import coop.sportello.delivery.domain.Delivery;
import coop.sportello.delivery.domain.DeliveryRules.Booked;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every SQL statement of delivery (V53): the provider's day, the delivery records with their
 * history and corrections, the closed months. The closed-month rule is V53's trigger
 * {@code delivery_records_closed_month}; the correction path is the only one that sets
 * {@code sportello.delivery_work}.
 */
final class DeliveryRepository {

  /** A delivery record as JSON, from the row alias {@code %1$s} and the account alias {@code %2$s} of its recorder. */
  private static final String RECORD_JSON = """
      jsonb_build_object('outcome', %1$s.outcome, 'minutes', %1$s.minutes, 'note', %1$s.note, 'version', %1$s.version,
                         'recordedBy', %1$s.recorded_by, 'recordedByName', %2$s.display_name, 'recordedAt', utc_iso(%1$s.recorded_at))""";

  /** The minutes session {@code s} (a row of {@code booking_sessions}) booked. */
  private static final String SESSION_MINUTES = "(round(extract(epoch FROM s.ends_at - s.starts_at) / 60)::int)";

  /** The Europe/Rome month (first day) of session {@code s}. */
  private static final String SESSION_MONTH = "(date_trunc('month', s.starts_at AT TIME ZONE 'Europe/Rome')::date)";

  /** Whether the month of session {@code s} of a booking of service {@code sv} is closed. */
  private static final String MONTH_CLOSED = """
      EXISTS (SELECT 1 FROM delivery_periods p WHERE p.provider_id = sv.provider_id AND p.month = """ + SESSION_MONTH + ")";

  /**
   * A session of a booking of the provider as the rules need it (an ordinary booking has one, an
   * enrolment one per slot), with its month and whether that month is closed.
   */
  record BookedVisit(UUID slot, Booked booked, LocalDate month, boolean monthClosed) {
  }

  /**
   * The provider's confirmed sessions starting in [from, until), optionally of one resource, by
   * start: an ordinary booking once, an enrolment on each day it has a session: [{id, code,
   * slotId, session, sessions, service, resource, project, start, end, places, bookedMinutes,
   * personName, intake, monthClosed, delivery (null when none)}], start, end and minutes those of the session.
   */
  Future<JsonArray> day(SqlClient c, UUID provider, OffsetDateTime from, OffsetDateTime until, UUID resource) {
    return c.preparedQuery("""
            SELECT jsonb_build_object('id', b.id, 'code', b.code, 'slotId', s.slot_id,
                     'session', s.session, 'sessions', s.sessions,
                     'service', jsonb_build_object('id', sv.id, 'title', sv.title),
                     'resource', jsonb_build_object('id', r.id, 'name', r.name, 'kind', r.kind),
                     'project', CASE WHEN pj.id IS NULL THEN NULL
                                     ELSE jsonb_build_object('id', pj.id, 'name', pj.name, 'funder', pj.funder) END,
                     'start', rome_iso(s.starts_at), 'end', rome_iso(s.ends_at), 'places', b.places,
                     'bookedMinutes', """ + SESSION_MINUTES + """
                     , 'personName', a.display_name, 'intake', booking_intake_json(b),
                     'monthClosed', """ + MONTH_CLOSED + """
                     ,
                     'delivery', CASE WHEN d.booking_id IS NULL THEN NULL ELSE """ + " " + RECORD_JSON.formatted("d", "da") + """
             END) AS item
              FROM bookings b JOIN services sv ON sv.id = b.service_id JOIN resources r ON r.id = b.resource_id
             -- Each session with its rank among the booking's and their number, the sessions read once.
             CROSS JOIN LATERAL (SELECT x.*, count(*) OVER (ORDER BY x.starts_at) AS session, count(*) OVER () AS sessions
                                   FROM booking_sessions(b.id) x) s
              LEFT JOIN projects pj ON pj.id = b.project_id
              LEFT JOIN accounts a ON a.id::text = b.person
              LEFT JOIN delivery_records d ON d.booking_id = b.id AND d.slot_id = s.slot_id
              LEFT JOIN accounts da ON da.id::text = d.recorded_by
             WHERE sv.provider_id = $1 AND b.status = 'confirmed' AND b.starts_at < $3 AND b.ends_at > $2
               AND s.starts_at >= $2 AND s.starts_at < $3
               AND ($4::uuid IS NULL OR b.resource_id = $4)
             ORDER BY s.starts_at, r.name, b.id
             LIMIT 2000""")
        .execute(Tuple.of(provider, from, until, resource))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(r.getJsonObject("item")));
          return items;
        });
  }

  /**
   * The sessions of a booking of the provider's services (of one slot when {@code slot} is not
   * null; none for another cooperative's booking, or an unknown one), the booking locked against
   * changes of its status until the transaction ends.
   */
  Future<List<BookedVisit>> booked(SqlConnection tx, UUID booking, UUID provider, UUID slot) {
    return tx.preparedQuery("""
            SELECT s.slot_id, b.status, (s.starts_at AT TIME ZONE 'Europe/Rome')::date AS day,
                   """ + SESSION_MINUTES + """
                   AS minutes, """ + SESSION_MONTH + """
                   AS month, """ + MONTH_CLOSED + """
                   AS closed
              FROM bookings b JOIN services sv ON sv.id = b.service_id
             CROSS JOIN LATERAL booking_sessions(b.id) s
             WHERE b.id = $1 AND sv.provider_id = $2 AND ($3::uuid IS NULL OR s.slot_id = $3)
             ORDER BY s.starts_at
               FOR SHARE OF b""")
        .execute(Tuple.of(booking, provider, slot))
        .map(rows -> {
          List<BookedVisit> visits = new ArrayList<>();
          for (Row r : rows) {
            visits.add(new BookedVisit(r.getUUID("slot_id"),
                new Booked(r.getString("status"), r.getLocalDate("day"), r.getInteger("minutes")),
                r.getLocalDate("month"), r.getBoolean("closed")));
          }
          return visits;
        });
  }

  /** The record of the booking's session as it stands (locked until the transaction ends when {@code lock}); empty when none was recorded. */
  Future<Optional<JsonObject>> current(SqlClient tx, UUID booking, UUID slot, boolean lock) {
    return tx.preparedQuery("SELECT " + RECORD_JSON.formatted("d", "a") + """
             AS record FROM delivery_records d LEFT JOIN accounts a ON a.id::text = d.recorded_by
             WHERE d.booking_id = $1 AND d.slot_id = $2""" + (lock ? " FOR UPDATE OF d" : ""))
        .execute(Tuple.of(booking, slot))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getJsonObject("record")));
  }

  /**
   * Writes the booking's record (a new one, or the next version of it) and its history row of
   * {@code kind} (recorded, corrected) in one statement; answers the record as it now is.
   */
  Future<JsonObject> write(SqlConnection tx, UUID booking, UUID slot, UUID provider, LocalDate month, Delivery delivery,
                           String actor, String kind) {
    return tx.preparedQuery("""
            WITH d AS (
              INSERT INTO delivery_records AS d (booking_id, slot_id, provider_id, month, outcome, minutes, note, version, recorded_by)
              VALUES ($1, $9, $2, $3, $4, $5, $6, 1, $7)
              ON CONFLICT (booking_id, slot_id) DO UPDATE SET outcome = EXCLUDED.outcome, minutes = EXCLUDED.minutes,
                     note = EXCLUDED.note, version = d.version + 1, recorded_by = EXCLUDED.recorded_by, recorded_at = now()
              RETURNING d.*),
            h AS (
              INSERT INTO delivery_history (booking_id, slot_id, version, kind, outcome, minutes, note, recorded_by, recorded_at)
              SELECT booking_id, slot_id, version, $8, outcome, minutes, note, recorded_by, recorded_at FROM d)
            SELECT d.booking_id, """ + RECORD_JSON.formatted("d", "a") + """
             AS record FROM d LEFT JOIN accounts a ON a.id::text = d.recorded_by""")
        .execute(Tuple.of(booking, provider, month, delivery.outcome().wireName(), delivery.minutes(), delivery.note(), actor)
            .addValue(kind).addValue(slot))
        .map(rows -> rows.iterator().next().getJsonObject("record"));
  }

  /**
   * A correction of a closed month's record: within this transaction only, the trigger lets the
   * record change; writes the record, its history row and the correction row (before, after, reason).
   */
  Future<JsonObject> correct(SqlConnection tx, UUID booking, UUID slot, UUID provider, LocalDate month, Delivery delivery,
                             String actor, JsonObject before, String reason) {
    return tx.query("SELECT set_config('sportello.delivery_work', 'correction', true)").execute()
        .compose(v -> write(tx, booking, slot, provider, month, delivery, actor, "corrected"))
        .compose(after -> tx.preparedQuery("""
                INSERT INTO delivery_corrections (booking_id, slot_id, version, corrected_by, before, after, reason)
                VALUES ($1, $7, $2, $3, $4, $5, $6) RETURNING utc_iso(corrected_at) AS at""")
            .execute(Tuple.of(booking, after.getInteger("version"), actor, before, after, reason).addValue(slot))
            .map(rows -> new JsonObject().put("delivery", after).put("correction", new JsonObject()
                .put("version", after.getInteger("version")).put("correctedBy", actor)
                .put("correctedAt", rows.iterator().next().getString("at")).put("before", before).put("after", after)
                .put("reason", reason))))
        .compose(answer -> tx.query("SELECT set_config('sportello.delivery_work', '', true)").execute().map(answer));
  }

  /** The history of the booking's session, oldest first, with its corrections. */
  Future<JsonObject> history(SqlClient c, UUID booking, UUID slot) {
    return c.preparedQuery("""
            SELECT coalesce((SELECT jsonb_agg(jsonb_build_object('version', h.version, 'kind', h.kind, 'outcome', h.outcome,
                                'minutes', h.minutes, 'note', h.note, 'recordedBy', h.recorded_by,
                                'recordedAt', utc_iso(h.recorded_at)) ORDER BY h.version)
                               FROM delivery_history h WHERE h.booking_id = $1 AND h.slot_id = $2), '[]') AS history,
                   coalesce((SELECT jsonb_agg(jsonb_build_object('version', k.version, 'correctedBy', k.corrected_by,
                                'correctedAt', utc_iso(k.corrected_at), 'before', k.before, 'after', k.after,
                                'reason', k.reason) ORDER BY k.version)
                               FROM delivery_corrections k WHERE k.booking_id = $1 AND k.slot_id = $2), '[]') AS corrections""")
        .execute(Tuple.of(booking, slot))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new JsonObject().put("history", r.getJsonArray("history")).put("corrections", r.getJsonArray("corrections"));
        });
  }

  /**
   * Closes the provider's month (first day {@code month}): waits for the changes of its records
   * under way, then inserts the period unless it is there; answers the period as it is.
   */
  Future<JsonObject> close(SqlConnection tx, UUID provider, LocalDate month, String actor) {
    return tx.preparedQuery("SELECT delivery_period_lock($1, $2, true)").execute(Tuple.of(provider, month))
        .compose(v -> tx.preparedQuery("""
                INSERT INTO delivery_periods (provider_id, month, closed_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING""")
            .execute(Tuple.of(provider, month, actor)))
        .compose(v -> tx.preparedQuery(PERIODS + " AND p.month = $2").execute(Tuple.of(provider, month)))
        .map(rows -> rows.iterator().next().getJsonObject("period"));
  }

  /** The provider's closed months of {@code year}, by month. */
  Future<JsonArray> periods(SqlClient c, UUID provider, int year) {
    return c.preparedQuery(PERIODS + " AND p.month >= make_date($2, 1, 1) AND p.month < make_date($2 + 1, 1, 1) ORDER BY p.month")
        .execute(Tuple.of(provider, year))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(r.getJsonObject("period")));
          return items;
        });
  }

  private static final String PERIODS = """
      SELECT jsonb_build_object('month', to_char(p.month, 'YYYY-MM'), 'closedBy', p.closed_by, 'closedByName', a.display_name,
                                'closedAt', utc_iso(p.closed_at)) AS period
        FROM delivery_periods p LEFT JOIN accounts a ON a.id::text = p.closed_by
       WHERE p.provider_id = $1""";
}
