package coop.sportello.bandi;

import coop.sportello.bandi.domain.AmountRule;
import coop.sportello.bandi.domain.BandoDefinition;
import coop.sportello.bandi.domain.Window;
import coop.sportello.platform.database.Rows;
import coop.sportello.pricing.domain.Isee;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every SQL statement of bandi and their applications (V46, V50): the officers' drafts and
 * publication, the public list, uploads waiting for their application, the one statement that
 * stores an application with its receipt, household, documents, history and notice, and what the
 * applicant reads back. Review, ranking and budget are {@code ReviewRepository}'s.
 */
final class BandiRepository {

  /** A bando as stored, with its Comune's name. */
  record Bando(UUID id, UUID comuneId, String comuneName, String municipality, String status, BandoDefinition definition,
               long grantedCents, Optional<Instant> publishedAt, Instant updatedAt) { }

  /** The Comune an officer acts for. */
  record Comune(UUID id, String municipality, String name) { }

  /** What the rules read of an applicant's account. */
  record Facts(UUID account, Optional<String> codiceFiscale, Optional<String> municipality, Optional<Isee> isee) { }

  /** An upload waiting for its application, or one of an application's documents. */
  record Document(UUID id, String kind, String filename, String contentType, int sizeBytes, Instant uploadedAt) {
    JsonObject toJson() {
      return new JsonObject().put("id", id.toString()).put("kind", kind).put("filename", filename).put("contentType", contentType)
          .put("sizeBytes", sizeBytes).put("uploadedAt", BandoJson.rome(uploadedAt));
    }
  }

  /** A document's bytes with who may read them. */
  record Stored(String filename, String contentType, Buffer content, Optional<String> applicant, String uploadedBy,
                boolean attached, UUID comuneId) { }

  /** The receipt of a stored application. */
  record Receipt(UUID id, long protocol, Instant receivedAt) { }

  /** An application stored by {@link #submit}: the household as listed and the documents it attaches. */
  record NewApplication(UUID bandoId, String person, String filedBy, JsonObject answers, int householdSize, int children,
                        long amountCents, List<String> codes, List<String> relations, List<LocalDate> birthDates,
                        List<UUID> documents, String bandoTitle, UUID comuneId, Long iseeCents) { }

  private static final String BANDO = """
      SELECT b.id, b.comune_id, p.name AS comune_name, b.municipality, b.status, b.title, b.summary, b.body, b.kind, b.rules,
             b.amount_base_cents, b.amount_per_member_cents, b.amount_per_child_cents, b.amount_max_cents, b.budget_cents,
             b.granted_cents, b.opens_at, b.closes_at, b.ranking, b.documents, b.voucher_valid_until, b.published_at, b.updated_at
        FROM bandi b JOIN providers p ON p.id = b.comune_id
      """;

  // ---- bandi ----------------------------------------------------------------------------------------

  Future<Optional<Comune>> comune(SqlClient c, UUID provider) {
    return c.preparedQuery("SELECT id, municipality, name FROM providers WHERE id = $1 AND kind = 'municipality'")
        .execute(Tuple.of(provider))
        .map(rows -> Rows.first(rows, r -> new Comune(r.getUUID(0), r.getString(1), r.getString(2))));
  }

  Future<UUID> insertBando(SqlClient c, Comune comune, BandoDefinition d, String actor) {
    return c.preparedQuery("""
            INSERT INTO bandi (comune_id, municipality, title, summary, body, kind, rules, amount_base_cents, amount_per_member_cents,
                               amount_per_child_cents, amount_max_cents, budget_cents, opens_at, closes_at, ranking, documents,
                               voucher_valid_until, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id""")
        .execute(definition(d, comune.id(), comune.municipality()).addString(actor))
        .map(rows -> rows.iterator().next().getUUID(0));
  }

  /** Replaces a draft's definition; false when it is not a draft of this Comune. */
  Future<Boolean> updateDraft(SqlClient c, UUID bando, Comune comune, BandoDefinition d) {
    return c.preparedQuery("""
            UPDATE bandi SET title = $3, summary = $4, body = $5, kind = $6, rules = $7, amount_base_cents = $8,
                   amount_per_member_cents = $9, amount_per_child_cents = $10, amount_max_cents = $11, budget_cents = $12,
                   opens_at = $13, closes_at = $14, ranking = $15, documents = $16, voucher_valid_until = $17, updated_at = now()
             WHERE comune_id = $1 AND municipality = $2 AND id = $18 AND status = 'draft'""")
        .execute(definition(d, comune.id(), comune.municipality()).addUUID(bando))
        .map(rows -> rows.rowCount() == 1);
  }

