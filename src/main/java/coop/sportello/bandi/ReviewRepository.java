package coop.sportello.bandi;

import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every SQL statement of the officers' review (V46 tables): a Comune's bando, its applications
 * listed and opened, the conditional status updates, and the bando's budget held by the one
 * conditional update {@code granted_cents + amount <= budget_cents} (the CHECK
 * bandi_budget_never_exceeded is the backstop).
 */
final class ReviewRepository {

  private static final String UUID_RE = "'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'";

  /** A bando as the review needs it. */
  record Bando(UUID id, UUID comuneId, String title, String kind, String ranking, String municipality, long budgetCents,
               long grantedCents, LocalDate voucherValidUntil) {
    long residualCents() {
      return budgetCents - grantedCents;
    }
  }

  /** An application whose status just changed: what it was, and what the follow-up needs. */
  record Changed(UUID id, String previous, int amountCents, String person, long protocol, OffsetDateTime receivedAt) { }

  /** An application as the ranking reads it. */
  record Ranked(UUID id, long protocol, int amountCents, Long iseeCents, int householdSize, int children) { }

  /** The listing's filters; nulls filter nothing. */
  record Filter(List<String> statuses, Long protocolFrom, Long protocolTo, String search) { }

  /** The bando, when it is one of this Comune's. */
  Future<Optional<Bando>> bando(SqlClient c, UUID bando, UUID comune) {
    return c.preparedQuery("""
            SELECT id, comune_id, title, kind, ranking, municipality, budget_cents, granted_cents, voucher_valid_until
              FROM bandi WHERE id = $1 AND comune_id = $2""")
        .execute(Tuple.of(bando, comune))
        .map(rows -> Rows.first(rows, r -> new Bando(r.getUUID(0), r.getUUID(1), r.getString(2), r.getString(3), r.getString(4),
            r.getString(5), r.getLong(6), r.getLong(7), r.getLocalDate(8))));
  }

  // ---- reading ------------------------------------------------------------------------------------

