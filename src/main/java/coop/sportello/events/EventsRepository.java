package coop.sportello.events;

import coop.sportello.events.domain.Admission;
import coop.sportello.events.domain.Transfer;
import coop.sportello.pricing.domain.TicketType;
import coop.sportello.platform.database.Rows;
import coop.sportello.pricing.PricingRepository;
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

  /** A new ticket type of one of the cooperative's services, placed after its other types; empty when the service is not theirs. */
  Future<Optional<TicketType>> addType(SqlClient c, UUID provider, UUID serviceId, TicketType type, String actor) {
    return c.preparedQuery("""
            INSERT INTO ticket_types (service_id, code, label, price_cents, who_qualifies, under_age, min_group, position, created_by)
            SELECT s.id, $3, $4, $5, $6, $7, $8, (SELECT count(*) FROM ticket_types t WHERE t.service_id = s.id), $9
              FROM services s WHERE s.id = $2 AND s.provider_id = $1
            RETURNING id, code, label, price_cents, who_qualifies, under_age, min_group""")
        .execute(Tuple.tuple().addValue(provider).addValue(serviceId).addValue(type.code()).addValue(type.label())
            .addValue(Math.toIntExact(type.priceCents())).addValue(type.whoQualifies()).addValue(type.underAge())
            .addValue(type.minGroup()).addValue(actor))
        .map(rows -> Rows.first(rows, PricingRepository::ticketType));
  }

  /**
   * The person's tickets, newest event first: {items: [{code, seq, holderName, type, event, startsAt,
   * status, admittedAt, transferable}]}.
   */
  Future<JsonArray> tickets(SqlClient c, String person) {
    return c.preparedQuery("""
            SELECT t.code, t.seq, t.holder_name, t.admitted_at, tt.label AS type, tt.who_qualifies, b.id AS booking_id, b.code AS booking_code,
                   b.status, b.starts_at, b.ends_at, s.title, pr.name AS organiser, coalesce(es.transferable, false) AS transferable
              FROM tickets t JOIN bookings b ON b.id = t.booking_id JOIN ticket_types tt ON tt.id = t.ticket_type_id
              JOIN services s ON s.id = b.service_id JOIN providers pr ON pr.id = s.provider_id
              LEFT JOIN event_settings es ON es.service_id = s.id
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
              .put("transferable", r.getBoolean("transferable"))
              .put("admittedAt", r.getOffsetDateTime("admitted_at") == null ? null
                  : r.getOffsetDateTime("admitted_at").toInstant().toString())));
          return items;
        });
  }

  private static final String TICKET_AT_DOOR = """
      SELECT t.code, t.seq, t.holder_name, t.admitted_at, t.admitted_device, tt.label AS type, tt.who_qualifies, b.status,
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
            RETURNING t.code, t.seq, t.holder_name, t.admitted_at, t.admitted_device, tt.label AS type, tt.who_qualifies, b.status,
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

  /**
   * What the door shows of a ticket: never the buyer's name or contacts, only the ticket's own (the
   * name of the person it was named for, to check against a document).
   */
  static JsonObject atDoorJson(Row r) {
    return new JsonObject().put("code", r.getString("code")).put("seq", r.getInteger("seq")).put("type", r.getString("type"))
        .put("holderName", r.getString("holder_name"))
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
            SELECT t.code, t.seq, t.holder_name, t.admitted_at, t.admitted_device, tt.label AS type, tt.who_qualifies, b.status,
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

  /** Retires one of the cooperative's event's ticket types on sale; false when there is no such type on sale. */
  Future<Boolean> retireType(SqlClient c, UUID provider, UUID serviceId, UUID typeId, String actor) {
    return c.preparedQuery("""
            UPDATE ticket_types t SET retired = true, retired_by = $4, retired_at = now()
              FROM services s
             WHERE t.id = $3 AND t.service_id = $2 AND NOT t.retired AND s.id = t.service_id AND s.provider_id = $1
            RETURNING t.id""")
        .execute(Tuple.of(provider, serviceId, typeId, actor)).map(rows -> rows.rowCount() == 1);
  }

  /** Whether the cooperative's event's tickets may be named for others; false when the service is not the cooperative's. */
  Future<Boolean> setTransferable(SqlClient c, UUID provider, UUID serviceId, boolean transferable, String actor) {
    return c.preparedQuery("""
            INSERT INTO event_settings (service_id, transferable, updated_by)
            SELECT id, $3, $4 FROM services WHERE id = $2 AND provider_id = $1
            ON CONFLICT (service_id) DO UPDATE SET transferable = EXCLUDED.transferable, updated_by = EXCLUDED.updated_by,
                                                   updated_at = now()
            RETURNING service_id""")
        .execute(Tuple.of(provider, serviceId, transferable, actor)).map(rows -> rows.rowCount() == 1);
  }

  /** Whether an event's tickets may be named for others (false when it never said). */
  Future<Boolean> transferable(SqlClient c, UUID serviceId) {
    return c.preparedQuery("SELECT transferable FROM event_settings WHERE service_id = $1").execute(Tuple.of(serviceId))
        .map(rows -> rows.size() == 1 && rows.iterator().next().getBoolean(0));
  }

  /**
   * Names the person's ticket for {@code holder} (null: back to no name) while the organiser allows
   * it, before the event, not used and its purchase held or confirmed: one conditional update.
   * Empty when it named nothing.
   */
  Future<Optional<JsonObject>> name(SqlClient c, String person, String code, String holder, Instant now) {
    return c.preparedQuery("""
            UPDATE tickets t SET holder_name = $3, holder_named_by = $2, holder_named_at = $4
              FROM bookings b JOIN event_settings es ON es.service_id = b.service_id AND es.transferable
             WHERE t.code = $1 AND b.id = t.booking_id AND b.person = $2 AND b.status IN ('held', 'confirmed')
               AND b.starts_at > $4 AND t.admitted_at IS NULL
            RETURNING t.code, t.seq, t.holder_name""")
        .execute(Tuple.of(code, person, holder, now.atOffset(ZoneOffset.UTC)))
        .map(rows -> Rows.first(rows, r -> new JsonObject().put("code", r.getString("code")).put("seq", r.getInteger("seq"))
            .put("holderName", r.getString("holder_name"))));
  }

  /** The person's ticket of this code as the rules of naming see it; empty when it is not theirs. */
  Future<Optional<Transfer.Ticket>> namingState(SqlClient c, String person, String code) {
    return c.preparedQuery("""
            SELECT b.status, b.starts_at, coalesce(es.transferable, false) AS transferable, t.admitted_at
              FROM tickets t JOIN bookings b ON b.id = t.booking_id LEFT JOIN event_settings es ON es.service_id = b.service_id
             WHERE t.code = $1 AND b.person = $2""")
        .execute(Tuple.of(code, person))
        .map(rows -> Rows.first(rows, r -> new Transfer.Ticket(r.getString("status"), r.getOffsetDateTime("starts_at").toInstant(),
            r.getBoolean("transferable"),
            r.getOffsetDateTime("admitted_at") == null ? null : r.getOffsetDateTime("admitted_at").toInstant())));
  }
}
