package coop.sportello.booking;

import coop.sportello.booking.domain.Recurrence;
import coop.sportello.catalog.domain.IntakeAnswers;
import coop.sportello.catalog.domain.IntakeDeclaration;
import coop.sportello.catalog.domain.IntakeKind;
import coop.sportello.catalog.domain.IntakeQuestion;
import coop.sportello.platform.database.Rows;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.pricing.PricingService.Priced;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.time.Instant;
import java.time.ZoneOffset;

/** Every SQL statement of bookings, their audit trail and the outbox. */
public final class BookingRepository {

  /** A booking as clients see it (the V10 function), from {@code bookings b JOIN services sv}. */
  private static final String COLUMNS = "booking_json(b, sv.title, sv.address) AS booking";

  /**
   * Takes the places with a conditional UPDATE of the slot row (the only check, so concurrent
   * holds for the last place cannot both succeed) and inserts the hold; {@code shown} is the
   * booking as clients see it. The same UPDATE keeps the network's rules for the person: an
   * in-person service only for residents of the municipalities it serves unless an operator's
   * reason overrides it ({@code booking_residency_ok}), and the service's per-person limits
   * ({@code booking_limit_reached}, which serialises one person's holds, V17). The booking is
   * charged the price quoted for it (issue 21), and only while the service still has the tariff
   * the quote used: a tariff changed since takes nothing (the hold is refused, to be quoted again)
   * rather than charging a stale price. Parameters: $1 slot, $2 places, $3 code, $4 person, $5
   * acted by, $6 hold seconds, $7 residency override reason (null: the rule applies), $8 the
   * booking a reschedule replaces (null otherwise), $9 the price in cents, $10 the quote's detail,
   * $11 and $12 the tariff (cents, unit) the quote used.
   */
  private static final String CLAIM = """
      WITH claimed AS (
        UPDATE slots s SET taken = s.taken + $2
          FROM services sv
         WHERE s.id = $1 AND sv.id = s.service_id AND sv.retired_at IS NULL AND area_offered(sv.area)
           AND s.taken + $2 <= s.capacity
           AND s.starts_at >= now() + make_interval(mins => sv.min_notice_minutes)
           AND s.starts_at <= now() + make_interval(days => sv.booking_horizon_days)
           AND ($7::text IS NOT NULL OR booking_residency_ok($4, sv.id))
           AND booking_limit_reached($4, $2, s.id, $8::uuid) IS NULL
           AND sv.tariff_cents = $11 AND sv.tariff_unit = $12
        RETURNING s.id, s.service_id, s.resource_id, s.starts_at, s.ends_at, sv.title, sv.address
      ), b AS (
        INSERT INTO bookings (code, slot_id, service_id, resource_id, starts_at, ends_at, places, status,
                              one_at_a_time, person, acted_by, hold_expires_at, residency_override, price_cents,
                              price_detail)
        SELECT $3, c.id, c.service_id, c.resource_id, c.starts_at, c.ends_at, $2, 'held', r.kind = 'person',
               $4, $5, now() + make_interval(secs => $6), $7, $9, $10
          FROM claimed c JOIN resources r ON r.id = c.resource_id
        RETURNING *
      ), shown AS (
        SELECT b.id, b.person, booking_json(ROW(b.*)::bookings, c.title, c.address) AS booking
          FROM b JOIN claimed c ON c.id = b.slot_id
      )""";

  /**
   * {@link #holdAnswered}: {@link #CLAIM}, then the audit row (with the residency override's
   * reason, if any), the outbox message and the answer under the idempotency key ($13 principal,
   * $14 key, $15 request hash). Public so that the booking benchmark gives pgbench exactly this
   * statement.
   */
  public static final String HOLD_ANSWERED = CLAIM + """
      , audited AS (
        INSERT INTO booking_audit (booking_id, actor, action, detail)
        SELECT id, $5, 'held', jsonb_build_object('places', $2, 'person', person)
                               || CASE WHEN $7 IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('residencyOverride', $7) END
          FROM shown
      ), announced AS (
        INSERT INTO outbox (topic, recipient, payload) SELECT 'booking.held', person, booking FROM shown
      ), answered AS (
        INSERT INTO idempotency_keys (principal, idem_key, request_hash, status, response)
        SELECT $13, $14, $15, 201, booking FROM shown
      )
      SELECT booking FROM shown""";