  /** A page of the bando's applications by protocol, with the applicant's name and codice fiscale; total counts all that match. */
  Future<JsonObject> applications(SqlClient c, UUID bando, Filter f, int limit, int offset) {
    String like = f.search() == null ? null : "%" + f.search().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return c.preparedQuery("""
            SELECT a.id, a.protocol, a.received_at, a.status, a.amount_cents, a.score, a.household_size, a.children,
                   a.reason, a.decided_at, acc.display_name, m.codice_fiscale, a.person,
                   (SELECT count(*) FROM bando_documents d WHERE d.application_id = a.id) AS documents,
                   count(*) OVER () AS total
              FROM bando_applications a
              LEFT JOIN accounts acc ON acc.id = CASE WHEN a.person ~ %1$s THEN a.person::uuid END
              LEFT JOIN bando_household_members m ON m.application_id = a.id AND m.relation = 'applicant'
             WHERE a.bando_id = $1
               AND ($2::text[] IS NULL OR a.status = ANY ($2))
               AND ($3::bigint IS NULL OR a.protocol >= $3)
               AND ($4::bigint IS NULL OR a.protocol <= $4)
               AND ($5::text IS NULL
                    OR EXISTS (SELECT 1 FROM bando_household_members h WHERE h.application_id = a.id AND h.codice_fiscale = upper($6))
                    OR acc.display_name ILIKE $5)
             ORDER BY a.protocol
             LIMIT $7 OFFSET $8""".formatted(UUID_RE))
        .execute(args(bando, f.statuses() == null ? null : f.statuses().toArray(String[]::new), f.protocolFrom(),
            f.protocolTo(), like, f.search(), limit, offset))
        .map(rows -> {
          JsonArray items = new JsonArray();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total");
            items.add(new JsonObject().put("id", r.getUUID("id").toString()).put("protocol", r.getLong("protocol"))
                .put("receivedAt", r.getOffsetDateTime("received_at").toInstant().toString())
                .put("status", r.getString("status")).put("amountCents", r.getInteger("amount_cents"))
                .put("score", r.getInteger("score")).put("householdSize", r.getInteger("household_size"))
                .put("children", r.getInteger("children")).put("reason", r.getString("reason"))
                .put("decidedAt", r.getOffsetDateTime("decided_at") == null ? null : r.getOffsetDateTime("decided_at").toInstant().toString())
                .put("applicant", new JsonObject().put("person", r.getString("person")).put("name", r.getString("display_name"))
                    .put("codiceFiscale", r.getString("codice_fiscale")))
                .put("documents", r.getLong("documents")));
          }
          return new JsonObject().put("total", total).put("items", items);
        });
  }

  /** One application of the bando: answers, household, the documents' list (not their content), its history. */
  Future<Optional<JsonObject>> application(SqlClient c, UUID bando, UUID application) {
    return c.preparedQuery("""
            SELECT jsonb_build_object(
                     'id', a.id, 'bandoId', a.bando_id, 'protocol', a.protocol, 'receivedAt', a.received_at,
                     'status', a.status, 'reason', a.reason, 'amountCents', a.amount_cents, 'score', a.score,
                     'answers', a.answers, 'iseeCents', a.isee_cents, 'householdSize', a.household_size, 'children', a.children,
                     'filedBy', CASE WHEN a.filed_by = a.person THEN 'applicant' ELSE 'operator' END,
                     'decidedAt', a.decided_at,
                     'applicant', jsonb_build_object('person', a.person, 'name', acc.display_name, 'email', acc.email, 'phone', acc.phone),
                     'household', (SELECT coalesce(jsonb_agg(jsonb_build_object('codiceFiscale', h.codice_fiscale,
                                          'relation', h.relation, 'birthDate', h.birth_date, 'live', h.live)
                                          ORDER BY h.relation = 'applicant' DESC, h.codice_fiscale), '[]')
                                     FROM bando_household_members h WHERE h.application_id = a.id),
                     'documents', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'kind', d.kind,
                                          'filename', d.filename, 'contentType', d.content_type, 'sizeBytes', d.size_bytes,
                                          'uploadedAt', d.uploaded_at) ORDER BY d.uploaded_at, d.id), '[]')
                                     FROM bando_documents d WHERE d.application_id = a.id),
                     'events', (SELECT coalesce(jsonb_agg(jsonb_build_object('status', e.status, 'reason', e.reason,
                                       'at', e.at, 'byApplicant', e.actor = a.person) ORDER BY e.id), '[]')
                                  FROM bando_application_events e WHERE e.application_id = a.id))
              FROM bando_applications a
              LEFT JOIN accounts acc ON acc.id = CASE WHEN a.person ~ %1$s THEN a.person::uuid END
             WHERE a.id = $1 AND a.bando_id = $2""".formatted(UUID_RE))
        .execute(Tuple.of(application, bando))
        .map(rows -> Rows.first(rows, r -> new JsonObject(r.getJsonObject(0).encode())));
  }

  /** The applicant's account, for the read log (null when the person is not an account). */
  Future<Optional<String>> person(SqlClient c, UUID bando, UUID application) {
    return c.preparedQuery("SELECT person FROM bando_applications WHERE id = $1 AND bando_id = $2")
        .execute(Tuple.of(application, bando)).map(rows -> Rows.first(rows, r -> r.getString(0)));
  }

  Future<Optional<String>> status(SqlClient c, UUID bando, UUID application) {
    return c.preparedQuery("SELECT status FROM bando_applications WHERE id = $1 AND bando_id = $2")
        .execute(Tuple.of(application, bando)).map(rows -> Rows.first(rows, r -> r.getString(0)));
  }

  /**
   * The applications still waiting (submitted), as the ranking reads them: the ISEE is the one the
   * application was submitted with ({@code isee_cents}, V52; a declaration changed later never
   * moves it), else, for applications older than V52, the applicant's declaration valid on the day
   * it was received (looked up by its key: the person is compared as a uuid, so the index is used).
   */
  Future<List<Ranked>> submitted(SqlClient c, UUID bando) {
    return c.preparedQuery("""
            SELECT a.id, a.protocol, a.amount_cents,
                   coalesce(a.isee_cents,
                            (SELECT d.value_cents FROM isee_declarations d
                              WHERE d.account_id = CASE WHEN a.person ~ %1$s THEN a.person::uuid END
                                AND d.expires_on >= (a.received_at AT TIME ZONE 'Europe/Rome')::date)),
                   a.household_size, a.children
              FROM bando_applications a WHERE a.bando_id = $1 AND a.status = 'submitted'""".formatted(UUID_RE))
        .execute(Tuple.of(bando))
        .map(rows -> {
          List<Ranked> list = new ArrayList<>();
          rows.forEach(r -> list.add(new Ranked(r.getUUID(0), r.getLong(1), r.getInteger(2), r.getLong(3),
              r.getInteger(4), r.getInteger(5))));
          return list;
        });
  }

  /** Stores the points the ranking gave, for the list and the reports. */
  Future<Void> storeScores(SqlClient c, List<UUID> ids, List<Integer> points) {
    return ids.isEmpty() ? Future.succeededFuture() : c.preparedQuery("""
            UPDATE bando_applications a SET score = x.points
              FROM unnest($1::uuid[], $2::integer[]) AS x (id, points)
             WHERE a.id = x.id AND a.score IS DISTINCT FROM x.points""")
        .execute(args(ids.toArray(UUID[]::new), points.toArray(Integer[]::new))).mapEmpty();
  }

  // ---- changing -----------------------------------------------------------------------------------

  /**
   * The conditional status update: the application takes {@code status} only if it is in one of
   * {@code from} (its row locked, so of two officers deciding at once the second sees the first's
   * decision). Empty when it was not in one of them (or is not the bando's).
   */
  Future<Optional<Changed>> change(SqlClient c, UUID bando, UUID application, List<String> from, String status,
                                   String reason, String actor) {
    return c.preparedQuery("""
            WITH old AS (SELECT id, status FROM bando_applications WHERE id = $1 AND bando_id = $2 FOR UPDATE)
            UPDATE bando_applications a
               SET status = $3, reason = $4, decided_by = $5, decided_at = now(), updated_at = now()
              FROM old
             WHERE a.id = old.id AND old.status = ANY ($6)
            RETURNING old.status, a.amount_cents, a.person, a.protocol, a.received_at""")
        .execute(args(application, bando, status, reason, actor, from.toArray(String[]::new)))
        .map(rows -> Rows.first(rows, r -> new Changed(application, r.getString(0), r.getInteger(1), r.getString(2),
            r.getLong(3), r.getOffsetDateTime(4))));
  }

  /**
   * Adds the amount to what the bando granted, only while it fits the budget: answers the residual
   * budget after it, or empty when it does not fit (nothing changed).
   */
  Future<Optional<Long>> grant(SqlClient c, UUID bando, int amountCents) {
    return c.preparedQuery("""
            UPDATE bandi SET granted_cents = granted_cents + $2, updated_at = now()
             WHERE id = $1 AND granted_cents + $2 <= budget_cents
            RETURNING budget_cents - granted_cents""")
        .execute(Tuple.of(bando, amountCents))
        .map(rows -> Rows.first(rows, r -> r.getLong(0)));
  }

  /** A revoked admission gives its amount back to the budget; answers the residual budget. */
  Future<Long> giveBack(SqlClient c, UUID bando, int amountCents) {
    return c.preparedQuery("""
            UPDATE bandi SET granted_cents = granted_cents - $2, updated_at = now() WHERE id = $1
            RETURNING budget_cents - granted_cents""")
        .execute(Tuple.of(bando, amountCents))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Long> residual(SqlClient c, UUID bando) {
    return c.preparedQuery("SELECT budget_cents - granted_cents FROM bandi WHERE id = $1").execute(Tuple.of(bando))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** A rejected application frees its household to apply again (bando_one_application_per_household). */
  Future<Void> releaseHousehold(SqlClient c, UUID application) {
    return c.preparedQuery("UPDATE bando_household_members SET live = false WHERE application_id = $1 AND live")
        .execute(Tuple.of(application)).mapEmpty();
  }

  Future<Void> event(SqlClient c, UUID application, String status, String reason, String actor) {
    return c.preparedQuery("INSERT INTO bando_application_events (application_id, status, reason, actor) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(application, status, reason, actor)).mapEmpty();
  }

  /** The applicant's message (topic {@code bando.<status>}), through the notifications outbox, in this transaction. */
  Future<Void> notify(SqlClient c, String person, String status, JsonObject payload) {
    return c.preparedQuery("INSERT INTO outbox (topic, recipient, payload) VALUES ($1, $2, $3)")
        .execute(Tuple.of("bando." + status, person, payload)).mapEmpty();
  }

  /**
   * A statement's parameters, arrays and nulls included: {@code Tuple.of(a, array)} would spread
   * a last array argument into separate parameters.
   */
  private static Tuple args(Object... values) {
    return Tuple.from(Arrays.asList(values));
  }
}
