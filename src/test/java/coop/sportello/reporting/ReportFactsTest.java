package coop.sportello.reporting;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.platform.domain.CodiceFiscale;
import coop.sportello.statements.MoneyRows;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * report_facts (V61) is a function of bookings, services, accounts, employees, delivery records and
 * payments: after random changes to every one of them, through the same statements the modules
 * use, the table holds exactly what report_facts_refresh computes from scratch; and two
 * transactions changing one booking at once leave rows that count both.
 */
class ReportFactsTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");

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
      }
    }
    long counted = one("SELECT count(*) FROM report_facts", Tuple.tuple(), Long.class);
    assertTrue(counted > 20, "the random changes left confirmed bookings to count: " + counted);
  }

  @Test
  void aPaymentAndADeliveryOfOneBookingCommittedAtOnceBothCount() {
    MoneyRows.Booking booking = rows.booking(services.get(1), people.get(0), rome("2025-05-05T10:00"), rome("2025-05-05T11:00"),
        "confirmed", 2_000);
    SqlConnection paying = await(app.pool().getConnection());
    SqlConnection recording = await(app.pool().getConnection());
    try {
      await(paying.query("BEGIN").execute());
      await(paying.preparedQuery("""
          INSERT INTO payments (booking_id, provider_id, person, method, amount_cents, state, means, created_by, completed_at)
          VALUES ($1, $2, $3, 'at_provider', 2000, 'completed', 'cash', $3, now())""")
          .execute(Tuple.of(booking.id(), booking.provider(), booking.person())));
      await(recording.query("BEGIN").execute());
      // The delivery's refresh waits for the payment's transaction: it must then see the payment.
      var recorded = recording.preparedQuery(DELIVERY).execute(Tuple.of(booking.id(), "delivered", 60));
      assertFalse(recorded.isComplete(), "the second refresh waits for the first transaction");
      await(paying.query("COMMIT").execute());
      await(recorded);
      await(recording.query("COMMIT").execute());
    } finally {
      await(paying.close());
      await(recording.close());
    }
    Row facts = await(app.pool().preparedQuery("SELECT at_provider_payments, at_provider_cents, delivered, minutes FROM report_facts WHERE booking_id = $1")
        .execute(Tuple.of(booking.id()))).iterator().next();
    assertEquals(1, facts.getInteger("at_provider_payments"));
    assertEquals(2000, facts.getLong("at_provider_cents"));
    assertEquals(1, facts.getInteger("delivered"));
    assertEquals(60, facts.getLong("minutes"));
    assertFactsMatchSources("after the two transactions");
  }

  private static final String DELIVERY = """
      INSERT INTO delivery_records (booking_id, slot_id, provider_id, month, outcome, minutes, version, recorded_by)
      SELECT b.id, b.slot_id, s.provider_id, date_trunc('month', b.starts_at AT TIME ZONE 'Europe/Rome')::date, $2, $3, 1, 'test'
        FROM bookings b JOIN services s ON s.id = b.service_id WHERE b.id = $1
      ON CONFLICT (booking_id, slot_id) DO UPDATE SET outcome = EXCLUDED.outcome, minutes = EXCLUDED.minutes,
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
        sql(DELIVERY, Tuple.of(booking.id(), outcome, outcome.equals("no_show") ? 0 : 15 + random.nextInt(60)));
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
    List<String> differences = await(app.pool().withConnection(conn -> conn.query("""
            BEGIN;
            CREATE TEMP TABLE kept ON COMMIT DROP AS SELECT * FROM report_facts;
            SELECT report_facts_refresh(array_agg(id)) FROM bookings""").execute()
        .compose(v -> conn.query("""
            (SELECT 'kept only: ' || k::text FROM (TABLE kept EXCEPT ALL TABLE report_facts) k)
            UNION ALL (SELECT 'recomputed only: ' || r::text FROM (TABLE report_facts EXCEPT ALL TABLE kept) r)""").execute())
        .map(found -> {
          List<String> lines = new ArrayList<>();
          found.forEach(r -> lines.add(r.getString(0)));
          return lines;
        })
        .eventually(() -> conn.query("ROLLBACK").execute())));
    assertEquals(List.of(), differences, when);
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