  /**
   * What a hold asks for: these places of the slot for the person, by whoever acts; an
   * operator's reason to book an in-person service for a non-resident (else null); the booking a
   * reschedule gives up (else null), whose places the person's limits do not count; the price
   * quoted for them (null only where nothing is held: the waiting line).
   */
  public record Claim(UUID slotId, int places, String person, String actedBy, String residencyOverride, UUID replacing,
                      Priced price) {
    public Claim(UUID slotId, int places, String person, String actedBy, String residencyOverride) {
      this(slotId, places, person, actedBy, residencyOverride, null, null);
    }

    /** The same claim charged {@code quoted}. */
    public Claim priced(Priced quoted) {
      return new Claim(slotId, places, person, actedBy, residencyOverride, replacing, quoted);
    }

    /** Whether the service's tariff is no longer the one this claim's price was quoted with. */
    boolean tariffChanged(SlotState state) {
      return price != null && (state.tariffCents() != price.tariffCents() || !state.tariffUnit().equals(price.unit().wireName()));
    }

    private Tuple tuple(String code, int holdSeconds) {
      return Tuple.tuple().addValue(slotId).addValue(places).addValue(code).addValue(person).addValue(actedBy)
          .addValue(holdSeconds).addValue(residencyOverride).addValue(replacing)
          .addValue(price.cents()).addValue(price.detail()).addValue(Math.toIntExact(price.tariffCents()))
          .addValue(price.unit().wireName());
    }
  }

  /**
   * What a refused hold needs to explain itself: the slot's places and booking window, whether
   * the person may have the service where they live ({@code resident}), which per-person limit
   * the places would pass (null when none) and the service's limits.
   */
  public record SlotState(int capacity, int taken, boolean tooSoon, boolean tooFar, int minNoticeMinutes,
                          int horizonDays, boolean resident, String limitReached, Limits limits, long tariffCents,
                          String tariffUnit) { }

  /** A service's per-person limits (V17). */
  public record Limits(int placesPerBooking, int placesPerPersonSlot, int placesPerPersonDay, int openHoldsPerPerson) {
    /** The limit named as {@code booking_limit_reached} names it. */
    public int of(String limit) {
      return switch (limit) {
        case "places-per-booking" -> placesPerBooking;
        case "places-per-slot" -> placesPerPersonSlot;
        case "places-per-day" -> placesPerPersonDay;
        case "open-holds" -> openHoldsPerPerson;
        default -> throw new IllegalArgumentException("no limit " + limit);
      };
    }
  }

  private final Pool pool;
  /** Runs {@link #HOLD_ANSWERED}, which commits on its own: the calling event loop's pipelined connection. */
  private final Supplier<SqlClient> statements;

  public BookingRepository(Pool pool) {
    this(pool, () -> pool);
  }

  public BookingRepository(Pool pool, Supplier<SqlClient> statements) {
    this.pool = pool;
    this.statements = statements;
  }

  /** The hold inside the caller's transaction, which writes its audit and outbox rows itself. */
  public Future<Optional<JsonObject>> hold(SqlClient c, Claim claim, String code, int holdSeconds) {
    return c.preparedQuery(CLAIM + " SELECT booking FROM shown").execute(claim.tuple(code, holdSeconds))
        .map(rows -> Rows.first(rows, BookingRepository::toJson));
  }

  /**
   * The whole hold of a client request as one statement, committed on its own: places, booking,
   * audit row, outbox message and the answer stored under the idempotency key. The slot row is
   * locked only while PostgreSQL runs it, never across a round trip to Sportello. A repeated key
   * fails the statement on the key's primary key (and so takes nothing); empty when the slot
   * cannot give the places or the person may not have them.
   */
  public Future<Optional<JsonObject>> holdAnswered(Claim claim, String code, int holdSeconds, Idempotency.Key key) {
    return statements.get().preparedQuery(HOLD_ANSWERED)
        .execute(claim.tuple(code, holdSeconds).addValue(key.principal()).addValue(key.key()).addValue(key.requestHash()))
        .map(rows -> Rows.first(rows, BookingRepository::toJson));
  }

