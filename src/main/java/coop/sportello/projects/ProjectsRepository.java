package coop.sportello.projects;

import coop.sportello.platform.database.Rows;
import coop.sportello.projects.domain.ProjectDraft;
import coop.sportello.projects.domain.ProjectPeriod;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every SQL statement of projects (V54, V57): a cooperative's projects with their services and
 * their use (the one definition, VIEW {@code project_use}), and a booking's project. The
 * cooperative is always a parameter: another's project or booking is not found.
 */
final class ProjectsRepository {

  /** A project of alias {@code p} with its use from alias {@code u} (project_use, narrowed to the cooperative by its own column). */
  private static final String PROJECT = """
      SELECT jsonb_build_object('id', p.id, 'name', p.name, 'funder', p.funder, 'startsOn', p.starts_on, 'endsOn', p.ends_on,
               'budgetMinutes', p.budget_minutes, 'budgetCents', p.budget_cents,
               'use', jsonb_build_object('bookings', u.delivered_bookings, 'sessions', u.delivered_sessions,
                                         'minutes', u.delivered_minutes, 'cents', u.delivered_cents),
               'taggedBookings', (SELECT count(*) FROM bookings b WHERE b.project_id = p.id),
               'services', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', sv.id, 'title', sv.title) ORDER BY sv.title, sv.id), '[]')
                              FROM project_services ps JOIN services sv ON sv.id = ps.service_id WHERE ps.project_id = p.id)
             ) AS project
        FROM projects p JOIN project_use u ON u.project_id = p.id
       WHERE p.provider_id = $1 AND u.provider_id = $1""";

