package coop.sportello.reporting;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.reporting.domain.ReportPeriod;
import coop.sportello.reporting.domain.ReportScope;
import coop.sportello.platform.domain.CodiceFiscale;
import coop.sportello.statements.MoneyRows;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import coop.sportello.testing.Waits;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * report_facts (V61) is a function of bookings, services, accounts, employees, delivery records and
 * payments: after random changes to every one of them, through the same statements the modules
 * use, the table holds exactly what report_facts_refresh computes from scratch, its rollups (V64)
 * add up to it, before and after the relay folds them, and the network's and areas' figures read
 * from the rollups are those read from the facts; and two transactions changing one booking at once
 * leave rows that count both.
 */
class ReportFactsTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");

  private final ReportingRepository repository = new ReportingRepository();
  private MoneyRows rows;
  private UUID coop;
  private UUID company;
  private UUID project;
  private final List<UUID> services = new ArrayList<>();
  private final List<String> people = new ArrayList<>();
  private final List<MoneyRows.Booking> bookings = new ArrayList<>();
  private final List<UUID> payments = new ArrayList<>();

  @BeforeAll
  void setUp() {
    rows = new MoneyRows(app.pool());
    CatalogFixture.municipalities(app.pool());
    coop = rows.providerOf(await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "facts.admin", "53535353535")));
    await(TestAccounts.create(vertx, app.pool(), "facts.hr", "hr_admin"));
    company = one("SELECT company_id FROM accounts WHERE username = 'facts.hr'", Tuple.tuple());
    project = one("""
        INSERT INTO projects (provider_id, name, funder, starts_on, ends_on, budget_minutes, created_by)
        VALUES ($1, 'Progetto delle prove', 'Fondazione', '2025-01-01', '2025-12-31', 6000, 'test') RETURNING id""", Tuple.of(coop));
    services.add(rows.service(coop, "elderly", "Assistenza a casa"));
    services.add(rows.service(coop, "work_life", "Salvatempo"));
    services.add(rows.service(coop, "childhood", "Centro estivo"));
    await(app.pool().preparedQuery("UPDATE services SET delivery_mode = 'at_home' WHERE id = $1").execute(Tuple.of(services.get(0))));
    await(app.pool().preparedQuery("UPDATE services SET audience = 'children', tariff_unit = 'week' WHERE id = $1")
        .execute(Tuple.of(services.get(2))));
    for (int i = 0; i < 6; i++) {
      people.add(await(TestAccounts.create(vertx, app.pool(), "facts.persona" + i, "citizen")).toString());
    }
  }

  @Test
  void afterRandomChangesToEverySourceTheFactsAreWhatTheSourcesSay() {
    Random random = new Random(61);
    for (int step = 1; step <= 240; step++) {
      change(random);
      if (step % 40 == 0) {
        assertFactsMatchSources("after step " + step);
        assertRollupsMatchFacts("after step " + step);
        if (step % 80 == 0) {
          // The relay folds the appended differences; the sums stay what they were.
          while (await(repository.foldDaySums(app.pool())) > 0) {
            assertRollupsMatchFacts("while folding after step " + step);
          }
          assertEquals(0L, one("SELECT count(*) FROM report_day_sums WHERE NOT folded", Tuple.tuple(), Long.class));
          assertRollupsMatchFacts("folded after step " + step);
        }
        assertRolledUpFiguresMatchFacts(random, "after step " + step);
      }
    }
    long counted = one("SELECT count(*) FROM report_facts", Tuple.tuple(), Long.class);
    assertTrue(counted > 20, "the random changes left confirmed bookings to count: " + counted);
  }

  @Test
  void aPaymentAndADeliveryOfOneBookingCommittedAtOnceBothCount() {
    MoneyRows.Booking booking = rows.booking(services.get(1), people.get(0), rome("2025-05-05T10:00"), rome("2025-05-05T11:00"),
        "confirmed", 2_000);
    crossing((paying, recording) -> {
      await(paying.query("BEGIN").execute());
      await(paying.preparedQuery("""
          INSERT INTO payments (booking_id, provider_id, person, method, amount_cents, state, means, created_by, completed_at)
          VALUES ($1, $2, $3, 'at_provider', 2000, 'completed', 'cash', $3, now())""")
          .execute(Tuple.of(booking.id(), booking.provider(), booking.person())));
      await(recording.query("BEGIN").execute());
      // The delivery's refresh waits for the payment's transaction: it must then see the payment.
      var recorded = recording.preparedQuery(DELIVERY).execute(Tuple.of(booking.id(), "delivered", 60, 0));
      assertFalse(recorded.isComplete(), "the second refresh waits for the first transaction");
      await(paying.query("COMMIT").execute());
      await(recorded);
      await(recording.query("COMMIT").execute());
    });
    Row facts = await(app.pool().preparedQuery("SELECT at_provider_payments, at_provider_cents, delivered, minutes FROM report_facts WHERE booking_id = $1")
        .execute(Tuple.of(booking.id()))).iterator().next();
    assertEquals(1, facts.getInteger("at_provider_payments"));
    assertEquals(2000, facts.getLong("at_provider_cents"));
    assertEquals(1, facts.getInteger("delivered"));
    assertEquals(60, facts.getLong("minutes"));
    assertFactsMatchSources("after the two transactions");
    assertRollupsMatchFacts("after the two transactions");
  }

  /**
   * A cancellation holds the booking's row (FOR UPDATE) before it changes the booking; meanwhile the
   * person's town changes, which refreshes their bookings' facts. That refresh must not wait for
   * the booking's row: it did, through report_facts' key to bookings, while holding the booking's
   * refresh lock the cancellation then waited for (a deadlock, as the payments' sweep met in CI).
   */
  @Test
  void aRefreshOfABookingLockedByItsCancellationNeitherWaitsForItNorDeadlocks() {
    String person = people.get(1);
    MoneyRows.Booking booking = rows.booking(services.get(1), person, rome("2025-07-07T10:00"), rome("2025-07-07T11:00"),
        "confirmed", 2_000);
    crossing((cancelling, moving) -> {
      await(cancelling.query("BEGIN").execute());
      await(cancelling.preparedQuery("SELECT id FROM bookings WHERE id = $1 FOR UPDATE").execute(Tuple.of(booking.id())));
      await(moving.query("BEGIN").execute());
      var moved = moving.preparedQuery("UPDATE accounts SET municipality = $2 WHERE id::text = $1")
          .execute(Tuple.of(person, one("SELECT municipality FROM accounts WHERE id::text = $1", Tuple.of(person), String.class)
              == null ? CatalogFixture.BERGAMO : null));
      Waits.waitFor(moved::isComplete, "the refresh of the person's bookings does not wait for the booking's row");
      await(moved);
      var cancelled = cancelling.preparedQuery("UPDATE bookings SET status = 'cancelled' WHERE id = $1").execute(Tuple.of(booking.id()));
      Waits.holdsFor(Duration.ofMillis(300), () -> !cancelled.isComplete(), "the cancellation's refresh waits for the move");
      await(moving.query("COMMIT").execute());
      await(cancelled);
      await(cancelling.query("COMMIT").execute());
    });
    assertEquals(0L, one("SELECT count(*) FROM report_facts WHERE booking_id = $1", Tuple.of(booking.id()), Long.class),
        "a cancelled booking is not counted");
    assertFactsMatchSources("after the crossing transactions");
    assertRollupsMatchFacts("after the crossing transactions");
  }

  @Test
  void aDeletedBookingLeavesNoFacts() {
    MoneyRows.Booking booking = rows.booking(services.get(1), people.get(2), rome("2025-08-04T10:00"), rome("2025-08-04T11:00"),
        "confirmed", 2_000);
    assertEquals(1L, one("SELECT count(*) FROM report_facts WHERE booking_id = $1", Tuple.of(booking.id()), Long.class));
    sql("DELETE FROM bookings WHERE id = $1", Tuple.of(booking.id()));
    assertEquals(0L, one("SELECT count(*) FROM report_facts WHERE booking_id = $1", Tuple.of(booking.id()), Long.class));
    assertFactsMatchSources("after the deletion");
    assertRollupsMatchFacts("after the deletion");
  }

  /**
   * The person's windows are rewritten when a transaction commits (V72), under the person's lock:
   * a commit that comes while another transaction rewrites the same person's windows waits for it,
   * then reads its booking.
   */
  @Test
  void twoBookingsOfOnePersonConfirmedAtOnceBothReachTheirWindows() {
    String person = people.get(5);
    MoneyRows.Booking january = rows.booking(services.get(0), person, rome("2026-01-12T10:00"), rome("2026-01-12T11:00"), "cancelled", 1_000);
    MoneyRows.Booking february = rows.booking(services.get(0), person, rome("2026-02-12T10:00"), rome("2026-02-12T11:00"), "cancelled", 1_000);
    crossing((first, second) -> {
      await(first.query("BEGIN").execute());
      await(first.preparedQuery("UPDATE bookings SET status = 'confirmed' WHERE id = $1").execute(Tuple.of(january.id())));
      // The first rewrites the windows now, as at its commit, and holds the person's lock to its end.
      await(first.query("SET CONSTRAINTS report_person_windows_due IMMEDIATE").execute());
      await(second.query("BEGIN").execute());
      await(second.preparedQuery("UPDATE bookings SET status = 'confirmed' WHERE id = $1").execute(Tuple.of(february.id())));
      var committed = second.query("COMMIT").execute();
      Waits.holdsFor(Duration.ofMillis(300), () -> !committed.isComplete(),
          "the second commit's rewrite of the person's windows waits for the first transaction");
      await(first.query("COMMIT").execute());
      await(committed);
    });
    assertEquals(0b11, booked(person, 2026), "January and February 2026");
    assertRollupsMatchFacts("after the two transactions");
  }

  /**
   * One person's booking cancelled and another confirmed at once, each transaction also changing a
   * row the other needs (the person's welfare wallet: the cancellation gives credit back after the
   * booking, the confirmation spends it before). While a refresh held the person's lock to commit,
   * the two deadlocked (BookingInvariantsTest in CI); the lock is now taken only at commit.
   */
  @Test
  void aCancellationAndAConfirmationOfOnePersonCrossingOnTheirWalletDoNotDeadlock() {
    String person = people.get(4);
    MoneyRows.Booking cancelled = rows.booking(services.get(0), person, rome("2026-03-09T10:00"), rome("2026-03-09T11:00"), "confirmed", 1_000);
    MoneyRows.Booking confirmed = rows.booking(services.get(0), person, rome("2026-04-09T10:00"), rome("2026-04-09T11:00"), "cancelled", 1_000);
    String wallet = "UPDATE projects SET name = name WHERE id = $1"; // stands for the person's wallet row
    crossing((cancelling, confirming) -> {
      await(confirming.query("BEGIN").execute());
      await(confirming.preparedQuery(wallet).execute(Tuple.of(project)));
      await(cancelling.query("BEGIN").execute());
      await(cancelling.preparedQuery("UPDATE bookings SET status = 'cancelled' WHERE id = $1").execute(Tuple.of(cancelled.id())));
      var confirmation = confirming.preparedQuery("UPDATE bookings SET status = 'confirmed' WHERE id = $1")
          .execute(Tuple.of(confirmed.id()));
      Waits.waitFor(confirmation::isComplete, "the confirmation's refresh does not wait for the cancellation");
      await(confirmation);
      var refund = cancelling.preparedQuery(wallet).execute(Tuple.of(project));
      Waits.holdsFor(Duration.ofMillis(300), () -> !refund.isComplete(), "the wallet waits for the confirmation");
      await(confirming.query("COMMIT").execute());
      await(refund);
      await(cancelling.query("COMMIT").execute());
    });
    assertEquals(1 << 3, booked(person, 2026) & (1 << 2 | 1 << 3), "April booked, March no longer");
    assertRollupsMatchFacts("after the crossing transactions");
  }

  private int booked(String person, int year) {
    return one("""
        SELECT booked FROM report_person_windows
         WHERE person_key = hashtextextended($1, 0) AND window_year = $2 AND area = (SELECT area FROM services WHERE id = $3)""",
        Tuple.of(person, year, services.get(0)), Integer.class);
  }

  /**
   * Two connections of the pool for transactions that cross, given back rolled back whatever the
   * steps left open (both at once: one may wait for the other's lock).
   */
  private void crossing(BiConsumer<SqlConnection, SqlConnection> steps) {
    SqlConnection first = await(app.pool().getConnection());
    SqlConnection second = await(app.pool().getConnection());
    try {
      steps.accept(first, second);
    } finally {
      await(Future.join(first.query("ROLLBACK").execute(), second.query("ROLLBACK").execute())
          .eventually(() -> Future.join(first.close(), second.close())));
    }
  }

  private static final String DELIVERY = """
      INSERT INTO delivery_records (booking_id, slot_id, provider_id, month, outcome, minutes, version, recorded_by)
      SELECT b.id, b.slot_id, s.provider_id, (date_trunc('month', b.starts_at AT TIME ZONE 'Europe/Rome') + make_interval(months => $4))::date,
             $2, $3, 1, 'test'
        FROM bookings b JOIN services s ON s.id = b.service_id WHERE b.id = $1
      ON CONFLICT (booking_id, slot_id) DO UPDATE SET month = EXCLUDED.month, outcome = EXCLUDED.outcome, minutes = EXCLUDED.minutes,
        version = delivery_records.version + 1""";

  /** One random change to one of the sources, as the modules make it. */
  private void change(Random random) {
    int what = bookings.isEmpty() ? 0 : random.nextInt(10);
    MoneyRows.Booking booking = bookings.isEmpty() ? null : bookings.get(random.nextInt(bookings.size()));
    String person = people.get(random.nextInt(people.size()));
    switch (what) {
      case 0, 1 -> {
        LocalDateTime start = LocalDateTime.of(2025, 1 + random.nextInt(12), 1 + random.nextInt(28), 8 + random.nextInt(8), 0);
        bookings.add(rows.booking(services.get(random.nextInt(services.size())), person, start.atZone(ROME).toOffsetDateTime(),
            start.plusHours(1).atZone(ROME).toOffsetDateTime(), random.nextInt(4) == 0 ? "cancelled" : "confirmed", 2_000));
      }
      case 2 -> sql("UPDATE bookings SET status = $2 WHERE id = $1",
          Tuple.of(booking.id(), random.nextBoolean() ? "cancelled" : "confirmed"));
      case 3 -> {
        String outcome = List.of("delivered", "partial", "no_show").get(random.nextInt(3));
        // Now and then recorded in the month after the booking's (an enrolment's later session).
        sql(DELIVERY, Tuple.of(booking.id(), outcome, outcome.equals("no_show") ? 0 : 15 + random.nextInt(60),
            random.nextInt(4) == 0 ? 1 : 0));
      }
      case 4 -> {
        String method = List.of("card", "at_provider").get(random.nextInt(2));
        if (one("SELECT count(*) FROM payments WHERE booking_id = $1 AND method = $2", Tuple.of(booking.id(), method), Long.class) == 0) {
          payments.add(rows.payment(booking, method, 2_000, random.nextInt(3) == 0 ? "pending" : "completed", null,
              rome("2025-06-01T10:00")));
        }
      }
      case 5 -> {
        if (!payments.isEmpty()) {
          sql("UPDATE payments SET refunded_cents = least(amount_cents, refunded_cents + 500) WHERE id = $1 AND state = 'completed'",
              Tuple.of(payments.get(random.nextInt(payments.size()))));
        }
      }
      case 6 -> {
        String first15 = "RSSMRA4" + people.indexOf(person) + "A01A794";
        sql("UPDATE accounts SET municipality = $2, codice_fiscale = $3 WHERE id::text = $1", Tuple.of(person,
            random.nextBoolean() ? CatalogFixture.BERGAMO : CatalogFixture.PIAZZOLA,
            random.nextBoolean() ? null : first15 + CodiceFiscale.checkCharacter(first15)));
      }
      case 7 -> {
        if (random.nextBoolean()) {
          sql("""
              WITH g AS (INSERT INTO employee_groups (company_id, name) VALUES ($2, 'Reparto ' || gen_random_uuid()) RETURNING id)
              INSERT INTO employees (account_id, company_id, group_id) SELECT $1::uuid, $2, g.id FROM g ON CONFLICT DO NOTHING""",
              Tuple.of(person, company));
        } else {
          sql("DELETE FROM employees WHERE account_id::text = $1", Tuple.of(person));
        }
      }
      case 8 -> sql("UPDATE services SET area = $2 WHERE id = $1", Tuple.of(services.get(random.nextInt(services.size())),
          List.of("elderly", "work_life", "childhood", "health").get(random.nextInt(4))));
      default -> sql("UPDATE bookings SET project_id = $2 WHERE id = $1", Tuple.of(booking.id(), random.nextBoolean() ? project : null));
    }
  }

  /**
   * Recomputes every booking's rows inside a transaction that is then rolled back, and compares
   * them with the rows the triggers kept.
   */
  private void assertFactsMatchSources(String when) {
    assertNoDifferences(when, """
            BEGIN;
            CREATE TEMP TABLE kept ON COMMIT DROP AS SELECT * FROM report_facts;
            SELECT report_facts_refresh(array_agg(id)) FROM bookings""", """
            (SELECT 'kept only: ' || k::text FROM (TABLE kept EXCEPT ALL TABLE report_facts) k)
            UNION ALL (SELECT 'recomputed only: ' || r::text FROM (TABLE report_facts EXCEPT ALL TABLE kept) r)""");
  }

  /** Runs {@code setup} in a transaction then rolled back, and asserts its {@code differences} query finds no line. */
  private void assertNoDifferences(String when, String setup, String differences) {
    List<String> found = await(app.pool().withConnection(conn -> conn.query(setup).execute()
        .compose(v -> conn.query(differences).execute())
        .map(rows -> {
          List<String> lines = new ArrayList<>();
          rows.forEach(r -> lines.add(r.getString(0)));
          return lines;
        })
        .eventually(() -> conn.query("ROLLBACK").execute())));
    assertEquals(List.of(), found, when);
  }

  /**
   * The rollups (V64) against report_facts: the day sums, their rows added up per key, against the
   * facts summed here; the persons' windows against the same windows rewritten from scratch.
   */
  private void assertRollupsMatchFacts(String when) {
    assertNoDifferences(when, """
            BEGIN;
            CREATE TEMP TABLE kept_sums ON COMMIT DROP AS
              SELECT day, area, month, is_booking, month_no, wait_days, sum(bookings) AS bookings, sum(services) AS services,
                     sum(minutes) AS minutes, sum(no_shows) AS no_shows, sum(recorded) AS recorded,
                     sum(conciliation_minutes) AS conciliation, sum(card_payments) AS card, sum(card_cents) AS card_cents,
                     sum(at_provider_payments) AS at_provider, sum(at_provider_cents) AS at_provider_cents,
                     sum(welfare_credit_cents + voucher_cents) AS other_cents
                FROM report_day_sums GROUP BY 1, 2, 3, 4, 5, 6
              HAVING (sum(bookings), sum(services), sum(minutes), sum(no_shows), sum(recorded), sum(card_cents), sum(at_provider_cents),
                      sum(card_payments), sum(at_provider_payments)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0);
            CREATE TEMP TABLE facts_sums ON COMMIT DROP AS
              SELECT (starts_at AT TIME ZONE 'Europe/Rome')::date AS day, area, month, is_booking, month_no,
                     CASE WHEN is_booking THEN wait_days END AS wait_days, count(*) FILTER (WHERE is_booking)::numeric AS bookings,
                     sum(delivered)::numeric AS services, sum(minutes)::numeric AS minutes, sum(no_shows)::numeric AS no_shows,
                     sum(recorded)::numeric AS recorded,
                     coalesce(sum(minutes) FILTER (WHERE area = 'work_life' AND employee), 0)::numeric AS conciliation,
                     sum(card_payments)::numeric AS card, sum(card_cents)::numeric AS card_cents,
                     sum(at_provider_payments)::numeric AS at_provider, sum(at_provider_cents)::numeric AS at_provider_cents,
                     sum(welfare_credit_cents + voucher_cents)::numeric AS other_cents
                FROM report_facts GROUP BY 1, 2, 3, 4, 5, 6;
            CREATE TEMP TABLE kept_windows ON COMMIT DROP AS SELECT * FROM report_person_windows;
            TRUNCATE report_person_windows;
            SELECT report_person_windows_refresh(array_agg(DISTINCT person_key)) FROM report_facts""", """
            (SELECT 'sums kept only: ' || k::text FROM (SELECT day, area, month, is_booking, month_no, wait_days, bookings::numeric,
                      services::numeric, minutes, no_shows::numeric, recorded::numeric, conciliation, card::numeric, card_cents,
                      at_provider::numeric, at_provider_cents, other_cents FROM kept_sums EXCEPT ALL TABLE facts_sums) k)
            UNION ALL (SELECT 'sums of the facts only: ' || f::text FROM (TABLE facts_sums EXCEPT ALL
                      SELECT day, area, month, is_booking, month_no, wait_days, bookings::numeric, services::numeric, minutes,
                             no_shows::numeric, recorded::numeric, conciliation, card::numeric, card_cents, at_provider::numeric,
                             at_provider_cents, other_cents FROM kept_sums) f)
            UNION ALL (SELECT 'window kept only: ' || k::text FROM (TABLE kept_windows EXCEPT ALL TABLE report_person_windows) k)
            UNION ALL (SELECT 'window rewritten only: ' || r::text FROM (TABLE report_person_windows EXCEPT ALL TABLE kept_windows) r)""");
  }

  /**
   * The network's and each area's figures from the rollups are those from report_facts alone, for
   * random periods: whole months, parts of months at either end, a single month's days, across a
   * new year.
   */
  private void assertRolledUpFiguresMatchFacts(Random random, String when) {
    for (int i = 0; i < 6; i++) {
      LocalDate from = LocalDate.of(2024, 12, 1).plusDays(random.nextInt(400));
      if (random.nextBoolean()) {
        from = from.withDayOfMonth(1);
      }
      LocalDate to = from.plusDays(random.nextInt(ReportPeriod.MAX_DAYS));
      if (random.nextBoolean()) {
        to = to.withDayOfMonth(to.lengthOfMonth());
      }
      if (to.isAfter(from.plusDays(ReportPeriod.MAX_DAYS - 1))) {
        to = from.plusDays(ReportPeriod.MAX_DAYS - 1);
      }
      ReportPeriod period = new ReportPeriod(from, to);
      for (String entity : List.of("all", "elderly", "work_life", "childhood", "health")) {
        ReportScope scope = entity.equals("all") ? ReportScope.NETWORK : ReportScope.AREAS;
        ReportingRepository.Figures rolledUp = await(repository.figures(app.pool(), scope, entity, period, true));
        ReportingRepository.Figures facts = await(repository.figures(app.pool(), scope, entity, period, false));
        assertEquals(facts, rolledUp, when + ", " + entity + " " + from + " to " + to);
      }
    }
  }

  private void sql(String sql, Tuple args) {
    await(app.pool().preparedQuery(sql).execute(args));
  }

  private UUID one(String sql, Tuple args) {
    return one(sql, args, UUID.class);
  }

  private <T> T one(String sql, Tuple args, Class<T> type) {
    return type.cast(await(app.pool().preparedQuery(sql).execute(args)).iterator().next().getValue(0));
  }

  private static OffsetDateTime rome(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(ROME).toOffsetDateTime();
  }
}
