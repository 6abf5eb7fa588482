package coop.sportello.reporting;

import coop.sportello.reporting.domain.ExportRow;
import coop.sportello.reporting.domain.Report;
import coop.sportello.reporting.domain.ReportAccess;
import coop.sportello.reporting.domain.ReportPeriod;
import coop.sportello.reporting.domain.ReportScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every SQL statement of the reports. The figures are aggregated by PostgreSQL in one statement
 * over the bookings counted (see {@link Report}); nothing walks bookings one by one in Java but the
 * export, which reads them in keyset pages of {@link #PAGE} rows.
 */
final class ReportingRepository {

  static final int PAGE = 2_000;

  /** The scope's condition on the bookings counted; $3 is the entity. */
  private static String scopeCondition(ReportScope scope) {
    return switch (scope) {
      case NETWORK -> "$3::text = 'all'";
      case PROVIDERS -> "s.provider_id = $3";
      case PROJECTS -> "b.project_id = $3";
      case MUNICIPALITIES -> "a.municipality = $3";
      case COMPANIES -> "e.company_id = $3";
      case AREAS -> "s.area = $3";
    };
  }

  /**
   * The bookings counted with their delivery, aggregated per booking (several records of one
   * booking when delivery is recorded per session): $1, $2 the period's instants, $3 the entity,
   * $4, $5 the first and last month of the period (delivery_records.month is the booking's month).
   */
  private static String base(ReportScope scope) {
    return base(scope, "");
  }

  /**
   * The same, narrowed by {@code extra} (a fixed condition on {@code s}, the service). Narrow rows:
   * the person as a 64-bit hash for the distinct counts (no collision in any real network), the
   * wait already in days, the kinds of service the impact indicators want as flags.
   */
  private static String base(ReportScope scope, String extra) {
    return """
        SELECT b.id, hashtextextended(b.person, 0) AS pk, b.places, b.starts_at, b.ends_at, s.area,
               extract(epoch FROM b.starts_at - b.created_at) / 86400.0 AS wait,
               s.area = 'elderly' AND s.delivery_mode = 'at_home' AS home_care,
               s.audience = 'children' AND s.tariff_unit = 'week' AS camp,
               e.account_id IS NOT NULL AS employee, a.codice_fiscale AS cf,
               coalesce(d.minutes, 0) AS minutes, coalesce(d.delivered, 0) AS delivered,
               coalesce(d.no_show, 0) AS no_show, coalesce(d.recorded, 0) AS recorded,
               to_char(b.starts_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM') AS month
          FROM bookings b
          JOIN services s ON s.id = b.service_id
          LEFT JOIN accounts a ON a.id::text = b.person
          LEFT JOIN employees e ON e.account_id::text = b.person
          LEFT JOIN (SELECT booking_id, sum(minutes) AS minutes,
                            count(*) FILTER (WHERE outcome <> 'no_show') AS delivered,
                            count(*) FILTER (WHERE outcome = 'no_show') AS no_show, count(*) AS recorded
                       FROM delivery_records WHERE month BETWEEN $4 AND $5 GROUP BY booking_id) d ON d.booking_id = b.id
         WHERE b.status = 'confirmed' AND b.starts_at >= $1 AND b.starts_at < $2 AND %s%s""".formatted(scopeCondition(scope), extra);
  }

  /**
   * Memory for one report's sorts and hashes (the distinct counts, the percentiles), so a network's
   * year is aggregated in memory rather than through temporary files: set for its transaction only.
   */
  private static final String WORK_MEM = "SET LOCAL work_mem = '64MB'";

  private static <T> Future<T> withMemory(Pool pool, java.util.function.Function<io.vertx.sqlclient.SqlConnection, Future<T>> work) {
    return pool.withTransaction(conn -> conn.query(WORK_MEM).execute().compose(v -> work.apply(conn)));
  }

  static Tuple args(ReportScope scope, String entity, ReportPeriod period) {
    return Tuple.of(at(period.start()), at(period.end()), scope.sqlValue(entity),
        period.from().withDayOfMonth(1), period.to().withDayOfMonth(1));
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  /** The entity a report names, if it exists: its name, and a project's cooperative. */
  Future<Optional<ReportAccess.Entity>> entity(Pool pool, ReportScope scope, String entity) {
    String sql = switch (scope) {
      case NETWORK -> "SELECT 'Tutta la rete' AS name, NULL::text AS provider WHERE $1::text = 'all'";
      case PROVIDERS -> "SELECT name, id::text AS provider FROM providers WHERE id = $1";
      case PROJECTS -> "SELECT name || ' (' || funder || ')' AS name, provider_id::text AS provider FROM projects WHERE id = $1";
      case MUNICIPALITIES -> "SELECT name || ' (' || province || ')' AS name, NULL::text AS provider FROM municipalities WHERE istat_code = $1";
      case COMPANIES -> "SELECT name, NULL::text AS provider FROM companies WHERE id = $1";
      case AREAS -> "SELECT label_it AS name, NULL::text AS provider FROM service_areas WHERE code = $1";
    };
    return pool.preparedQuery(sql).execute(Tuple.of(scope.sqlValue(entity))).map(rows -> rows.size() == 0 ? Optional.empty()
        : Optional.of(new ReportAccess.Entity(rows.iterator().next().getString("name"), rows.iterator().next().getString("provider"))));
  }

  /** One entity a caller may pick on the reports' screen. */
  record Choice(String scope, String id, String name) { }

  /**
   * The entities of the screen's choice: the network, every cooperative, project, company and area,
   * and the municipalities someone lives in (a supervisor's); or only the given cooperative's own and
   * its projects, the given municipality, the given company (null: none of that kind).
   */
  Future<List<Choice>> choices(Pool pool, boolean everything, UUID provider, String municipality, UUID company) {
    return pool.preparedQuery("""
        SELECT 'network' AS scope, 'all' AS id, 'Tutta la rete' AS name, 0 AS o WHERE $1
        UNION ALL SELECT 'providers', id::text, name, 1 FROM providers WHERE kind <> 'shop' AND ($1 OR id = $2)
        UNION ALL SELECT 'projects', p.id::text, p.name || ' (' || p.funder || ')', 2 FROM projects p WHERE $1 OR p.provider_id = $2
        UNION ALL SELECT 'municipalities', m.istat_code, m.name || ' (' || m.province || ')', 3 FROM municipalities m
                   WHERE m.istat_code = $3 OR ($1 AND EXISTS (SELECT 1 FROM accounts a WHERE a.municipality = m.istat_code))
        UNION ALL SELECT 'companies', id::text, name, 4 FROM companies WHERE $1 OR id = $4
        UNION ALL SELECT 'areas', code, label_it, 5 FROM service_areas WHERE $1
        ORDER BY 4, 3""").execute(Tuple.of(everything, provider, municipality, company))
        .map(rows -> {
          List<Choice> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Choice(r.getString("scope"), r.getString("id"), r.getString("name"))));
          return out;
        });
  }

  /** What PostgreSQL aggregates of the bookings counted, in one statement. */
  record Figures(Report.Cell total, List<Report.Cell> byMonth, List<Report.Cell> byArea, List<Report.Channel> channels,
                 Report.Waiting waiting, long conciliationMinutes, long conciliationPeople, List<Camp> camps,
                 List<String> homeCareCfs, long homeCareWithoutCf) { }

  /** Summer-camp bookings grouped by their first and last day (Rome). */
  record Camp(LocalDate first, LocalDate last, long places, long people) { }

  Future<Figures> figures(Pool pool, ReportScope scope, String entity, ReportPeriod period) {
    return withMemory(pool, conn -> conn.preparedQuery(figuresSql(scope)).execute(args(scope, entity, period)))
        .map(ReportingRepository::figures);
  }

  /** The one statement of {@link #figures} (package-private for measuring it with EXPLAIN). */
  static String figuresSql(ReportScope scope) {
    return """
        WITH base AS MATERIALIZED (%s)
        SELECT
          (SELECT json_agg(json_build_object('g', g, 'key', key, 'people', people, 'bookings', bookings, 'served', served,
                                             'services', services, 'minutes', minutes, 'noShows', no_shows, 'recorded', recorded)
                           ORDER BY g, key)
             FROM (SELECT GROUPING(month, area) AS g, coalesce(month, area, 'total') AS key,
                          count(DISTINCT pk) AS people, count(*) AS bookings,
                          count(DISTINCT pk) FILTER (WHERE delivered > 0) AS served,
                          sum(delivered) AS services, sum(minutes) AS minutes, sum(no_show) AS no_shows, sum(recorded) AS recorded
                     FROM base GROUP BY GROUPING SETS ((), (month), (area))) cells) AS cells,
          (SELECT json_agg(json_build_object('method', method, 'people', people, 'payments', payments, 'cents', cents) ORDER BY method)
             FROM (SELECT p.method, count(DISTINCT base.pk) AS people, count(*) AS payments,
                          sum(p.amount_cents - p.refunded_cents) AS cents
                     FROM payments p JOIN base ON base.id = p.booking_id
                    WHERE p.state = 'completed' GROUP BY p.method) m) AS channels,
          (SELECT json_build_object('bookings', count(*),
                                    'median', percentile_cont(0.5) WITHIN GROUP (ORDER BY wait),
                                    'p90', percentile_cont(0.9) WITHIN GROUP (ORDER BY wait))
             FROM base) AS waiting,
          (SELECT json_build_object('minutes', coalesce(sum(minutes), 0), 'people', count(DISTINCT pk))
             FROM base WHERE area = 'work_life' AND employee AND minutes > 0) AS conciliation,
          (SELECT json_agg(json_build_object('first', first_day, 'last', last_day, 'places', places, 'people', people))
             FROM (SELECT (starts_at AT TIME ZONE 'Europe/Rome')::date AS first_day,
                          (ends_at AT TIME ZONE 'Europe/Rome')::date AS last_day,
                          sum(places) AS places, count(DISTINCT pk) AS people
                     FROM base WHERE camp GROUP BY 1, 2) c) AS camps,
          (SELECT json_build_object('cfs', coalesce(json_agg(DISTINCT cf) FILTER (WHERE cf IS NOT NULL), '[]'::json),
                                    'withoutCf', count(DISTINCT pk) FILTER (WHERE cf IS NULL))
             FROM base WHERE home_care AND minutes > 0) AS home_care
        """.formatted(base(scope));
  }

  private static Figures figures(io.vertx.sqlclient.RowSet<Row> rows) {
    {
      Row row = rows.iterator().next();
      List<Report.Cell> months = new ArrayList<>();
      List<Report.Cell> areas = new ArrayList<>();
      Report.Cell total = new Report.Cell("total", 0, 0, 0, 0, 0, 0, 0, false);
      for (Object o : array(row.getValue("cells"))) {
        JsonObject c = (JsonObject) o;
        Report.Cell cell = new Report.Cell(c.getString("key"), num(c, "people"), num(c, "bookings"), num(c, "served"),
            num(c, "services"), num(c, "minutes"), num(c, "noShows"), num(c, "recorded"), false);
        switch (c.getInteger("g")) {
          case 3 -> total = cell;
          case 1 -> months.add(cell); // area rolled up: a month's row
          default -> areas.add(cell);
        }
      }
      List<Report.Channel> channels = new ArrayList<>();
      for (Object o : array(row.getValue("channels"))) {
        JsonObject c = (JsonObject) o;
        channels.add(new Report.Channel(c.getString("method"), num(c, "people"), num(c, "payments"), num(c, "cents"), false));
      }
      JsonObject w = object(row.getValue("waiting"));
      Report.Waiting waiting = new Report.Waiting(num(w, "bookings"), decimal(w, "median"), decimal(w, "p90"), false);
      JsonObject conciliation = object(row.getValue("conciliation"));
      List<Camp> camps = new ArrayList<>();
      for (Object o : array(row.getValue("camps"))) {
        JsonObject c = (JsonObject) o;
        camps.add(new Camp(LocalDate.parse(c.getString("first")), LocalDate.parse(c.getString("last")), num(c, "places"), num(c, "people")));
      }
      JsonObject homeCare = object(row.getValue("home_care"));
      List<String> cfs = homeCare.getJsonArray("cfs", new JsonArray()).stream().map(String::valueOf).toList();
      return new Figures(total, months, areas, channels, waiting, num(conciliation, "minutes"), num(conciliation, "people"),
          camps, cfs, num(homeCare, "withoutCf"));
    }
  }

  /**
   * Minutes of home care (at home, area elderly) delivered to the persons whose codice fiscale is
   * in {@code cfs} on or after the day they turned 75 ({@code turns75}, same order), and how many.
   */
  Future<long[]> homeCareOver75(Pool pool, ReportScope scope, String entity, ReportPeriod period,
                                List<String> cfs, List<LocalDate> turns75) {
    if (cfs.isEmpty()) {
      return Future.succeededFuture(new long[] {0, 0});
    }
    String sql = """
        WITH base AS (%s), old AS (SELECT * FROM unnest($6::text[], $7::date[]) AS o(cf, turns75))
        SELECT coalesce(sum(base.minutes), 0), count(DISTINCT base.pk)
          FROM base JOIN old ON old.cf = base.cf
         WHERE base.minutes > 0 AND (base.starts_at AT TIME ZONE 'Europe/Rome')::date >= old.turns75"""
        .formatted(base(scope, " AND s.area = 'elderly' AND s.delivery_mode = 'at_home' AND a.codice_fiscale IS NOT NULL"));
    Tuple args = args(scope, entity, period).addArrayOfString(cfs.toArray(String[]::new))
        .addArrayOfLocalDate(turns75.toArray(LocalDate[]::new));
    return withMemory(pool, conn -> conn.preparedQuery(sql).execute(args)).map(rows -> {
      Row row = rows.iterator().next();
      return new long[] {row.getLong(0), row.getLong(1)};
    });
  }

  /** The front desk's contacts arriving in the period: calls, chats, recorded outcomes. */
  Future<Report.FrontDesk> frontDesk(Pool pool, ReportPeriod period) {
    return pool.preparedQuery("""
        SELECT
          (SELECT json_build_object('arrived', count(*), 'answered', count(*) FILTER (WHERE answered_at IS NOT NULL),
                                    'abandoned', count(*) FILTER (WHERE status = 'abandoned'),
                                    'notRecorded', count(*) FILTER (WHERE answered_at IS NOT NULL AND NOT EXISTS (
                                        SELECT 1 FROM contact_outcomes co WHERE co.channel = 'call' AND co.contact_id = c.id)))
             FROM calls c WHERE c.arrived_at >= $1 AND c.arrived_at < $2) AS calls,
          (SELECT json_build_object('started', count(*), 'accepted', count(*) FILTER (WHERE accepted_at IS NOT NULL),
                                    'notRecorded', count(*) FILTER (WHERE accepted_at IS NOT NULL AND NOT EXISTS (
                                        SELECT 1 FROM contact_outcomes co WHERE co.channel = 'chat' AND co.contact_id = c.id::text)))
             FROM chat_conversations c WHERE c.queued_at >= $1 AND c.queued_at < $2) AS chats,
          (SELECT json_agg(json_build_object('channel', channel, 'topic', topic, 'outcome', outcome, 'contacts', n)
                           ORDER BY channel, topic, outcome)
             FROM (SELECT channel, topic, outcome, count(*) AS n FROM contact_outcomes
                    WHERE contact_at >= $1 AND contact_at < $2 GROUP BY 1, 2, 3) o) AS outcomes""")
        .execute(Tuple.of(at(period.start()), at(period.end()))).map(rows -> {
          Row row = rows.iterator().next();
          JsonObject calls = object(row.getValue("calls"));
          JsonObject chats = object(row.getValue("chats"));
          List<Report.Contacts> outcomes = new ArrayList<>();
          for (Object o : array(row.getValue("outcomes"))) {
            JsonObject c = (JsonObject) o;
            outcomes.add(new Report.Contacts(c.getString("channel"), c.getString("topic"), c.getString("outcome"), num(c, "contacts")));
          }
          return new Report.FrontDesk(num(calls, "arrived"), num(calls, "answered"), num(calls, "abandoned"), num(calls, "notRecorded"),
              num(chats, "started"), num(chats, "accepted"), num(chats, "notRecorded"), outcomes);
        });
  }

  /**
   * The export's rows as one query read through a cursor, {@link #PAGE} rows at a time, on a
   * connection of its own in a read-only transaction: PostgreSQL runs the plan once and hands the
   * rows over as they are asked for. {@link #close} gives the connection back (always called).
   */
  static final class ExportCursor {
    private final io.vertx.sqlclient.SqlConnection conn;
    private final io.vertx.sqlclient.Cursor cursor;

    private ExportCursor(io.vertx.sqlclient.SqlConnection conn, io.vertx.sqlclient.Cursor cursor) {
      this.conn = conn;
      this.cursor = cursor;
    }

    /** The next page (person still the account id: the service pseudonymises); null after the last. */
    Future<List<ExportRow>> next() {
      if (cursor.isClosed()) {
        return Future.succeededFuture(null);
      }
      return cursor.read(PAGE).compose(rows -> {
        List<ExportRow> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
          out.add(row(r));
        }
        return cursor.hasMore() ? Future.succeededFuture(out) : cursor.close().map(out);
      });
    }

    /** Ends the read-only transaction before the connection goes back: the pool's next user must not inherit it. */
    Future<Void> close() {
      return endAndGiveBack(conn);
    }
  }

  Future<ExportCursor> export(Pool pool, ReportScope scope, String entity, ReportPeriod period) {
    String sql = """
        SELECT b.id, b.starts_at, b.person, b.created_at, b.price_cents, s.title, sa.label_it AS area, pr.name AS provider,
               m.name AS municipality,
               CASE WHEN d.recorded IS NULL THEN 'not_recorded' WHEN d.no_show = d.recorded THEN 'no_show'
                    WHEN d.partial = 0 AND d.no_show = 0 THEN 'delivered' ELSE 'partial' END AS outcome,
               coalesce(d.minutes, 0) AS minutes,
               ARRAY(SELECT DISTINCT p.method FROM payments p WHERE p.booking_id = b.id AND p.state = 'completed' ORDER BY 1) AS channels
          FROM bookings b
          JOIN services s ON s.id = b.service_id
          JOIN service_areas sa ON sa.code = s.area
          JOIN providers pr ON pr.id = s.provider_id
          LEFT JOIN accounts a ON a.id::text = b.person
          LEFT JOIN municipalities m ON m.istat_code = a.municipality
          LEFT JOIN employees e ON e.account_id::text = b.person
          LEFT JOIN LATERAL (SELECT sum(minutes) AS minutes, count(*) AS recorded,
                                    count(*) FILTER (WHERE outcome = 'no_show') AS no_show,
                                    count(*) FILTER (WHERE outcome = 'partial') AS partial
                               FROM delivery_records dr WHERE dr.booking_id = b.id HAVING count(*) > 0) d ON true
         WHERE b.status = 'confirmed' AND b.starts_at >= $1 AND b.starts_at < $2 AND %s
         ORDER BY b.starts_at, b.id""".formatted(scopeCondition(scope));
    Tuple args = Tuple.of(at(period.start()), at(period.end()), scope.sqlValue(entity));
    return pool.getConnection().compose(conn -> conn.query("BEGIN READ ONLY").execute()
        .compose(v -> conn.prepare(sql))
        .map(statement -> new ExportCursor(conn, statement.cursor(args)))
        .onFailure(e -> endAndGiveBack(conn)));
  }

  /** ROLLBACK (a read-only transaction has nothing to keep), then the connection back to the pool, whatever the ROLLBACK said. */
  private static Future<Void> endAndGiveBack(io.vertx.sqlclient.SqlConnection conn) {
    return conn.query("ROLLBACK").execute().transform(ended -> conn.close());
  }

  private static ExportRow row(Row r) {
    OffsetDateTime starts = r.getOffsetDateTime("starts_at");
    OffsetDateTime created = r.getOffsetDateTime("created_at");
    Integer price = r.getInteger("price_cents");
    return new ExportRow(starts.atZoneSameInstant(ReportPeriod.ROME).toLocalDate(), r.getString("title"), r.getString("area"),
        r.getString("provider"), r.getString("municipality"), r.getString("outcome"), r.getLong("minutes"),
        price == null ? null : price.longValue(), Arrays.asList(r.getArrayOfStrings("channels")),
        Math.max(0, java.time.Duration.between(created, starts).toDays()), r.getString("person"));
  }

  private static JsonArray array(Object value) {
    return value instanceof JsonArray a ? a : new JsonArray();
  }

  private static JsonObject object(Object value) {
    return value instanceof JsonObject o ? o : new JsonObject();
  }

  private static long num(JsonObject o, String key) {
    Number n = (Number) o.getValue(key);
    return n == null ? 0 : n.longValue();
  }

  private static Double decimal(JsonObject o, String key) {
    Number n = (Number) o.getValue(key);
    return n == null ? null : n.doubleValue();
  }
}
