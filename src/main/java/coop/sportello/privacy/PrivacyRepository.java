package coop.sportello.privacy;

import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * All of the SQL of "I miei dati" (the export), of erasure and of reading the read log. Every
 * statement takes the account id as $1 (uuid; {@code $1::uuid::text} where a table names people by subject).
 */
final class PrivacyRepository {

  /** Rows per section of the export at most: the export is bounded, whatever a person accumulated. */
  static final int EXPORT_ROWS = 5000;

  /** The export's sections, in the order the page shows them: each one query answering one jsonb. */
  private static final Map<String, String> SECTIONS = new LinkedHashMap<>();

  static {
    SECTIONS.put("account", """
        SELECT to_jsonb(x) FROM (
          SELECT a.id, a.username, a.display_name AS "displayName", a.email, utc_iso(a.email_verified_at) AS "emailVerifiedAt",
                 a.phone, a.codice_fiscale AS "codiceFiscale", a.municipality, m.name AS "municipalityName",
                 a.municipality_source AS "municipalitySource", a.codice_fiscale_source AS "codiceFiscaleSource",
                 utc_iso(a.privacy_notice_accepted_at) AS "privacyNoticeAcceptedAt",
                 a.language, a.roles, utc_iso(a.created_at) AS "createdAt",
                 utc_iso(a.disabled_at) AS "disabledAt", p.name AS "provider", c.name AS "company"
            FROM accounts a LEFT JOIN municipalities m ON m.istat_code = a.municipality
            LEFT JOIN providers p ON p.id = a.provider_id LEFT JOIN companies c ON c.id = a.company_id
           WHERE a.id = $1) x""");
    SECTIONS.put("signInLinks", list("""
        SELECT provider, issuer, subject, level_of_assurance AS "levelOfAssurance",
               utc_iso(first_signed_in_at) AS "firstSignedInAt", utc_iso(last_signed_in_at) AS "lastSignedInAt"
          FROM oidc_links WHERE account_id = $1""", "\"firstSignedInAt\""));
    SECTIONS.put("employment", list("""
        SELECT c.name AS company, g.name AS "group", e.badge_code AS "badgeCode", e.has_dependent_children AS "hasDependentChildren",
               utc_iso(e.invited_at) AS "invitedAt", e.left_on AS "leftOn"
          FROM employees e JOIN companies c ON c.id = e.company_id JOIN employee_groups g ON g.id = e.group_id
         WHERE e.account_id = $1""", "1"));
    SECTIONS.put("wallets", list("""
        SELECT w.plan_id AS "planId", wp.plan_year AS "planYear", w.balance_cents AS "balanceCents"
          FROM wallets w JOIN welfare_plans wp ON wp.id = w.plan_id WHERE w.account_id = $1""", "\"planYear\""));
    SECTIONS.put("walletLedger", list("""
        SELECT l.id, l.plan_id AS "planId", l.amount_cents AS "amountCents", l.kind, l.booking_id AS "bookingId",
               l.actor, utc_iso(l.at) AS at
          FROM wallet_ledger l WHERE l.account_id = $1""", "id"));
    SECTIONS.put("fringeBenefits", list("""
        SELECT tax_year AS "taxYear", used_cents AS "usedCents", limit_cents AS "limitCents"
          FROM fringe_benefit_usage WHERE account_id = $1""", "\"taxYear\""));
    SECTIONS.put("isee", """
        SELECT to_jsonb(x) FROM (
          SELECT value_cents AS "valueCents", expires_on AS "expiresOn", utc_iso(declared_at) AS "declaredAt"
            FROM isee_declarations WHERE account_id = $1) x""");
    SECTIONS.put("welfareCards", list("""
        SELECT jsonb_strip_nulls(jsonb_build_object('number', c.number, 'agreement', a.name, 'validFrom', c.valid_from,
                   'validUntil', c.valid_until, 'issuedAt', utc_iso(c.issued_at), 'revokedAt', utc_iso(c.revoked_at),
                   'revokedReason', c.revoked_reason)) AS card, c.issued_at
          FROM welfare_cards c JOIN welfare_card_agreements a ON a.id = c.agreement_id WHERE c.account_id = $1""",
        "issued_at", "card"));
    SECTIONS.put("bookings", list("""
        SELECT booking_json(b, sv.title, sv.address) || jsonb_strip_nulls(jsonb_build_object('residencyOverride', b.residency_override))
               AS booking, b.starts_at
          FROM bookings b JOIN services sv ON sv.id = b.service_id WHERE b.person = $1::uuid::text""",
        "starts_at", "booking"));
    // What the cooperative recorded of the person's bookings (V53), with its corrections.
    SECTIONS.put("deliveries", list("""
        SELECT d.booking_id AS "bookingId", d.slot_id AS "slotId", d.outcome, d.minutes, d.note, utc_iso(d.recorded_at) AS "recordedAt",
               (SELECT coalesce(jsonb_agg(jsonb_build_object('at', utc_iso(k.corrected_at), 'before', k.before, 'after', k.after,
                         'reason', k.reason) ORDER BY k.version), '[]'::jsonb)
                  FROM delivery_corrections k WHERE k.booking_id = d.booking_id AND k.slot_id = d.slot_id) AS corrections
          FROM delivery_records d JOIN bookings b ON b.id = d.booking_id WHERE b.person = $1::uuid::text""", "\"recordedAt\""));
    // Fiscal records: exported as issued; kept ten years and never erased (see ARCHITECTURE "Receipts").
    SECTIONS.put("receipts", list("""
        SELECT r.id, r.series, r.number || '/' || r.year AS label, utc_iso(r.issued_at) AS "issuedAt", p.name AS provider,
               r.booking_id AS "bookingId", r.service_title AS "serviceTitle", r.amount_cents AS "amountCents",
               r.vat_treatment AS "vatTreatment", r.vat_cents AS "vatCents", r.method, r.company_name AS "paidByCompany",
               r.person_name AS "personName", r.person_codice_fiscale AS "codiceFiscale"
          FROM receipts r JOIN providers p ON p.id = r.provider_id WHERE r.person = $1::uuid::text""", "\"issuedAt\""));
    SECTIONS.put("waitlist", list("""
        SELECT w.id, w.slot_id AS "slotId", sv.title AS "serviceTitle", rome_iso(s.starts_at) AS start, w.places, w.status,
               w.booking_id AS "bookingId", utc_iso(w.joined_at) AS "joinedAt", w.residency_override AS "residencyOverride"
          FROM waitlist_entries w JOIN slots s ON s.id = w.slot_id JOIN services sv ON sv.id = s.service_id
         WHERE w.person = $1::uuid::text""", "\"joinedAt\""));
    SECTIONS.put("welfareConsents", list("""
        SELECT welfare_consent_json(c) AS consent, c.requested_at FROM welfare_consents c WHERE c.account_id = $1""",
        "requested_at", "consent"));
    SECTIONS.put("chats", list("""
        SELECT c.id, c.topic, c.language, c.status, c.owner_name AS "ownerName", c.fields, utc_iso(c.queued_at) AS "startedAt",
               utc_iso(c.closed_at) AS "closedAt", c.rating, c.rating_comment AS "ratingComment",
               (SELECT coalesce(jsonb_agg(jsonb_build_object('at', utc_iso(e.created_at), 'kind', e.kind, 'authorRole', e.author_role,
                        'authorName', e.author_name, 'body', e.body) ORDER BY e.seq), '[]'::jsonb)
                  FROM chat_events e WHERE e.conversation_id = c.id AND e.public_seq IS NOT NULL) AS events
          FROM chat_conversations c WHERE c.owner = $1::uuid::text""", "\"startedAt\""));
    SECTIONS.put("chatMessagesWrittenElsewhere", list("""
        SELECT e.conversation_id AS "conversationId", e.kind, utc_iso(e.created_at) AS at, e.body
          FROM chat_events e JOIN chat_conversations c ON c.id = e.conversation_id
         WHERE e.author = $1::uuid::text AND c.owner <> $1::uuid::text AND e.kind IN ('message', 'note')""", "at"));
    SECTIONS.put("calls", list("""
        SELECT id, queue_id AS queue, caller_number AS "callerNumber", callback_number AS "callbackNumber", status,
               utc_iso(arrived_at) AS "arrivedAt", utc_iso(answered_at) AS "answeredAt", utc_iso(ended_at) AS "endedAt",
               notes, utc_iso(notes_at) AS "notesAt"
          FROM calls WHERE person = $1""", "\"arrivedAt\""));
    SECTIONS.put("notificationPreferences", list("""
        SELECT channels, quiet_from::text AS "quietFrom", quiet_until::text AS "quietUntil", optional_muted AS "optionalMuted",
               utc_iso(updated_at) AS "updatedAt"
          FROM notification_preferences WHERE account_id = $1""", "1"));
    SECTIONS.put("notificationMessages", list("""
        SELECT id, kind, channel, address, language, content, status, utc_iso(created_at) AS "createdAt", utc_iso(sent_at) AS "sentAt"
          FROM notification_messages WHERE recipient = $1::uuid::text AND channel <> 'webhook'""", "\"createdAt\""));
    SECTIONS.put("kioskSessions", list("""
        SELECT k.id, d.label AS kiosk, d.location, k.identified_by AS "identifiedBy", utc_iso(k.started_at) AS "startedAt",
               utc_iso(k.ended_at) AS "endedAt"
          FROM kiosk_sessions k JOIN kiosk_devices d ON d.id = k.device_id WHERE k.account_id = $1""",
        "\"startedAt\""));
    SECTIONS.put("kioskPin", list("""
        SELECT true AS "set", utc_iso(updated_at) AS "updatedAt" FROM kiosk_pins WHERE account_id = $1""", "1"));
    SECTIONS.put("calendarFeeds", list("""
        SELECT id, utc_iso(created_at) AS "createdAt", utc_iso(revoked_at) AS "revokedAt"
          FROM calendar_feeds WHERE person = $1::uuid::text""", "\"createdAt\""));
    SECTIONS.put("signIns", list("""
        SELECT utc_iso(created_at) AS "startedAt", utc_iso(expires_at) AS "expiresAt", utc_iso(revoked_at) AS "revokedAt"
          FROM auth_sessions WHERE account_id = $1""", "\"startedAt\""));
    SECTIONS.put("consents", list("""
        SELECT purpose, notice_version AS "noticeVersion", utc_iso(given_at) AS "givenAt", given_via AS "givenVia",
               utc_iso(ended_at) AS "endedAt", ended_how AS "endedHow"
          FROM privacy_consents WHERE account_id = $1""", "\"givenAt\""));
  }

