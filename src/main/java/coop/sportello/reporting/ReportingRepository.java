package coop.sportello.reporting;

import coop.sportello.reporting.domain.ExportRow;
import coop.sportello.reporting.domain.HomeCareOver75;
import coop.sportello.reporting.domain.MonthWindow;
import coop.sportello.reporting.domain.Report;
import coop.sportello.reporting.domain.ReportAccess;
import coop.sportello.reporting.domain.ReportPeriod;
import coop.sportello.reporting.domain.ReportScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Every SQL statement of the reports. The figures are aggregated by PostgreSQL in one statement
 * over report_facts (V61: the bookings counted, already joined to what a report needs; see
 * {@link Report}); nothing walks bookings one by one in Java but the export, which reads them from
 * the bookings themselves through a cursor, {@link #PAGE} rows at a time.
 */
final class ReportingRepository {

  static final int PAGE = 2_000;

  /** The scope's condition on report_facts; $3 is the entity. */
  private static String scopeCondition(ReportScope scope) {
    return switch (scope) {
      case NETWORK -> "$3::text = 'all'";
      case PROVIDERS -> "provider_id = $3";
      case PROJECTS -> "project_id = $3";
      case MUNICIPALITIES -> "municipality = $3";
      case COMPANIES -> "company_id = $3";
      case AREAS -> "area = $3";
    };
  }

  /** The same condition on the export's bookings {@code b}, services {@code s}, accounts {@code a}, employees {@code e}. */
  private static String exportScopeCondition(ReportScope scope) {
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
   * The rows of report_facts (V61) a report counts: the bookings counted (their own row) and the
   * delivery of the period's months. $1, $2 the period's instants, $3 the entity, $4, $5 the first
   * and last month of the period. Not materialized: each use reads the table through the index its
   * own condition picks.
   */
  private static String counted(ReportScope scope) {
    return "SELECT * FROM report_facts WHERE starts_at >= $1 AND starts_at < $2 AND (is_booking OR month BETWEEN $4 AND $5) AND "
        + scopeCondition(scope);
  }

  /**
   * Memory for one report's hashes (the persons, the waits), so a network's year is aggregated in
   * memory rather than through temporary files: set for its transaction only.
   */
  private static final String WORK_MEM = "SET LOCAL work_mem = '64MB'";

  /**
   * The rollups' statement runs in one process: its parts are tens of thousands of rows each, and
   * measured on two cores the network's year took 0.9 s with parallel workers (starting them and
   * gathering their rows) and 0.55 s without.
   */
  private static final String ONE_PROCESS = "SET LOCAL max_parallel_workers_per_gather = 0";

  private static <T> Future<T> withMemory(Pool pool, Function<SqlConnection, Future<T>> work) {
    return withSettings(pool, WORK_MEM, work);
  }

  /** {@code work} in a transaction whose settings ({@code SET LOCAL}s, one round trip) are set first. */
  private static <T> Future<T> withSettings(Pool pool, String settings, Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(conn -> conn.query(settings).execute().compose(v -> work.apply(conn)));
  }

  /** $1..$5 of {@link #counted}. */
  private static Tuple counted(ReportScope scope, String entity, ReportPeriod period) {
    return Tuple.of(at(period.start()), at(period.end()), scope.sqlValue(entity),
        period.from().withDayOfMonth(1), period.to().withDayOfMonth(1));
  }

  /**
   * $1..$5 of {@link #counted}; $6 the period's first month as year * 12 + month - 1 (report_facts.month_no);
   * with the rollups ({@link #rolledUp}) $7, $8 the period's days, and its {@link MonthWindow}: $9 the
   * window's year, $10 its whole months, $11 the shift, $12 and $13 the instants its whole months
   * start and end at.
   */
  private static Tuple args(ReportScope scope, String entity, ReportPeriod period, boolean fromRollups) {
    Tuple args = counted(scope, entity, period).addInteger(monthNo(period.from()));
    if (!fromRollups) {
      return args;
    }
    MonthWindow window = MonthWindow.of(period);
    return args.addLocalDate(period.from()).addLocalDate(period.to()).addInteger(window.windowYear())
        .addInteger(window.fullMonths()).addInteger(window.shift()).addOffsetDateTime(at(window.fullStart()))
        .addOffsetDateTime(at(window.fullEnd()));
  }

  /**
   * Whether a scope's figures come from the rollups (V64): the network's and an area's, whose years
   * are hundreds of thousands of bookings. The other scopes narrow a year to a few thousand rows of
   * report_facts through their entity's index, which is as quick.
   */
  static boolean rolledUp(ReportScope scope) {
    return scope == ReportScope.NETWORK || scope == ReportScope.AREAS;
  }

  private static int monthNo(LocalDate day) {
    return day.getYear() * 12 + day.getMonthValue() - 1;
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

  /**
   * The tickets of the scope's events starting in the period, per time and type (issue 24): sold,
   * admitted and no-shows (sold, not admitted by the end of their time, {@code now}).
   */
  Future<List<Report.TicketSales>> ticketSales(Pool c, ReportScope scope, String entity, ReportPeriod period, Instant now) {
    return c.preparedQuery("""
            SELECT s.id, tt.id, min(s.title) AS title, b.starts_at, min(tt.label) AS label, min(tt.position) AS position,
                   count(*) FILTER (WHERE b.status = 'confirmed') AS sold,
                   count(*) FILTER (WHERE b.status = 'confirmed' AND t.admitted_at IS NOT NULL) AS admitted,
                   count(*) FILTER (WHERE b.status = 'confirmed' AND t.admitted_at IS NULL AND b.ends_at <= $4) AS no_shows
              FROM tickets t JOIN bookings b ON b.id = t.booking_id JOIN ticket_types tt ON tt.id = t.ticket_type_id
              JOIN services s ON s.id = b.service_id
              LEFT JOIN accounts a ON a.id::text = b.person
              LEFT JOIN employees e ON e.account_id::text = b.person
             WHERE b.starts_at >= $1 AND b.starts_at < $2 AND b.status = 'confirmed' AND %s
             GROUP BY s.id, tt.id, b.starts_at
             ORDER BY b.starts_at, 3, 6, 5""".formatted(exportScopeCondition(scope)))
        .execute(Tuple.of(at(period.start()), at(period.end()), scope.sqlValue(entity), at(now)))
        .map(rows -> {
          List<Report.TicketSales> sales = new ArrayList<>();
          rows.forEach(r -> sales.add(new Report.TicketSales(r.getString("title"), r.getOffsetDateTime("starts_at").toInstant(),
              r.getString("label"), r.getLong("sold"), r.getLong("admitted"), r.getLong("no_shows"))));
          return sales;
        });
  }

  /** What PostgreSQL aggregates of the bookings counted, in one statement. */
  record Figures(Report.Cell total, List<Report.Cell> byMonth, List<Report.Cell> byArea, List<Report.Channel> channels,
                 Report.Waiting waiting, long conciliationMinutes, long conciliationPeople, List<Camp> camps,
                 List<HomeCareOver75.Cared> homeCare, long homeCareWithoutCf) { }

  /** Summer-camp bookings grouped by their first and last day (Rome). */
  record Camp(LocalDate first, LocalDate last, long places, long people) { }

  Future<Figures> figures(Pool pool, ReportScope scope, String entity, ReportPeriod period) {
    return figures(pool, scope, entity, period, rolledUp(scope));
  }

  /** The figures from the rollups or from report_facts alone (which {@link #rolledUp} picks; a test compares both). */
  Future<Figures> figures(Pool pool, ReportScope scope, String entity, ReportPeriod period, boolean fromRollups) {
    String sql = figuresSql(scope, fromRollups);
    return withSettings(pool, fromRollups ? WORK_MEM + "; " + ONE_PROCESS : WORK_MEM,
            conn -> conn.preparedQuery(sql).execute(args(scope, entity, period, fromRollups)))
        .map(rows -> figures(rows, period));
  }

  /** The payment channels, in the order report_facts has their columns and the report lists them. */
  private static final List<String> CHANNELS = List.of("at_provider", "card", "voucher", "welfare_credit");

  /**
   * The one statement of {@link #figures} (package-private for measuring it with EXPLAIN). Two
   * parts from which every figure is then added up: {@code grouped}, the sums by month, area and wait
   * (some ten thousand groups for a network's year), from which the cells by month and area and the
   * waits' histogram follow; {@code person}, one row per person with a bit per month ($6 the
   * period's first) and per area (service_areas.position) they booked or were served in, which every
   * count of people then reads. Both come from the rollups of V64 ({@link #rolledUpParts}; the
   * network and an area, {@link #rolledUp}) or from report_facts ({@link #factParts}; the others). Camps and home care read only their own rows of report_facts (V62's partial
   * indexes for the network and an area).
   */
  static String figuresSql(ReportScope scope, boolean fromRollups) {
    StringBuilder channelCells = new StringBuilder();
    StringBuilder channelPeople = new StringBuilder();
    for (String c : CHANNELS) {
      channelCells.append(", '").append(c).append("', json_build_array(sum(").append(c).append("_payments), sum(").append(c).append("_cents))");
      channelPeople.append(", '").append(c).append("', count(*) FILTER (WHERE paid_").append(c).append(")");
    }
    return """
        WITH f AS NOT MATERIALIZED (%1$s),
        %2$s,
        waits AS (SELECT w, sum(bookings) AS n FROM grouped WHERE w IS NOT NULL GROUP BY w),
        ranked AS (SELECT w, sum(n) OVER (ORDER BY w) AS below FROM waits),
        counted AS (SELECT coalesce(sum(n), 0) AS n FROM waits)
        SELECT
          (SELECT json_agg(json_build_object('g', g, 'month', month_no - $6::integer, 'area', area, 'bookings', bookings, 'services', services,
                                             'minutes', minutes, 'noShows', no_shows, 'recorded', recorded, 'channels', channels,
                                             'conciliationMinutes', conciliation_minutes))
             FROM (SELECT GROUPING(month_no, area) AS g, month_no, area, sum(bookings) AS bookings,
                          sum(services) AS services, sum(minutes) AS minutes, sum(no_shows) AS no_shows, sum(recorded) AS recorded,
                          json_build_object(%3$s) AS channels, coalesce(sum(conciliation_minutes), 0) AS conciliation_minutes
                     FROM grouped GROUP BY GROUPING SETS ((), (month_no), (area))) cells) AS cells,
          (SELECT json_build_object('people', count(*), 'served', count(*) FILTER (WHERE served_months IS NOT NULL),
                                    'conciliation', count(*) FILTER (WHERE conciliation), 'channels', json_build_object(%4$s),
                                    'months', json_build_array(%7$s), 'servedMonths', json_build_array(%8$s))
             FROM person) AS people,
          (SELECT json_agg(json_build_object('area', sa.code, 'people', (SELECT count(*) FROM person WHERE areas & (1 << sa.position) <> 0),
                                             'served', (SELECT count(*) FROM person WHERE served_areas & (1 << sa.position) <> 0)))
             FROM service_areas sa) AS area_people,
          (SELECT json_build_object('bookings', c.n, 'median', %5$s, 'p90', %6$s) FROM counted c) AS waiting,
          (SELECT json_agg(json_build_object('first', first_day, 'last', last_day, 'places', places, 'people', people))
             FROM (SELECT first_day, last_day, sum(places) AS places, count(*) AS people
                     FROM (SELECT first_day, last_day, person_key,
                                  coalesce(sum(places) FILTER (WHERE is_booking), 0) AS places
                             FROM f WHERE camp GROUP BY 1, 2, 3) camper
                    GROUP BY 1, 2) c) AS camps,
          (SELECT json_build_object('cared', coalesce(json_agg(json_build_array(codice_fiscale, minutes, first_day, last_day))
                                                   FILTER (WHERE codice_fiscale IS NOT NULL), '[]'::json),
                                    'withoutCf', count(*) FILTER (WHERE codice_fiscale IS NULL))
             FROM (SELECT person_key, codice_fiscale, sum(minutes) AS minutes, min(first_day) AS first_day,
                          max(first_day) AS last_day
                     FROM f WHERE home_care AND minutes > 0 GROUP BY 1, 2) cared) AS home_care
        """.formatted(counted(scope), fromRollups ? rolledUpParts(scope) : factParts(), channelCells.substring(2),
        channelPeople.substring(2), percentile("0.5"), percentile("0.9"), bitCounts("months"), bitCounts("served_months"));
  }

  /**
   * {@code grouped} and {@code person} from report_facts: the sums add integers (a booking's minutes
   * and cents in a month are sums of its delivery records' and payments' integer columns, stored as
   * bigint in report_facts, so each fits an integer, and a sum of integers stays a bigint sum rather
   * than numeric arithmetic).
   */
  private static String factParts() {
    StringBuilder sums = new StringBuilder();
    StringBuilder paid = new StringBuilder();
    for (String c : CHANNELS) {
      sums.append(", sum(").append(c).append("_payments) AS ").append(c).append("_payments, sum(")
          .append(c).append("_cents::integer) AS ").append(c).append("_cents");
      paid.append(", bool_or(").append(c).append("_payments > 0) AS paid_").append(c);
    }
    return """
        grouped AS MATERIALIZED (
          SELECT month_no, area, CASE WHEN is_booking THEN wait_days END AS w, count(*) FILTER (WHERE is_booking) AS bookings,
                 sum(delivered) AS services, sum(minutes::integer) AS minutes, sum(no_shows) AS no_shows, sum(recorded) AS recorded,
                 sum(minutes::integer) FILTER (WHERE area = 'work_life' AND employee) AS conciliation_minutes%1$s
            FROM f GROUP BY 1, 2, 3),
        person AS MATERIALIZED (
          SELECT bit_or(1 << (month_no - $6::integer)) AS months, bit_or(1 << (month_no - $6::integer)) FILTER (WHERE delivered > 0) AS served_months,
                 bit_or(area_bit) AS areas, bit_or(area_bit) FILTER (WHERE delivered > 0) AS served_areas,
                 bool_or(area = 'work_life' AND employee AND minutes > 0) AS conciliation%2$s
            FROM f GROUP BY person_key)""".formatted(sums, paid);
  }

  /**
   * {@code grouped} and {@code person} from V64's rollups, for the network ($3 'all') or an area.
   * The sums come from report_day_sums, the period's days; a group whose differences cancel out (a
   * booking confirmed, then cancelled, not yet folded) is no group (every fact row is a booking or
   * a delivery recorded). The persons are, each person's rows
   * folded into one (GROUP BY person_key): their rows of report_person_windows for the period's
   * whole months ({@link MonthWindow}, $9 to $11), the bookings' rows of report_facts on the days of
   * the months the period covers in part ($12, $13), and the rows of deliveries recorded in a later
   * month than their booking's. Each row says what it adds as two bigints: {@code f} bit 0 conciliation,
   * bits 1 to 4 the channels paid with (in {@link #CHANNELS}' order), from bit 8 the period's months
   * booked in, from bit 24 the months served in; {@code a} the areas booked in, from bit 32 the
   * areas served in. (PostgreSQL gives &, |, << and >> one precedence, left to right: every shift
   * is in parentheses.)
   */
  private static String rolledUpParts(ReportScope scope) {
    StringBuilder sums = new StringBuilder();
    StringBuilder windowPaid = new StringBuilder();
    StringBuilder factPaid = new StringBuilder();
    StringBuilder paid = new StringBuilder();
    for (int i = 0; i < CHANNELS.size(); i++) {
      String c = CHANNELS.get(i);
      int flag = 2 << i;
      sums.append(", sum(").append(c).append("_payments)::bigint AS ").append(c).append("_payments, sum(")
          .append(c).append("_cents)::bigint AS ").append(c).append("_cents");
      windowPaid.append(" | CASE WHEN ").append(c).append(" & $10 <> 0 THEN ").append(flag).append(" ELSE 0 END");
      factPaid.append(" | CASE WHEN ").append(c).append("_payments > 0 THEN ").append(flag).append(" ELSE 0 END");
      paid.append(", f & ").append(flag).append(" <> 0 AS paid_").append(c);
    }
    String factFlags = """
        (CASE WHEN area = 'work_life' AND employee AND minutes > 0 THEN 1 ELSE 0 END%1$s
         | (1::bigint << (month_no - $6::integer + 8))
         | CASE WHEN delivered > 0 THEN 1::bigint << (month_no - $6::integer + 24) ELSE 0 END) AS f,
        (area_bit::bigint | CASE WHEN delivered > 0 THEN area_bit::bigint << 32 ELSE 0 END) AS a""".formatted(factPaid);
    String facts = "SELECT person_key, " + factFlags + " FROM report_facts WHERE " + scopeCondition(scope) + " AND ";
    return """
        grouped AS MATERIALIZED (
          SELECT month_no, area, wait_days AS w, sum(bookings)::bigint AS bookings, sum(services)::bigint AS services,
                 sum(minutes)::bigint AS minutes, sum(no_shows)::bigint AS no_shows, sum(recorded)::bigint AS recorded,
                 sum(conciliation_minutes)::bigint AS conciliation_minutes%1$s
            FROM report_day_sums
           WHERE day BETWEEN $7::date AND $8::date AND (is_booking OR month BETWEEN $4 AND $5) AND %2$s
           GROUP BY 1, 2, 3
          HAVING sum(bookings) <> 0 OR sum(recorded) <> 0),
        person AS MATERIALIZED (
          SELECT ((f >> 8) & 16383)::integer AS months, nullif(((f >> 24) & 16383)::integer, 0) AS served_months,
                 (a & 2147483647)::integer AS areas, nullif((a >> 32)::integer, 0) AS served_areas,
                 f & 1 <> 0 AS conciliation%3$s
            FROM (SELECT bit_or(f) AS f, bit_or(a) AS a
                    FROM (SELECT person_key,
                                 (CASE WHEN conciliation & $10 <> 0 THEN 1 ELSE 0 END%4$s
                                  | (((booked & $10) >> $11::integer)::bigint << 8) | (((served & $10) >> $11::integer)::bigint << 24)) AS f,
                                 (area_bit::bigint | CASE WHEN served & $10 <> 0 THEN area_bit::bigint << 32 ELSE 0 END) AS a
                            FROM report_person_windows WHERE window_year = $9 AND booked & $10::integer <> 0 AND %2$s
                          UNION ALL
                          %5$s is_booking AND starts_at >= $1 AND starts_at < $12
                          UNION ALL
                          %5$s is_booking AND starts_at >= $13 AND starts_at < $2
                          UNION ALL
                          %5$s NOT is_booking AND starts_at >= $1 AND starts_at < $2 AND month BETWEEN $4 AND $5) x
                   GROUP BY person_key) p)""".formatted(sums, scopeCondition(scope), paid, windowPaid, facts);
  }

  /** A period has at most this many months (ReportPeriod.MAX_DAYS). */
  private static final int MAX_MONTHS = 14;

  /** How many persons have each month's bit set in {@code column}: one sum per bit, in one pass. */
  private static String bitCounts(String column) {
    StringBuilder sums = new StringBuilder();
    for (int bit = 0; bit < MAX_MONTHS; bit++) {
      sums.append(bit == 0 ? "" : ", ").append("coalesce(sum((").append(column).append(" >> ").append(bit).append(") & 1), 0)");
    }
    return sums.toString();
  }

  /**
   * The continuous percentile {@code p} of the waits (report_facts.wait_days), as percentile_cont computes it over the
   * bookings counted (the values at the two ranks around p * (n - 1), interpolated), read from the
   * waits' histogram rather than sorting every booking: the value at rank k is the smallest wait with
   * more than k bookings at or below it. Null when nothing was counted.
   */
  private static String percentile(String p) {
    return """
        (SELECT (lo.w + (x.pos - floor(x.pos)) * (hi.w - lo.w))::float8
           FROM (SELECT %1$s * (c.n - 1) AS pos WHERE c.n > 0) x,
                LATERAL (SELECT w FROM ranked WHERE below > floor(x.pos) ORDER BY w LIMIT 1) lo,
                LATERAL (SELECT w FROM ranked WHERE below > ceil(x.pos) ORDER BY w LIMIT 1) hi)""".formatted(p);
  }

  private static Figures figures(RowSet<Row> rows, ReportPeriod period) {
    Row row = rows.iterator().next();
    JsonObject people = object(row.getValue("people"));
    JsonArray monthPeople = people.getJsonArray("months", new JsonArray());
    JsonArray monthServed = people.getJsonArray("servedMonths", new JsonArray());
    Map<String, JsonObject> areaPeople = new HashMap<>();
    for (Object o : array(row.getValue("area_people"))) {
      areaPeople.put(((JsonObject) o).getString("area"), (JsonObject) o);
    }
    YearMonth first = YearMonth.from(period.from());
    List<Report.Cell> months = new ArrayList<>();
    List<Report.Cell> areas = new ArrayList<>();
    Report.Cell total = new Report.Cell("total", 0, 0, 0, 0, 0, 0, 0, false);
    List<Report.Channel> channels = new ArrayList<>();
    long conciliationMinutes = 0;
    for (Object o : array(row.getValue("cells"))) {
      JsonObject c = (JsonObject) o;
      switch (c.getInteger("g")) {
        case 3 -> {
          total = cell(c, "total", people);
          conciliationMinutes = num(c, "conciliationMinutes");
          JsonObject sums = c.getJsonObject("channels");
          JsonObject payers = people.getJsonObject("channels", new JsonObject());
          for (String method : CHANNELS) {
            JsonArray s = sums.getJsonArray(method);
            long payments = s.getValue(0) == null ? 0 : ((Number) s.getValue(0)).longValue();
            if (payments > 0) {
              channels.add(new Report.Channel(method, num(payers, method), payments, ((Number) s.getValue(1)).longValue(), false));
            }
          }
        }
        case 1 -> { // area rolled up: a month's row
          int month = c.getInteger("month");
          months.add(cell(c, first.plusMonths(month).toString(), new JsonObject()
              .put("people", monthPeople.getValue(month)).put("served", monthServed.getValue(month))));
        }
        default -> areas.add(cell(c, c.getString("area"), areaPeople.getOrDefault(c.getString("area"), new JsonObject())));
      }
    }
    months.sort(Comparator.comparing(Report.Cell::key));
    areas.sort(Comparator.comparing(Report.Cell::key));
    JsonObject w = object(row.getValue("waiting"));
    Report.Waiting waiting = new Report.Waiting(num(w, "bookings"), decimal(w, "median"), decimal(w, "p90"), false);
    List<Camp> camps = new ArrayList<>();
    for (Object o : array(row.getValue("camps"))) {
      JsonObject c = (JsonObject) o;
      camps.add(new Camp(LocalDate.parse(c.getString("first")), LocalDate.parse(c.getString("last")), num(c, "places"), num(c, "people")));
    }
    JsonObject homeCare = object(row.getValue("home_care"));
    List<HomeCareOver75.Cared> cared = new ArrayList<>();
    for (Object o : homeCare.getJsonArray("cared", new JsonArray())) {
      JsonArray c = (JsonArray) o;
      cared.add(new HomeCareOver75.Cared(c.getString(0), ((Number) c.getValue(1)).longValue(), LocalDate.parse(c.getString(2)),
          LocalDate.parse(c.getString(3))));
    }
    return new Figures(total, months, areas, channels, waiting, conciliationMinutes, num(people, "conciliation"),
        camps, cared, num(homeCare, "withoutCf"));
  }

  /** A cell: the sums of its group, the persons counted for it. */
  private static Report.Cell cell(JsonObject sums, String key, JsonObject persons) {
    return new Report.Cell(key, num(persons, "people"), num(sums, "bookings"), num(persons, "served"), num(sums, "services"),
        num(sums, "minutes"), num(sums, "noShows"), num(sums, "recorded"), false);
  }

  /**
   * Minutes of home care (at home, area elderly) delivered on or after the day they turned 75 to
   * the persons who turned 75 during their care in the period ({@link HomeCareOver75#split}: a few
   * in a year), and how many of them.
   */
  Future<long[]> homeCareOver75(Pool pool, ReportScope scope, String entity, ReportPeriod period, List<HomeCareOver75.Turning> turning) {
    if (turning.isEmpty()) {
      return Future.succeededFuture(new long[] {0, 0});
    }
    String sql = """
        WITH old AS (SELECT * FROM unnest($6::text[], $7::date[]) AS o(cf, turns75))
        SELECT coalesce(sum(f.minutes), 0), count(DISTINCT f.person_key)
          FROM (%s AND home_care AND minutes > 0) f JOIN old ON old.cf = f.codice_fiscale
         WHERE f.first_day >= old.turns75""".formatted(counted(scope));
    Tuple args = counted(scope, entity, period)
        .addArrayOfString(turning.stream().map(HomeCareOver75.Turning::codiceFiscale).toArray(String[]::new))
        .addArrayOfLocalDate(turning.stream().map(HomeCareOver75.Turning::turns75).toArray(LocalDate[]::new));
    return withMemory(pool, conn -> conn.preparedQuery(sql).execute(args)).map(rows -> {
      Row row = rows.iterator().next();
      return new long[] {row.getLong(0), row.getLong(1)};
    });
  }

  /** Days whose differences {@link #foldDaySums} takes at most in one go. */
  static final int FOLD_DAYS = 100;

  /**
   * Folds the differences report_facts' triggers appended to report_day_sums (V64) into one row per
   * key, for up to {@link #FOLD_DAYS} days that have some, and drops the keys that add up to nothing
   * (a cancelled booking's). The rows are claimed with SKIP LOCKED: a relay on another node folds
   * other rows, a refresh appending meanwhile adds rows of its own, and the rows of a key always add
   * up to the same sums. Returns how many rows it took.
   */
  Future<Integer> foldDaySums(Pool pool) {
    return pool.withTransaction(conn -> conn.query("""
        WITH days AS (SELECT DISTINCT day FROM report_day_sums WHERE NOT folded ORDER BY day LIMIT %d),
        claimed AS (SELECT ctid FROM report_day_sums WHERE day IN (SELECT day FROM days) FOR UPDATE SKIP LOCKED),
        taken AS (DELETE FROM report_day_sums WHERE ctid IN (SELECT ctid FROM claimed) RETURNING *),
        folded AS (
          INSERT INTO report_day_sums
          SELECT day, area, month, is_booking, month_no, wait_days, sum(bookings), sum(services), sum(minutes), sum(no_shows),
                 sum(recorded), sum(conciliation_minutes), sum(welfare_credit_payments), sum(welfare_credit_cents),
                 sum(voucher_payments), sum(voucher_cents), sum(card_payments), sum(card_cents),
                 sum(at_provider_payments), sum(at_provider_cents), true
            FROM taken GROUP BY day, area, month, is_booking, month_no, wait_days
          HAVING (sum(bookings), sum(services), sum(minutes), sum(no_shows), sum(recorded), sum(conciliation_minutes),
                  sum(welfare_credit_payments), sum(welfare_credit_cents), sum(voucher_payments), sum(voucher_cents),
                  sum(card_payments), sum(card_cents), sum(at_provider_payments), sum(at_provider_cents))
                 IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
          RETURNING 1)
        SELECT count(*)::integer AS taken FROM taken""".formatted(FOLD_DAYS)).execute())
        .map(rows -> rows.iterator().next().getInteger("taken"));
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
    private final SqlConnection conn;
    private final Cursor cursor;

    private ExportCursor(SqlConnection conn, Cursor cursor) {
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
         ORDER BY b.starts_at, b.id""".formatted(exportScopeCondition(scope));
    Tuple args = Tuple.of(at(period.start()), at(period.end()), scope.sqlValue(entity));
    return pool.getConnection().compose(conn -> conn.query("BEGIN READ ONLY").execute()
        .compose(v -> conn.prepare(sql))
        .map(statement -> new ExportCursor(conn, statement.cursor(args)))
        .onFailure(e -> endAndGiveBack(conn)));
  }

  /** ROLLBACK (a read-only transaction has nothing to keep), then the connection back to the pool, whatever the ROLLBACK said. */
  private static Future<Void> endAndGiveBack(SqlConnection conn) {
    return conn.query("ROLLBACK").execute().transform(ended -> conn.close());
  }

  private static ExportRow row(Row r) {
    OffsetDateTime starts = r.getOffsetDateTime("starts_at");
    OffsetDateTime created = r.getOffsetDateTime("created_at");
    Integer price = r.getInteger("price_cents");
    return new ExportRow(starts.atZoneSameInstant(ReportPeriod.ROME).toLocalDate(), r.getString("title"), r.getString("area"),
        r.getString("provider"), r.getString("municipality"), r.getString("outcome"), r.getLong("minutes"),
        price == null ? null : price.longValue(), Arrays.asList(r.getArrayOfStrings("channels")),
        Math.max(0, Duration.between(created, starts).toDays()), r.getString("person"));
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
