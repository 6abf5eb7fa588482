package coop.sportello.events;

import coop.sportello.events.domain.Admission;
import coop.sportello.events.domain.TicketType;
import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every SQL statement of the events: ticket types, the slot a purchase is for, tickets and the door. */
final class EventsRepository {

  /** The active ticket types of a service, in the order the organiser set. */
  Future<List<TicketType>> types(SqlClient c, UUID serviceId) {
    return c.preparedQuery("""
            SELECT id, code, label, price_cents, who_qualifies, under_age, min_group FROM ticket_types
             WHERE service_id = $1 AND NOT retired ORDER BY position, code""")
        .execute(Tuple.of(serviceId)).map(rows -> {
          List<TicketType> types = new ArrayList<>();
          rows.forEach(r -> types.add(type(r)));
          return types;
        });
  }

  private static TicketType type(Row r) {
    return new TicketType(r.getUUID("id"), r.getString("code"), r.getString("label"), r.getInteger("price_cents"),
        r.getString("who_qualifies"), r.getInteger("under_age"), r.getInteger("min_group"));
  }

  /** The service of a slot of an active service, with its tariff (a hold checks it is unchanged). */
  record SlotService(UUID serviceId, long tariffCents, String tariffUnit) { }

  Future<Optional<SlotService>> slotService(SqlClient c, UUID slotId) {
    return c.preparedQuery("""
            SELECT sv.id, sv.tariff_cents, sv.tariff_unit FROM slots s JOIN services sv ON sv.id = s.service_id
             WHERE s.id = $1 AND sv.retired_at IS NULL""")
        .execute(Tuple.of(slotId))
        .map(rows -> Rows.first(rows, r -> new SlotService(r.getUUID("id"), r.getInteger("tariff_cents"), r.getString("tariff_unit"))));
  }

  /** A new ticket type of one of the cooperative's services; empty when the service is not theirs. */
  /** Placed after the event's other types. */
  Future<Optional<TicketType>> addType(SqlClient c, UUID provider, UUID serviceId, TicketType type, String actor) {
    return c.preparedQuery("""
            INSERT INTO ticket_types (service_id, code, label, price_cents, who_qualifies, under_age, min_group, position, created_by)
            SELECT s.id, $3, $4, $5, $6, $7, $8, (SELECT count(*) FROM ticket_types t WHERE t.service_id = s.id), $9
              FROM services s WHERE s.id = $2 AND s.provider_id = $1
            RETURNING id, code, label, price_cents, who_qualifies, under_age, min_group""")
        .execute(Tuple.tuple().addValue(provider).addValue(serviceId).addValue(type.code()).addValue(type.label())
            .addValue(Math.toIntExact(type.priceCents())).addValue(type.whoQualifies()).addValue(type.underAge())
            .addValue(type.minGroup()).addValue(actor))
        .map(rows -> Rows.first(rows, EventsRepository::type));
  }