  /** A list section: at most {@link #EXPORT_ROWS} rows, ordered; each row as an object (or the column {@code value}). */
  private static String list(String select, String orderBy) {
    return list(select, orderBy, null);
  }

  private static String list(String select, String orderBy, String value) {
    String item = value == null ? "to_jsonb(x)" : "x." + value;
    // jsonb_agg keeps the order of a sorted subquery (PostgreSQL's aggregates read their input in order).
    return "SELECT coalesce(jsonb_agg(" + item + "), '[]'::jsonb) FROM (" + select + " ORDER BY " + orderBy + " LIMIT "
        + EXPORT_ROWS + ") x";
  }

  // ---- the export --------------------------------------------------------------------------

  /** Inside the caller's read-only repeatable-read transaction: every section, one consistent snapshot. */
  Future<JsonObject> export(SqlConnection tx, UUID account) {
    JsonObject sections = new JsonObject();
    Tuple args = Tuple.of(account);
    Future<Void> chain = tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute().mapEmpty();
    for (Map.Entry<String, String> section : SECTIONS.entrySet()) {
      chain = chain.compose(v -> tx.preparedQuery(section.getValue()).execute(args)
          .map(rows -> {
            sections.put(section.getKey(), rows.iterator().hasNext() ? rows.iterator().next().getValue(0) : null);
            return null;
          }));
    }
    return chain.compose(v -> readsAbout(tx, account, EXPORT_ROWS)).map(reads -> sections.put("dataReads", reads));
  }

