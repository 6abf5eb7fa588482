package coop.sportello.companies;

import coop.sportello.booking.WalletRepository;
import coop.sportello.companies.domain.EmployeeList;
import coop.sportello.companies.domain.ImportPlan;
import coop.sportello.companies.domain.ImportPlan.Action;
import coop.sportello.companies.domain.ImportPlan.Decision;
import coop.sportello.companies.domain.PlanTerms;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Secrets;
import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.domain.CodiceFiscale;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * What a company's HR admin does: plan groups and plans, the employee import (a report first, then
 * all rows in one transaction), closing leavers, and the aggregates. The company is always the one
 * in the HR admin's verified token; every change is one transaction under the caller's
 * Idempotency-Key.
 */
public final class CompanyService {

  private final Pool pool;
  private final CompanyRepository repository;
  /** The funding path of {@code POST /welfare/plans/:id/fund}: an import opens wallets the same way. */
  private final WalletRepository wallets;

  CompanyService(Pool pool, CompanyRepository repository, WalletRepository wallets) {
    this.pool = pool;
    this.repository = repository;
    this.wallets = wallets;
  }

  private static UUID companyOf(Identity hr) {
    if (hr.companyId() == null) {
      throw Problem.forbidden("Il tuo account non è collegato a un'azienda.");
    }
    return UUID.fromString(hr.companyId());
  }

  private Future<Outcome> change(Idempotency.Key key, Function<SqlConnection, Future<Outcome>> work) {
    return pool.withTransaction(conn -> IdempotencyStore.once(conn, key, () -> work.apply(conn)));
  }

  private static <T> Future<T> refused(Refusal refusal) {
    return Future.failedFuture(Problem.of(refusal));
  }

  // ---- groups and plans -------------------------------------------------------------------------

  public Future<JsonObject> overview(Identity hr) {
    UUID company = companyOf(hr);
    return repository.overview(pool, company);
  }

  public Future<Outcome> createGroup(Identity hr, String name, Idempotency.Key key) {
    UUID company = companyOf(hr);
    return change(key, conn -> repository.createGroup(conn, company, name.trim())
        .map(id -> new Outcome(201, new JsonObject().put("id", id.toString()).put("name", name.trim()))))
        .recover(e -> Future.failedFuture(groupTaken(e)));
  }

  public Future<Outcome> renameGroup(Identity hr, UUID group, String name, Idempotency.Key key) {
    UUID company = companyOf(hr);
    return change(key, conn -> repository.renameGroup(conn, company, group, name.trim()).compose(done -> done
            ? Future.succeededFuture(new Outcome(200, new JsonObject().put("id", group.toString()).put("name", name.trim())))
            : Future.failedFuture(Problem.notFound("Nessun gruppo della tua azienda con questo identificativo."))))
        .recover(e -> Future.failedFuture(groupTaken(e)));
  }

  private static Throwable groupTaken(Throwable e) {
    return SqlErrors.isUniqueViolation(e, "employee_groups_company_id_name_key")
        ? Problem.conflict("group-exists", "La tua azienda ha già un gruppo con questo nome.") : e;
  }

  public Future<Outcome> createPlan(Identity hr, UUID group, PlanTerms terms, Idempotency.Key key) {
    UUID company = companyOf(hr);
    Optional<Refusal> wrong = terms.problem();
    if (wrong.isPresent()) {
      return refused(wrong.get());
    }
    return change(key, conn -> repository.createPlan(conn, company, group, terms).compose(id -> id.isPresent()
            ? Future.succeededFuture(new Outcome(201, new JsonObject().put("id", id.get().toString())))
            : Future.failedFuture(Problem.notFound("Nessun gruppo della tua azienda con questo identificativo."))))
        .recover(e -> Future.failedFuture(SqlErrors.isUniqueViolation(e, "welfare_plans_group_id_plan_year_key")
            ? Problem.conflict("plan-exists", "Questo gruppo ha già un piano per quell'anno: modificalo.") : e));
  }

  public Future<Outcome> updatePlan(Identity hr, UUID plan, PlanTerms terms, Idempotency.Key key) {
    UUID company = companyOf(hr);
    Optional<Refusal> wrong = terms.problem();
    if (wrong.isPresent()) {
      return refused(wrong.get());
    }
    return change(key, conn -> repository.updatePlan(conn, company, plan, terms).compose(done -> done
            ? Future.succeededFuture(new Outcome(200, new JsonObject().put("id", plan.toString())))
            : Future.failedFuture(Problem.notFound("Nessun piano welfare della tua azienda con questo identificativo."))))
        .recover(e -> Future.failedFuture(SqlErrors.violates(e, "23001", "welfare_plan_funded")
            ? Problem.conflict("plan-funded", "I conti di questo piano sono già stati aperti: le sue condizioni non cambiano più.")
            : SqlErrors.isUniqueViolation(e, "welfare_plans_group_id_plan_year_key")
            ? Problem.conflict("plan-exists", "Questo gruppo ha già un piano per quell'anno.") : e));
  }

  // ---- the employee import ----------------------------------------------------------------------

