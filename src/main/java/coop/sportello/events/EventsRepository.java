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
  Future<Optional<TicketType>> addType(SqlClient c, UUID provider, UUID serviceId, TicketType type, int position, String actor) {
    return c.preparedQuery("""
            INSERT INTO ticket_types (service_id, code, label, price_cents, who_qualifies, under_age, min_group, position, created_by)
            SELECT s.id, $3, $4, $5, $6, $7, $8, $9, $10 FROM services s WHERE s.id = $2 AND s.provider_id = $1
            RETURNING id, code, label, price_cents, who_qualifies, under_age, min_group""")
        .execute(Tuple.tuple().addValue(provider).addValue(serviceId).addValue(type.code()).addValue(type.label())
            .addValue(Math.toIntExact(type.priceCents())).addValue(type.whoQualifies()).addValue(type.underAge())
            .addValue(type.minGroup()).addValue(position).addValue(actor))
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
}