  // ---- the read log ------------------------------------------------------------------------

  /** What the person sees of who read their data, newest first: when, roles, the cooperative, what, via. */
  Future<JsonArray> readsAbout(SqlClient c, UUID person, int limit) {
    return c.preparedQuery("""
            SELECT coalesce(jsonb_agg(jsonb_build_object('at', utc_iso(r.at), 'roles', r.reader_roles, 'organisation', p.name,
                     'what', r.what, 'via', r.via) ORDER BY r.at DESC, r.id DESC), '[]'::jsonb)
              FROM (SELECT * FROM personal_data_reads WHERE person = $1 ORDER BY at DESC, id DESC LIMIT $2) r
              LEFT JOIN providers p ON p.id = r.reader_provider""")
        .execute(Tuple.of(person, limit))
        .map(rows -> rows.iterator().next().getJsonArray(0));
  }

  /**
   * The privacy officer's search: every filter optional, newest first, with the names of reader
   * and person and the reference (call, conversation, booking).
   */
  Future<JsonArray> searchReads(SqlClient c, UUID person, String reader, OffsetDateTime from, OffsetDateTime to, int limit) {
    return c.preparedQuery("""
            SELECT coalesce(jsonb_agg(jsonb_build_object('at', utc_iso(r.at), 'reader', r.reader, 'readerName', ra.display_name,
                     'roles', r.reader_roles, 'organisation', p.name, 'person', r.person, 'personName', pa.display_name,
                     'what', r.what, 'via', r.via, 'ref', r.ref) ORDER BY r.at DESC, r.id DESC), '[]'::jsonb)
              FROM (SELECT * FROM personal_data_reads
                     WHERE ($1::uuid IS NULL OR person = $1) AND ($2::text IS NULL OR reader = $2)
                       AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at < $4)
                     ORDER BY at DESC, id DESC LIMIT $5) r
              LEFT JOIN providers p ON p.id = r.reader_provider
              LEFT JOIN accounts ra ON ra.id::text = r.reader
              LEFT JOIN accounts pa ON pa.id = r.person""")
        .execute(Tuple.of(person, reader, from, to, limit))
        .map(rows -> rows.iterator().next().getJsonArray(0));
  }