  public Future<Optional<String>> slotService(SqlClient c, UUID slotId) {
    return c.preparedQuery("SELECT service_id::text FROM slots WHERE id = $1").execute(Tuple.of(slotId))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getString(0)) : Optional.empty());
  }

  /** Why {@code claim} could take nothing, as far as the slot, the service and the person's rules tell. */
  public Future<Optional<SlotState>> slotState(SqlClient c, Claim claim) {
    return c.preparedQuery("""
            SELECT s.capacity, s.taken, s.starts_at < now() + make_interval(mins => sv.min_notice_minutes),
                   s.starts_at > now() + make_interval(days => sv.booking_horizon_days),
                   sv.min_notice_minutes, sv.booking_horizon_days,
                   $5::text IS NOT NULL OR booking_residency_ok($2, sv.id),
                   booking_limit_reached($2, $3, s.id, $4),
                   sv.max_places_per_booking, sv.max_places_per_person_slot, sv.max_places_per_person_day,
                   sv.max_open_holds_per_person, sv.tariff_cents, sv.tariff_unit
              FROM slots s JOIN services sv ON sv.id = s.service_id
             WHERE s.id = $1 AND sv.retired_at IS NULL AND area_offered(sv.area)""")
        .execute(Tuple.of(claim.slotId(), claim.person(), claim.places(), claim.replacing(), claim.residencyOverride()))
        .map(rows -> Rows.first(rows, r -> new SlotState(r.getInteger(0), r.getInteger(1), r.getBoolean(2),
            r.getBoolean(3), r.getInteger(4), r.getInteger(5), r.getBoolean(6), r.getString(7),
            new Limits(r.getInteger(8), r.getInteger(9), r.getInteger(10), r.getInteger(11)), r.getInteger(12),
            r.getString(13))));
  }

  /** The reason an operator gave to book the booking's in-person service for a non-resident, if any. */
  public Future<Optional<String>> residencyOverride(SqlClient c, UUID bookingId) {
    return c.preparedQuery("SELECT residency_override FROM bookings WHERE id = $1").execute(Tuple.of(bookingId))
        .map(rows -> Rows.first(rows, r -> r.getString(0)));
  }

  /** Whether this transaction now serialises the person's holds, without waiting for it (V17). */
  public Future<Boolean> tryLockPerson(SqlClient c, String person) {
    return c.preparedQuery("SELECT try_lock_booking_person($1)").execute(Tuple.of(person))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** The booking, locked for the rest of the transaction. */
  public Future<Optional<JsonObject>> lock(SqlClient c, UUID bookingId) {
    return c.preparedQuery("SELECT " + COLUMNS + " FROM bookings b JOIN services sv ON sv.id = b.service_id "
            + "WHERE b.id = $1 FOR UPDATE OF b")
        .execute(Tuple.of(bookingId)).map(rows -> Rows.first(rows, BookingRepository::toJson));
  }

  public Future<Optional<JsonObject>> find(UUID bookingId) {
    return find(pool, bookingId);
  }

  public Future<Optional<JsonObject>> find(SqlClient c, UUID bookingId) {
    return c.preparedQuery("SELECT " + COLUMNS + " FROM bookings b JOIN services sv ON sv.id = b.service_id WHERE b.id = $1")
        .execute(Tuple.of(bookingId)).map(rows -> Rows.first(rows, BookingRepository::toJson));
  }

  /**
   * Confirms a hold that has not run out with the answers to its service's intake questions,
   * answering the confirmed booking. {@code replacing} is the booking a reschedule replaces (null
   * otherwise), whose answers the new booking keeps ({@code answers} are then not used).
   */
  public Future<Optional<JsonObject>> confirm(SqlClient c, UUID bookingId, UUID replacing, IntakeAnswers answers) {
    return c.preparedQuery("""
            UPDATE bookings b SET status = 'confirmed', hold_expires_at = NULL, updated_at = now(),
                   rescheduled_from = coalesce($2, b.rescheduled_from),
                   intake_beneficiary = CASE WHEN $2::uuid IS NULL THEN $3 ELSE replaced.intake_beneficiary END,
                   intake_address = CASE WHEN $2::uuid IS NULL THEN $4 ELSE replaced.intake_address END,
                   intake_notes = CASE WHEN $2::uuid IS NULL THEN $5 ELSE replaced.intake_notes END
              FROM services sv LEFT JOIN bookings replaced ON replaced.id = $2
             WHERE b.id = $1 AND sv.id = b.service_id AND b.status = 'held' AND b.hold_expires_at > now()
            RETURNING\s""" + COLUMNS)
        .execute(Tuple.of(bookingId, replacing, answers.get(IntakeKind.BENEFICIARY), answers.get(IntakeKind.ADDRESS),
            answers.get(IntakeKind.NOTES)))
        .map(rows -> Rows.first(rows, BookingRepository::toJson));
  }

  /**
   * A hold that waits for its card payment: the answers to the intake questions kept, the hold
   * lengthened to the end of the checkout, so the places wait exactly as long as the payment can
   * come. Empty when the hold is not active any more.
   */
  public Future<Optional<JsonObject>> awaitPayment(SqlClient c, UUID bookingId, IntakeAnswers answers, Instant until) {
    return c.preparedQuery("""
            UPDATE bookings b SET hold_expires_at = $5, updated_at = now(),
                   intake_beneficiary = $2, intake_address = $3, intake_notes = $4
              FROM services sv
             WHERE b.id = $1 AND sv.id = b.service_id AND b.status = 'held' AND b.hold_expires_at > now()
            RETURNING\s""" + COLUMNS)
        .execute(Tuple.of(bookingId, answers.get(IntakeKind.BENEFICIARY), answers.get(IntakeKind.ADDRESS),
            answers.get(IntakeKind.NOTES), until.atOffset(ZoneOffset.UTC)))
        .map(rows -> Rows.first(rows, BookingRepository::toJson));
  }

  /** A hold whose payment completed, confirmed with the answers it kept; empty once the hold has ended. */
  public Future<Optional<JsonObject>> confirmPaid(SqlClient c, UUID bookingId) {
    return c.preparedQuery("""
            UPDATE bookings b SET status = 'confirmed', hold_expires_at = NULL, updated_at = now()
              FROM services sv
             WHERE b.id = $1 AND sv.id = b.service_id AND b.status = 'held' AND b.hold_expires_at > now()
            RETURNING\s""" + COLUMNS)
        .execute(Tuple.of(bookingId)).map(rows -> Rows.first(rows, BookingRepository::toJson));
  }

  /** The intake questions the service asks when one of its bookings is confirmed (V21). */
  public Future<IntakeDeclaration> intakeOf(SqlClient c, UUID serviceId) {
    return c.preparedQuery("SELECT kind, required FROM service_intake_questions WHERE service_id = $1")
        .execute(Tuple.of(serviceId))
        .map(rows -> {
          List<IntakeQuestion> questions = new ArrayList<>();
          rows.forEach(r -> questions.add(new IntakeQuestion(IntakeKind.fromWire(r.getString(0)).orElseThrow(),
              r.getBoolean(1))));
          return new IntakeDeclaration(questions);
        });
  }

  /**
   * A page of the bookings of the provider's services starting in [from, to), held, confirmed or
   * cancelled, by start: {total, items: [{id, code, service {id, title}, resource {id, name},
   * start, end, places, status, personName, intake}]}. The person's account id is not shown.
   */
  public Future<JsonObject> providerBookings(UUID providerId, OffsetDateTime from, OffsetDateTime to, int limit, int offset) {
    return pool.preparedQuery("""
            WITH matches AS (
              SELECT b.id, b.starts_at FROM bookings b JOIN services sv ON sv.id = b.service_id
               WHERE sv.provider_id = $1 AND b.starts_at >= $2 AND b.starts_at < $3
                 AND b.status IN ('held', 'confirmed', 'cancelled')
            ), page AS (
              SELECT id FROM matches ORDER BY starts_at, id LIMIT $4 OFFSET $5
            )
            SELECT t.total, jsonb_build_object('id', b.id, 'code', b.code,
                     'service', jsonb_build_object('id', sv.id, 'title', sv.title),
                     'resource', jsonb_build_object('id', r.id, 'name', r.name),
                     'start', rome_iso(b.starts_at), 'end', rome_iso(b.ends_at), 'places', b.places, 'status', b.status,
                     'personName', a.display_name, 'intake', booking_intake_json(b)) AS item
              FROM (SELECT count(*) AS total FROM matches) t
              LEFT JOIN (page JOIN bookings b ON b.id = page.id JOIN services sv ON sv.id = b.service_id
                         JOIN resources r ON r.id = b.resource_id LEFT JOIN accounts a ON a.id::text = b.person) ON true
             ORDER BY b.starts_at, b.id""")
        .execute(Tuple.of(providerId, from, to, limit, offset))
        .map(rows -> {
          JsonArray items = new JsonArray();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total");
            if (r.getJsonObject("item") != null && r.getJsonObject("item").getString("id") != null) {
              items.add(r.getJsonObject("item"));
            }
          }
          return new JsonObject().put("total", total).put("items", items);
        });
  }

  /**
   * CTEs that give back the places of the bookings of the CTE named by the placeholder: an
   * enrolment's on every slot of its booking_slots (V43), any other booking's on its slot. The
   * slots are locked by start first, the order in which enrolments and the catalog lock them, so
   * giving back an enrolment never waits in a circle with them.
   */
  private static final String GIVE_BACK = """
      returned AS (
        SELECT t.slot_id, sum(t.places) AS places FROM (
          SELECT bs.slot_id, bs.places FROM booking_slots bs JOIN %1$s x ON x.id = bs.booking_id
          UNION ALL
          SELECT x.slot_id, x.places FROM %1$s x WHERE NOT EXISTS (SELECT 1 FROM booking_slots bs WHERE bs.booking_id = x.id)
        ) t GROUP BY t.slot_id),
      locked AS MATERIALIZED (
        SELECT s.id FROM slots s JOIN returned r ON r.slot_id = s.id ORDER BY s.starts_at, s.id FOR UPDATE OF s),
      released AS (
        UPDATE slots s SET taken = s.taken - r.places FROM returned r JOIN locked l ON l.id = r.slot_id
         WHERE s.id = r.slot_id RETURNING s.id)
      """;

  /**
   * Ends a live booking (cancelled or rescheduled) and gives its places back to the slot. Unless
   * {@code insideWindowAllowed}, a confirmed booking inside its service's cancellation window is
   * left as it is (false).
   */
  public Future<Optional<JsonObject>> release(SqlClient c, UUID bookingId, String newStatus, boolean insideWindowAllowed) {
    return c.preparedQuery("""
            WITH ended AS (
              UPDATE bookings b SET status = $2, hold_expires_at = NULL, updated_at = now()
                FROM services sv
               WHERE b.id = $1 AND sv.id = b.service_id AND b.status IN ('held', 'confirmed')
                 AND ($3 OR b.status = 'held' OR b.starts_at >= now() + make_interval(hours => sv.cancel_window_hours))
              RETURNING b.*),
            """ + GIVE_BACK.formatted("ended") + """
            SELECT booking_json(ROW(e.*)::bookings, sv.title, sv.address) AS booking
              FROM ended e JOIN services sv ON sv.id = e.service_id""")
        .execute(Tuple.of(bookingId, newStatus, insideWindowAllowed)).map(rows -> Rows.first(rows, BookingRepository::toJson));
  }

  /**
   * Expires every hold whose time is up and gives the places back, in one statement: safe to run
   * on every node at once, since each hold can only be expired once.
   */
  public Future<List<JsonObject>> expireHolds(Instant now) {
    return pool.preparedQuery("""
            WITH expired AS (
              UPDATE bookings SET status = 'expired', hold_expires_at = NULL, updated_at = now()
               WHERE status = 'held' AND hold_expires_at <= $1
              RETURNING *),
            """ + GIVE_BACK.formatted("expired") + """
            , audited AS (
              INSERT INTO booking_audit (booking_id, actor, action) SELECT id, 'system', 'expired' FROM expired),
            lapsed AS (
              UPDATE waitlist_entries w SET status = 'lapsed' FROM expired e WHERE w.booking_id = e.id AND w.status = 'offered')
            SELECT booking_json(ROW(e.*)::bookings, sv.title, sv.address) AS booking
              FROM expired e JOIN services sv ON sv.id = e.service_id""")
        .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          List<JsonObject> expired = new ArrayList<>();
          rows.forEach(r -> expired.add(toJson(r)));
          return expired;
        });
  }

  /** Slots of a service between two local dates at one wall-clock start time, with their free places. */
  public Future<List<Recurrence.Candidate>> recurrenceCandidates(SqlClient c, UUID serviceId, LocalDate from, LocalDate until,
                                                                 LocalTime start) {
    return c.preparedQuery("""
            SELECT id, resource_id, (starts_at AT TIME ZONE 'Europe/Rome')::date, (starts_at AT TIME ZONE 'Europe/Rome')::time,
                   capacity - taken
              FROM slots
             WHERE service_id = $1 AND starts_at > now()
               AND starts_at >= ($2::date)::timestamp AT TIME ZONE 'Europe/Rome'
               AND starts_at < ($3::date + 1)::timestamp AT TIME ZONE 'Europe/Rome'
               AND (starts_at AT TIME ZONE 'Europe/Rome')::time = $4
             ORDER BY starts_at""")
        .execute(Tuple.of(serviceId, from, until, start))
        .map(rows -> {
          List<Recurrence.Candidate> candidates = new ArrayList<>();
          rows.forEach(r -> candidates.add(new Recurrence.Candidate(r.getUUID(0), r.getUUID(1), r.getLocalDate(2),
              r.getLocalTime(3), r.getInteger(4))));
          return candidates;
        });
  }

  // ---- waitlist -----------------------------------------------------------------------------

  /**
   * Joins the line only while the slot cannot give these places, and only for places the person
   * could have: no more than a booking of the service may take, an in-person service only where
   * they live (unless an operator's reason overrides it, kept on the entry for the offer); empty
   * otherwise. {@code tickets} is the purchase of an event's tickets the entry waits for (null: places
   * at the tariff).
   */
  public Future<Optional<UUID>> joinWaitlist(SqlClient c, Claim claim, JsonObject tickets) {
    return c.preparedQuery("""
            INSERT INTO waitlist_entries (slot_id, person, acted_by, places, status, residency_override, tickets)
            SELECT s.id, $2, $3, $4, 'waiting', $5, $6 FROM slots s JOIN services sv ON sv.id = s.service_id
             WHERE s.id = $1 AND s.capacity - s.taken < $4 AND $4 <= sv.max_places_per_booking
               AND ($5::text IS NOT NULL OR booking_residency_ok($2, sv.id))
            RETURNING id""")
        .execute(Tuple.of(claim.slotId(), claim.person(), claim.actedBy(), claim.places(), claim.residencyOverride(), tickets))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getUUID(0)) : Optional.empty());
  }

  public Future<Integer> waitlistPosition(SqlClient c, UUID entryId) {
    return c.preparedQuery("""
            SELECT count(*) FROM waitlist_entries w JOIN waitlist_entries me ON me.id = $1
             WHERE w.slot_id = me.slot_id AND w.status = 'waiting' AND (w.joined_at, w.id) <= (me.joined_at, me.id)""")
        .execute(Tuple.of(entryId)).map(rows -> rows.iterator().next().getLong(0).intValue());
  }

  public Future<Boolean> leaveWaitlist(SqlClient c, UUID entryId, String subject) {
    return c.preparedQuery("""
            UPDATE waitlist_entries SET status = 'left' WHERE id = $1 AND status = 'waiting' AND (person = $2 OR acted_by = $2)""")
        .execute(Tuple.of(entryId, subject)).map(rows -> rows.rowCount() == 1);
  }

  /** The first waiting entry of the slot whose places now fit, locked (others skip it). */
  public Future<Optional<JsonObject>> nextInLine(SqlClient c, UUID slotId) {
    return c.preparedQuery("""
            SELECT w.id, w.person, w.places, w.residency_override, w.tickets FROM waitlist_entries w JOIN slots s ON s.id = w.slot_id
             WHERE w.slot_id = $1 AND w.status = 'waiting' AND w.places <= s.capacity - s.taken
             ORDER BY w.joined_at, w.id LIMIT 1 FOR UPDATE OF w SKIP LOCKED""")
        .execute(Tuple.of(slotId))
        .map(rows -> Rows.first(rows, r -> new JsonObject().put("id", r.getUUID(0).toString())
            .put("person", r.getString(1)).put("places", r.getInteger(2)).put("residencyOverride", r.getString(3))
            .put("tickets", r.getJsonObject(4))));
  }

  /** An entry the person can no longer be offered (their limits or residence refuse the places): out of the line. */
  public Future<Void> lapse(SqlClient c, UUID entryId) {
    return c.preparedQuery("UPDATE waitlist_entries SET status = 'lapsed' WHERE id = $1 AND status = 'waiting'")
        .execute(Tuple.of(entryId)).mapEmpty();
  }

  public Future<Void> markOffered(SqlClient c, UUID entryId, UUID bookingId) {
    return c.preparedQuery("UPDATE waitlist_entries SET status = 'offered', booking_id = $2 WHERE id = $1")
        .execute(Tuple.of(entryId, bookingId)).mapEmpty();
  }

  /** Slots that have someone waiting and at least one free place: where the offer job looks. */
  public Future<List<UUID>> slotsWithFreedPlaces() {
    return pool.query("""
            SELECT DISTINCT w.slot_id FROM waitlist_entries w JOIN slots s ON s.id = w.slot_id
             WHERE w.status = 'waiting' AND s.taken < s.capacity AND s.starts_at > now()""")
        .execute().map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getUUID(0)));
          return ids;
        });
  }

  public Future<Void> audit(SqlClient c, UUID bookingId, String actor, String action, JsonObject detail) {
    return c.preparedQuery("INSERT INTO booking_audit (booking_id, actor, action, detail) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(bookingId, actor, action, detail)).mapEmpty();
  }

  public Future<Void> outbox(SqlClient c, String topic, String recipient, JsonObject payload) {
    return c.preparedQuery("INSERT INTO outbox (topic, recipient, payload) VALUES ($1, $2, $3)")
        .execute(Tuple.of(topic, recipient, payload)).mapEmpty();
  }

  public Future<JsonArray> listFor(String subject) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM bookings b JOIN services sv ON sv.id = b.service_id "
            + "WHERE b.person = $1 OR b.acted_by = $1 ORDER BY b.starts_at DESC LIMIT 200")
        .execute(Tuple.of(subject))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(toJson(r)));
          return items;
        });
  }

  public Future<JsonArray> auditOf(UUID bookingId) {
    return pool.preparedQuery("SELECT at, actor, action, detail FROM booking_audit WHERE booking_id = $1 ORDER BY id")
        .execute(Tuple.of(bookingId))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(new JsonObject().put("at", r.getOffsetDateTime(0).toString())
              .put("actor", r.getString(1)).put("action", r.getString(2)).put("detail", r.getJsonObject(3))));
          return items;
        });
  }

  /**
   * Whether the cooperative has recorded the booking's delivery (any outcome). Read under the
   * booking's lock: recording takes it FOR SHARE, so none can be added until this transaction ends.
   */
  public Future<Boolean> deliveryRecorded(SqlClient c, UUID bookingId) {
    return c.preparedQuery("SELECT 1 FROM delivery_records WHERE booking_id = $1 LIMIT 1").execute(Tuple.of(bookingId))
        .map(rows -> rows.size() == 1);
  }

  /** Whether the service exists, is not retired and is in an area the network offers. */
  public Future<Boolean> serviceOpen(SqlClient c, UUID serviceId) {
    return c.preparedQuery("SELECT 1 FROM services WHERE id = $1 AND retired_at IS NULL AND area_offered(area)").execute(Tuple.of(serviceId))
        .map(rows -> rows.size() == 1);
  }

  public Future<Boolean> accountExists(SqlClient c, UUID accountId) {
    return c.preparedQuery("SELECT 1 FROM accounts WHERE id = $1 AND disabled_at IS NULL").execute(Tuple.of(accountId))
        .map(rows -> rows.size() == 1);
  }

  static JsonObject toJson(Row r) {
    return r.getJsonObject("booking");
  }
}
