package coop.sportello.projects;

import coop.sportello.delivery.domain.DeliveryRules;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.database.AfterCommit;
import coop.sportello.platform.database.SqlErrors;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.platform.http.Access;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import coop.sportello.projects.domain.ProjectDraft;
import coop.sportello.projects.domain.ProjectRules;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.UUID;

/**
 * A cooperative's projects and funders (issue 23, part 2): list them with their use against the
 * budget, create, change and remove them, tie their services, and re-tag a booking to another
 * project (or none). The cooperative is always the admin's own, from the token; another
 * cooperative's project, service or booking is answered as an unknown one. Each change runs once
 * per Idempotency-Key in its own transaction ({@link AfterCommit#idempotent}).
 */
final class ProjectsService {

  static final Refusal NAME_TAKEN = Refusal.conflict("project-name-taken", "La cooperativa ha già un progetto con questo nome.");
  static final Refusal UNKNOWN_SERVICE = Refusal.invalid("unknown-service",
      "Uno dei servizi indicati non esiste o non è della tua cooperativa.");
  static final Refusal IN_USE = Refusal.conflict("project-in-use",
      "Il progetto ha prenotazioni: spostale su un altro progetto (o su nessuno) prima di eliminarlo.");
  static final Refusal NOT_COVERING = Refusal.conflict("project-not-covering",
      "Il periodo del progetto non comprende il giorno della prenotazione.");
  static final Refusal BOOKING_NOT_FOUND = Refusal.notFound("not-found",
      "Nessuna prenotazione della tua cooperativa con questo identificativo.");

  private final Pool pool;
  private final ProjectsRepository repository;

  ProjectsService(Pool pool, ProjectsRepository repository) {
    this.pool = pool;
    this.repository = repository;
  }

  /** The cooperative's projects with their use, and its services (for the tick list). */
  Future<JsonObject> list(Identity admin) {
    return Access.cooperative(admin).compose(provider -> repository.list(pool, provider)
        .compose(items -> repository.services(pool, provider)
            .map(services -> new JsonObject().put("items", withPercent(items)).put("services", services))));
  }

  /** One of the cooperative's projects with its use (404 for another's). */
  Future<JsonObject> one(Identity admin, UUID project) {
    return Access.cooperative(admin).compose(provider -> repository.one(pool, provider, project))
        .compose(found -> found.isPresent() ? Future.succeededFuture(withPercent(found.get()))
            : Future.failedFuture(Problem.of(ProjectRules.NOT_FOUND)));
  }

  /** Creates a project of the cooperative with its services; 201 with the project. */
  Future<Outcome> create(Identity admin, ProjectRules.Checked checked, Idempotency.Key key) {
    if (checked.refused()) {
      return Future.failedFuture(Problem.of(checked.refusal()));
    }
    ProjectDraft draft = checked.draft();
    return Access.cooperative(admin).compose(provider -> AfterCommit.idempotent(pool, key, (tx, after) ->
            repository.insert(tx, provider, draft, admin.subject())
                .compose(id -> repository.tieServices(tx, provider, id, draft.services())
                    .compose(v -> answer(tx, provider, id, 201)))))
        .recover(ProjectsService::explained);
  }

  /** Rewrites a project of the cooperative and makes its services exactly those given. */
  Future<Outcome> update(Identity admin, UUID project, ProjectRules.Checked checked, Idempotency.Key key) {
    if (checked.refused()) {
      return Future.failedFuture(Problem.of(checked.refusal()));
    }
    ProjectDraft draft = checked.draft();
    return Access.cooperative(admin).compose(provider -> AfterCommit.idempotent(pool, key, (tx, after) ->
            repository.update(tx, provider, project, draft).compose(found -> found
                ? repository.tieServices(tx, provider, project, draft.services()).compose(v -> answer(tx, provider, project, 200))
                : Future.failedFuture(Problem.of(ProjectRules.NOT_FOUND)))))
        .recover(ProjectsService::explained);
  }

  /** Removes a project of the cooperative that no booking counts against. */
  Future<Outcome> delete(Identity admin, UUID project, Idempotency.Key key) {
    return Access.cooperative(admin).compose(provider -> AfterCommit.idempotent(pool, key, (tx, after) ->
            repository.delete(tx, provider, project).compose(found -> found
                ? Future.succeededFuture(new Outcome(200, new JsonObject().put("id", project.toString()).put("deleted", true)))
                : Future.failedFuture(Problem.of(ProjectRules.NOT_FOUND)))))
        .recover(ProjectsService::explained);
  }

  /**
   * Re-tags a booking of the cooperative to another of its projects whose period covers the
   * booking's day, or to none ({@code project} null); refused while a month it has a session in
   * is closed (delivery's rule: what a closed month counted stays).
   */
  Future<Outcome> retag(Identity admin, UUID booking, UUID project, Idempotency.Key key) {
    return Access.cooperative(admin).compose(provider -> AfterCommit.idempotent(pool, key, (tx, after) ->
            repository.booking(tx, provider, booking).compose(found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(Problem.of(BOOKING_NOT_FOUND));
              }
              return repository.refuseIfClosed(tx, provider, booking)
                  .compose(v -> project == null ? Future.succeededFuture()
                      : repository.period(tx, provider, project).compose(period -> {
                        if (period.isEmpty()) {
                          return Future.failedFuture(Problem.of(ProjectRules.NOT_FOUND));
                        }
                        return period.get().covers(found.get().day()) ? Future.succeededFuture()
                            : Future.failedFuture(Problem.of(NOT_COVERING));
                      }))
                  .compose(v -> repository.tag(tx, booking, project))
                  .map(tagged -> new Outcome(200, new JsonObject().put("bookingId", booking.toString()).put("project", tagged)));
            })))
        .recover(ProjectsService::explained);
  }

  private Future<Outcome> answer(SqlConnection tx, UUID provider, UUID project, int status) {
    return repository.one(tx, provider, project).map(found -> new Outcome(status, withPercent(found.orElseThrow())));
  }

  /** Adds usedPercent: the share of the budget used, in hours or in euros as the budget is. */
  private static JsonObject withPercent(JsonObject project) {
    JsonObject use = project.getJsonObject("use");
    Long budgetMinutes = project.getLong("budgetMinutes");
    long used = budgetMinutes != null ? use.getLong("minutes") : use.getLong("cents");
    long budget = budgetMinutes != null ? budgetMinutes : project.getLong("budgetCents");
    return project.put("usedPercent", ProjectRules.usedPercent(used, budget).orElse(null));
  }

  private static JsonArray withPercent(JsonArray projects) {
    projects.forEach(p -> withPercent((JsonObject) p));
    return projects;
  }

  private static <T> Future<T> explained(Throwable failure) {
    if (SqlErrors.isCheckViolation(failure, DeliveryRules.CLOSED_MONTH_CONSTRAINT)) {
      return Future.failedFuture(Problem.of(DeliveryRules.MONTH_CLOSED));
    }
    if (SqlErrors.isUniqueViolation(failure, "projects_provider_id_name_key")) {
      return Future.failedFuture(Problem.of(NAME_TAKEN));
    }
    if (SqlErrors.violates(failure, SqlErrors.FOREIGN_KEY, "project_services_provider_id_service_id_fkey")) {
      return Future.failedFuture(Problem.of(UNKNOWN_SERVICE));
    }
    if (SqlErrors.violates(failure, SqlErrors.FOREIGN_KEY, "bookings_project_id_fkey")) {
      return Future.failedFuture(Problem.of(IN_USE));
    }
    return Future.failedFuture(failure);
  }
}