  /** The account with this codice fiscale, if any (the officer may search by it: it travels in a body, not a URL). */
  Future<Optional<UUID>> accountWithCodiceFiscale(SqlClient c, String codiceFiscale) {
    return c.preparedQuery("SELECT id FROM accounts WHERE codice_fiscale = $1").execute(Tuple.of(codiceFiscale))
        .map(rows -> Rows.first(rows, r -> r.getUUID(0)));
  }

  // ---- erasure -----------------------------------------------------------------------------

  /** What erasure needs to know first: the password hash, when the session began, and an earlier erasure. */
  record Standing(boolean exists, String passwordHash, OffsetDateTime sessionStartedAt, OffsetDateTime erasedAt) { }

  Future<Standing> standing(SqlClient c, UUID account, UUID session) {
    return c.preparedQuery("""
            SELECT a.password_hash, (SELECT created_at FROM auth_sessions WHERE id = $2 AND account_id = a.id),
                   (SELECT erased_at FROM erasures WHERE account_id = a.id)
              FROM accounts a WHERE a.id = $1""")
        .execute(Tuple.of(account, session))
        .map(rows -> Rows.first(rows, r -> new Standing(true, r.getString(0), r.getOffsetDateTime(1), r.getOffsetDateTime(2)))
            .orElse(new Standing(false, null, null, null)));
  }

  /** Locks the account for erasure; the erasure already done, if it was (a repeated request). */
  Future<Optional<OffsetDateTime>> lockForErasure(SqlConnection tx, UUID account) {
    return tx.query("SELECT set_config('sportello.privacy_work', 'erasure', true)").execute()
        .compose(v -> tx.preparedQuery("SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE").execute(Tuple.of(account)))
        .compose(v -> tx.preparedQuery("SELECT erased_at FROM erasures WHERE account_id = $1").execute(Tuple.of(account)))
        .map(rows -> Rows.first(rows, r -> r.getOffsetDateTime(0)));
  }

