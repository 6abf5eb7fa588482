package coop.sportello.bench;

import ch.qos.logback.classic.Level;
import coop.sportello.booking.domain.BookingCode;
import coop.sportello.notifications.NotificationRepository;
import coop.sportello.testing.TestPostgres;
import coop.sportello.testing.TestSmtp;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static coop.sportello.bench.BenchApp.await;

/**
 * Issue 19's two performance points.
 *
 * <p><b>Reminders.</b> {@link #REMINDERS} confirmed bookings, each of its own person with an
 * e-mail address, start in 24 hours less a few seconds: their one-day reminders fell due at the
 * same second. {@link #WARM_UP} other reminders go the same way first, unmeasured, so that the
 * figures are those of a running server rather than of the JIT's first minute. The relay is
 * pointed at GreenMail in this JVM. The window opens when the reminder announcement runs
 * ({@link NotificationRepository#DUE_REMINDERS}, the statement of the reminder pump, whose own
 * timer is set to an hour here so that the benchmark decides when) and closes when GreenMail has
 * received every message; the planning and sending pumps are the application's own,
 * at their default pauses. Then: no message twice (GreenMail's Message-IDs all distinct and exactly
 * the ids of the rows in {@code notification_messages}, every row sent at its first attempt, and
 * nothing more arrives while the pumps go round a few more times).
 *
 * <p><b>The due reminders' plan.</b> {@link #BOOKINGS} bookings over a year (half past, half to
 * come; most confirmed, some cancelled, rescheduled or expired) on 20 services, the reminders of
 * everything already due announced, as on a running system; then the announcement's plan at ten
 * seconds past a full hour (when a burst of reminders falls due), as a custom plan (what a
 * statement gets for its first executions) and as the generic plan PostgreSQL may switch to once
 * the statement is prepared on a connection (Sportello caches prepared statements). Both must
 * reach the bookings through {@code bookings_confirmed_start_idx} and never scan the table.
 */
final class NotificationsScenario implements Scenario {

  private static final int REMINDERS = Integer.getInteger("bench.notifications.reminders", 10_000);
  private static final int BOOKINGS = Integer.getInteger("bench.notifications.bookings", 1_000_000);
  /** Reminders sent first, unmeasured (-Dbench.notifications.warmUp= to change, 0 for none). */
  private static final int WARM_UP = Integer.getInteger("bench.notifications.warmUp", 2_000);
  /**
   * {@code notifications.batchSize} and {@code notifications.email.maxConnections}: the shipped
   * defaults, 200 and 8 (-Dbench.notifications.batchSize= and smtpConnections= to change; 500 and 20
   * are in BENCHMARKS.md). Keep about 25 messages per connection per batch or fewer: every message
   * of a batch is handed to the mail client at once, so its send timeout also runs while it waits
   * for a connection, and a message that times out waiting is still sent, then sent again.
   */
  private static final int BATCH = Integer.getInteger("bench.notifications.batchSize", 200);
  private static final int SMTP_CONNECTIONS = Integer.getInteger("bench.notifications.smtpConnections", 8);
  /** {@code notifications.email.timeoutMillis} when set (-Dbench.notifications.smtpTimeoutMillis=), else the default. */
  private static final Integer SMTP_TIMEOUT = Integer.getInteger("bench.notifications.smtpTimeoutMillis");
  private static final long TARGET_SECONDS = 60;
  private static final long GIVE_UP_SECONDS = 600;
  /** After the last message: how long to watch for one more (several rounds of the pumps' 500 ms pause). */
  private static final long WATCH_MILLIS = 3_000;
  private static final String DUE_INDEX = "bookings_confirmed_start_idx";
  /** -Dbench.notifications.trace=true prints, once a second of the window, the messages' states. */
  private static final boolean TRACE = Boolean.getBoolean("bench.notifications.trace");
  /** -Dbench.notifications.explainSlow=true logs the plan of every statement that takes a second or more. */
  private static final boolean EXPLAIN_SLOW = Boolean.getBoolean("bench.notifications.explainSlow");
  /** -Dbench.notifications.part=reminders or plan runs only that half. */
  private static final String ONLY = System.getProperty("bench.notifications.part", "");

