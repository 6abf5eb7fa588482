package coop.sportello.people;

import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All of the SQL behind what staff see about a person: who they are and what they have booked. */
final class PeopleRepository {

  private final Pool pool;

  PeopleRepository(Pool pool) {
    this.pool = pool;
  }

  /** Up to two accounts with this number (E.164): two means it is shared, and nobody is recognised by it. */
  Future<List<UUID>> withPhone(String e164) {
    return pool.preparedQuery("SELECT id FROM accounts WHERE phone = $1 LIMIT 2").execute(Tuple.of(e164))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getUUID(0)));
          return ids;
        });
  }

  /** The person by account id: name, residence (ISTAT code and name) and, for an employee, the company. */
  Future<Optional<JsonObject>> person(UUID account) {
    return pool.preparedQuery("""
            SELECT a.id, a.display_name, a.municipality, m.name AS municipality_name,
                   'employee' = ANY (a.roles) AS employee, c.id AS company_id, c.name AS company_name
              FROM accounts a
              LEFT JOIN municipalities m ON m.istat_code = a.municipality
              LEFT JOIN companies c ON c.id = a.company_id AND 'employee' = ANY (a.roles)
             WHERE a.id = $1""")
        .execute(Tuple.of(account))
        .map(rows -> Rows.first(rows, PeopleRepository::person));
  }

  /** The person's bookings still to come (held or confirmed, not yet over), soonest first, as booking_json shows them. */
  Future<JsonArray> upcomingBookings(UUID account, int limit) {
    return pool.preparedQuery("""
            SELECT booking_json(b, sv.title, sv.address) AS booking
              FROM bookings b JOIN services sv ON sv.id = b.service_id
             WHERE b.person = $1 AND b.status IN ('held','confirmed') AND b.ends_at > now()
             ORDER BY b.starts_at LIMIT $2""")
        .execute(Tuple.of(account.toString(), limit))
        .map(rows -> {
          JsonArray list = new JsonArray();
          rows.forEach(r -> list.add(r.getJsonObject("booking")));
          return list;
        });
  }

  private static JsonObject person(Row r) {
    UUID company = r.getUUID("company_id");
    return new JsonObject().put("id", r.getUUID("id").toString()).put("name", r.getString("display_name"))
        .put("municipality", r.getString("municipality")).put("municipalityName", r.getString("municipality_name"))
        .put("employee", r.getBoolean("employee"))
        .put("company", company == null ? null
            : new JsonObject().put("id", company.toString()).put("name", r.getString("company_name")));
  }
}
