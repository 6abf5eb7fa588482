package coop.sportello.statements;

import coop.sportello.statements.domain.CreditUse;
import coop.sportello.statements.domain.PlanUse;
import coop.sportello.statements.domain.Statement;
import coop.sportello.statements.domain.StatementMonth;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Every statement of the statements capability: reads only, from the money tables of V37
 * (payments, money_ledger) and the bookings they pay. A month is [from, until) in Europe/Rome
 * ({@link StatementMonth}); a cooperative or a company is always the caller's own.
 */
final class StatementsRepository {

  /** The month's payments of the cooperative's bookings (starting in the month), a page of them, with the month's sums. */
  private static final String PAYMENTS = """
      SELECT count(*) OVER () AS total,
             sum(p.amount_cents) FILTER (WHERE p.state = 'due') OVER () AS due_cents,
             sum(p.amount_cents - p.refunded_cents) FILTER (WHERE p.state = 'completed') OVER () AS completed_cents,
             jsonb_build_object('id', p.id, 'bookingId', b.id, 'code', b.code,
               'service', jsonb_build_object('id', sv.id, 'title', sv.title),
               'start', rome_iso(b.starts_at), 'end', rome_iso(b.ends_at), 'bookingStatus', b.status,
               'personName', a.display_name, 'method', p.method, 'state', p.state, 'means', p.means,
               'amountCents', p.amount_cents, 'refundedCents', p.refunded_cents,
               'createdAt', rome_iso(p.created_at), 'completedAt', rome_iso(p.completed_at)) AS item
        FROM payments p JOIN bookings b ON b.id = p.booking_id JOIN services sv ON sv.id = b.service_id
        LEFT JOIN accounts a ON a.id::text = b.person
       WHERE p.provider_id = $1 AND b.starts_at >= $2 AND b.starts_at < $3
       ORDER BY b.starts_at, b.code, p.created_at, p.id
       LIMIT $4 OFFSET $5""";

  /**
   * The month's facts for a statement, in one statement (one snapshot): the fee, the bookings
   * delivered (confirmed, ended in the month, and ended already), the ledger's rows by method and
   * kind, and the card payments by amount (the fee is per payment).
   */
  private static final String STATEMENT = """
      SELECT (SELECT platform_fee_bps FROM providers WHERE id = $1) AS fee_bps,
             d.bookings, d.cents,
             (SELECT COALESCE(jsonb_agg(jsonb_build_object('method', g.method, 'kind', g.kind, 'movements', g.n, 'cents', g.cents)), '[]')
                FROM (SELECT method, kind, count(*) AS n, sum(amount_cents) AS cents FROM money_ledger
                       WHERE provider_id = $1 AND at >= $2 AND at < $3 GROUP BY method, kind) g) AS ledger,
             (SELECT COALESCE(jsonb_agg(jsonb_build_object('amount', c.amount_cents, 'n', c.n)), '[]')
                FROM (SELECT amount_cents, count(*) AS n FROM money_ledger
                       WHERE provider_id = $1 AND at >= $2 AND at < $3 AND kind = 'payment' AND method = 'card'
                       GROUP BY amount_cents) c) AS card
        FROM (SELECT count(*) AS bookings, COALESCE(sum(b.price_cents), 0) AS cents
                FROM bookings b JOIN services sv ON sv.id = b.service_id
               WHERE sv.provider_id = $1 AND b.status = 'confirmed' AND b.ends_at >= $2 AND b.ends_at < $3
                 AND b.ends_at <= now()) d""";

  /**
   * The company's ($1) welfare credit moved in [$2, $3): spent and refunded, from the ledger's rows
   * joined to their payment's plan and their booking's service area ({@code sa}) and person ({@code p.person}).
   */
  private static final String CREDIT_MOVED = """
      COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind = 'payment'), 0) AS spent,
             COALESCE(-sum(l.amount_cents) FILTER (WHERE l.kind = 'refund'), 0) AS refunded
        FROM money_ledger l JOIN payments p ON p.id = l.payment_id JOIN welfare_plans wp ON wp.id = p.wallet_plan
        JOIN bookings b ON b.id = l.booking_id JOIN services sv ON sv.id = b.service_id
        JOIN service_areas sa ON sa.code = sv.area
       WHERE wp.company_id = $1 AND l.method = 'welfare_credit' AND l.at >= $2 AND l.at < $3""";

  /**
   * The company's welfare credit moved in the month per area and person: the person is a number
   * standing for them in this answer only (dense_rank), so no id leaves the database.
   */
  private static final String CREDIT_USE = """
      SELECT sa.code AS area, dense_rank() OVER (ORDER BY p.person) AS person, %s
       GROUP BY sa.code, sa.position, p.person
       ORDER BY sa.position, person""".formatted(CREDIT_MOVED);

