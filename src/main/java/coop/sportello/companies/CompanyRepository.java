package coop.sportello.companies;

import coop.sportello.platform.auth.AuthRepository;
import coop.sportello.companies.domain.EmployeeList;
import coop.sportello.companies.domain.ImportPlan;
import coop.sportello.companies.domain.PlanTerms;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Every SQL statement of company onboarding: plan groups and plans, the facts an import is decided
 * on, its writes, leavers, and the aggregates an HR admin sees. Every statement names the company
 * (from the HR admin's token), so nothing reaches another company's rows.
 */
final class CompanyRepository {

  /** The company's name, locking its row: imports of one company run one after the other. */
  Future<Optional<String>> lockCompany(SqlClient c, UUID company) {
    return c.preparedQuery("SELECT name FROM companies WHERE id = $1 FOR UPDATE").execute(Tuple.of(company))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getString(0)) : Optional.empty());
  }

  // ---- groups and plans -------------------------------------------------------------------------

  Future<UUID> createGroup(SqlClient c, UUID company, String name) {
    return c.preparedQuery("INSERT INTO employee_groups (company_id, name) VALUES ($1, $2) RETURNING id")
        .execute(Tuple.of(company, name)).map(rows -> rows.iterator().next().getUUID(0));
  }

  Future<Boolean> renameGroup(SqlClient c, UUID company, UUID group, String name) {
    return c.preparedQuery("UPDATE employee_groups SET name = $3 WHERE company_id = $1 AND id = $2")
        .execute(Tuple.of(company, group, name)).map(rows -> rows.rowCount() == 1);
  }

  /** Empty when the group is not the company's. */
  Future<Optional<UUID>> createPlan(SqlClient c, UUID company, UUID group, PlanTerms terms) {
    return c.preparedQuery("""
            INSERT INTO welfare_plans (company_id, group_id, plan_year, credit_per_employee_cents, starts_on, ends_on, unused_credit)
            SELECT company_id, id, $3, $4, $5, $6, $7 FROM employee_groups WHERE company_id = $1 AND id = $2
            RETURNING id""")
        .execute(Tuple.of(company, group, terms.year(), terms.creditPerEmployeeCents(), terms.startsOn(), terms.endsOn(),
            terms.unusedCredit()))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getUUID(0)) : Optional.empty());
  }

  /** False when the plan is not the company's; a funded plan is refused by V32's trigger. */
  Future<Boolean> updatePlan(SqlClient c, UUID company, UUID plan, PlanTerms terms) {
    return c.preparedQuery("""
            UPDATE welfare_plans SET plan_year = $3, credit_per_employee_cents = $4, starts_on = $5, ends_on = $6,
                   unused_credit = $7
             WHERE company_id = $1 AND id = $2""")
        .execute(Tuple.of(company, plan, terms.year(), terms.creditPerEmployeeCents(), terms.startsOn(), terms.endsOn(),
            terms.unusedCredit()))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Plans running today of these groups: an import funds them for the people it brings in. */
  Future<List<UUID>> runningPlans(SqlClient c, UUID company, List<UUID> groups) {
    return c.preparedQuery("""
            SELECT id FROM welfare_plans WHERE company_id = $1 AND group_id = ANY ($2)
               AND starts_on <= current_date AND ends_on >= current_date""")
        .execute(Tuple.tuple().addUUID(company).addArrayOfUUID(groups.toArray(UUID[]::new)))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getUUID(0)));
          return ids;
        });
  }

  // ---- what an import is decided on -------------------------------------------------------------

  Future<ImportPlan.Facts> facts(SqlClient c, UUID company, List<EmployeeList.Row> rows) {
    String[] codes = rows.stream().map(EmployeeList.Row::codiceFiscale).filter(s -> !s.isEmpty()).distinct().toArray(String[]::new);
    String[] emails = rows.stream().map(EmployeeList.Row::email).filter(s -> !s.isEmpty()).distinct().toArray(String[]::new);
    String[] badges = rows.stream().map(EmployeeList.Row::badge).filter(s -> s != null).distinct().toArray(String[]::new);
    Map<String, UUID> groups = new HashMap<>();
    Map<String, ImportPlan.Person> people = new HashMap<>();
    Map<String, UUID> emailOwners = new HashMap<>();
    Map<String, UUID> badgeOwners = new HashMap<>();
    return c.preparedQuery("SELECT id, name FROM employee_groups WHERE company_id = $1").execute(Tuple.of(company))
        .compose(rs -> {
          rs.forEach(r -> groups.put(r.getString(1).toLowerCase(Locale.ROOT), r.getUUID(0)));
          return c.preparedQuery("""
                  SELECT a.id, a.codice_fiscale, a.email, a.company_id, e.company_id, e.group_id, e.badge_code,
                         e.left_on IS NOT NULL,
                         e.invited_at IS NOT NULL AND a.password_hash IS NULL
                           AND NOT EXISTS (SELECT 1 FROM auth_sessions s WHERE s.account_id = a.id),
                         a.display_name
                    FROM accounts a LEFT JOIN employees e ON e.account_id = a.id
                   WHERE a.codice_fiscale = ANY ($1) AND a.codice_fiscale_source <> 'declared'""")
              .execute(Tuple.tuple().addArrayOfString(codes));
        })
        .compose(rs -> {
          rs.forEach(r -> people.put(r.getString(1), person(r, company)));
          return c.preparedQuery("""
                  SELECT lower(email), id FROM accounts WHERE lower(email) = ANY ($1)
                  UNION ALL SELECT lower(username), id FROM accounts WHERE lower(username) = ANY ($1)""")
              .execute(Tuple.tuple().addArrayOfString(emails));
        })
        .compose(rs -> {
          rs.forEach(r -> emailOwners.put(r.getString(0), r.getUUID(1)));
          return c.preparedQuery("SELECT badge_code, account_id FROM employees WHERE badge_code = ANY ($1)")
              .execute(Tuple.tuple().addArrayOfString(badges));
        })
        .compose(rs -> {
          rs.forEach(r -> badgeOwners.put(r.getString(0), r.getUUID(1)));
          return current(c, company);
        })
        .map(current -> new ImportPlan.Facts(groups, people, emailOwners, badgeOwners, current));
  }

  private static ImportPlan.Person person(Row r, UUID company) {
    UUID accountCompany = r.getUUID(3);
    UUID employer = r.getUUID(4);
    boolean here = company.equals(employer);
    ImportPlan.Employee employee = here
        ? new ImportPlan.Employee(r.getUUID(5), r.getString(6), r.getBoolean(7), r.getBoolean(8), r.getString(9)) : null;
    return new ImportPlan.Person(r.getUUID(0), r.getString(2),
        accountCompany != null && !accountCompany.equals(company) ? accountCompany : null,
        employer != null && !here, employee);
  }

  private Future<List<ImportPlan.Current>> current(SqlClient c, UUID company) {
    return c.preparedQuery("""
            SELECT e.account_id, a.codice_fiscale, a.display_name FROM employees e JOIN accounts a ON a.id = e.account_id
             WHERE e.company_id = $1 AND e.left_on IS NULL ORDER BY a.display_name""")
        .execute(Tuple.of(company)).map(rows -> {
          List<ImportPlan.Current> current = new ArrayList<>();
          rows.forEach(r -> current.add(new ImportPlan.Current(r.getUUID(0), r.getString(1), r.getString(2))));
          return current;
        });
  }

  // ---- what an import writes --------------------------------------------------------------------

  /** A new account for a new person: no password yet (they choose one, or use SPID/CIE). */
  Future<UUID> createAccount(SqlClient c, UUID company, EmployeeList.Row row) {
    // A code only typed by someone at sign-up is not proof: the employer's payroll outranks it (V36),
    // so that typing a colleague's code never receives their welfare credit.
    return AuthRepository.releaseDeclaredCodiceFiscale(c, row.codiceFiscale())
        .compose(released -> c.preparedQuery("""
            INSERT INTO accounts (username, display_name, roles, company_id, codice_fiscale, codice_fiscale_source, email)
            VALUES ($1, $2, '{employee}', $3, $4, 'employer', $1) RETURNING id""")
        .execute(Tuple.of(row.email(), row.displayName(), company, row.codiceFiscale())))
        .map(rows -> rows.iterator().next().getUUID(0));
  }

  /** The person's own account becomes (again) an employee of the company; false if it belongs to another. */
  Future<Boolean> makeEmployee(SqlClient c, UUID company, UUID account) {
    return c.preparedQuery("""
            UPDATE accounts SET company_id = $2,
                   roles = CASE WHEN 'employee' = ANY (roles) THEN roles ELSE array_append(roles, 'employee') END
             WHERE id = $1 AND (company_id IS NULL OR company_id = $2)""")
        .execute(Tuple.of(account, company)).map(rows -> rows.rowCount() == 1);
  }

  Future<Void> insertEmployee(SqlClient c, UUID company, UUID account, UUID group, String badge, boolean invited) {
    return c.preparedQuery("""
            INSERT INTO employees (account_id, company_id, group_id, badge_code, invited_at)
            VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END)""")
        .execute(Tuple.of(account, company, group, badge, invited)).mapEmpty();
  }

  Future<Void> updateEmployee(SqlClient c, UUID company, UUID account, UUID group, String badge) {
    return c.preparedQuery("""
            UPDATE employees SET group_id = $3, badge_code = $4, left_on = NULL WHERE account_id = $1 AND company_id = $2""")
        .execute(Tuple.of(account, company, group, badge)).mapEmpty();
  }

  /** Corrects what the company typed for an account it created that nobody has signed in with yet. */
  Future<Void> correctInvited(SqlClient c, UUID account, String email, String displayName) {
    return c.preparedQuery("""
            UPDATE accounts SET email = $2, username = $2, display_name = $3 WHERE id = $1 AND password_hash IS NULL""")
        .execute(Tuple.of(account, email, displayName)).mapEmpty();
  }

  /** The invitation message (part A's template), in the import's transaction. */
  Future<Void> invite(SqlClient c, UUID account, String companyName) {
    return c.preparedQuery("INSERT INTO outbox (topic, recipient, payload) VALUES ('account.invitation', $1, $2)")
        .execute(Tuple.of(account.toString(), new JsonObject().put("organisation", companyName)
            .put("roles", new JsonArray().add("employee"))))
        .mapEmpty();
  }

  Future<Void> recordImport(SqlClient c, UUID company, UUID by, byte[] sha256, boolean closesMissing,
                            ImportPlan.Plan plan, int closed) {
    return c.preparedQuery("""
            INSERT INTO employee_imports (company_id, imported_by, file_sha256, closes_missing, rows_total, created,
                                          attached, updated, unchanged, closed)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""")
        .execute(Tuple.of(company, by, io.vertx.core.buffer.Buffer.buffer(sha256), closesMissing, plan.decisions().size())
            .addInteger((int) plan.count(ImportPlan.Action.CREATE)).addInteger((int) plan.count(ImportPlan.Action.ATTACH))
            .addInteger((int) plan.count(ImportPlan.Action.UPDATE)).addInteger((int) plan.count(ImportPlan.Action.UNCHANGED))
            .addInteger(closed))
        .mapEmpty();
  }

  // ---- leavers ----------------------------------------------------------------------------------

  /** The current employee of the company with this codice fiscale. */
  Future<Optional<UUID>> employeeByCodiceFiscale(SqlClient c, UUID company, String codiceFiscale) {
    return c.preparedQuery("""
            SELECT e.account_id FROM employees e JOIN accounts a ON a.id = e.account_id
             WHERE e.company_id = $1 AND a.codice_fiscale = $2""")
        .execute(Tuple.of(company, codiceFiscale))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getUUID(0)) : Optional.empty());
  }

  /**
   * Closes an employee once: the conditional update finds them still employed (a second or
   * concurrent close waits on the row, then finds them gone and does nothing more). Then the role
   * goes (the account stays: the person may still be a citizen) and the credit of plans whose
   * unused credit expires goes back, each wallet with its 'expiry' ledger row. Credit that carries
   * over stays in the wallet. Answers whether this call closed them.
   */
  Future<Boolean> close(SqlClient c, UUID company, UUID account, String actor) {
    return c.preparedQuery("""
            UPDATE employees SET left_on = current_date WHERE account_id = $1 AND company_id = $2 AND left_on IS NULL
            RETURNING account_id""")
        .execute(Tuple.of(account, company))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false) : c.preparedQuery("""
                UPDATE accounts SET
                       roles = CASE WHEN roles = '{employee}' THEN '{citizen}' ELSE array_remove(roles, 'employee') END,
                       company_id = CASE WHEN 'hr_admin' = ANY (roles) THEN company_id END
                 WHERE id = $1""").execute(Tuple.of(account))
            .compose(v -> c.preparedQuery("""
                WITH due AS (
                  SELECT w.account_id, w.plan_id, w.balance_cents FROM wallets w JOIN welfare_plans p ON p.id = w.plan_id
                   WHERE w.account_id = $1 AND p.company_id = $2 AND p.unused_credit = 'expires' AND w.balance_cents > 0
                   FOR UPDATE OF w
                ), emptied AS (
                  UPDATE wallets w SET balance_cents = 0 FROM due WHERE w.account_id = due.account_id AND w.plan_id = due.plan_id
                )
                INSERT INTO wallet_ledger (account_id, plan_id, amount_cents, kind, actor)
                SELECT account_id, plan_id, -balance_cents, 'expiry', $3 FROM due""")
                .execute(Tuple.of(account, company, actor)))
            .map(true));
  }

  // ---- what the HR admin sees -------------------------------------------------------------------

  /**
   * The company, its groups with head counts, each group's plans with money totals, and the last
   * imports: numbers only, never a person's services or bookings.
   */
  Future<JsonObject> overview(SqlClient c, UUID company) {
    JsonObject answer = new JsonObject();
    Map<UUID, JsonObject> groups = new HashMap<>();
    JsonArray groupList = new JsonArray();
    return c.preparedQuery("SELECT name FROM companies WHERE id = $1").execute(Tuple.of(company))
        .compose(rs -> {
          answer.put("company", rs.iterator().hasNext() ? rs.iterator().next().getString(0) : null);
          return c.preparedQuery("""
                  SELECT g.id, g.name,
                         count(e.account_id) FILTER (WHERE e.left_on IS NULL),
                         count(e.account_id) FILTER (WHERE e.left_on IS NULL AND e.invited_at IS NOT NULL),
                         count(e.account_id) FILTER (WHERE e.left_on IS NULL AND (a.password_hash IS NOT NULL
                           OR EXISTS (SELECT 1 FROM auth_sessions s WHERE s.account_id = a.id))),
                         count(e.account_id) FILTER (WHERE e.left_on IS NOT NULL)
                    FROM employee_groups g LEFT JOIN employees e ON e.group_id = g.id
                    LEFT JOIN accounts a ON a.id = e.account_id
                   WHERE g.company_id = $1 GROUP BY g.id, g.name ORDER BY g.name""").execute(Tuple.of(company));
        })
        .compose(rs -> {
          rs.forEach(r -> {
            JsonObject group = new JsonObject().put("id", r.getUUID(0).toString()).put("name", r.getString(1))
                .put("employees", r.getLong(2)).put("invited", r.getLong(3)).put("activated", r.getLong(4))
                .put("left", r.getLong(5)).put("plans", new JsonArray());
            groups.put(r.getUUID(0), group);
            groupList.add(group);
          });
          return c.preparedQuery("""
                  SELECT p.id, p.group_id, p.plan_year, p.credit_per_employee_cents, p.starts_on, p.ends_on, p.unused_credit,
                         (SELECT count(*) FROM wallets w WHERE w.plan_id = p.id),
                         COALESCE((SELECT sum(balance_cents) FROM wallets w WHERE w.plan_id = p.id), 0),
                         COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind = 'fund'), 0),
                         COALESCE(-sum(l.amount_cents) FILTER (WHERE l.kind IN ('payment', 'refund')), 0),
                         COALESCE(-sum(l.amount_cents) FILTER (WHERE l.kind = 'expiry'), 0)
                    FROM welfare_plans p LEFT JOIN wallet_ledger l ON l.plan_id = p.id
                   WHERE p.company_id = $1 GROUP BY p.id ORDER BY p.plan_year DESC, p.starts_on""").execute(Tuple.of(company));
        })
        .compose(rs -> {
          rs.forEach(r -> groups.get(r.getUUID(1)).getJsonArray("plans").add(new JsonObject()
              .put("id", r.getUUID(0).toString()).put("groupId", r.getUUID(1).toString()).put("year", r.getInteger(2))
              .put("creditPerEmployeeCents", r.getInteger(3)).put("startsOn", r.getLocalDate(4).toString())
              .put("endsOn", r.getLocalDate(5).toString()).put("unusedCredit", r.getString(6))
              .put("wallets", r.getLong(7)).put("funded", r.getLong(7) > 0)
              .put("residualCents", r.getLong(8)).put("fundedCents", r.getLong(9)).put("usedCents", r.getLong(10))
              .put("expiredCents", r.getLong(11))));
          return c.preparedQuery("""
                  SELECT i.imported_at, a.display_name, encode(i.file_sha256, 'hex'), i.closes_missing, i.rows_total,
                         i.created, i.attached, i.updated, i.unchanged, i.closed
                    FROM employee_imports i JOIN accounts a ON a.id = i.imported_by
                   WHERE i.company_id = $1 ORDER BY i.imported_at DESC LIMIT 10""").execute(Tuple.of(company));
        })
        .map(rs -> {
          JsonArray imports = new JsonArray();
          rs.forEach(r -> imports.add(new JsonObject().put("at", r.getOffsetDateTime(0).toInstant().toString())
              .put("by", r.getString(1)).put("fileSha256", r.getString(2)).put("closesMissing", r.getBoolean(3))
              .put("rows", r.getInteger(4)).put("created", r.getInteger(5)).put("attached", r.getInteger(6))
              .put("updated", r.getInteger(7)).put("unchanged", r.getInteger(8)).put("closed", r.getInteger(9))));
          return answer.put("groups", groupList).put("imports", imports);
        });
  }
}