  /**
   * The report of what importing {@code csv} would do ({@code dryRun}: nothing is written), or the
   * import itself: all rows in one transaction, only when no row has a problem (else 422 with the
   * report). {@code closeMissing}: the file lists every employee, close those it leaves out.
   */
  public Future<Outcome> importEmployees(Identity hr, String csv, boolean closeMissing, boolean dryRun,
                                         Idempotency.Key key) {
    UUID company = companyOf(hr);
    EmployeeList.Read read = EmployeeList.read(csv);
    if (read.refusal().isPresent()) {
      return refused(read.refusal().get());
    }
    byte[] sha256 = Secrets.sha256(csv);
    if (dryRun) {
      return pool.withTransaction(conn -> repository.facts(conn, company, read.rows()))
          .map(facts -> new Outcome(200, ImportReport.of(ImportPlan.of(read.rows(), facts, closeMissing), false, sha256)));
    }
    return change(key, conn -> repository.lockCompany(conn, company).compose(name -> name.isEmpty()
        ? Future.failedFuture(Problem.notFound("La tua azienda non esiste più."))
        : repository.facts(conn, company, read.rows()).compose(facts -> {
          ImportPlan.Plan plan = ImportPlan.of(read.rows(), facts, closeMissing);
          if (plan.refused()) {
            return Future.failedFuture(new Problem(422, "employee-import-refused", "Dati non validi",
                "Alcune righe hanno problemi: correggile e riprova. Non è stato importato nulla.")
                .with("report", ImportReport.of(plan, false, sha256)));
          }
          return apply(conn, company, name.get(), hr.subject(), plan)
              .compose(closed -> repository.recordImport(conn, company, UUID.fromString(hr.subject()), sha256,
                  closeMissing, plan, closed))
              .map(v -> new Outcome(200, ImportReport.of(plan, true, sha256)));
        })))
        // Two people swapping badges in one file, or a race with another sign-up: a conflict, never a 500.
        .recover(e -> Future.failedFuture(SqlErrors.explain(e,
            "Un codice fiscale, un'e-mail o un badge del file è appena stato preso da un'altra persona: riprova.")));
  }

  /** Writes the plan row by row (in file order), closes the leavers, funds the running plans; answers how many it closed. */
  private Future<Integer> apply(SqlConnection conn, UUID company, String companyName, String actor, ImportPlan.Plan plan) {
    Future<Void> written = Future.succeededFuture();
    List<UUID> fundGroups = new ArrayList<>();
    for (Decision d : plan.decisions()) {
      if (d.action() != Action.UNCHANGED) {
        fundGroups.add(d.groupId());
      }
      written = written.compose(v -> write(conn, company, companyName, d));
    }
    Future<Integer> closed = written.map(0);
    for (ImportPlan.Current leaver : plan.leavers()) {
      closed = closed.compose(n -> repository.close(conn, company, leaver.accountId(), actor).map(done -> done ? n + 1 : n));
    }
    return closed.compose(n -> fundGroups.isEmpty() ? Future.succeededFuture(n)
        : repository.runningPlans(conn, company, fundGroups).compose(plans -> {
          Future<Void> funded = Future.succeededFuture();
          for (UUID planId : plans) {
            funded = funded.compose(v -> wallets.fund(conn, planId, company.toString(), actor).mapEmpty());
          }
          return funded.map(n);
        }));
  }

  private Future<Void> write(SqlConnection conn, UUID company, String companyName, Decision d) {
    EmployeeList.Row row = d.row();
    return switch (d.action()) {
      case CREATE -> repository.createAccount(conn, company, row)
          .compose(account -> repository.insertEmployee(conn, company, account, d.groupId(), row.badge(), true)
              .compose(v -> repository.invite(conn, account, companyName)));
      case ATTACH -> attach(conn, company, d.person().accountId())
          .compose(v -> repository.insertEmployee(conn, company, d.person().accountId(), d.groupId(), row.badge(), false));
      case UPDATE -> attach(conn, company, d.person().accountId())
          .compose(v -> repository.updateEmployee(conn, company, d.person().accountId(), d.groupId(), row.badge()))
          .compose(v -> d.emailChanges() || d.nameChanges()
              ? repository.correctInvited(conn, d.person().accountId(), row.email(), row.displayName()) : Future.succeededFuture())
          .compose(v -> d.emailChanges() ? repository.invite(conn, d.person().accountId(), companyName) : Future.succeededFuture());
      case UNCHANGED, REFUSED -> Future.succeededFuture();
    };
  }

  private Future<Void> attach(SqlConnection conn, UUID company, UUID account) {
    return repository.makeEmployee(conn, company, account).compose(done -> done ? Future.<Void>succeededFuture()
        : Future.failedFuture(Problem.conflict("employee-elsewhere",
            "L'account di una persona del file è collegato a un'altra azienda: non è stato importato nulla.")));
  }

  // ---- leavers ----------------------------------------------------------------------------------

  /** Closes one employee of the company by codice fiscale; closing one who already left changes nothing. */
  public Future<Outcome> closeLeaver(Identity hr, String codiceFiscale, Idempotency.Key key) {
    UUID company = companyOf(hr);
    String code = CodiceFiscale.normalize(codiceFiscale);
    Optional<CodiceFiscale.Problem> wrong = CodiceFiscale.check(code);
    if (wrong.isPresent()) {
      return refused(CodiceFiscale.refusal(wrong.get()));
    }
    return change(key, conn -> repository.employeeByCodiceFiscale(conn, company, code).compose(account -> account.isEmpty()
        ? Future.failedFuture(Problem.notFound("Nessun dipendente della tua azienda con questo codice fiscale."))
        : repository.close(conn, company, account.get(), hr.subject())
            .map(closed -> new Outcome(200, new JsonObject().put("closed", closed)))));
  }
}
