package coop.sportello.booking;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/** Every SQL statement of welfare wallets, their ledger and the fringe-benefit usage. */
public final class WalletRepository {

  private final Pool pool;

  public WalletRepository(Pool pool) {
    this.pool = pool;
  }

  /** Opens a funded wallet for every employee of the plan's group; a plan funds each employee once. */
  public Future<Optional<Integer>> fund(SqlClient c, UUID planId, String companyId, String actor) {
    return c.preparedQuery("""
            WITH plan AS (
              SELECT id, group_id, credit_per_employee_cents FROM welfare_plans WHERE id = $1 AND company_id = $2::uuid
            ), funded AS (
              INSERT INTO wallets (account_id, plan_id, balance_cents)
              SELECT e.account_id, p.id, p.credit_per_employee_cents FROM plan p JOIN employees e ON e.group_id = p.group_id
              ON CONFLICT DO NOTHING
              RETURNING account_id, plan_id, balance_cents
            ), ledger AS (
              INSERT INTO wallet_ledger (account_id, plan_id, amount_cents, kind, actor)
              SELECT account_id, plan_id, balance_cents, 'fund', $3 FROM funded)
            SELECT (SELECT count(*) FROM plan), (SELECT count(*) FROM funded)""")
        .execute(Tuple.of(planId, companyId, actor))
        .map(rows -> {
          Row r = rows.iterator().next();
          return r.getLong(0) == 0 ? Optional.empty() : Optional.of(r.getLong(1).intValue());
        });
  }