  /** The person's tickets, newest event first: {items: [{code, seq, type, event, startsAt, status, admittedAt}]}. */
  Future<JsonArray> tickets(SqlClient c, String person) {
    return c.preparedQuery("""
            SELECT t.code, t.seq, t.holder_name, t.admitted_at, tt.label AS type, tt.who_qualifies, b.id AS booking_id, b.code AS booking_code,
                   b.status, b.starts_at, b.ends_at, s.title, pr.name AS organiser
              FROM tickets t JOIN bookings b ON b.id = t.booking_id JOIN ticket_types tt ON tt.id = t.ticket_type_id
              JOIN services s ON s.id = b.service_id JOIN providers pr ON pr.id = s.provider_id
             WHERE b.person = $1 AND b.status IN ('held', 'confirmed')
             ORDER BY b.starts_at DESC, b.id, t.seq""")
        .execute(Tuple.of(person)).map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(new JsonObject().put("code", r.getString("code")).put("seq", r.getInteger("seq"))
              .put("holderName", r.getString("holder_name")).put("type", r.getString("type"))
              .put("whoQualifies", r.getString("who_qualifies")).put("bookingId", r.getUUID("booking_id").toString())
              .put("bookingCode", r.getString("booking_code")).put("status", r.getString("status"))
              .put("startsAt", r.getOffsetDateTime("starts_at").toInstant().toString())
              .put("endsAt", r.getOffsetDateTime("ends_at").toInstant().toString())
              .put("event", r.getString("title")).put("organiser", r.getString("organiser"))
              .put("admittedAt", r.getOffsetDateTime("admitted_at") == null ? null
                  : r.getOffsetDateTime("admitted_at").toInstant().toString())));
          return items;
        });
  }

  private static final String TICKET_AT_DOOR = """
      SELECT t.code, t.seq, t.admitted_at, t.admitted_device, tt.label AS type, tt.who_qualifies, b.status,
             (b.starts_at AT TIME ZONE 'Europe/Rome')::date AS day, b.starts_at, s.title
        FROM tickets t JOIN bookings b ON b.id = t.booking_id JOIN ticket_types tt ON tt.id = t.ticket_type_id
        JOIN services s ON s.id = b.service_id
       WHERE t.code = $1 AND s.provider_id = $2""";

  /**
   * Admits the cooperative's ticket if it is valid today and not used: one conditional update, so
   * of two doors scanning it at once the second waits for the first and then finds it used.
   * Empty when it admitted nothing.
   */
  Future<Optional<JsonObject>> admit(SqlClient c, UUID provider, String code, LocalDate today, Instant at, String by, String device) {
    return c.preparedQuery("""
            UPDATE tickets t SET admitted_at = $4, admitted_by = $5, admitted_device = $6
              FROM bookings b, services s, ticket_types tt
             WHERE t.code = $1 AND b.id = t.booking_id AND s.id = b.service_id AND s.provider_id = $2 AND tt.id = t.ticket_type_id
               AND b.status = 'confirmed' AND (b.starts_at AT TIME ZONE 'Europe/Rome')::date = $3 AND t.admitted_at IS NULL
            RETURNING t.code, t.seq, t.admitted_at, t.admitted_device, tt.label AS type, tt.who_qualifies, b.status,
                      (b.starts_at AT TIME ZONE 'Europe/Rome')::date AS day, b.starts_at, s.title""")
        .execute(Tuple.of(code, provider, today, at.atOffset(ZoneOffset.UTC), by, device))
        .map(rows -> Rows.first(rows, EventsRepository::atDoorJson));
  }

  /** The cooperative's ticket of this code as the door sees it, to say why it was not admitted. */
  Future<Optional<Row>> atDoor(SqlClient c, UUID provider, String code) {
    return c.preparedQuery(TICKET_AT_DOOR).execute(Tuple.of(code, provider)).map(rows -> Rows.first(rows, r -> r));
  }

  static Admission.AtDoor atDoor(Row r) {
    return new Admission.AtDoor(r.getString("status"), r.getLocalDate("day"),
        r.getOffsetDateTime("admitted_at") == null ? null : r.getOffsetDateTime("admitted_at").toInstant());
  }

  /** What the door shows of a ticket: never the buyer's name or contacts, only the ticket's own. */
  static JsonObject atDoorJson(Row r) {
    return new JsonObject().put("code", r.getString("code")).put("seq", r.getInteger("seq")).put("type", r.getString("type"))
        .put("whoQualifies", r.getString("who_qualifies")).put("event", r.getString("title"))
        .put("startsAt", r.getOffsetDateTime("starts_at").toInstant().toString()).put("day", r.getLocalDate("day").toString())
        .put("admittedAt", r.getOffsetDateTime("admitted_at") == null ? null : r.getOffsetDateTime("admitted_at").toInstant().toString())
        .put("admittedDevice", r.getString("admitted_device"));
  }

  /**
   * The tickets of the cooperative's events on a day (Rome), for the door to keep while it is
   * offline: {code, type, whoQualifies, event, startsAt, valid, admittedAt, admittedDevice}, by time.
   */
  Future<JsonArray> dayTickets(SqlClient c, UUID provider, LocalDate day) {
    return c.preparedQuery("""
            SELECT t.code, t.seq, t.admitted_at, t.admitted_device, tt.label AS type, tt.who_qualifies, b.status,
                   (b.starts_at AT TIME ZONE 'Europe/Rome')::date AS day, b.starts_at, s.title
              FROM bookings b JOIN services s ON s.id = b.service_id JOIN tickets t ON t.booking_id = b.id
              JOIN ticket_types tt ON tt.id = t.ticket_type_id
             WHERE s.provider_id = $1 AND b.status IN ('held', 'confirmed', 'cancelled')
               AND b.starts_at >= ($2::date)::timestamp AT TIME ZONE 'Europe/Rome'
               AND b.starts_at < ($2::date + 1)::timestamp AT TIME ZONE 'Europe/Rome'
             ORDER BY b.starts_at, t.code""")
        .execute(Tuple.of(provider, day)).map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(atDoorJson(r).put("valid", "confirmed".equals(r.getString("status")))));
          return items;
        });
  }

  /**
   * Sold, admitted and no-shows of one of the cooperative's events per time and ticket type, for the
   * times starting in [from, to): sold counts the tickets of confirmed purchases, a no-show is a sold
   * ticket not admitted by the end of its time. Empty when the event is not the cooperative's.
   */
  Future<Optional<JsonArray>> sales(SqlClient c, UUID provider, UUID serviceId, Instant from, Instant to, Instant now) {
    return c.preparedQuery("""
            SELECT EXISTS (SELECT 1 FROM services WHERE id = $2 AND provider_id = $1) AS ours,
                   (SELECT json_agg(json_build_object('startsAt', to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'type', code, 'label', label, 'sold', sold,
                                                      'admitted', admitted, 'noShows', no_shows, 'held', held)
                                    ORDER BY starts_at, position, code)
                      FROM (SELECT b.starts_at, tt.code, tt.label, tt.position,
                                   count(*) FILTER (WHERE b.status = 'confirmed') AS sold,
                                   count(*) FILTER (WHERE b.status = 'confirmed' AND t.admitted_at IS NOT NULL) AS admitted,
                                   count(*) FILTER (WHERE b.status = 'confirmed' AND t.admitted_at IS NULL AND b.ends_at <= $5) AS no_shows,
                                   count(*) FILTER (WHERE b.status = 'held') AS held
                              FROM bookings b JOIN services s ON s.id = b.service_id AND s.provider_id = $1
                              JOIN tickets t ON t.booking_id = b.id JOIN ticket_types tt ON tt.id = t.ticket_type_id
                             WHERE b.service_id = $2 AND b.starts_at >= $3 AND b.starts_at < $4 AND b.status IN ('held', 'confirmed')
                             GROUP BY 1, 2, 3, 4) x) AS items""")
        .execute(Tuple.of(provider, serviceId, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          Row r = rows.iterator().next();
          if (!r.getBoolean("ours")) {
            return Optional.empty();
          }
          Object items = r.getValue("items");
          return Optional.of(items instanceof JsonArray a ? a : new JsonArray());
        });
  }
}