  /** What must end before erasure: live bookings still to come (money may move), an open chat. */
  Future<JsonObject> blockers(SqlClient c, UUID account) {
    return c.preparedQuery("""
            SELECT (SELECT count(*) FROM bookings WHERE person = $1::uuid::text AND status IN ('held', 'confirmed') AND ends_at > now()) AS bookings,
                   (SELECT count(*) FROM chat_conversations WHERE owner = $1::uuid::text AND status <> 'closed') AS chats""")
        .execute(Tuple.of(account))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new JsonObject().put("upcomingBookings", r.getLong("bookings")).put("openChats", r.getLong("chats"));
        });
  }

  /**
   * Every statement of an erasure, in the order run (one transaction, after {@link #lockForErasure}):
   * personal data cleared or replaced; amounts, dates and the links between records kept.
   */
  private static final List<String> ERASURE = List.of(
      // The account: a name that says what happened, a username nobody can type, no contact, no key.
      """
      UPDATE accounts SET display_name = 'Persona cancellata', username = 'cancellato.' || id, email = NULL,
             email_verified_at = NULL, phone = NULL, codice_fiscale = NULL, municipality = NULL, password_hash = NULL,
             language = 'it', disabled_at = coalesce(disabled_at, now())
       WHERE id = $1""",
      "UPDATE employees SET badge_code = NULL, has_dependent_children = false WHERE account_id = $1",
      "DELETE FROM accounts_phone_unreadable WHERE account_id = $1",
      "DELETE FROM kiosk_pins WHERE account_id = $1",
      // The ISEE as declared (V38): a reduced tariff already charged stays on its booking.
      "DELETE FROM isee_declarations WHERE account_id = $1",
      // The ways in: links and tokens that hold an address or an identity provider's subject.
      "DELETE FROM account_tokens WHERE account_id = $1",
      "DELETE FROM oidc_links WHERE account_id = $1",
      "DELETE FROM oidc_handoffs WHERE account_id = $1",
      "DELETE FROM notification_preferences WHERE account_id = $1",
      "DELETE FROM notification_messages WHERE recipient = $1::uuid::text",
      "DELETE FROM outbox WHERE recipient = $1::uuid::text",
      "DELETE FROM idempotency_keys WHERE principal = $1::uuid::text",
      "UPDATE calendar_feeds SET revoked_at = now() WHERE person = $1::uuid::text AND revoked_at IS NULL",
      // Bookings keep what was bought, when and for how much; the answers and reasons about the person go.
      """
      UPDATE bookings SET intake_beneficiary = NULL, intake_address = NULL, intake_notes = NULL, residency_override = NULL
       WHERE person = $1::uuid::text""",
      "UPDATE waitlist_entries SET residency_override = NULL WHERE person = $1::uuid::text",
      "UPDATE waitlist_entries SET status = 'left' WHERE person = $1::uuid::text AND status = 'waiting'",
      """
      UPDATE booking_audit SET detail = '{}'::jsonb
       WHERE booking_id IN (SELECT id FROM bookings WHERE person = $1::uuid::text) AND detail <> '{}'::jsonb""",
      // Delivery records (V53) keep outcome and minutes; the notes about the person and a correction's reason go.
      """
      UPDATE delivery_records SET note = NULL
       WHERE booking_id IN (SELECT id FROM bookings WHERE person = $1::uuid::text) AND note IS NOT NULL""",
      """
      UPDATE delivery_history SET note = NULL
       WHERE booking_id IN (SELECT id FROM bookings WHERE person = $1::uuid::text) AND note IS NOT NULL""",
      """
      UPDATE delivery_corrections SET before = before - 'note', after = after - 'note', reason = '[motivo cancellato]'
       WHERE booking_id IN (SELECT id FROM bookings WHERE person = $1::uuid::text) AND reason <> '[motivo cancellato]'""",
      // Their conversations: every word and name in them (the whole transcript is about them), and
      // what they wrote in anyone else's.
      """
      UPDATE chat_conversations SET owner_name = 'Persona cancellata', fields = '{}'::jsonb, rating_comment = NULL
       WHERE owner = $1::uuid::text""",
      """
      UPDATE chat_events e SET body = CASE WHEN e.kind IN ('message', 'note') THEN '{"text":"[messaggio cancellato]"}'::jsonb
                                           ELSE e.body - 'phone' - 'comment' - 'name' END,
             author_name = CASE WHEN e.author = $1::uuid::text THEN 'Persona cancellata' ELSE e.author_name END
       WHERE (e.author = $1::uuid::text OR e.conversation_id IN (SELECT id FROM chat_conversations WHERE owner = $1::uuid::text))
         AND (e.kind IN ('message', 'note', 'callback-requested', 'rated') OR e.author = $1::uuid::text)""",
      // Calls: numbers and notes go; the call's times stay for the queue's statistics.
      """
      UPDATE call_log SET data = data - 'from'
       WHERE call_id IN (SELECT id FROM calls WHERE person = $1) AND data ? 'from'""",
      """
      UPDATE calls SET caller_number = NULL, callback_number = NULL, notes = NULL, notes_by = NULL, notes_at = NULL
       WHERE person = $1""");

  /** An erasure done: when (as recorded), and the sessions it revoked (to announce after commit). */
  record Erasure(OffsetDateTime at, List<String> revokedSessions) { }

  /** Runs the erasure, records it, and revokes every session of the account. */
  Future<Erasure> erase(SqlConnection tx, UUID account, String confirmedBy) {
    Future<Void> chain = Future.succeededFuture();
    for (String statement : ERASURE) {
      chain = chain.compose(v -> tx.preparedQuery(statement).execute(Tuple.of(account)).mapEmpty());
    }
    return chain
        .compose(v -> tx.preparedQuery("INSERT INTO erasures (account_id, confirmed_by) VALUES ($1, $2) RETURNING erased_at")
            .execute(Tuple.of(account, confirmedBy)))
        .compose(recorded -> tx.preparedQuery("""
                UPDATE auth_sessions SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL RETURNING id""")
            .execute(Tuple.of(account))
            .map(rows -> {
              List<String> ids = new ArrayList<>();
              rows.forEach(r -> ids.add(r.getUUID(0).toString()));
              return new Erasure(recorded.iterator().next().getOffsetDateTime(0), ids);
            }));
  }
}
