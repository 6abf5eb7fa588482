package coop.sportello.catalog;

import coop.sportello.catalog.domain.Closure;
import coop.sportello.catalog.domain.DayException;
import coop.sportello.catalog.domain.ExistingSlot;
import coop.sportello.catalog.domain.IntakeDeclaration;
import coop.sportello.catalog.domain.IntakeQuestion;
import coop.sportello.catalog.domain.Opening;
import coop.sportello.catalog.domain.SlotPlan;
import coop.sportello.catalog.domain.SlotSpec;
import coop.sportello.catalog.domain.WeeklyRule;
import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every SQL statement of the catalog: services, resources, schedules, closures, slots, search. */
public final class CatalogRepository {

  public record Schedule(List<WeeklyRule> rules, List<DayException> exceptions, List<Closure> closures) { }

  private static final String SERVICE_COLUMNS = """
      s.id, s.provider_id, p.name AS provider_name, p.kind AS provider_kind, s.area, s.title, s.description, s.tariff_cents, s.tariff_unit,
      s.delivery_mode, s.welfare_letter, s.audience, s.address, s.retired_at, area_offered(s.area) AS area_offered,
      s.min_notice_minutes, s.booking_horizon_days, s.cancel_window_hours,
      s.max_places_per_booking, s.max_places_per_person_slot, s.max_places_per_person_day, s.max_open_holds_per_person,
      s.reminder_minutes, s.vat_treatment, service_isee_bands_json(s.id) AS isee_bands,
      ARRAY(SELECT municipality FROM service_municipalities sm WHERE sm.service_id = s.id ORDER BY 1) AS municipalities,
      service_intake_json(s.id) AS intake""";

  private final Pool pool;

  public CatalogRepository(Pool pool) {
    this.pool = pool;
  }

  // ---- services -------------------------------------------------------------------------------

  public Future<UUID> insertService(SqlClient c, UUID providerId, JsonObject s) {
    return c.preparedQuery("""
            INSERT INTO services (provider_id, area, title, description, tariff_cents, tariff_unit, delivery_mode,
                                  welfare_letter, audience, address, min_notice_minutes, booking_horizon_days,
                                  cancel_window_hours, vat_treatment)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, COALESCE($11, 60), COALESCE($12, 180), COALESCE($13, 24),
                    COALESCE($14, 'exempt'))
            RETURNING id""")
        .execute(serviceTuple(providerId, s)).map(rows -> rows.iterator().next().getUUID(0));
  }

  public Future<Boolean> updateService(SqlClient c, UUID providerId, UUID serviceId, JsonObject s) {
    return c.preparedQuery("""
            UPDATE services SET area = $2, title = $3, description = $4, tariff_cents = $5, tariff_unit = $6,
                   delivery_mode = $7, welfare_letter = $8, audience = $9, address = $10,
                   min_notice_minutes = COALESCE($11, min_notice_minutes),
                   booking_horizon_days = COALESCE($12, booking_horizon_days),
                   cancel_window_hours = COALESCE($13, cancel_window_hours),
                   vat_treatment = COALESCE($14, vat_treatment), updated_at = now()
             WHERE provider_id = $1 AND id = $15 AND retired_at IS NULL""")
        .execute(serviceTuple(providerId, s).addUUID(serviceId)).map(rows -> rows.rowCount() == 1);
  }

  private static Tuple serviceTuple(UUID providerId, JsonObject s) {
    return Tuple.of(providerId, s.getString("area"), s.getString("title"), s.getString("description"),
            s.getInteger("tariffCents"), s.getString("tariffUnit"), s.getString("deliveryMode"),
            s.getString("welfareLetter"), s.getString("audience"))
        .addString(s.getString("address"))
        .addInteger(policy(s, "minNoticeMinutes"))
        .addInteger(policy(s, "horizonDays"))
        .addInteger(policy(s, "cancelWindowHours"))
        .addString(s.getString("vatTreatment"));
  }