  /** The cooperative's projects, the latest period first. */
  Future<JsonArray> list(SqlClient c, UUID provider) {
    return c.preparedQuery(PROJECT + " ORDER BY p.starts_on DESC, p.name, p.id").execute(Tuple.of(provider))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(r.getJsonObject("project")));
          return items;
        });
  }

  /** One project of the cooperative; empty for another's or an unknown one. */
  Future<Optional<JsonObject>> one(SqlClient c, UUID provider, UUID project) {
    return c.preparedQuery(PROJECT + " AND p.id = $2").execute(Tuple.of(provider, project))
        .map(rows -> Rows.first(rows, r -> r.getJsonObject("project")));
  }

  /** The cooperative's services, for the tick list: [{id, title}] by title. */
  Future<JsonArray> services(SqlClient c, UUID provider) {
    return c.preparedQuery("""
            SELECT jsonb_build_object('id', id, 'title', title) AS service FROM services WHERE provider_id = $1 ORDER BY title, id""")
        .execute(Tuple.of(provider))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(r.getJsonObject("service")));
          return items;
        });
  }

  /** Inserts the project (no services yet); answers its id. */
  Future<UUID> insert(SqlConnection tx, UUID provider, ProjectDraft draft, String actor) {
    return tx.preparedQuery("""
            INSERT INTO projects (provider_id, name, funder, starts_on, ends_on, budget_minutes, budget_cents, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""")
        .execute(Tuple.of(provider, draft.name(), draft.funder(), draft.startsOn(), draft.endsOn(), draft.budgetMinutes(),
            draft.budgetCents(), actor))
        .map(rows -> rows.iterator().next().getUUID("id"));
  }

  /** Rewrites the cooperative's project; false when it has none with this id. */
  Future<Boolean> update(SqlConnection tx, UUID provider, UUID project, ProjectDraft draft) {
    return tx.preparedQuery("""
            UPDATE projects SET name = $3, funder = $4, starts_on = $5, ends_on = $6, budget_minutes = $7, budget_cents = $8
             WHERE id = $1 AND provider_id = $2""")
        .execute(Tuple.of(project, provider, draft.name(), draft.funder(), draft.startsOn(), draft.endsOn())
            .addValue(draft.budgetMinutes()).addValue(draft.budgetCents()))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Makes the project's services exactly {@code services}: the composite keys refuse a service of
   * another cooperative (or none) as they refuse an unknown one ({@code project_services_provider_id_service_id_fkey}).
   */
  Future<Void> tieServices(SqlConnection tx, UUID provider, UUID project, List<UUID> services) {
    return tx.preparedQuery("DELETE FROM project_services WHERE project_id = $1 AND NOT (service_id = ANY ($2))")
        .execute(Tuple.of(project).addArrayOfUUID(services.toArray(UUID[]::new)))
        .compose(v -> tx.preparedQuery("""
                INSERT INTO project_services (project_id, service_id, provider_id)
                SELECT $1, s, $2 FROM unnest($3::uuid[]) s ON CONFLICT DO NOTHING""")
            .execute(Tuple.of(project, provider).addArrayOfUUID(services.toArray(UUID[]::new))))
        .mapEmpty();
  }

  /** Removes the cooperative's project and its ties; false when it has none with this id. */
  Future<Boolean> delete(SqlConnection tx, UUID provider, UUID project) {
    return tx.preparedQuery("DELETE FROM project_services WHERE project_id = $1 AND provider_id = $2")
        .execute(Tuple.of(project, provider))
        .compose(v -> tx.preparedQuery("DELETE FROM projects WHERE id = $1 AND provider_id = $2").execute(Tuple.of(project, provider)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** A booking of the cooperative's services as a re-tag needs it (its Rome day), locked until the transaction ends. */
  record TaggedBooking(LocalDate day) {
  }

  /** The booking of the cooperative, locked; empty for another's or an unknown one. */
  Future<Optional<TaggedBooking>> booking(SqlConnection tx, UUID provider, UUID booking) {
    return tx.preparedQuery("""
            SELECT (b.starts_at AT TIME ZONE 'Europe/Rome')::date AS day
              FROM bookings b JOIN services sv ON sv.id = b.service_id
             WHERE b.id = $1 AND sv.provider_id = $2
               FOR UPDATE OF b""")
        .execute(Tuple.of(booking, provider))
        .map(rows -> Rows.first(rows, r -> new TaggedBooking(r.getLocalDate("day"))));
  }

  /**
   * Delivery's closed-month rule (V53's {@code delivery_refuse_if_closed}) for every month the
   * booking has a session in: fails with its check violation when one is closed, and otherwise
   * holds those months' locks shared until the commit, so a closing waits for this change.
   */
  Future<Void> refuseIfClosed(SqlConnection tx, UUID provider, UUID booking) {
    return tx.preparedQuery("""
            SELECT delivery_refuse_if_closed($1, m.month)
              FROM (SELECT DISTINCT date_trunc('month', s.starts_at AT TIME ZONE 'Europe/Rome')::date AS month
                      FROM booking_sessions($2) s ORDER BY 1) m""")
        .execute(Tuple.of(provider, booking))
        .mapEmpty();
  }

  /** The cooperative's project's period; empty for another's or an unknown one. */
  Future<Optional<ProjectPeriod>> period(SqlClient c, UUID provider, UUID project) {
    return c.preparedQuery("SELECT starts_on, ends_on FROM projects WHERE id = $1 AND provider_id = $2")
        .execute(Tuple.of(project, provider))
        .map(rows -> Rows.first(rows, r -> new ProjectPeriod(r.getLocalDate("starts_on"), r.getLocalDate("ends_on"))));
  }

  /** Sets the booking's project (null: none); answers the project as {id, name, funder}, or null. */
  Future<JsonObject> tag(SqlConnection tx, UUID booking, UUID project) {
    return tx.preparedQuery("""
            WITH b AS (UPDATE bookings SET project_id = $2 WHERE id = $1 RETURNING project_id)
            SELECT CASE WHEN p.id IS NULL THEN NULL ELSE jsonb_build_object('id', p.id, 'name', p.name, 'funder', p.funder) END AS project
              FROM b LEFT JOIN projects p ON p.id = b.project_id""")
        .execute(Tuple.of(booking, project))
        .map(rows -> rows.iterator().next().getJsonObject("project"));
  }
}
