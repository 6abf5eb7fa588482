package coop.sportello.payments;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.Http;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.AppTestBase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A cooperative that takes card payments (its Stripe connected account), its admin, an employee
 * with a funded welfare wallet of {@link #CREDIT} cents, a citizen, and a welfare-eligible service
 * priced {@link #TARIFF} cents a session with twelve one-hour slots a day on a few days.
 */
final class MoneyFixture {

  static final int CREDIT = 10_000;
  static final int TARIFF = 6_000;
  static final String ACCOUNT = "acct_1CooperativaProva";
  static final LocalDate FIRST_DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(6);

  final Pool pool;
  final String employeeId;
  final String citizenId;
  final UUID planId;
  final String serviceId;
  final List<String> slots = new ArrayList<>();

  MoneyFixture(Vertx vertx, Pool pool, Http http, String prefix, int days) {
    this.pool = pool;
    CatalogFixture.municipalities(pool);
    await(TestAccounts.create(vertx, pool, prefix + ".admin", "provider_admin"));
    employeeId = await(TestAccounts.create(vertx, pool, prefix + ".dipendente", "employee")).toString();
    citizenId = await(TestAccounts.create(vertx, pool, prefix + ".cittadina", "citizen")).toString();
    await(TestAccounts.create(vertx, pool, prefix + ".operatore", "operator"));
    await(TestAccounts.create(vertx, pool, prefix + ".hr", "hr_admin"));
    planId = await(pool.preparedQuery("""
        WITH g AS (INSERT INTO employee_groups (company_id, name)
                   SELECT company_id, 'Gruppo ' || $3 FROM accounts WHERE id = $1 RETURNING id, company_id),
             e AS (INSERT INTO employees (account_id, company_id, group_id, has_dependent_children)
                   SELECT $1, company_id, id, false FROM g)
        INSERT INTO welfare_plans (company_id, group_id, plan_year, credit_per_employee_cents, starts_on, ends_on, unused_credit)
        SELECT company_id, id, $2, $4, make_date($2, 1, 1), make_date($2 + 1, 12, 31), 'expires' FROM g RETURNING id""")
        .execute(Tuple.of(UUID.fromString(employeeId), FIRST_DAY.getYear(), prefix, CREDIT))).iterator().next().getUUID(0);
    String hr = await(http.accessToken(prefix + ".hr"));
    assertEquals(200, await(http.post("/api/v1/welfare/plans/" + planId + "/fund", hr, new JsonObject())).statusCode());
    await(pool.query("UPDATE providers SET stripe_account = '" + ACCOUNT + "', platform_fee_bps = 250 WHERE vat_number = '01234567890'").execute());
    String admin = await(http.accessToken(prefix + ".admin"));
    CatalogFixture.Service service = new CatalogFixture(http, admin).create(CatalogFixture.serviceBody("work_life",
            "Doposcuola " + prefix, "Servizio per i dipendenti delle aziende aderenti.").tariff(TARIFF, "session")
        .audience("adults").welfareLetter("f_bis").at("Via Tasso 4, Bergamo").withoutPersonalLimits());
    serviceId = service.id();
    CatalogFixture.Resource room = service.resource("Aula " + prefix, "room", 50);
    for (int d = 0; d < days; d++) {
      room.openOn(FIRST_DAY.plusDays(d), "08:00", "20:00", 60);
      slots.addAll(service.slotsOn(FIRST_DAY.plusDays(d)));
    }
  }

  int balance() {
    return await(pool.preparedQuery("SELECT coalesce(sum(balance_cents), 0)::int FROM wallets WHERE account_id = $1")
        .execute(Tuple.of(UUID.fromString(employeeId)))).iterator().next().getInteger(0);
  }

  /** The booking's money in the ledger: payments received less refunds given. */
  int ledger(String bookingId) {
    return await(pool.preparedQuery("SELECT coalesce(sum(amount_cents), 0)::int FROM money_ledger WHERE booking_id = $1")
        .execute(Tuple.of(UUID.fromString(bookingId)))).iterator().next().getInteger(0);
  }

  Row booking(String bookingId) {
    return await(pool.preparedQuery("SELECT status, price_cents, hold_expires_at FROM bookings WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(bookingId)))).iterator().next();
  }
}