  /**
   * The service's per-person booking limits from its policy, those not given left as they are
   * (a new service keeps the defaults of V17).
   */
  public Future<Void> updateLimits(SqlClient c, UUID serviceId, JsonObject s) {
    return c.preparedQuery("""
            UPDATE services SET max_places_per_booking = COALESCE($2, max_places_per_booking),
                   max_places_per_person_slot = COALESCE($3, max_places_per_person_slot),
                   max_places_per_person_day = COALESCE($4, max_places_per_person_day),
                   max_open_holds_per_person = COALESCE($5, max_open_holds_per_person),
                   reminder_minutes = COALESCE($6, reminder_minutes)
             WHERE id = $1""")
        .execute(Tuple.of(serviceId, policy(s, "maxPlacesPerBooking"), policy(s, "maxPlacesPerPersonSlot"),
            policy(s, "maxPlacesPerPersonDay"), policy(s, "maxOpenHoldsPerPerson")).addArrayOfInteger(reminders(s)))
        .mapEmpty();
  }

  /** Minutes before the start at which reminders go (V24), or null to leave them as they are. */
  private static Integer[] reminders(JsonObject service) {
    JsonObject policy = service.getJsonObject("policy");
    JsonArray minutes = policy == null ? null : policy.getJsonArray("reminderMinutes");
    return minutes == null ? null : minutes.stream().map(m -> ((Number) m).intValue()).sorted(java.util.Comparator.reverseOrder())
        .toArray(Integer[]::new);
  }

  private static Integer policy(JsonObject service, String field) {
    JsonObject policy = service.getJsonObject("policy");
    return policy == null ? null : policy.getInteger(field);
  }

  public Future<Void> replaceMunicipalities(SqlClient c, UUID serviceId, JsonArray municipalities) {
    String[] codes = municipalities == null ? new String[0]
        : municipalities.stream().map(String::valueOf).distinct().toArray(String[]::new);
    return c.preparedQuery("DELETE FROM service_municipalities WHERE service_id = $1").execute(Tuple.of(serviceId))
        .compose(v -> c.preparedQuery("""
                INSERT INTO service_municipalities (service_id, municipality) SELECT $1, unnest($2::text[])""")
            .execute(Tuple.tuple().addUUID(serviceId).addArrayOfString(codes)))
        .mapEmpty();
  }

  /** The service's intake questions made exactly {@code declaration}. */
  public Future<Void> replaceIntake(SqlClient c, UUID serviceId, IntakeDeclaration declaration) {
    String[] kinds = declaration.questions().stream().map(q -> q.kind().wireName()).toArray(String[]::new);
    Boolean[] required = declaration.questions().stream().map(IntakeQuestion::required).toArray(Boolean[]::new);
    return c.preparedQuery("DELETE FROM service_intake_questions WHERE service_id = $1").execute(Tuple.of(serviceId))
        .compose(v -> c.preparedQuery("""
                INSERT INTO service_intake_questions (service_id, kind, required) SELECT $1, * FROM unnest($2::text[], $3::bool[])""")
            .execute(Tuple.tuple().addUUID(serviceId).addArrayOfString(kinds).addArrayOfBoolean(required)))
        .mapEmpty();
  }

  /** The service's ISEE bands made exactly {@code bands} ([{upToCents, tariffCents}]; V38). */
  public Future<Void> replaceIseeBands(SqlClient c, UUID serviceId, JsonArray bands) {
    Long[] upTo = bands.stream().map(b -> ((JsonObject) b).getLong("upToCents")).toArray(Long[]::new);
    Integer[] tariffs = bands.stream().map(b -> ((JsonObject) b).getInteger("tariffCents")).toArray(Integer[]::new);
    return c.preparedQuery("DELETE FROM service_isee_bands WHERE service_id = $1").execute(Tuple.of(serviceId))
        .compose(v -> c.preparedQuery("""
                INSERT INTO service_isee_bands (service_id, up_to_cents, tariff_cents) SELECT $1, * FROM unnest($2::bigint[], $3::int[])""")
            .execute(Tuple.tuple().addUUID(serviceId).addArrayOfLong(upTo).addArrayOfInteger(tariffs)))
        .mapEmpty();
  }

