package coop.sportello.statements;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.UUID;

import static coop.sportello.testing.AppTestBase.await;

/**
 * Bookings, payments, refunds and money_ledger rows written straight into the database in V37's
 * shape, as the money core (issue 21, part B) writes them in production: statements only read them.
 */
public final class MoneyRows {

  private static final String CODE_LETTERS = "ACDEFGHJKMNPQRTUVWXY34679";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;

  public MoneyRows(Pool pool) {
    this.pool = pool;
  }

  /** The cooperative of a provider admin's account. */
  public UUID providerOf(UUID admin) {
    return one("SELECT provider_id FROM accounts WHERE id = $1", Tuple.of(admin));
  }

  public void fee(UUID provider, int bps) {
    await(pool.preparedQuery("UPDATE providers SET platform_fee_bps = $2, stripe_account = $3 WHERE id = $1")
        .execute(Tuple.of(provider, bps, "acct_" + provider.toString().replace("-", "").substring(0, 16))));
  }

  /** A welfare plan of 2026 for the company's group "Uffici" (one per company), to pay with credit from. */
  public UUID plan(UUID company) {
    return one("""
        WITH g AS (INSERT INTO employee_groups (company_id, name) VALUES ($1, 'Uffici') RETURNING id)
        INSERT INTO welfare_plans (company_id, group_id, plan_year, credit_per_employee_cents, starts_on, ends_on, unused_credit)
        SELECT $1, g.id, 2026, 100000, '2026-01-01', '2026-12-31', 'expires' FROM g RETURNING id""", Tuple.of(company));
  }

  /** A service of the cooperative in {@code area}, with a tariff per session. */
  public UUID service(UUID provider, String area, String title) {
    return one("""
        INSERT INTO services (provider_id, area, title, description, tariff_cents, tariff_unit, delivery_mode, audience, welfare_letter)
        VALUES ($1, $2, $3, 'Un servizio per le prove dei rendiconti.', 2000, 'session', 'online', 'everyone', 'f_bis') RETURNING id""",
        Tuple.of(provider, area, title));
  }

  /** A booking of the service from {@code start} to {@code end} for {@code person}, in its own room and slot. */
  public Booking booking(UUID service, String person, OffsetDateTime start, OffsetDateTime end, String status, int priceCents) {
    String code = code();
    UUID id = one("""
        WITH s AS (SELECT id, provider_id FROM services WHERE id = $1),
             r AS (INSERT INTO resources (provider_id, name, kind, capacity) SELECT provider_id, 'Stanza ' || $7, 'room', 5 FROM s RETURNING id),
             sl AS (INSERT INTO slots (service_id, resource_id, starts_at, ends_at, capacity, taken)
                    SELECT $1, r.id, $3, $4, 5, CASE WHEN $5 = 'confirmed' THEN 1 ELSE 0 END FROM r RETURNING id, resource_id)
        INSERT INTO bookings (code, slot_id, service_id, resource_id, starts_at, ends_at, places, status, one_at_a_time, person, acted_by, price_cents)
        SELECT $7, sl.id, $1, sl.resource_id, $3, $4, 1, $5, false, $2, $2, $6 FROM sl RETURNING id""",
        Tuple.of(service, person, start, end, status, priceCents, code));
    return new Booking(id, code, person, one("SELECT provider_id FROM services WHERE id = $1", Tuple.of(service)));
  }

  public record Booking(UUID id, String code, String person, UUID provider) {
  }

  /** A payment of the booking in {@code state}; completed ones get their ledger row at {@code at}. */
  public UUID payment(Booking booking, String method, int cents, String state, UUID walletPlan, OffsetDateTime at) {
    boolean completed = state.equals("completed");
    UUID id = one("""
        INSERT INTO payments (booking_id, provider_id, person, method, amount_cents, state, wallet_plan, voucher_wallet, means,
                              stripe_account, stripe_session, created_by, created_at, completed_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $4 = 'voucher' THEN gen_random_uuid() END,
                CASE WHEN $4 = 'at_provider' AND $6 = 'completed' THEN 'cash' END,
                CASE WHEN $4 = 'card' THEN 'acct_prova' END, CASE WHEN $4 = 'card' THEN 'cs_test_' || gen_random_uuid() END,
                $3, $8, CASE WHEN $6 = 'completed' THEN $8::timestamptz END)
        RETURNING id""",
        Tuple.of(booking.id(), booking.provider(), booking.person(), method, cents, state, walletPlan, at));
    if (completed) {
      await(pool.preparedQuery("""
              INSERT INTO money_ledger (payment_id, booking_id, provider_id, method, kind, amount_cents, actor, at)
              VALUES ($1, $2, $3, $4, 'payment', $5, 'test', $6)""")
          .execute(Tuple.of(id, booking.id(), booking.provider(), method, cents, at)));
    }
    return id;
  }

  /** A completed refund of part of a completed payment, with its ledger row at {@code at}. */
  public void refund(UUID payment, int cents, OffsetDateTime at) {
    await(pool.preparedQuery("""
            WITH p AS (UPDATE payments SET refunded_cents = refunded_cents + $2 WHERE id = $1
                       RETURNING id, booking_id, provider_id, method),
                 r AS (INSERT INTO refunds (payment_id, amount_cents, state, reason, requested_by, created_at, completed_at)
                       SELECT id, $2, 'completed', 'Annullata in tempo', 'test', $3, $3 FROM p RETURNING id)
            INSERT INTO money_ledger (payment_id, refund_id, booking_id, provider_id, method, kind, amount_cents, actor, at)
            SELECT p.id, r.id, p.booking_id, p.provider_id, p.method, 'refund', -$2, 'test', $3 FROM p, r""")
        .execute(Tuple.of(payment, cents, at)));
  }

  private UUID one(String sql, Tuple args) {
    return await(pool.preparedQuery(sql).execute(args)).iterator().next().getUUID(0);
  }

  public static String code() {
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      code.append(CODE_LETTERS.charAt(RANDOM.nextInt(CODE_LETTERS.length())));
    }
    return code.toString();
  }
}