  /**
   * The company's welfare credit moved in a year per area, Rome month and person (a number standing
   * for them in this answer only), and the year's plans: credit granted to wallets, used, by how many.
   */
  private static final String PLAN_USE = """
      SELECT sa.code AS area, extract(month FROM l.at AT TIME ZONE 'Europe/Rome')::int AS month,
             dense_rank() OVER (ORDER BY p.person) AS person, %s
       GROUP BY sa.code, sa.position, 2, p.person
       ORDER BY sa.position, month, person""".formatted(CREDIT_MOVED);

  private static final String PLAN_TOTALS = """
      SELECT COALESCE(sum(wl.amount_cents) FILTER (WHERE wl.kind = 'fund'), 0) AS granted,
             COALESCE(-sum(wl.amount_cents) FILTER (WHERE wl.kind IN ('payment', 'refund')), 0) AS used,
             count(DISTINCT wl.account_id) FILTER (WHERE wl.kind = 'payment') AS people
        FROM wallet_ledger wl JOIN welfare_plans wp ON wp.id = wl.plan_id
       WHERE wp.company_id = $1 AND wp.plan_year = $2""";

  private final Pool pool;

  StatementsRepository(Pool pool) {
    this.pool = pool;
  }

  /** {total, dueCents, completedCents, items} for the page. */
  Future<JsonObject> payments(UUID provider, StatementMonth month, int limit, int offset) {
    return pool.preparedQuery(PAYMENTS).execute(Tuple.of(provider, month.from(), month.until(), limit, offset)).map(rows -> {
      JsonArray items = new JsonArray();
      long total = 0;
      long due = 0;
      long completed = 0;
      for (Row r : rows) {
        total = r.getLong("total");
        due = r.getLong("due_cents") == null ? 0 : r.getLong("due_cents");
        completed = r.getLong("completed_cents") == null ? 0 : r.getLong("completed_cents");
        items.add(r.getJsonObject("item"));
      }
      return new JsonObject().put("total", total).put("dueCents", due).put("completedCents", completed).put("items", items);
    });
  }

  Future<Statement> statement(UUID provider, StatementMonth month) {
    return pool.preparedQuery(STATEMENT).execute(Tuple.of(provider, month.from(), month.until())).map(rows -> {
      Row r = rows.iterator().next();
      List<Statement.LedgerTotal> ledger = new ArrayList<>();
      for (Object o : (JsonArray) r.getValue("ledger")) {
        JsonObject g = (JsonObject) o;
        ledger.add(new Statement.LedgerTotal(g.getString("method"), g.getString("kind"), g.getLong("movements"), g.getLong("cents")));
      }
      List<Statement.CardAmount> card = new ArrayList<>();
      for (Object o : (JsonArray) r.getValue("card")) {
        JsonObject c = (JsonObject) o;
        card.add(new Statement.CardAmount(c.getLong("amount"), c.getLong("n")));
      }
      Integer bps = r.getInteger("fee_bps");
      return Statement.of(month, bps == null ? 0 : bps, r.getLong("bookings"), r.getLong("cents"), ledger, card);
    });
  }

  /** The company's welfare credit moved in the year, by area and month, small groups hidden ({@link PlanUse}). */
  Future<PlanUse> planUse(UUID company, int year, List<String> areas) {
    StatementMonth january = new StatementMonth(YearMonth.of(year, 1));
    StatementMonth december = new StatementMonth(YearMonth.of(year, 12));
    return pool.preparedQuery(PLAN_TOTALS).execute(Tuple.of(company, year)).compose(totals -> {
      Row t = totals.iterator().next();
      PlanUse.Plan plan = PlanUse.Plan.of(t.getLong("granted"), t.getLong("used"), t.getLong("people"));
      return pool.preparedQuery(PLAN_USE).execute(Tuple.of(company, january.from(), december.until())).map(rows -> {
        List<PlanUse.Spending> spending = new ArrayList<>();
        for (Row r : rows) {
          spending.add(new PlanUse.Spending(r.getString("area"), r.getInteger("month"), r.getLong("person"),
              r.getLong("spent"), r.getLong("refunded")));
        }
        return PlanUse.of(year, areas, spending, plan);
      });
    });
  }

  /** The company's welfare credit moved in the month, by area, small areas merged or left out ({@link CreditUse}). */
  Future<CreditUse> creditUse(UUID company, StatementMonth month) {
    return pool.preparedQuery(CREDIT_USE).execute(Tuple.of(company, month.from(), month.until())).map(rows -> {
      List<CreditUse.Spending> spending = new ArrayList<>();
      for (Row r : rows) {
        spending.add(new CreditUse.Spending(r.getString("area"), r.getLong("person"), r.getLong("spent"), r.getLong("refunded")));
      }
      return CreditUse.of(month, spending);
    });
  }

}
