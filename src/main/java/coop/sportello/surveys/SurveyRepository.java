package coop.sportello.surveys;

import coop.sportello.surveys.domain.ServiceKind;
import coop.sportello.surveys.domain.SurveyAnswer;
import coop.sportello.surveys.domain.SurveyResults;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every SQL statement of the needs survey (V56). An answer is written with its respondent row in one
 * transaction, then the survey's answers are rewritten in random order with new random keys (the
 * shuffle), so that the answers carry neither the transaction id nor the place of the respondent's.
 */
final class SurveyRepository {

  private static final String SURVEY_JSON = """
      jsonb_build_object('id', s.id, 'title', s.title, 'opensOn', s.opens_on, 'closesOn', s.closes_on,
        'companyId', s.company_id, 'companyName', c.name, 'createdAt', utc_iso(s.created_at),
        'answers', (SELECT count(*) FROM survey_respondents r WHERE r.survey_id = s.id))""";

  /** A survey as its reader sees it (null company: the network's). */
  record Survey(UUID id, UUID company, LocalDate opensOn, LocalDate closesOn, JsonObject json) {
  }

  /** The employee's company, when the account is an employee who has not left. */
  Future<Optional<UUID>> employer(SqlClient client, UUID person) {
    return client.preparedQuery("SELECT company_id FROM employees WHERE account_id = $1 AND left_on IS NULL")
        .execute(Tuple.of(person))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID(0)));
  }

  Future<JsonObject> create(SqlConnection tx, UUID company, String title, LocalDate opensOn, LocalDate closesOn, String by) {
    return tx.preparedQuery("""
            WITH s AS (INSERT INTO surveys (company_id, title, opens_on, closes_on, created_by) VALUES ($1, $2, $3, $4, $5)
                       RETURNING *)
            SELECT %s AS survey FROM s LEFT JOIN companies c ON c.id = s.company_id""".formatted(SURVEY_JSON))
        .execute(Tuple.of(company, title, opensOn, closesOn, by))
        .map(rows -> rows.iterator().next().getJsonObject("survey"));
  }

  Future<Optional<Survey>> survey(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT s.id, s.company_id, s.opens_on, s.closes_on, %s AS survey FROM surveys s LEFT JOIN companies c ON c.id = s.company_id WHERE s.id = $1"
            .formatted(SURVEY_JSON))
        .execute(Tuple.of(id)).map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(new Survey(r.getUUID("id"), r.getUUID("company_id"), r.getLocalDate("opens_on"),
              r.getLocalDate("closes_on"), r.getJsonObject("survey")));
        });
  }

  /** The surveys a company's HR (its own and the network's) or the network (company null: all) sees, newest first. */
  Future<JsonArray> surveys(SqlClient client, UUID company, boolean all) {
    return client.preparedQuery("""
            SELECT %s AS survey FROM surveys s LEFT JOIN companies c ON c.id = s.company_id
             WHERE $2 OR s.company_id IS NULL OR s.company_id = $1
             ORDER BY s.opens_on DESC, s.created_at DESC""".formatted(SURVEY_JSON))
        .execute(Tuple.of(company, all)).map(SurveyRepository::surveys);
  }

  /** The open surveys for an employee of the company, with whether they answered. */
  Future<JsonArray> open(SqlClient client, UUID company, UUID person, LocalDate today) {
    return client.preparedQuery("""
            SELECT %s || jsonb_build_object('answered',
                     EXISTS (SELECT 1 FROM survey_respondents r WHERE r.survey_id = s.id AND r.person = $2)) AS survey
              FROM surveys s LEFT JOIN companies c ON c.id = s.company_id
             WHERE (s.company_id IS NULL OR s.company_id = $1) AND s.opens_on <= $3 AND s.closes_on >= $3
             ORDER BY s.closes_on, s.created_at""".formatted(SURVEY_JSON))
        .execute(Tuple.of(company, person, today)).map(SurveyRepository::surveys);
  }

  private static JsonArray surveys(io.vertx.sqlclient.RowSet<Row> rows) {
    JsonArray out = new JsonArray();
    rows.forEach(r -> out.add(r.getJsonObject("survey")));
    return out;
  }

  /**
   * Stores an answer: the survey's answers are serialised by an advisory lock; the respondent row
   * (a second one fails on survey_respondents_pkey), then the answer with the shuffle: every answer
   * of the survey deleted and inserted again with the new one, in random order with a new random
   * key, by one statement, so they all carry this transaction's id and the heap's order is a random one.
   */
  Future<Void> answer(SqlConnection tx, UUID survey, UUID person, UUID company, SurveyAnswer answer) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended('survey_answers:' || $1::uuid::text, 0))")
        .execute(Tuple.of(survey))
        .compose(v -> tx.preparedQuery("INSERT INTO survey_respondents (survey_id, person) VALUES ($1, $2)")
            .execute(Tuple.of(survey, person)))
        .compose(v -> tx.query("SELECT set_config('sportello.survey_work', 'shuffle', true)").execute())
        // The new answer goes in with all the others, rewritten in a random order by this one
        // statement: no answer keeps a row position or transaction id of its own.
        .compose(v -> tx.preparedQuery("""
                WITH old AS (DELETE FROM survey_answers WHERE survey_id = $1 RETURNING company_id, municipality, areas, services, times, free_text)
                INSERT INTO survey_answers (survey_id, company_id, municipality, areas, services, times, free_text)
                SELECT $1, company_id, municipality, areas, services, times, free_text
                  FROM (SELECT * FROM old UNION ALL SELECT $2::uuid, $3::text, $4::text[], $5::text[], $6::text[], $7::text) every_answer ORDER BY random()""")
            .execute(Tuple.of(survey, company, answer.municipality(), answer.areas().toArray(String[]::new),
                answer.services().toArray(String[]::new), answer.times().toArray(String[]::new), answer.freeText())))
        .compose(v -> tx.query("SELECT set_config('sportello.survey_work', '', true)").execute())
        .mapEmpty();
  }

  /** The survey's answers, of one company or of all (company null). */
  Future<List<SurveyResults.Row>> answers(SqlClient client, UUID survey, UUID company) {
    return client.preparedQuery("""
            SELECT company_id::text AS company, municipality, areas, services, times, free_text FROM survey_answers
             WHERE survey_id = $1 AND ($2::uuid IS NULL OR company_id = $2)""")
        .execute(Tuple.tuple().addUUID(survey).addUUID(company)).map(rows -> {
          List<SurveyResults.Row> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new SurveyResults.Row(r.getString("company"), r.getString("municipality"),
                Arrays.asList(r.getArrayOfStrings("areas")), Arrays.asList(r.getArrayOfStrings("services")),
                Arrays.asList(r.getArrayOfStrings("times")), r.getString("free_text")));
          }
          return out;
        });
  }

  /** The names of municipalities and companies by their codes and ids. */
  Future<JsonObject> names(SqlClient client, List<String> municipalities, List<String> companies) {
    return client.preparedQuery("""
            SELECT jsonb_build_object(
              'municipalities', (SELECT COALESCE(jsonb_object_agg(istat_code, name || ' (' || province || ')'), '{}')
                                   FROM municipalities WHERE istat_code = ANY($1)),
              'companies', (SELECT COALESCE(jsonb_object_agg(id, name), '{}') FROM companies WHERE id::text = ANY($2))) AS names""")
        .execute(Tuple.tuple().addArrayOfString(municipalities.toArray(String[]::new)).addArrayOfString(companies.toArray(String[]::new)))
        .map(rows -> rows.iterator().next().getJsonObject("names"));
  }

  /**
   * The demand beside a cooperative's offer: for each area and municipality where it offers a live
   * service, the answers (of surveys that closed in the last year or are open) wishing that area or
   * a service of it, and the live services of that area there, of any cooperative.
   */
  Future<List<JsonObject>> demand(SqlClient client, UUID provider, LocalDate since) {
    return client.preparedQuery("""
            WITH kinds(kind, area) AS (SELECT * FROM unnest($2::text[], $3::text[])),
                 places AS (SELECT DISTINCT sv.area, sm.municipality FROM services sv
                              JOIN service_municipalities sm ON sm.service_id = sv.id
                             WHERE sv.provider_id = $1 AND sv.retired_at IS NULL),
                 wishes AS (SELECT p.area, p.municipality, count(*) AS answers
                              FROM places p JOIN survey_answers a ON a.municipality = p.municipality
                              JOIN surveys s ON s.id = a.survey_id AND s.closes_on >= $4
                             WHERE p.area = ANY (a.areas)
                                OR EXISTS (SELECT 1 FROM kinds k WHERE k.area = p.area AND k.kind = ANY (a.services))
                             GROUP BY p.area, p.municipality)
            SELECT p.area, p.municipality, m.name || ' (' || m.province || ')' AS municipality_name,
                   COALESCE(w.answers, 0) AS answers,
                   (SELECT count(DISTINCT sv.id) FROM services sv JOIN service_municipalities sm ON sm.service_id = sv.id
                     WHERE sv.area = p.area AND sm.municipality = p.municipality AND sv.retired_at IS NULL) AS services
              FROM places p JOIN municipalities m ON m.istat_code = p.municipality
              JOIN service_areas sa ON sa.code = p.area
              LEFT JOIN wishes w ON w.area = p.area AND w.municipality = p.municipality
             ORDER BY COALESCE(w.answers, 0) DESC, sa.position, m.name""")
        .execute(Tuple.of(provider, ServiceKind.codes().toArray(String[]::new), ServiceKind.areas().toArray(String[]::new), since)).map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new JsonObject().put("area", r.getString("area")).put("municipality", r.getString("municipality"))
                .put("municipalityName", r.getString("municipality_name")).put("answers", r.getLong("answers"))
                .put("services", r.getLong("services")));
          }
          return out;
        });
  }
}
