package coop.sportello.booking;

import coop.sportello.booking.domain.EnrolmentPlan;
import coop.sportello.platform.database.Rows;
import coop.sportello.pricing.domain.Isee;
import coop.sportello.pricing.domain.IseeBand;
import coop.sportello.pricing.domain.IseeBands;
import coop.sportello.pricing.domain.TariffUnit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every SQL statement of enrolments (V43): the covered slots, the person's rules, the places taken all together. */
public final class EnrolmentRepository {

  /** What an enrolment of the service depends on: its unit and tariff, its booking window. */
  public record Terms(TariffUnit unit, long tariffCents, int minNoticeMinutes, int horizonDays, BookingRepository.Limits limits) { }

  /** A covered slot as read for the plan, with whether it starts too soon for the service's minimum notice. */
  public record Covered(EnrolmentPlan.Candidate candidate, boolean tooSoon) { }

  /** The booking an enrolment becomes: the first slot, the span of the covered slots, the quoted price. */
  public record Held(String code, UUID serviceId, UUID resourceId, List<EnrolmentPlan.Candidate> slots, int places,
                     String person, String actedBy, int holdSeconds, long priceCents, JsonObject priceDetail) { }

  /** The service's terms, if it is active. */
  public Future<Optional<Terms>> terms(SqlClient c, UUID serviceId) {
    return c.preparedQuery("""
            SELECT tariff_unit, tariff_cents, min_notice_minutes, booking_horizon_days, max_places_per_booking,
                   max_places_per_person_slot, max_places_per_person_day, max_open_holds_per_person
              FROM services WHERE id = $1 AND retired_at IS NULL AND area_offered(area)""")
        .execute(Tuple.of(serviceId))
        .map(rows -> Rows.first(rows, r -> new Terms(TariffUnit.fromWire(r.getString(0)).orElseThrow(), r.getInteger(1),
            r.getInteger(2), r.getInteger(3), new BookingRepository.Limits(r.getInteger(4), r.getInteger(5), r.getInteger(6),
            r.getInteger(7)))));
  }

  /**
   * The service's ISEE bands (V38) and the person's declared ISEE, if they declared one: what an
   * enrolment's price depends on beyond the tariff.
   */
  public Future<IseePricing> isee(SqlClient c, UUID serviceId, String person) {
    return c.preparedQuery("""
            SELECT ARRAY(SELECT b.up_to_cents FROM service_isee_bands b WHERE b.service_id = $1 ORDER BY 1),
                   ARRAY(SELECT b.tariff_cents FROM service_isee_bands b WHERE b.service_id = $1 ORDER BY b.up_to_cents),
                   d.value_cents, d.expires_on
              FROM (SELECT 1) one LEFT JOIN isee_declarations d ON d.account_id::text = $2""")
        .execute(Tuple.of(serviceId, person))
        .map(rows -> {
          Row r = rows.iterator().next();
          Long[] upTo = r.getArrayOfLongs(0);
          Integer[] tariffs = r.getArrayOfIntegers(1);
          List<IseeBand> bands = new ArrayList<>();
          for (int i = 0; i < upTo.length; i++) {
            bands.add(new IseeBand(upTo[i], tariffs[i]));
          }
          return new IseePricing(new IseeBands(bands),
              r.getLong(2) == null ? Optional.empty() : Optional.of(new Isee(r.getLong(2), r.getLocalDate(3))));
        });
  }

  public record IseePricing(IseeBands bands, Optional<Isee> isee) { }

  /** Serialises the person's holds until the transaction ends (V17's lock, the one a single hold takes first). */
  public Future<Void> lockPerson(SqlClient c, String person) {
    return c.preparedQuery("SELECT lock_booking_person($1)").execute(Tuple.of(person)).mapEmpty();
  }