  /** Thread-name prefixes of the JVM's busy threads; the first that matches names the group. */
  private static final Map<String, String> THREAD_GROUPS = new LinkedHashMap<>();

  static {
    THREAD_GROUPS.put("vert.x-eventloop", "Vert.x event loops (the relay)");
    THREAD_GROUPS.put("vert.x-", "Vert.x blocking threads");
    THREAD_GROUPS.put("smtp", "GreenMail");
  }

  @Override
  public String name() {
    return "notifications";
  }

  @Override
  public String description() {
    return String.format("%,d reminders due at once, through the relay to an SMTP server (GreenMail); the plan that finds "
        + "due reminders among %,d bookings", REMINDERS, BOOKINGS);
  }

  @Override
  public List<String> run() throws Exception {
    List<String> lines = new ArrayList<>();
    try {
      if (!ONLY.equals("plan")) {
        reminders(lines);
      }
      if (!ONLY.equals("reminders")) {
        duePlan(lines);
      }
    } catch (Exception | AssertionError e) {
      // The figures so far, which say what went wrong, before the failure ends the run.
      lines.forEach(line -> System.out.println("- " + line));
      throw e;
    }
    return lines;
  }

  // ---- 1. reminders through the relay ---------------------------------------------------------

  private static void reminders(List<String> lines) throws Exception {
    if (EXPLAIN_SLOW) {
      explainSlowStatements();
    }
    try (TestSmtp smtp = new TestSmtp(); BenchApp bench = BenchApp.start(relayConfig(smtp))) {
      Pool pool = bench.app.pool();
      seedService(pool);
      mailboxes(smtp, WARM_UP + REMINDERS);
      var arrivals = smtp.server().getManagers().getSmtpManager();
      if (WARM_UP > 0) {
        warmUp(pool, arrivals.createAndAddNewWaitObject(WARM_UP));
      }
      seedPeople(pool, WARM_UP + 1, REMINDERS, "Padiglione B");
      CountDownLatch first = arrivals.createAndAddNewWaitObject(1);
      CountDownLatch half = arrivals.createAndAddNewWaitObject(REMINDERS / 2);
      CountDownLatch all = arrivals.createAndAddNewWaitObject(REMINDERS);
      String loadBefore = loadAverage();
      CpuUse cpu = CpuUse.start(THREAD_GROUPS, CpuUse.postmasterOf(bench));

      Map<String, Long> failedAttempts;
      Instant startedAt = Instant.now();
      long start = System.nanoTime();
      int announced = await(pool.preparedQuery(NotificationRepository.DUE_REMINDERS)
          .execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC)))).rowCount();
      long announcedAt = System.nanoTime();
      if (announced != REMINDERS) {
        throw new IllegalStateException("the announcement wrote " + announced + " reminders, not " + REMINDERS);
      }
      long deadline = start + TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS);
      long firstAt;
      long halfAt;
      long allAt;
      try (Watch watch = new Watch(pool, all, start)) {
        firstAt = reached(first, deadline);
        halfAt = reached(half, deadline);
        allAt = reached(all, deadline);
        failedAttempts = watch.failures();
      }
      Map<String, Long> spent = cpu.since();
      String loadAfter = loadAverage();
      if (allAt < 0) {
        throw new IllegalStateException("GreenMail had " + (REMINDERS - all.getCount()) + " of " + REMINDERS
            + " messages after " + GIVE_UP_SECONDS + " s");
      }

      double total = seconds(allAt - start);
      lines.add(bench.describe() + String.format("; notifications.batchSize %d, email.maxConnections %d, the planning and "
          + "sending pumps at their default 500 ms pause; GreenMail in the same JVM", BATCH, SMTP_CONNECTIONS));
      lines.add(String.format("announcement (DUE_REMINDERS: %,d reminders into the outbox): %.0f ms", announced,
          (announcedAt - start) / 1e6));
      lines.add(String.format("first e-mail at the SMTP server after %.2f s, half after %.2f s, all %,d after %.2f s "
              + "(target %d s: %s)", seconds(firstAt - start), seconds(halfAt - start), REMINDERS, total, TARGET_SECONDS,
          total <= TARGET_SECONDS ? "met" : "MISSED"));
      lines.add(String.format("%.0f messages/s over the whole window, %.0f messages/s from the first e-mail to the last",
          REMINDERS / total, (REMINDERS - 1) / seconds(allAt - firstAt)));
      lines.add(timeline(pool, startedAt));
      lines.add("failed attempts seen during the window: " + (failedAttempts.isEmpty() ? "none" : failedAttempts));
      lines.add(String.format("CPU over the %.2f s window: %s", total, CpuUse.describe(spent, total)));
      lines.add("load average (1, 5, 15 min) before: " + loadBefore + ", after: " + loadAfter);
      lines.add(noneTwice(pool, smtp));
    }
  }

  /**
   * Every statement of the benchmark's PostgreSQL that takes a second or more is logged with its
   * plan and actual rows (auto_explain, loaded by each new session of the server this JVM started):
   * to see the plan of a claim that took too long, or too many rows.
   */
  private static void explainSlowStatements() throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.zonky")).setLevel(Level.INFO);
    try (var connection = TestPostgres.server().getPostgresDatabase().getConnection();
         var statement = connection.createStatement()) {
      statement.execute("ALTER ROLE postgres SET session_preload_libraries = 'auto_explain'");
      statement.execute("ALTER ROLE postgres SET auto_explain.log_min_duration = '1s'");
      statement.execute("ALTER ROLE postgres SET auto_explain.log_analyze = on");
      statement.execute("ALTER ROLE postgres SET auto_explain.log_timing = off");
    }
  }

  /** The relay pointed at GreenMail, at the default pauses, with the reminder pump's timer out of the way. */
  private static JsonObject relayConfig(TestSmtp smtp) {
    JsonObject notifications = smtp.notificationsConfig("https://sportello.example");
    notifications.remove("planMillis");
    notifications.remove("sendMillis");
    notifications.put("batchSize", BATCH).put("reminderMillis", 3_600_000);
    notifications.getJsonObject("email").put("maxConnections", SMTP_CONNECTIONS);
    if (SMTP_TIMEOUT != null) {
      notifications.getJsonObject("email").put("timeoutMillis", SMTP_TIMEOUT);
    }
    return new JsonObject().put("notifications", notifications);
  }

  /** The same work once before, unmeasured: the figures are of a running server, not of the JIT's first minute. */
  private static void warmUp(Pool pool, CountDownLatch arrived) throws Exception {
    seedPeople(pool, 1, WARM_UP, "Padiglione A");
    await(pool.preparedQuery(NotificationRepository.DUE_REMINDERS).execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC))));
    if (!arrived.await(GIVE_UP_SECONDS, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the warm-up's " + WARM_UP + " messages did not all arrive");
    }
    waitUntil(() -> count(pool, "SELECT count(*) FROM notification_messages WHERE status = 'sent'") == WARM_UP, 60_000);
  }

  /** One cooperative and its service. */
  private static void seedService(Pool pool) throws Exception {
    await(pool.query("""
        INSERT INTO municipalities (istat_code, name, province) VALUES ('016024', 'Bergamo', 'BG') ON CONFLICT DO NOTHING;
        INSERT INTO providers (name, vat_number, municipality, reply_to_email)
          VALUES ('Cooperativa Promemoria', '66666666666', '016024', 'segreteria@promemoria.example');
        INSERT INTO services (provider_id, area, title, description, tariff_cents, tariff_unit, delivery_mode, audience, address)
          SELECT id, 'health', 'Giornata della salute', 'Visite di controllo per il benchmark dei promemoria.', 0, 'session',
                 'at_place', 'everyone', 'Piazza Vecchia 1, Bergamo' FROM providers WHERE vat_number = '66666666666';""")
        .execute());
  }

  /**
   * People {@code first} to {@code first + count - 1} (a quarter of them English-speaking), each with
   * an e-mail address and one confirmed booking, made two days ago, in one big slot of a room of
   * its own that starts in 24 hours less five seconds: their one-day reminders fell due together.
   */
  private static void seedPeople(Pool pool, int first, int count, String room) throws Exception {
    await(pool.query("""
        INSERT INTO resources (provider_id, name, kind, capacity)
          SELECT id, '%4$s', 'room', 1000 FROM providers WHERE vat_number = '66666666666';
        INSERT INTO slots (service_id, resource_id, starts_at, ends_at, capacity, taken)
          SELECT s.id, r.id, date_trunc('second', now()) + interval '24 hours' - interval '5 seconds',
                 date_trunc('second', now()) + interval '32 hours', %2$d, %2$d
            FROM services s JOIN resources r ON r.provider_id = s.provider_id
           WHERE s.title = 'Giornata della salute' AND r.name = '%4$s';
        INSERT INTO accounts (id, username, display_name, password_hash, roles, municipality, email, language)
          SELECT %5$s::uuid, 'promemoria.' || g, 'Persona ' || g, 'nessuna', ARRAY['citizen'], '016024',
                 'persona.' || g || '@posta.example', CASE WHEN g %% 4 = 0 THEN 'en' ELSE 'it' END
            FROM generate_series(%1$d, %3$d) g;
        INSERT INTO bookings (code, slot_id, service_id, resource_id, starts_at, ends_at, places, status, one_at_a_time,
                              person, acted_by, created_at, updated_at, price_cents)
          SELECT %6$s, sl.id, sl.service_id, sl.resource_id, sl.starts_at, sl.ends_at, 1, 'confirmed', false,
                 %5$s, %5$s, now() - interval '2 days', now() - interval '2 days', 0
            FROM slots sl JOIN resources r ON r.id = sl.resource_id, generate_series(%1$d, %3$d) g
           WHERE r.name = '%4$s';
        ANALYZE;""".formatted(first, count, first + count - 1, room, personSql("g"), codeSql("g"))).execute());
  }

  /**
   * A mailbox for every recipient before the window opens, GreenMail's log of each quiet: a real
   * SMTP server does not create an account per message it accepts (GreenMail does, and says so).
   */
  private static void mailboxes(TestSmtp smtp, int people) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.icegreen.greenmail")).setLevel(Level.WARN);
    for (int g = 1; g <= people; g++) {
      String address = "persona." + g + "@posta.example";
      smtp.server().getUserManager().createUser(address, address, address);
    }
  }

  /** When the planning transactions and the sends happened, from the rows' own times: where the window went. */
  private static String timeline(Pool pool, Instant startedAt) throws Exception {
    Row r = await(pool.preparedQuery("""
        SELECT count(DISTINCT created_at) AS plans,
               extract(epoch FROM min(created_at) - $1) AS first_plan, extract(epoch FROM max(created_at) - $1) AS last_plan,
               extract(epoch FROM min(sent_at) - $1) AS first_sent, extract(epoch FROM max(sent_at) - $1) AS last_sent
          FROM notification_messages WHERE created_at >= $1""")
        .execute(Tuple.of(OffsetDateTime.ofInstant(startedAt, ZoneOffset.UTC))))
        .iterator().next();
    return String.format("planning: %d transactions, the first began at +%.2f s, the last at +%.2f s; sends recorded from "
            + "+%.2f s to +%.2f s", r.getLong("plans"), r.getDouble("first_plan"), r.getDouble("last_plan"),
        r.getDouble("first_sent"), r.getDouble("last_sent"));
  }

  /**
   * Looks once a second at the messages' states and the reasons of failed attempts (a retry that
   * goes out again records "sent" over the reason, so they are caught while the rows wait), and
   * with -Dbench.notifications.trace=true prints what it saw: where a slow window went.
   */
  private static final class Watch implements AutoCloseable {
    private final Map<String, Long> failures = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService timer =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

    Watch(Pool pool, CountDownLatch all, long start) {
      timer.scheduleWithFixedDelay(() -> {
        StringBuilder states = new StringBuilder();
        try {
          pool.query("""
                  SELECT status, coalesce(last_error, '') AS why, count(*) AS n FROM notification_messages GROUP BY 1, 2
                  UNION ALL SELECT 'leased', '', count(*) FROM notification_messages
                             WHERE lease_until > now() AND status = 'queued'
                  UNION ALL SELECT 'claims', '', count(DISTINCT lease_until) FROM notification_messages
                  UNION ALL SELECT 'unplanned', '', count(*) FROM outbox WHERE planned_at IS NULL""").execute()
              .toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS)
              .forEach(r -> {
                states.append(' ').append(r.getString("status")).append('=').append(r.getLong("n"));
                if (!r.getString("why").isEmpty()) {
                  failures.merge(r.getString("why"), r.getLong("n"), Math::max);
                }
              });
        } catch (Exception e) {
          states.append(" (the database did not answer within 2 s: ").append(e).append(')');
        }
        if (TRACE) {
          System.err.printf("+%.1f s: %d at the SMTP server;%s%n", seconds(System.nanoTime() - start),
              REMINDERS - all.getCount(), states);
        }
      }, 1, 1, TimeUnit.SECONDS);
    }

    Map<String, Long> failures() {
      return Map.copyOf(failures);
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  /** Nanos when the latch opened, or -1 if not by the deadline. */
  private static long reached(CountDownLatch latch, long deadline) throws InterruptedException {
    return latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) ? System.nanoTime() : -1;
  }

  /**
   * Over the warm-up's messages and the measured ones: every row recorded as sent at its first
   * attempt, nothing more arriving while the pumps go round again (and the announcement, run
   * again, finding nothing new), and GreenMail's Message-IDs distinct and exactly the rows' ids.
   * Throws if any of it is not so.
   */
  private static String noneTwice(Pool pool, TestSmtp smtp) throws Exception {
    int everyone = WARM_UP + REMINDERS;
    waitUntil(() -> count(pool, "SELECT count(*) FROM notification_messages WHERE status = 'sent'") == everyone, 60_000);
    int again = await(pool.preparedQuery(NotificationRepository.DUE_REMINDERS)
        .execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC)))).rowCount();
    Thread.sleep(WATCH_MILLIS);
    List<MimeMessage> received = smtp.received();
    Set<String> messageIds = new HashSet<>();
    for (MimeMessage m : received) {
      messageIds.add(messageId(m));
    }
    Row rows = await(pool.query("""
        SELECT count(*) AS messages, count(*) FILTER (WHERE status = 'sent') AS sent, max(attempts) AS attempts,
               count(DISTINCT address) AS addresses, count(DISTINCT outbox_id) AS outbox_rows,
               (SELECT count(*) FROM booking_reminders) AS reminders
          FROM notification_messages""").execute()).iterator().next();
    Set<String> rowIds = new HashSet<>();
    await(pool.query("SELECT id FROM notification_messages").execute()).forEach(r -> rowIds.add(r.getUUID(0).toString()));
    String figures = String.format("none twice (warm-up and measured together): GreenMail received %,d messages with "
            + "%,d distinct Message-IDs, the same set as the %,d rows of notification_messages (%,d sent, most attempts "
            + "per row %d, %,d addresses, %,d outbox rows, %,d booking_reminders); the announcement run again wrote %d; "
            + "nothing more arrived in the %d s after",
        received.size(), messageIds.size(), rows.getLong("messages"), rows.getLong("sent"), rows.getInteger("attempts"),
        rows.getLong("addresses"), rows.getLong("outbox_rows"), rows.getLong("reminders"), again, WATCH_MILLIS / 1000);
    boolean once = received.size() == everyone && messageIds.size() == everyone && messageIds.equals(rowIds)
        && rows.getLong("messages") == everyone && rows.getLong("sent") == everyone && rows.getInteger("attempts") == 1
        && rows.getLong("addresses") == everyone && rows.getLong("reminders") == everyone && again == 0;
    if (!once) {
      throw new IllegalStateException("not each message exactly once: " + figures);
    }
    return figures;
  }

  /** The id in {@code <id@domain>}: the message's row id (see EmailTransport). */
  private static String messageId(MimeMessage m) throws MessagingException {
    String header = m.getMessageID();
    return header.substring(header.indexOf('<') + 1, header.indexOf('@'));
  }

  // ---- 2. the due reminders' plan over a year of bookings -------------------------------------

  private static final int SERVICES = 20;
  private static final int DAYS = 365;
  private static final int HOURS_FROM = 8;
  private static final int SLOTS_PER_DAY = 8;
  private static final int PEOPLE = 200_000;

  private static void duePlan(List<String> lines) throws Exception {
    JsonObject noReminderPump = new JsonObject().put("notifications", new JsonObject().put("reminderMillis", 3_600_000));
    try (BenchApp bench = BenchApp.start(noReminderPump)) {
      Pool pool = bench.app.pool();
      // The year's middle is today; the plan is asked for at 10:00:10 UTC tomorrow, ten seconds
      // after the one-day reminders of the day after's 10:00 slots and the two-hour reminders of
      // tomorrow's 12:00 slots fell due; what fell due by 30 s earlier (the reminder pump's
      // period) was announced then.
      Instant today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant at = today.plus(1, ChronoUnit.DAYS).plus(10, ChronoUnit.HOURS).plusSeconds(10);
      long loading = System.nanoTime();
      await(pool.query(seedYear(today, at.minusSeconds(30))).execute());
      await(pool.query("VACUUM (ANALYZE) bookings, booking_reminders, slots, services").execute());
      double loaded = seconds(System.nanoTime() - loading);
      Row sizes = await(pool.preparedQuery("""
          SELECT (SELECT count(*) FROM bookings) AS bookings,
                 (SELECT count(*) FROM bookings WHERE status = 'confirmed') AS confirmed,
                 (SELECT count(*) FROM bookings
                   WHERE status = 'confirmed' AND starts_at > $1 AND starts_at <= $1 + interval '1 day') AS next_day,
                 (SELECT count(*) FROM booking_reminders) AS announced,
                 pg_size_pretty(pg_total_relation_size('bookings')) AS size,
                 pg_size_pretty(pg_relation_size('bookings_confirmed_start_idx')) AS index_size""")
          .execute(Tuple.of(OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))).iterator().next();
      lines.add(String.format("%,d bookings over %d days (%,d confirmed, %,d of them starting in the day after the moment "
              + "asked), %d services, %,d reminders already announced; table with indexes %s, %s %s; loaded and analysed "
              + "in %.0f s", sizes.getLong("bookings"), DAYS, sizes.getLong("confirmed"), sizes.getLong("next_day"), SERVICES,
          sizes.getLong("announced"), sizes.getString("size"), DUE_INDEX, sizes.getString("index_size"), loaded));

      SqlConnection connection = await(pool.getConnection());
      try {
        String moment = "'" + at + "'";
        await(connection.query("PREPARE due_reminders(timestamptz) AS " + NotificationRepository.DUE_REMINDERS).execute());
        // Once for the caches, rolled back as every run here is (EXPLAIN ANALYZE executes the inserts).
        explain(connection, "EXECUTE due_reminders(" + moment + ")", "");
        for (boolean generic : new boolean[] {false, true}) {
          List<String> plan = explain(connection, "EXPLAIN (ANALYZE, BUFFERS) EXECUTE due_reminders(" + moment + ")",
              generic ? "SET LOCAL plan_cache_mode = force_generic_plan" : "");
          String kind = generic ? "generic plan (a prepared statement's after its first executions)"
              : "custom plan (for the value of now)";
          String text = String.join("\n", plan);
          boolean indexed = plan.stream().anyMatch(line -> line.contains("Index Scan using " + DUE_INDEX)
              || line.contains("Bitmap Index Scan on " + DUE_INDEX));
          boolean tableScan = text.contains("Seq Scan on bookings");
          lines.add(String.format("%s at %s: execution %s ms, %s (%s), %s", kind, at,
              matched(text, "Execution Time: ([0-9.]+) ms"),
              indexed ? "through " + DUE_INDEX : "NOT through " + DUE_INDEX, scanLine(plan),
              tableScan ? "WITH a sequential scan of bookings" : "no sequential scan of bookings"));
          plan.forEach(line -> lines.add("    " + line));
          if (!indexed || tableScan) {
            throw new IllegalStateException("the " + kind + " does not find due reminders through " + DUE_INDEX + ":\n" + text);
          }
        }
      } finally {
        await(connection.close());
      }
    }
  }

  /** Runs {@code statement} in a transaction that is rolled back, after {@code setting} if any; answers its rows. */
  private static List<String> explain(SqlConnection connection, String statement, String setting) throws Exception {
    await(connection.query("BEGIN").execute());
    try {
      if (!setting.isEmpty()) {
        await(connection.query(setting).execute());
      }
      List<String> out = new ArrayList<>();
      await(connection.query(statement).execute()).forEach(row -> out.add(String.valueOf(row.getValue(0))));
      return out;
    } finally {
      await(connection.query("ROLLBACK").execute());
    }
  }

  /** The plan node that reads the due index, without its indentation, with its actual rows and time. */
  private static String scanLine(List<String> plan) {
    return plan.stream().filter(line -> line.contains(DUE_INDEX)).map(String::trim).map(line -> line.replace("->  ", ""))
        .findFirst().orElse("no node on " + DUE_INDEX);
  }

  /**
   * {@link #SERVICES} services of five cooperatives, one room each, hourly slots of 20 places
   * {@link #SLOTS_PER_DAY} times a day for a year centred on {@code today}; {@link #BOOKINGS}
   * bookings spread evenly over the slots by {@link #PEOPLE} people: 82% confirmed, 10% cancelled,
   * 5% rescheduled, 3% expired, each made 1 to 60 days before its start (never after now); the
   * slots' places taken as the bookings say; and, for every confirmed booking, the reminders whose
   * time came by {@code announcedUntil}, as the reminder pump would have written them.
   */
  private static String seedYear(Instant today, Instant announcedUntil) {
    String hash = "(hashint4(%s)::bigint & 2147483647)";
    return """
        INSERT INTO municipalities (istat_code, name, province) VALUES ('016024', 'Bergamo', 'BG') ON CONFLICT DO NOTHING;
        INSERT INTO providers (name, vat_number, municipality)
          SELECT 'Cooperativa Anno ' || p, lpad((77777777000 + p)::text, 11, '0'), '016024' FROM generate_series(1, 5) p;
        INSERT INTO services (provider_id, area, title, description, tariff_cents, tariff_unit, delivery_mode, audience, address)
          SELECT pr.id, 'health', 'Servizio ' || s, 'Un servizio per il benchmark dei promemoria su un anno.', 2000, 'session',
                 'at_place', 'everyone', 'Via Roma ' || s
            FROM generate_series(1, %1$d) s JOIN providers pr ON pr.name = 'Cooperativa Anno ' || (1 + s %% 5);
        INSERT INTO resources (provider_id, name, kind, capacity)
          SELECT provider_id, 'Sala del ' || title, 'room', 20 FROM services WHERE title LIKE 'Servizio %%';
        INSERT INTO slots (service_id, resource_id, starts_at, ends_at, capacity)
          SELECT s.id, r.id, t, t + interval '50 minutes', 20
            FROM services s JOIN resources r ON r.name = 'Sala del ' || s.title,
                 generate_series(0, %2$d - 1) d,
                 generate_series(%3$d, %3$d + %4$d - 1) h,
                 LATERAL (SELECT '%5$s'::timestamptz + (d - %2$d / 2) * interval '1 day' + h * interval '1 hour' AS t) slot_time
           WHERE s.title LIKE 'Servizio %%';
        CREATE TEMPORARY TABLE numbered_slots AS
          SELECT row_number() OVER (ORDER BY starts_at, service_id) - 1 AS n, id, service_id, resource_id, starts_at, ends_at
            FROM slots;
        CREATE INDEX ON numbered_slots (n);
        INSERT INTO bookings (code, slot_id, service_id, resource_id, starts_at, ends_at, places, status, one_at_a_time,
                              person, acted_by, created_at, updated_at, price_cents)
          SELECT %6$s, sl.id, sl.service_id, sl.resource_id, sl.starts_at, sl.ends_at, 1,
                 CASE WHEN %7$s %% 100 < 82 THEN 'confirmed' WHEN %7$s %% 100 < 92 THEN 'cancelled'
                      WHEN %7$s %% 100 < 97 THEN 'rescheduled' ELSE 'expired' END,
                 false, %8$s, %8$s, made.made_at, made.made_at, 0
            FROM generate_series(0, %9$d - 1) g
            JOIN numbered_slots sl ON sl.n = g %% (SELECT count(*) FROM numbered_slots),
                 LATERAL (SELECT least(now(), sl.starts_at - (1 + %10$s %% 60) * interval '1 day') AS made_at) made;
        UPDATE slots s SET taken = b.n
          FROM (SELECT slot_id, count(*) AS n FROM bookings WHERE status = 'confirmed' GROUP BY slot_id) b
         WHERE b.slot_id = s.id;
        INSERT INTO booking_reminders (booking_id, minutes_before, announced_at)
          SELECT b.id, m, b.starts_at - make_interval(mins => m)
            FROM bookings b CROSS JOIN unnest('{1440,120}'::int[]) m
           WHERE b.status = 'confirmed' AND b.starts_at - make_interval(mins => m) <= '%11$s'::timestamptz
             AND b.created_at <= b.starts_at - make_interval(mins => m);
        DROP TABLE numbered_slots;""".formatted(
        SERVICES, DAYS, HOURS_FROM, SLOTS_PER_DAY, today, codeSql("g"), hash.formatted("g"),
        personSql("(1 + " + hash.formatted("g + 1") + " % " + PEOPLE + ")"), BOOKINGS, hash.formatted("g + 2"), announcedUntil);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** The account id of benchmark person {@code n}, as SQL (the same shape as BookingScenario's people). */
  private static String personSql(String n) {
    return "('00000000-0000-4000-8000-' || lpad((" + n + ")::text, 12, '0'))";
  }

  /** A booking code that is {@code n} written in base 25 with BookingCode's alphabet, as SQL: distinct per n. */
  private static String codeSql(String n) {
    int base = BookingCode.ALPHABET.length();
    List<String> digits = new ArrayList<>();
    long weight = 1;
    for (int i = 0; i < 8; i++) {
      digits.add("substr('" + BookingCode.ALPHABET + "', ((" + n + ")::bigint / " + weight + " % " + base + ")::int + 1, 1)");
      weight *= base;
    }
    return "(" + String.join(" || ", digits) + ")";
  }

  private static long count(Pool pool, String sql) {
    try {
      return await(pool.query(sql).execute()).iterator().next().getLong(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitUntil(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("not so after " + timeoutMillis + " ms");
      }
      Thread.sleep(50);
    }
  }

  private static String matched(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? m.group(1) : "?";
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static String loadAverage() {
    try {
      return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).trim().split(" ")).subList(0, 3));
    } catch (Exception e) {
      return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