  public Future<Boolean> retireService(SqlClient c, UUID providerId, UUID serviceId) {
    return c.preparedQuery("""
            WITH retired AS (
              UPDATE services SET retired_at = now() WHERE provider_id = $1 AND id = $2 AND retired_at IS NULL RETURNING id)
            UPDATE schedule_rules SET retired_at = now() WHERE service_id IN (SELECT id FROM retired) AND retired_at IS NULL""")
        .execute(Tuple.of(providerId, serviceId)).compose(v -> c.preparedQuery(
            "SELECT retired_at IS NOT NULL FROM services WHERE provider_id = $1 AND id = $2")
            .execute(Tuple.of(providerId, serviceId)))
        .map(rows -> rows.iterator().hasNext() && rows.iterator().next().getBoolean(0));
  }

  /** Every municipality Sportello knows, by name: the places residents pick from. */
  public Future<JsonArray> municipalities() {
    return pool.query("SELECT istat_code, name, province FROM municipalities ORDER BY name, province").execute()
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("code", r.getString("istat_code"))
              .put("name", r.getString("name")).put("province", r.getString("province"))));
          return out;
        });
  }

  public Future<Optional<JsonObject>> findService(SqlClient c, UUID serviceId) {
    return c.preparedQuery("SELECT " + SERVICE_COLUMNS + " FROM services s JOIN providers p ON p.id = s.provider_id WHERE s.id = $1")
        .execute(Tuple.of(serviceId))
        .map(rows -> Rows.first(rows).map(CatalogRepository::serviceJson));
  }

  public Future<JsonArray> listProviderServices(UUID providerId) {
    return pool.preparedQuery("SELECT " + SERVICE_COLUMNS
            + " FROM services s JOIN providers p ON p.id = s.provider_id WHERE s.provider_id = $1 ORDER BY s.title")
        .execute(Tuple.of(providerId))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(serviceJson(r)));
          return items;
        });
  }

  static JsonObject serviceJson(Row r) {
    JsonObject json = new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("provider", new JsonObject().put("id", r.getUUID("provider_id").toString()).put("name", r.getString("provider_name"))
            .put("kind", r.getString("provider_kind")))
        .put("area", r.getString("area"))
        .put("title", r.getString("title"))
        .put("description", r.getString("description"))
        .put("tariff", new JsonObject().put("cents", r.getInteger("tariff_cents")).put("unit", r.getString("tariff_unit")))
        .put("deliveryMode", r.getString("delivery_mode"))
        .put("welfareLetter", r.getString("welfare_letter"))
        .put("audience", r.getString("audience"))
        .put("address", r.getString("address"))
        .put("municipalities", new JsonArray(List.of(r.getArrayOfStrings("municipalities"))))
        .put("intake", r.getJsonArray("intake"))
        .put("vatTreatment", r.getString("vat_treatment"))
        .put("iseeBands", r.getJsonArray("isee_bands"))
        .put("policy", new JsonObject()
            .put("minNoticeMinutes", r.getInteger("min_notice_minutes"))
            .put("horizonDays", r.getInteger("booking_horizon_days"))
            .put("cancelWindowHours", r.getInteger("cancel_window_hours"))
            .put("maxPlacesPerBooking", r.getInteger("max_places_per_booking"))
            .put("maxPlacesPerPersonSlot", r.getInteger("max_places_per_person_slot"))
            .put("maxPlacesPerPersonDay", r.getInteger("max_places_per_person_day"))
            .put("maxOpenHoldsPerPerson", r.getInteger("max_open_holds_per_person"))
            .put("reminderMinutes", new JsonArray(List.of((Object[]) r.getArrayOfIntegers("reminder_minutes")))));
    if (r.getOffsetDateTime("retired_at") != null) {
      json.put("retiredAt", r.getOffsetDateTime("retired_at").toString());
    }
    // Off the citizens' screens while the network does not offer its area (V71).
    json.put("areaOffered", r.getBoolean("area_offered"));
    return json;
  }

  // ---- resources ------------------------------------------------------------------------------

  public Future<UUID> insertResource(SqlClient c, UUID providerId, String name, String kind, int capacity) {
    return c.preparedQuery("INSERT INTO resources (provider_id, name, kind, capacity) VALUES ($1, $2, $3, $4) RETURNING id")
        .execute(Tuple.of(providerId, name, kind, capacity)).map(rows -> rows.iterator().next().getUUID(0));
  }

  /** Refused (false) when a schedule still needs more places than the new capacity. */
  public Future<Boolean> updateResource(SqlClient c, UUID providerId, UUID id, String name, int capacity) {
    return c.preparedQuery("""
            UPDATE resources SET name = $3, capacity = $4
             WHERE provider_id = $1 AND id = $2 AND retired_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM schedule_rules r WHERE r.resource_id = $2 AND r.retired_at IS NULL AND r.places > $4)
               AND NOT EXISTS (SELECT 1 FROM schedule_exceptions e WHERE e.resource_id = $2 AND e.places > $4)""")
        .execute(Tuple.of(providerId, id, name, capacity)).map(rows -> rows.rowCount() == 1);
  }

  public Future<Boolean> retireResource(SqlClient c, UUID providerId, UUID id) {
    return c.preparedQuery("""
            UPDATE resources SET retired_at = now()
             WHERE provider_id = $1 AND id = $2 AND retired_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM schedule_rules r WHERE r.resource_id = $2 AND r.retired_at IS NULL)""")
        .execute(Tuple.of(providerId, id)).map(rows -> rows.rowCount() == 1);
  }

  public Future<JsonArray> listResources(UUID providerId) {
    return pool.preparedQuery("""
            SELECT id, name, kind, capacity, retired_at FROM resources WHERE provider_id = $1 ORDER BY name""")
        .execute(Tuple.of(providerId)).map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(new JsonObject().put("id", r.getUUID("id").toString()).put("name", r.getString("name"))
              .put("kind", r.getString("kind")).put("capacity", r.getInteger("capacity"))
              .put("retired", r.getOffsetDateTime("retired_at") != null)));
          return items;
        });
  }

  // ---- schedules ------------------------------------------------------------------------------

  /** Inserts only if the resource is the provider's, active and large enough; empty otherwise. */
  public Future<Optional<UUID>> insertRule(SqlClient c, UUID providerId, UUID serviceId, JsonObject rule) {
    return c.preparedQuery("""
            INSERT INTO schedule_rules (provider_id, service_id, resource_id, weekday, opens, closes, slot_minutes, places,
                                        valid_from, valid_until)
            SELECT $1, $2, r.id, $4, $5, $6, $7, $8, $9, $10 FROM resources r
             WHERE r.id = $3 AND r.provider_id = $1 AND r.retired_at IS NULL AND r.capacity >= $8
            RETURNING id""")
        .execute(ruleTuple(providerId, serviceId, rule))
        .map(rows -> Rows.first(rows).map(r -> r.getUUID(0)));
  }

  private static Tuple ruleTuple(UUID providerId, UUID serviceId, JsonObject rule) {
    return Tuple.of(providerId, serviceId, UUID.fromString(rule.getString("resourceId")), (short) (int) rule.getInteger("weekday"),
            LocalTime.parse(rule.getString("opens")), LocalTime.parse(rule.getString("closes")),
            rule.getInteger("slotMinutes"), rule.getInteger("places"), LocalDate.parse(rule.getString("validFrom")))
        .addLocalDate(rule.getString("validUntil") == null ? null : LocalDate.parse(rule.getString("validUntil")));
  }

  /** Retires the rule (schedules keep their history) and returns the service it belonged to. */
  public Future<Optional<UUID>> retireRule(SqlClient c, UUID providerId, UUID ruleId) {
    return c.preparedQuery("""
            UPDATE schedule_rules SET retired_at = now() WHERE provider_id = $1 AND id = $2 AND retired_at IS NULL
            RETURNING service_id""")
        .execute(Tuple.of(providerId, ruleId)).map(rows -> Rows.first(rows).map(r -> r.getUUID(0)));
  }

  public Future<Optional<UUID>> upsertException(SqlClient c, UUID providerId, UUID serviceId, JsonObject e) {
    boolean closed = e.getString("opens") == null;
    return c.preparedQuery("""
            INSERT INTO schedule_exceptions (provider_id, service_id, resource_id, on_date, opens, closes, slot_minutes, places)
            SELECT $1, $2, r.id, $4, $5, $6, $7, $8 FROM resources r
             WHERE r.id = $3 AND r.provider_id = $1 AND r.retired_at IS NULL AND ($8::int IS NULL OR r.capacity >= $8)
            ON CONFLICT (service_id, resource_id, on_date) DO UPDATE
              SET opens = EXCLUDED.opens, closes = EXCLUDED.closes, slot_minutes = EXCLUDED.slot_minutes, places = EXCLUDED.places
            RETURNING id""")
        .execute(Tuple.of(providerId, serviceId, UUID.fromString(e.getString("resourceId")), LocalDate.parse(e.getString("date")),
                closed ? null : LocalTime.parse(e.getString("opens")), closed ? null : LocalTime.parse(e.getString("closes")),
                e.getInteger("slotMinutes"), e.getInteger("places")))
        .map(rows -> Rows.first(rows).map(r -> r.getUUID(0)));
  }

  public Future<Optional<UUID>> deleteException(SqlClient c, UUID providerId, UUID exceptionId) {
    return c.preparedQuery("DELETE FROM schedule_exceptions WHERE provider_id = $1 AND id = $2 RETURNING service_id")
        .execute(Tuple.of(providerId, exceptionId)).map(rows -> Rows.first(rows).map(r -> r.getUUID(0)));
  }

  public Future<UUID> insertClosure(SqlClient c, UUID providerId, JsonObject closure) {
    String resource = closure.getString("resourceId");
    return c.preparedQuery("""
            INSERT INTO closures (provider_id, resource_id, from_date, to_date, reason) VALUES ($1, $2, $3, $4, $5) RETURNING id""")
        .execute(Tuple.of(providerId, resource == null ? null : UUID.fromString(resource),
            LocalDate.parse(closure.getString("fromDate")), LocalDate.parse(closure.getString("toDate")), closure.getString("reason")))
        .map(rows -> rows.iterator().next().getUUID(0));
  }

  public Future<Boolean> deleteClosure(SqlClient c, UUID providerId, UUID closureId) {
    return c.preparedQuery("DELETE FROM closures WHERE provider_id = $1 AND id = $2")
        .execute(Tuple.of(providerId, closureId)).map(rows -> rows.rowCount() == 1);
  }

  public Future<List<UUID>> activeServicesOf(SqlClient c, UUID providerId) {
    return c.preparedQuery("""
            SELECT DISTINCT service_id FROM schedule_rules WHERE provider_id = $1 AND retired_at IS NULL
            UNION SELECT DISTINCT service_id FROM schedule_exceptions WHERE provider_id = $1""")
        .execute(Tuple.of(providerId)).map(CatalogRepository::uuids);
  }

  public Future<List<UUID>> servicesWithSchedules() {
    return pool.query("""
            SELECT DISTINCT r.service_id FROM schedule_rules r JOIN services s ON s.id = r.service_id
             WHERE r.retired_at IS NULL AND s.retired_at IS NULL""")
        .execute().map(CatalogRepository::uuids);
  }

  public Future<JsonObject> scheduleJson(UUID providerId, UUID serviceId) {
    Future<RowSet<Row>> rules = pool.preparedQuery("""
            SELECT id, resource_id, weekday, opens, closes, slot_minutes, places, valid_from, valid_until FROM schedule_rules
             WHERE provider_id = $1 AND service_id = $2 AND retired_at IS NULL ORDER BY weekday, opens""")
        .execute(Tuple.of(providerId, serviceId));
    Future<RowSet<Row>> exceptions = pool.preparedQuery("""
            SELECT id, resource_id, on_date, opens, closes, slot_minutes, places FROM schedule_exceptions
             WHERE provider_id = $1 AND service_id = $2 ORDER BY on_date""")
        .execute(Tuple.of(providerId, serviceId));
    Future<RowSet<Row>> closures = pool.preparedQuery("""
            SELECT id, resource_id, from_date, to_date, reason FROM closures WHERE provider_id = $1 ORDER BY from_date""")
        .execute(Tuple.of(providerId));
    return Future.all(rules, exceptions, closures).map(v -> {
      JsonArray r = new JsonArray();
      rules.result().forEach(row -> r.add(new JsonObject().put("id", row.getUUID("id").toString())
          .put("resourceId", row.getUUID("resource_id").toString()).put("weekday", (int) row.getShort("weekday"))
          .put("opens", row.getLocalTime("opens").toString()).put("closes", row.getLocalTime("closes").toString())
          .put("slotMinutes", row.getInteger("slot_minutes")).put("places", row.getInteger("places"))
          .put("validFrom", row.getLocalDate("valid_from").toString())
          .put("validUntil", row.getLocalDate("valid_until") == null ? null : row.getLocalDate("valid_until").toString())));
      JsonArray e = new JsonArray();
      exceptions.result().forEach(row -> e.add(new JsonObject().put("id", row.getUUID("id").toString())
          .put("resourceId", row.getUUID("resource_id").toString()).put("date", row.getLocalDate("on_date").toString())
          .put("opens", row.getLocalTime("opens") == null ? null : row.getLocalTime("opens").toString())
          .put("closes", row.getLocalTime("closes") == null ? null : row.getLocalTime("closes").toString())
          .put("slotMinutes", row.getInteger("slot_minutes")).put("places", row.getInteger("places"))));
      JsonArray c = new JsonArray();
      closures.result().forEach(row -> c.add(new JsonObject().put("id", row.getUUID("id").toString())
          .put("resourceId", row.getUUID("resource_id") == null ? null : row.getUUID("resource_id").toString())
          .put("fromDate", row.getLocalDate("from_date").toString()).put("toDate", row.getLocalDate("to_date").toString())
          .put("reason", row.getString("reason"))));
      return new JsonObject().put("rules", r).put("exceptions", e).put("closures", c);
    });
  }

  /** The schedule of one service as the slot generator needs it. */
  public Future<Schedule> loadSchedule(SqlClient c, UUID serviceId) {
    Future<RowSet<Row>> rules = c.preparedQuery("""
            SELECT resource_id, weekday, opens, closes, slot_minutes, places, valid_from, valid_until
              FROM schedule_rules WHERE service_id = $1 AND retired_at IS NULL""").execute(Tuple.of(serviceId));
    return rules.compose(r -> c.preparedQuery("""
                SELECT resource_id, on_date, opens, closes, slot_minutes, places FROM schedule_exceptions WHERE service_id = $1""")
            .execute(Tuple.of(serviceId)))
        .compose(e -> c.preparedQuery("""
                SELECT resource_id, from_date, to_date FROM closures
                 WHERE provider_id = (SELECT provider_id FROM services WHERE id = $1)""")
            .execute(Tuple.of(serviceId))
            .map(cl -> {
              List<WeeklyRule> weekly = new ArrayList<>();
              for (Row row : rules.result()) {
                weekly.add(new WeeklyRule(DayOfWeek.of(row.getShort("weekday")), new Opening(row.getUUID("resource_id"),
                    row.getLocalTime("opens"), row.getLocalTime("closes"), row.getInteger("slot_minutes"),
                    row.getInteger("places")), row.getLocalDate("valid_from"), row.getLocalDate("valid_until")));
              }
              List<DayException> days = new ArrayList<>();
              for (Row row : e) {
                Opening opening = row.getLocalTime("opens") == null ? null : new Opening(row.getUUID("resource_id"),
                    row.getLocalTime("opens"), row.getLocalTime("closes"), row.getInteger("slot_minutes"), row.getInteger("places"));
                days.add(new DayException(row.getUUID("resource_id"), row.getLocalDate("on_date"), opening));
              }
              List<Closure> closures = new ArrayList<>();
              for (Row row : cl) {
                closures.add(new Closure(row.getUUID("resource_id"), row.getLocalDate("from_date"), row.getLocalDate("to_date")));
              }
              return new Schedule(weekly, days, closures);
            }));
  }

  // ---- slots ----------------------------------------------------------------------------------

  /** The service's future slots, locked so that no hold or booking slips in while they are rewritten. */
  public Future<List<ExistingSlot>> lockFutureSlots(SqlClient c, UUID serviceId, Instant from) {
    return c.preparedQuery("""
            SELECT id, resource_id, starts_at, ends_at, capacity, taken FROM slots
             WHERE service_id = $1 AND starts_at >= $2 ORDER BY starts_at FOR UPDATE""")
        .execute(Tuple.of(serviceId, from.atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          List<ExistingSlot> slots = new ArrayList<>();
          rows.forEach(r -> slots.add(new ExistingSlot(r.getUUID("id"), r.getUUID("resource_id"),
              r.getOffsetDateTime("starts_at").toInstant(), r.getOffsetDateTime("ends_at").toInstant(),
              r.getInteger("capacity"), r.getInteger("taken"))));
          return slots;
        });
  }

  /** Applies a conflict-free plan; each statement also fires one availability notification per service. */
  public Future<Void> apply(SqlClient c, UUID serviceId, SlotPlan plan) {
    Future<Void> done = Future.succeededFuture();
    if (!plan.toDelete().isEmpty()) {
      UUID[] ids = plan.toDelete().stream().map(ExistingSlot::id).toArray(UUID[]::new);
      done = done.compose(v -> c.preparedQuery("DELETE FROM slots WHERE id = ANY($1) AND taken = 0").execute(Tuple.tuple().addArrayOfUUID(ids))
          .compose(rows -> rows.rowCount() == ids.length ? Future.succeededFuture()
              : Future.failedFuture(new IllegalStateException("a slot was taken while being removed"))));
    }
    if (!plan.toResize().isEmpty()) {
      UUID[] ids = plan.toResize().keySet().stream().map(ExistingSlot::id).toArray(UUID[]::new);
      Integer[] capacities = plan.toResize().keySet().stream().map(plan.toResize()::get).toArray(Integer[]::new);
      done = done.compose(v -> c.preparedQuery("""
              UPDATE slots SET capacity = u.capacity FROM unnest($1::uuid[], $2::int[]) AS u(id, capacity)
               WHERE slots.id = u.id""").execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfInteger(capacities)).mapEmpty());
    }
    if (!plan.toInsert().isEmpty()) {
      List<SlotSpec> inserts = plan.toInsert();
      UUID[] resources = inserts.stream().map(SlotSpec::resourceId).toArray(UUID[]::new);
      OffsetDateTime[] starts = inserts.stream().map(s -> s.start().atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
      OffsetDateTime[] ends = inserts.stream().map(s -> s.end().atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
      Integer[] capacities = inserts.stream().map(SlotSpec::capacity).toArray(Integer[]::new);
      done = done.compose(v -> c.preparedQuery("""
              INSERT INTO slots (service_id, resource_id, starts_at, ends_at, capacity)
              SELECT $1, * FROM unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::int[])
              ON CONFLICT (resource_id, starts_at) DO NOTHING""")
          .execute(Tuple.tuple().addUUID(serviceId).addArrayOfUUID(resources).addArrayOfOffsetDateTime(starts)
              .addArrayOfOffsetDateTime(ends).addArrayOfInteger(capacities)).mapEmpty());
    }
    return done;
  }

  public Future<RowSet<Row>> slotsBetween(UUID serviceId, OffsetDateTime from, OffsetDateTime to) {
    return pool.preparedQuery("""
            SELECT sl.id, sl.resource_id, sl.starts_at, sl.ends_at, sl.capacity, sl.capacity - sl.taken AS free,
                   sv.tariff_cents, sv.tariff_unit
              FROM slots sl JOIN services sv ON sv.id = sl.service_id
             WHERE sl.service_id = $1 AND sl.starts_at >= $2 AND sl.starts_at < $3 ORDER BY sl.starts_at, sl.resource_id""")
        .execute(Tuple.of(serviceId, from, to));
  }

  // ---- search ---------------------------------------------------------------------------------

  /**
   * Only the filters in use go into the statement, so each combination gets a plan fitted to it
   * (a catch-all "$1 IS NULL OR ..." statement would be planned generically and miss the indexes).
   */
  public Future<JsonObject> search(SearchQuery q) {
    // area_offered (V71) as a set: one hashed lookup for the statement, not a function call per service.
    List<String> where = new ArrayList<>(List.of("s.retired_at IS NULL", "s.area IN (SELECT code FROM service_areas WHERE offered)"));
    Tuple params = Tuple.tuple();
    if (q.area() != null) {
      params.addString(q.area());
      where.add("s.area = $" + params.size());
    }
    if (q.deliveryMode() != null) {
      params.addString(q.deliveryMode());
      where.add("s.delivery_mode = $" + params.size());
    }
    if ("any".equals(q.welfare())) {
      where.add("s.welfare_letter IS NOT NULL");
    } else if ("none".equals(q.welfare())) {
      where.add("s.welfare_letter IS NULL");
    } else if (q.welfare() != null) {
      params.addString(q.welfare());
      where.add("s.welfare_letter = $" + params.size());
    }
    if (q.providerKind() != null) {
      params.addString(q.providerKind());
      where.add("EXISTS (SELECT 1 FROM providers pk WHERE pk.id = s.provider_id AND pk.kind = $" + params.size() + ")");
    }
    if (q.municipality() != null) {
      params.addString(q.municipality());
      where.add("(s.delivery_mode = 'online' OR EXISTS (SELECT 1 FROM service_municipalities sm "
          + "WHERE sm.service_id = s.id AND sm.municipality = $" + params.size() + "))");
    }
    String rank = "0";
    if (q.text() != null) {
      params.addString(q.text());
      String query = "websearch_to_tsquery('italian_unaccent', $" + params.size() + ")";
      where.add("s.search_document @@ " + query);
      rank = "ts_rank(s.search_document, " + query + ")";
    }
    String from = "now()";
    String until = "";
    if (q.from() != null) {
      params.addOffsetDateTime(q.from());
      from = "GREATEST($" + params.size() + "::timestamptz, now())";
      params.addOffsetDateTime(q.to());
      until = " AND sl.starts_at < $" + params.size();
      where.add("EXISTS (SELECT 1 FROM slots sl WHERE sl.service_id = s.id AND sl.taken < sl.capacity"
          + " AND sl.starts_at >= " + from + until + ")");
    }
    params.addInteger(q.size());
    String limit = "$" + params.size();
    params.addInteger(q.offset());
    String offset = "$" + params.size();
    String sql = """
        WITH matches AS (
          SELECT s.id, s.title, %s AS rank FROM services s WHERE %s
        ), page AS (
          SELECT id, rank, title FROM matches ORDER BY rank DESC, title, id LIMIT %s OFFSET %s
        )
        SELECT %s, next.starts_at AS next_start, next.ends_at AS next_end, next.free AS next_free, t.total
          FROM (SELECT count(*) AS total FROM matches) t
          LEFT JOIN (page JOIN services s ON s.id = page.id JOIN providers p ON p.id = s.provider_id) ON true
          LEFT JOIN LATERAL (
            SELECT sl.starts_at, sl.ends_at, sl.capacity - sl.taken AS free FROM slots sl
             WHERE sl.service_id = s.id AND sl.taken < sl.capacity AND sl.starts_at >= %s%s
             ORDER BY sl.starts_at LIMIT 1) next ON s.id IS NOT NULL
         ORDER BY page.rank DESC, page.title, page.id""".formatted(rank, String.join(" AND ", where), limit, offset,
        SERVICE_COLUMNS, from, until);
    return pool.preparedQuery(sql).execute(params)
        .map(rows -> {
          JsonArray items = new JsonArray();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total");
            if (r.getUUID("id") == null) {
              continue; // only the count: the page is past the end
            }
            JsonObject hit = serviceJson(r);
            OffsetDateTime next = r.getOffsetDateTime("next_start");
            hit.put("nextFree", next == null ? null : new JsonObject()
                .put("start", AvailabilityJson.local(next.toInstant()))
                .put("end", AvailabilityJson.local(r.getOffsetDateTime("next_end").toInstant()))
                .put("free", r.getInteger("next_free"))
                .put("price", AvailabilityJson.price(r, next.toInstant(), r.getOffsetDateTime("next_end").toInstant())));
            items.add(hit);
          }
          return new JsonObject().put("items", items).put("total", total);
        });
  }


  private static List<UUID> uuids(RowSet<Row> rows) {
    List<UUID> ids = new ArrayList<>();
    rows.forEach(r -> ids.add(r.getUUID(0)));
    return ids;
  }

}