  /**
   * Takes {@code cents} from the person's wallet of a plan valid on {@code day} (or an ended plan
   * whose credit carries over), only if the balance covers it. Empty when no wallet can pay.
   */
  public Future<Optional<UUID>> debit(SqlClient c, String person, LocalDate day, int cents) {
    return c.preparedQuery("""
            UPDATE wallets w SET balance_cents = w.balance_cents - $3
              FROM welfare_plans p
             WHERE w.account_id = $1::uuid AND p.id = w.plan_id AND p.starts_on <= $2
               AND (p.ends_on >= $2 OR p.unused_credit = 'carries_over')
               AND w.balance_cents >= $3
               AND w.plan_id = (SELECT w2.plan_id FROM wallets w2 JOIN welfare_plans p2 ON p2.id = w2.plan_id
                                 WHERE w2.account_id = $1::uuid AND p2.starts_on <= $2
                                   AND (p2.ends_on >= $2 OR p2.unused_credit = 'carries_over') AND w2.balance_cents >= $3
                                 ORDER BY p2.ends_on LIMIT 1)
            RETURNING w.plan_id""")
        .execute(Tuple.of(person, day, cents))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getUUID(0)) : Optional.empty());
  }

  /**
   * What the person's credit can pay on {@code day}: the largest balance of one wallet usable then
   * (a payment comes from one wallet) and their fringe-benefit usage of that year so far.
   */
  public Future<CreditHeld> creditHeld(SqlClient c, String person, LocalDate day) {
    return c.preparedQuery("""
            SELECT (SELECT coalesce(max(w.balance_cents), 0) FROM wallets w JOIN welfare_plans p ON p.id = w.plan_id
                     WHERE w.account_id = $1::uuid AND p.starts_on <= $2
                       AND (p.ends_on >= $2 OR p.unused_credit = 'carries_over')),
                   (SELECT coalesce(max(used_cents), 0) FROM fringe_benefit_usage
                     WHERE account_id = $1::uuid AND tax_year = $3)""")
        .execute(Tuple.of(person, day, day.getYear()))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new CreditHeld(r.getInteger(0), r.getInteger(1));
        });
  }

  /** The largest one-wallet balance usable on a day, and the fringe benefits used that year (cents). */
  public record CreditHeld(int balanceCents, int fringeUsedCents) { }

  /** Adds to the employee's fringe-benefit usage of the year, only within the limit. */
  public Future<Boolean> useFringeBenefit(SqlClient c, String person, int year, int cents, int limitCents) {
    return c.preparedQuery("""
            INSERT INTO fringe_benefit_usage (account_id, tax_year, used_cents, limit_cents)
            SELECT $1::uuid, $2::int, $3::int, $4::int WHERE $3::int <= $4::int
            ON CONFLICT (account_id, tax_year) DO UPDATE
              SET used_cents = fringe_benefit_usage.used_cents + EXCLUDED.used_cents
              WHERE fringe_benefit_usage.used_cents + EXCLUDED.used_cents <= fringe_benefit_usage.limit_cents
            RETURNING used_cents""")
        .execute(Tuple.of(person, year, cents, limitCents)).map(rows -> rows.rowCount() == 1);
  }

  /** A ledger row; {@code consentId} names the approved consent a payment spends when its actor is not the person (V20). */
  public Future<Void> record(SqlClient c, String person, UUID planId, int amountCents, String kind, UUID bookingId,
                             String actor, UUID consentId) {
    return c.preparedQuery("""
            INSERT INTO wallet_ledger (account_id, plan_id, amount_cents, kind, booking_id, actor, consent_id)
            VALUES ($1::uuid, $2, $3, $4, $5, $6, $7)""")
        .execute(Tuple.of(person, planId, amountCents, kind, bookingId, actor, consentId)).mapEmpty();
  }

  public Future<Void> markPaid(SqlClient c, UUID bookingId, int cents, UUID planId, Integer fringeYear) {
    return c.preparedQuery("UPDATE bookings SET paid_cents = $2, paid_from_plan = $3, fringe_year = $4 WHERE id = $1")
        .execute(Tuple.of(bookingId, cents, planId, fringeYear)).mapEmpty();
  }

  /** Gives back what a booking paid (once: the booking forgets the payment in the same statement). */
  public Future<Void> refund(SqlClient c, UUID bookingId, String actor) {
    return c.preparedQuery("""
            WITH paid AS (
              SELECT id, person, paid_cents, paid_from_plan, fringe_year FROM bookings
               WHERE id = $1 AND paid_cents > 0 FOR UPDATE
            ), cleared AS (
              UPDATE bookings b SET paid_cents = 0 FROM paid WHERE b.id = paid.id
            ), credited AS (
              UPDATE wallets w SET balance_cents = w.balance_cents + paid.paid_cents
                FROM paid WHERE w.account_id = paid.person::uuid AND w.plan_id = paid.paid_from_plan
            ), fringe AS (
              UPDATE fringe_benefit_usage f SET used_cents = f.used_cents - paid.paid_cents
                FROM paid WHERE paid.fringe_year IS NOT NULL AND f.account_id = paid.person::uuid AND f.tax_year = paid.fringe_year
            )
            INSERT INTO wallet_ledger (account_id, plan_id, amount_cents, kind, booking_id, actor)
            SELECT person::uuid, paid_from_plan, paid_cents, 'refund', id, $2 FROM paid""")
        .execute(Tuple.of(bookingId, actor)).mapEmpty();
  }

  /** Moves a payment from one booking to its replacement (a reschedule keeps what was paid). */
  public Future<Void> movePayment(SqlClient c, UUID from, UUID to) {
    return c.preparedQuery("""
            WITH old AS (SELECT paid_cents, paid_from_plan, fringe_year FROM bookings WHERE id = $1),
                 moved AS (UPDATE bookings b SET paid_cents = old.paid_cents, paid_from_plan = old.paid_from_plan,
                                                fringe_year = old.fringe_year FROM old WHERE b.id = $2)
            UPDATE bookings SET paid_cents = 0 WHERE id = $1""")
        .execute(Tuple.of(from, to)).mapEmpty();
  }

  /** Ended plans whose unused credit expires: balances to zero, each with its ledger row. */
  public Future<Integer> expireEndedPlans() {
    return pool.query("""
            WITH due AS (
              SELECT w.account_id, w.plan_id, w.balance_cents FROM wallets w JOIN welfare_plans p ON p.id = w.plan_id
               WHERE p.ends_on < current_date AND p.unused_credit = 'expires' AND w.balance_cents > 0
               FOR UPDATE OF w
            ), emptied AS (
              UPDATE wallets w SET balance_cents = 0 FROM due WHERE w.account_id = due.account_id AND w.plan_id = due.plan_id
            )
            INSERT INTO wallet_ledger (account_id, plan_id, amount_cents, kind, actor)
            SELECT account_id, plan_id, -balance_cents, 'expiry', 'system' FROM due""")
        .execute().map(rows -> rows.rowCount());
  }

  public Future<JsonObject> walletOf(String person) {
    Future<JsonArray> wallets = pool.preparedQuery("""
            SELECT w.plan_id, p.plan_year, p.ends_on, p.unused_credit, w.balance_cents,
                   (SELECT COALESCE(sum(amount_cents), 0) FROM wallet_ledger l
                     WHERE l.account_id = w.account_id AND l.plan_id = w.plan_id) AS ledger_sum
              FROM wallets w JOIN welfare_plans p ON p.id = w.plan_id WHERE w.account_id = $1::uuid ORDER BY p.plan_year""")
        .execute(Tuple.of(person)).map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(new JsonObject().put("planId", r.getUUID(0).toString()).put("year", r.getInteger(1))
              .put("endsOn", r.getLocalDate(2).toString()).put("unusedCredit", r.getString(3))
              .put("balanceCents", r.getInteger(4)).put("ledgerCents", r.getLong(5))));
          return items;
        });
    Future<JsonArray> movements = pool.preparedQuery("""
            SELECT at, amount_cents, kind, booking_id, plan_id FROM wallet_ledger WHERE account_id = $1::uuid
             ORDER BY id DESC LIMIT 100""")
        .execute(Tuple.of(person)).map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(new JsonObject().put("at", r.getOffsetDateTime(0).toString())
              .put("amountCents", r.getInteger(1)).put("kind", r.getString(2))
              .put("bookingId", r.getUUID(3) == null ? null : r.getUUID(3).toString()).put("planId", r.getUUID(4).toString())));
          return items;
        });
    return Future.all(wallets, movements).map(v -> new JsonObject()
        .put("wallets", wallets.result()).put("movements", movements.result()));
  }

  public Future<Optional<JsonObject>> payingFacts(SqlClient c, UUID bookingId) {
    return c.preparedQuery("""
            SELECT b.price_cents AS price, sv.welfare_letter,
                   (b.starts_at AT TIME ZONE 'Europe/Rome')::date AS day,
                   COALESCE(e.has_dependent_children, false) AS children, e.account_id IS NOT NULL AS employee
              FROM bookings b JOIN services sv ON sv.id = b.service_id
              LEFT JOIN employees e ON e.account_id::text = b.person
             WHERE b.id = $1""")
        .execute(Tuple.of(bookingId))
        .map(rows -> {
          if (!rows.iterator().hasNext()) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(new JsonObject().put("price", r.getInteger(0)).put("letter", r.getString(1))
              .put("day", r.getLocalDate(2).toString()).put("children", r.getBoolean(3)).put("employee", r.getBoolean(4)));
        });
  }
}