  private static Tuple definition(BandoDefinition d, UUID comune, String municipality) {
    AmountRule a = d.amount();
    return Tuple.from(Arrays.asList(comune, municipality, d.title(), d.summary(), d.body(), d.kind().wireName(),
        BandoJson.rules(d.rules(), false), a.baseCents(), a.perMemberCents(), a.perChildCents(), a.maxCents().orElse(null),
        d.budgetCents(), utc(d.window().opens()), utc(d.window().closes()), d.ranking().wireName(),
        BandoJson.documents(d.documents()), d.voucherValidUntil().orElse(null)));
  }

  /** A draft of this Comune becomes published, if it has not closed already; answers the new status row count. */
  Future<Boolean> publish(SqlClient c, UUID bando, UUID comune) {
    return c.preparedQuery("""
            UPDATE bandi SET status = 'published', published_at = now(), updated_at = now()
             WHERE id = $1 AND comune_id = $2 AND status = 'draft' AND closes_at > now()""")
        .execute(Tuple.of(bando, comune)).map(rows -> rows.rowCount() == 1);
  }

  Future<Boolean> withdraw(SqlClient c, UUID bando, UUID comune) {
    return c.preparedQuery("""
            UPDATE bandi SET status = 'withdrawn', updated_at = now() WHERE id = $1 AND comune_id = $2 AND status = 'published'""")
        .execute(Tuple.of(bando, comune)).map(rows -> rows.rowCount() == 1);
  }

  /** Deletes a draft of this Comune (a draft has no applications nor uploads); false when it is not one. */
  Future<Boolean> deleteDraft(SqlClient c, UUID bando, UUID comune) {
    return c.preparedQuery("DELETE FROM bandi WHERE id = $1 AND comune_id = $2 AND status = 'draft'")
        .execute(Tuple.of(bando, comune)).map(rows -> rows.rowCount() == 1);
  }

  Future<Optional<Bando>> bando(SqlClient c, UUID id) {
    return c.preparedQuery(BANDO + " WHERE b.id = $1").execute(Tuple.of(id)).map(rows -> Rows.first(rows, BandiRepository::bando));
  }

  /** A Comune's bandi, every status, newest window first. */
  Future<List<Bando>> ofComune(SqlClient c, UUID comune) {
    return c.preparedQuery(BANDO + " WHERE b.comune_id = $1 ORDER BY b.closes_at DESC, b.created_at DESC LIMIT 500")
        .execute(Tuple.of(comune)).map(BandiRepository::bandi);
  }

  /**
   * Published bandi, of one municipality or all, in one phase or all (by the database's clock):
   * open and upcoming soonest closing first, closed most recent first.
   */
  Future<List<Bando>> published(SqlClient c, String municipality, String phase) {
    return c.preparedQuery(BANDO + """
             WHERE b.status = 'published' AND ($1::text IS NULL OR b.municipality = $1)
               AND CASE $2::text WHEN 'open' THEN now() >= b.opens_at AND now() < b.closes_at
                                 WHEN 'upcoming' THEN now() < b.opens_at
                                 WHEN 'closed' THEN now() >= b.closes_at ELSE true END
             ORDER BY now() >= b.closes_at, CASE WHEN now() < b.closes_at THEN b.closes_at END, b.closes_at DESC
             LIMIT 200""")
        .execute(Tuple.of(municipality, phase)).map(BandiRepository::bandi);
  }

  private static List<Bando> bandi(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Bando> list = new ArrayList<>();
    rows.forEach(r -> list.add(bando(r)));
    return list;
  }

  private static Bando bando(Row r) {
    BandoDefinition d = new BandoDefinition(r.getString("title"), r.getString("summary"), r.getString("body"),
        BandoDefinition.Kind.fromWire(r.getString("kind")).orElseThrow(), BandoJson.rules((JsonArray) r.getJson("rules")),
        new AmountRule(r.getInteger("amount_base_cents"), r.getInteger("amount_per_member_cents"),
            r.getInteger("amount_per_child_cents"), Optional.ofNullable(r.getInteger("amount_max_cents"))),
        r.getLong("budget_cents"), new Window(r.getOffsetDateTime("opens_at").toInstant(), r.getOffsetDateTime("closes_at").toInstant()),
        BandoDefinition.Ranking.fromWire(r.getString("ranking")).orElseThrow(), BandoJson.documents((JsonArray) r.getJson("documents")),
        Optional.ofNullable(r.getLocalDate("voucher_valid_until")));
    return new Bando(r.getUUID("id"), r.getUUID("comune_id"), r.getString("comune_name"), r.getString("municipality"),
        r.getString("status"), d, r.getLong("granted_cents"),
        Optional.ofNullable(r.getOffsetDateTime("published_at")).map(OffsetDateTime::toInstant),
        r.getOffsetDateTime("updated_at").toInstant());
  }