  /**
   * The service's slots starting in [from, to) with their free places, by start. {@code lock}: locked
   * for the rest of the transaction, in the order the catalog's resync locks them (by start), so
   * the two never wait on each other in a circle.
   */
  public Future<List<Covered>> slots(SqlClient c, UUID serviceId, Instant from, Instant to, boolean lock) {
    return c.preparedQuery("""
            SELECT s.id, s.resource_id, s.starts_at, s.ends_at, s.capacity - s.taken,
                   s.starts_at < now() + make_interval(mins => sv.min_notice_minutes)
              FROM slots s JOIN services sv ON sv.id = s.service_id
             WHERE s.service_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3
             ORDER BY s.starts_at, s.id""" + (lock ? " FOR UPDATE OF s" : ""))
        .execute(Tuple.of(serviceId, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          List<Covered> slots = new ArrayList<>();
          rows.forEach(r -> slots.add(new Covered(new EnrolmentPlan.Candidate(r.getUUID(0), r.getUUID(1),
              r.getOffsetDateTime(2).toInstant(), r.getOffsetDateTime(3).toInstant(), r.getInteger(4)), r.getBoolean(5))));
          return slots;
        });
  }

  /**
   * Whether the person may have the service where they live, and which of its per-person limits the
   * places on these slots would pass (null: none). Takes the person's lock (V17) until the
   * transaction ends: call it before locking the slots.
   */
  public Future<PersonCheck> checkPerson(SqlClient c, String person, int places, UUID serviceId, List<UUID> slots) {
    return c.preparedQuery("SELECT booking_residency_ok($1, $3), enrolment_limit_reached($1, $2, $3, $4)")
        .execute(Tuple.of(person, places, serviceId, slots.toArray(UUID[]::new)))
        .map(rows -> {
          var r = rows.iterator().next();
          return new PersonCheck(r.getBoolean(0), r.getString(1));
        });
  }

  public record PersonCheck(boolean resident, String limitReached) { }

  /**
   * Takes the places on every slot, each by a conditional UPDATE: answers how many slots gave
   * them. Fewer than asked means one is full: the caller rolls the whole transaction back.
   */
  public Future<Integer> take(SqlClient c, List<UUID> slots, int places) {
    return c.preparedQuery("UPDATE slots SET taken = taken + $2 WHERE id = ANY($1) AND taken + $2 <= capacity")
        .execute(Tuple.of(slots.toArray(UUID[]::new), places)).map(rows -> rows.rowCount());
  }

  /** The held booking with every covered slot in booking_slots, as clients see a booking. */
  public Future<JsonObject> insert(SqlClient c, Held h) {
    List<EnrolmentPlan.Candidate> slots = h.slots();
    return c.preparedQuery("""
            WITH b AS (
              INSERT INTO bookings (code, slot_id, service_id, resource_id, starts_at, ends_at, places, status, one_at_a_time,
                                    person, acted_by, hold_expires_at, price_cents, price_detail)
              SELECT $1, $2, $3, r.id, $5, $6, $7, 'held', r.kind = 'person', $8, $9, now() + make_interval(secs => $10),
                     $11, $12
                FROM resources r WHERE r.id = $4
              RETURNING *
            ), covered AS (
              INSERT INTO booking_slots (booking_id, slot_id, places) SELECT b.id, s.id, b.places FROM b, unnest($13::uuid[]) s (id)
            )
            SELECT booking_json(ROW(b.*)::bookings, sv.title, sv.address) AS booking FROM b JOIN services sv ON sv.id = b.service_id""")
        .execute(Tuple.tuple().addValue(h.code()).addValue(slots.get(0).slotId()).addValue(h.serviceId())
            .addValue(h.resourceId()).addValue(slots.get(0).start().atOffset(ZoneOffset.UTC))
            .addValue(slots.get(slots.size() - 1).end().atOffset(ZoneOffset.UTC)).addValue(h.places()).addValue(h.person())
            .addValue(h.actedBy()).addValue(h.holdSeconds()).addValue(Math.toIntExact(h.priceCents())).addValue(h.priceDetail())
            .addArrayOfUUID(slots.stream().map(EnrolmentPlan.Candidate::slotId).toArray(UUID[]::new)))
        .map(rows -> rows.iterator().next().getJsonObject("booking"));
  }

  /** The slots a booking takes as an enrolment (empty for a booking of one slot), by start. */
  public Future<List<UUID>> coveredSlots(SqlClient c, UUID bookingId) {
    return c.preparedQuery("""
            SELECT bs.slot_id FROM booking_slots bs JOIN slots s ON s.id = bs.slot_id
             WHERE bs.booking_id = $1 ORDER BY s.starts_at, s.id""")
        .execute(Tuple.of(bookingId))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getUUID(0)));
          return ids;
        });
  }
}