  /** The database's clock (windows are judged by it, never by a node's). */
  Future<Instant> now(SqlClient c) {
    return c.query("SELECT now()").execute().map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant());
  }

  // ---- applicants ---------------------------------------------------------------------------------

  Future<Optional<Facts>> facts(SqlClient c, UUID account) {
    return c.preparedQuery("""
            SELECT a.id, a.codice_fiscale, a.municipality, d.value_cents, d.expires_on
              FROM accounts a LEFT JOIN isee_declarations d ON d.account_id = a.id
             WHERE a.id = $1 AND a.disabled_at IS NULL""")
        .execute(Tuple.of(account))
        .map(rows -> Rows.first(rows, r -> new Facts(r.getUUID(0), Optional.ofNullable(r.getString(1)),
            Optional.ofNullable(r.getString(2)),
            r.getLong(3) == null ? Optional.empty() : Optional.of(new Isee(r.getLong(3), r.getLocalDate(4))))));
  }

  /** The account of a person by their codice fiscale (an operator files for a caller). */
  Future<Optional<UUID>> accountByCodiceFiscale(SqlClient c, String codiceFiscale) {
    return c.preparedQuery("SELECT id FROM accounts WHERE codice_fiscale = $1 AND disabled_at IS NULL")
        .execute(Tuple.of(codiceFiscale)).map(rows -> Rows.first(rows, r -> r.getUUID(0)));
  }

  // ---- documents ------------------------------------------------------------------------------------

  /**
   * Stores an upload waiting under its bando and uploader (or attached to an application when
   * {@code application} is given), if fewer than {@code maxFiles} are there already; empty otherwise.
   */
  Future<Optional<Document>> insertDocument(SqlClient c, UUID bando, UUID application, String kind, String filename,
                                            String contentType, Buffer content, Buffer sha256, String uploader, int maxFiles) {
    return c.preparedQuery("""
            INSERT INTO bando_documents (bando_id, application_id, kind, filename, content_type, size_bytes, sha256, content, uploaded_by)
            SELECT $1, $2, $3, $4, $5, length($6::bytea), $7, $6::bytea, $8
             WHERE (SELECT count(*) FROM bando_documents d
                     WHERE CASE WHEN $2::uuid IS NULL THEN d.bando_id = $1 AND d.uploaded_by = $8 AND d.application_id IS NULL
                                ELSE d.application_id = $2 END) < $9
            RETURNING id, kind, filename, content_type, size_bytes, uploaded_at""")
        .execute(Tuple.from(Arrays.asList(bando, application, kind, filename, contentType, content, sha256, uploader, maxFiles)))
        .map(rows -> Rows.first(rows, BandiRepository::document));
  }

  /** The uploads still waiting under this bando and uploader: those of these ids, or all when {@code ids} is null. */
  Future<List<Document>> waiting(SqlClient c, UUID bando, String uploader, List<UUID> ids) {
    return c.preparedQuery("""
            SELECT id, kind, filename, content_type, size_bytes, uploaded_at FROM bando_documents
             WHERE bando_id = $1 AND uploaded_by = $2 AND application_id IS NULL AND ($3::uuid[] IS NULL OR id = ANY ($3))
             ORDER BY uploaded_at, id""")
        .execute(Tuple.of(bando, uploader, ids == null ? null : ids.toArray(UUID[]::new)))
        .map(rows -> {
          List<Document> list = new ArrayList<>();
          rows.forEach(r -> list.add(document(r)));
          return list;
        });
  }

  private static Document document(Row r) {
    return new Document(r.getUUID("id"), r.getString("kind"), r.getString("filename"), r.getString("content_type"),
        r.getInteger("size_bytes"), r.getOffsetDateTime("uploaded_at").toInstant());
  }

  /** A document's bytes and who may read them; the Comune is the one of its bando. */
  Future<Optional<Stored>> stored(SqlClient c, UUID id) {
    return c.preparedQuery("""
            SELECT d.filename, d.content_type, d.content, a.person, d.uploaded_by, d.application_id IS NOT NULL, b.comune_id
              FROM bando_documents d LEFT JOIN bando_applications a ON a.id = d.application_id
              JOIN bandi b ON b.id = coalesce(a.bando_id, d.bando_id)
             WHERE d.id = $1""")
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, r -> new Stored(r.getString(0), r.getString(1), r.getBuffer(2),
            Optional.ofNullable(r.getString(3)), r.getString(4), r.getBoolean(5), r.getUUID(6))));
  }

  // ---- submitting ---------------------------------------------------------------------------------

  /**
   * The application in one statement: the receipt ({@code bando_receipt()}: protocol and the
   * database's receive time together), stored only if the bando is published and that time is in
   * its window; its household (sorted by codice fiscale, so concurrent households that share
   * members lock their index entries in one order and never deadlock; the unique index
   * {@code bando_one_application_per_household} refuses a member twice), its waiting documents
   * attached, its first history line and the applicant's notice. Empty when the bando was not open
   * at the receive time; the caller checks that every document was attached.
   */
  Future<Optional<Receipt>> submit(SqlClient c, NewApplication a, int[] attached) {
    return c.preparedQuery("""
            WITH receipt AS MATERIALIZED (SELECT * FROM bando_receipt()),
            app AS (
              INSERT INTO bando_applications (bando_id, person, filed_by, protocol, received_at, answers, household_size, children,
                                              amount_cents, isee_cents)
              SELECT b.id, $2, $3, r.protocol, r.received_at, $4, $5, $6, $7, $14
                FROM bandi b, receipt r
               WHERE b.id = $1 AND b.status = 'published' AND r.received_at >= b.opens_at AND r.received_at < b.closes_at
              RETURNING id, bando_id, protocol, received_at),
            members AS (
              INSERT INTO bando_household_members (application_id, bando_id, codice_fiscale, relation, birth_date)
              SELECT app.id, app.bando_id, m.cf, m.relation, m.birth
                FROM app, unnest($8::text[], $9::text[], $10::date[]) AS m (cf, relation, birth)
               ORDER BY m.cf
              RETURNING 1),
            docs AS (
              UPDATE bando_documents d SET application_id = app.id FROM app
               WHERE d.id = ANY ($11) AND d.bando_id = app.bando_id AND d.uploaded_by = $3 AND d.application_id IS NULL
              RETURNING d.id),
            history AS (
              INSERT INTO bando_application_events (application_id, status, actor) SELECT id, 'submitted', $3 FROM app RETURNING 1),
            notice AS (
              INSERT INTO outbox (topic, recipient, payload)
              SELECT 'bando.submitted', $2, jsonb_build_object('applicationId', app.id, 'bandoId', app.bando_id, 'bandoTitle', $12::text,
                       'providerId', $13::uuid, 'protocol', app.protocol, 'receivedAt', app.received_at, 'amountCents', $7::integer,
                       'status', 'submitted', 'filedBy', $3::text)
                FROM app
              RETURNING 1)
            SELECT app.id, app.protocol, app.received_at, (SELECT count(*) FROM docs)::int FROM app""")
        .execute(Tuple.from(Arrays.asList(a.bandoId(), a.person(), a.filedBy(), a.answers(), (short) a.householdSize(),
            (short) a.children(), (int) a.amountCents(), a.codes().toArray(String[]::new), a.relations().toArray(String[]::new),
            a.birthDates().toArray(LocalDate[]::new), a.documents().toArray(UUID[]::new), a.bandoTitle(), a.comuneId(), a.iseeCents())))
        .map(rows -> Rows.first(rows, r -> {
          attached[0] = r.getInteger(3);
          return new Receipt(r.getUUID(0), r.getLong(1), r.getOffsetDateTime(2).toInstant());
        }));
  }

  // ---- the applicant's applications ---------------------------------------------------------------

  private static final String APPLICATION = """
      SELECT a.id, a.bando_id, b.title, p.name AS comune_name, a.protocol, a.received_at, a.status, a.reason, a.amount_cents,
             a.household_size, a.children, a.answers, a.person, a.filed_by, a.person <> a.filed_by AS filed_for, a.updated_at
        FROM bando_applications a JOIN bandi b ON b.id = a.bando_id JOIN providers p ON p.id = b.comune_id
      """;

  Future<JsonArray> applicationsOf(SqlClient c, String person) {
    return c.preparedQuery(APPLICATION + " WHERE a.person = $1 ORDER BY a.received_at DESC LIMIT 200")
        .execute(Tuple.of(person))
        .map(rows -> {
          JsonArray list = new JsonArray();
          rows.forEach(r -> list.add(application(r)));
          return list;
        });
  }

  /** The application with its history, household and documents, if it is this person's. */
  Future<Optional<JsonObject>> applicationOf(SqlClient c, UUID id, String person) {
    return c.preparedQuery(APPLICATION + " WHERE a.id = $1 AND a.person = $2").execute(Tuple.of(id, person))
        .compose(rows -> {
          Optional<JsonObject> found = Rows.first(rows, BandiRepository::application);
          if (found.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
          }
          return c.preparedQuery("""
                  SELECT jsonb_build_object(
                    'history', (SELECT coalesce(jsonb_agg(jsonb_build_object('status', e.status, 'reason', e.reason,
                                  'at', e.at) ORDER BY e.id), '[]') FROM bando_application_events e WHERE e.application_id = $1),
                    'household', (SELECT coalesce(jsonb_agg(jsonb_build_object('codiceFiscale', m.codice_fiscale,
                                  'relation', m.relation, 'birthDate', m.birth_date) ORDER BY m.relation = 'applicant' DESC, m.codice_fiscale), '[]')
                                    FROM bando_household_members m WHERE m.application_id = $1),
                    'documents', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'kind', d.kind, 'filename', d.filename,
                                  'contentType', d.content_type, 'sizeBytes', d.size_bytes, 'uploadedAt', d.uploaded_at)
                                  ORDER BY d.uploaded_at, d.id), '[]') FROM bando_documents d WHERE d.application_id = $1))""")
              .execute(Tuple.of(id))
              .map(more -> {
                JsonObject extra = more.iterator().next().getJsonObject(0);
                JsonArray history = extra.getJsonArray("history");
                for (int i = 0; i < history.size(); i++) {
                  JsonObject e = history.getJsonObject(i);
                  e.put("at", BandoJson.rome(OffsetDateTime.parse(e.getString("at")).toInstant()));
                }
                JsonArray documents = extra.getJsonArray("documents");
                for (int i = 0; i < documents.size(); i++) {
                  JsonObject d = documents.getJsonObject(i);
                  d.put("uploadedAt", BandoJson.rome(OffsetDateTime.parse(d.getString("uploadedAt")).toInstant()));
                }
                return Optional.of(found.get().put("history", history).put("household", extra.getJsonArray("household"))
                    .put("documents", documents));
              });
        });
  }

  private static JsonObject application(Row r) {
    return new JsonObject().put("id", r.getUUID("id").toString())
        .put("bando", new JsonObject().put("id", r.getUUID("bando_id").toString()).put("title", r.getString("title"))
            .put("comune", r.getString("comune_name")))
        .put("protocol", r.getLong("protocol")).put("receivedAt", BandoJson.rome(r.getOffsetDateTime("received_at").toInstant()))
        .put("status", r.getString("status")).put("reason", r.getString("reason")).put("amountCents", r.getInteger("amount_cents"))
        .put("householdSize", r.getInteger("household_size")).put("children", r.getInteger("children"))
        .put("answers", r.getJsonObject("answers")).put("filedByOperator", r.getBoolean("filed_for"))
        .put("updatedAt", BandoJson.rome(r.getOffsetDateTime("updated_at").toInstant()));
  }

  /** The bando and status of this person's application, locked for a change. */
  Future<Optional<String[]>> lockApplication(SqlClient c, UUID id, String person) {
    return c.preparedQuery("SELECT bando_id, status FROM bando_applications WHERE id = $1 AND person = $2 FOR UPDATE")
        .execute(Tuple.of(id, person)).map(rows -> Rows.first(rows, r -> new String[] {r.getUUID(0).toString(), r.getString(1)}));
  }

  /** An incomplete application is submitted again, with its history line. */
  Future<Void> resubmit(SqlClient c, UUID id, String actor) {
    return c.preparedQuery("""
            WITH changed AS (
              UPDATE bando_applications SET status = 'submitted', reason = NULL, updated_at = now()
               WHERE id = $1 AND status = 'incomplete' RETURNING id)
            INSERT INTO bando_application_events (application_id, status, reason, actor)
            SELECT id, 'submitted', 'Documenti integrati', $2 FROM changed""")
        .execute(Tuple.of(id, actor)).mapEmpty();
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
