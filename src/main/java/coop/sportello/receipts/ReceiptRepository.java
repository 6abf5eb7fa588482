package coop.sportello.receipts;

import coop.sportello.platform.database.Rows;
import coop.sportello.receipts.domain.ReceiptDocument;
import coop.sportello.receipts.domain.Series;
import coop.sportello.receipts.domain.VatTreatment;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.List;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All the SQL of receipts: the relay's claim and issue, the counters, the reads, the legal data. */
final class ReceiptRepository {

  /** What a ledger row's document will say, read in the issuing transaction. */
  record Facts(long ledgerId, Series series, UUID providerId, UUID bookingId, String person, String method, String means,
               int amountCents, String vatTreatment, UUID refersTo, UUID payerCompany, String issuerName,
               String issuerAddress, String issuerFiscalCode, String issuerVatNumber, String personName,
               String personCodiceFiscale, String companyName, String companyVatNumber, String planLabel,
               String serviceTitle, java.time.OffsetDateTime startsAt, java.time.OffsetDateTime endsAt) { }

  /** A number taken from a counter: the year it belongs to and the number. */
  record Numbered(int year, int number) { }

  private static final String COMPLETE_LEGAL_DATA =
      "pr.legal_name IS NOT NULL AND pr.legal_address IS NOT NULL AND pr.fiscal_code IS NOT NULL";

  private final Pool pool;

  ReceiptRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  // ---- the relay ---------------------------------------------------------------------------------

  /**
   * The next ledger row due a document, locked for this transaction; rows another relay holds are
   * skipped. A provider without its legal data waits; a refund waits for the committed receipt of
   * its payment.
   */
  Future<Optional<Long>> claimNext(SqlConnection tx) {
    return tx.preparedQuery("""
            SELECT d.ledger_id
              FROM receipts_due d JOIN money_ledger l ON l.id = d.ledger_id JOIN providers pr ON pr.id = d.provider_id
             WHERE d.next_try_at <= now() AND %s
               AND (l.kind = 'payment' OR EXISTS (
                     SELECT 1 FROM money_ledger pl JOIN receipts r ON r.ledger_id = pl.id
                      WHERE pl.payment_id = l.payment_id AND pl.kind = 'payment'))
             ORDER BY d.ledger_id LIMIT 1
               FOR UPDATE OF d SKIP LOCKED""".formatted(COMPLETE_LEGAL_DATA))
        .execute()
        .map(rows -> Rows.first(rows, r -> r.getLong(0)));
  }

  Future<Facts> facts(SqlConnection tx, long ledgerId) {
    return tx.preparedQuery("""
            SELECT l.id, l.kind, l.provider_id, l.booking_id, b.person, l.method, p.means, abs(l.amount_cents) AS amount,
                   sv.vat_treatment,
                   (SELECT r.id FROM money_ledger pl JOIN receipts r ON r.ledger_id = pl.id
                     WHERE pl.payment_id = l.payment_id AND pl.kind = 'payment') AS refers_to,
                   pr.legal_name, pr.legal_address, pr.fiscal_code, pr.vat_number,
                   coalesce(a.display_name, 'Cliente') AS person_name, a.codice_fiscale,
                   c.id AS company_id, c.name AS company_name, c.vat_number AS company_vat,
                   CASE WHEN wp.id IS NOT NULL THEN g.name || ' ' || wp.plan_year END AS plan_label,
                   sv.title, b.starts_at, b.ends_at
              FROM money_ledger l
              JOIN payments p ON p.id = l.payment_id
              JOIN bookings b ON b.id = l.booking_id
              JOIN services sv ON sv.id = b.service_id
              JOIN providers pr ON pr.id = l.provider_id
              LEFT JOIN accounts a ON a.id::text = b.person
              LEFT JOIN welfare_plans wp ON wp.id = p.wallet_plan AND l.method = 'welfare_credit'
              LEFT JOIN companies c ON c.id = wp.company_id
              LEFT JOIN employee_groups g ON g.id = wp.group_id
             WHERE l.id = $1""")
        .execute(Tuple.of(ledgerId))
        .map(rows -> {
          Row r = Rows.first(rows).orElseThrow(() -> new IllegalStateException("ledger row " + ledgerId + " is gone"));
          return new Facts(r.getLong("id"), Series.forLedgerKind(r.getString("kind")), r.getUUID("provider_id"),
              r.getUUID("booking_id"), r.getString("person"), r.getString("method"), r.getString("means"),
              r.getInteger("amount"), r.getString("vat_treatment"), r.getUUID("refers_to"), r.getUUID("company_id"),
              r.getString("legal_name"), r.getString("legal_address"), r.getString("fiscal_code"), r.getString("vat_number"),
              r.getString("person_name"), r.getString("codice_fiscale"), r.getString("company_name"),
              r.getString("company_vat"), r.getString("plan_label"), r.getString("title"),
              r.getOffsetDateTime("starts_at"), r.getOffsetDateTime("ends_at"));
        });
  }

  /**
   * The next number of the provider's series this year (Europe/Rome), taken in the caller's
   * transaction: the counter row stays locked until it ends, and a rollback gives the number back.
   */
  Future<Numbered> nextNumber(SqlConnection tx, UUID provider, Series series) {
    return tx.preparedQuery("""
            INSERT INTO receipt_counters (provider_id, year, series, last_number)
            VALUES ($1, extract(year FROM now() AT TIME ZONE 'Europe/Rome')::int, $2, 1)
            ON CONFLICT (provider_id, year, series) DO UPDATE SET last_number = receipt_counters.last_number + 1
            RETURNING year, last_number""")
        .execute(Tuple.of(provider, series.wireName()))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new Numbered(r.getInteger("year"), r.getInteger("last_number"));
        });
  }

  Future<UUID> insert(SqlConnection tx, Facts f, Numbered n, VatTreatment vat, VatTreatment.VatSplit split) {
    return tx.preparedQuery("""
            INSERT INTO receipts (provider_id, year, series, number, ledger_id, booking_id, person, payer, payer_company,
                                  method, means, amount_cents, vat_treatment, taxable_cents, vat_cents, refers_to,
                                  issuer_name, issuer_address, issuer_fiscal_code, issuer_vat_number, person_name,
                                  person_codice_fiscale, company_name, company_vat_number, plan_label, service_title,
                                  service_starts_at, service_ends_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8::uuid IS NULL THEN 'person' ELSE 'company' END, $8, $9, $10, $11,
                    $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)
            RETURNING id""")
        .execute(Tuple.from(new Object[] {f.providerId(), n.year(), f.series().wireName(), n.number(), f.ledgerId(),
            f.bookingId(), f.person(), f.payerCompany(), f.method(), f.means(), f.amountCents(), vat.wireName(),
            split.taxableCents(), split.vatCents(), f.refersTo(), f.issuerName(), f.issuerAddress(), f.issuerFiscalCode(),
            f.issuerVatNumber(), f.personName(), f.personCodiceFiscale(), f.companyName(), f.companyVatNumber(),
            f.planLabel(), f.serviceTitle(), f.startsAt(), f.endsAt()}))
        .map(rows -> rows.iterator().next().getUUID(0));
  }

  Future<Void> issued(SqlConnection tx, long ledgerId) {
    return tx.preparedQuery("DELETE FROM receipts_due WHERE ledger_id = $1").execute(Tuple.of(ledgerId)).mapEmpty();
  }

  /** The row failed: it waits {@code wait} times its attempts (capped by the caller) and the others go on. */
  Future<Void> failed(long ledgerId, String error, Duration wait) {
    return pool.preparedQuery("""
            UPDATE receipts_due SET attempts = attempts + 1, last_error = $2,
                   next_try_at = now() + make_interval(secs => $3 * least(attempts + 1, 60))
             WHERE ledger_id = $1""")
        .execute(Tuple.of(ledgerId, error, (double) wait.toSeconds())).mapEmpty();
  }

  // ---- reads -------------------------------------------------------------------------------------

  private static final String SUMMARY = """
      jsonb_build_object('id', r.id, 'series', r.series, 'year', r.year, 'number', r.number,
        'label', r.number || '/' || r.year, 'issuedAt', utc_iso(r.issued_at), 'bookingId', r.booking_id,
        'amountCents', r.amount_cents, 'vatTreatment', r.vat_treatment, 'taxableCents', r.taxable_cents,
        'vatCents', r.vat_cents, 'method', r.method, 'payer', r.payer, 'companyName', r.company_name,
        'serviceTitle', r.service_title, 'serviceStart', rome_iso(r.service_starts_at),
        'refersTo', r.refers_to, 'refersToLabel', (SELECT o.number || '/' || o.year FROM receipts o WHERE o.id = r.refers_to))""";

  /** The person's documents, newest first. */
  Future<JsonArray> ofPerson(String person, int limit) {
    return pool.preparedQuery("""
            SELECT coalesce(jsonb_agg(x.item ORDER BY x.issued_at DESC, x.number DESC), '[]'::jsonb) FROM (
              SELECT %s AS item, r.issued_at, r.number FROM receipts r WHERE r.person = $1
               ORDER BY r.issued_at DESC, r.number DESC LIMIT $2) x""".formatted(SUMMARY))
        .execute(Tuple.of(person, limit))
        .map(rows -> rows.iterator().next().getJsonArray(0));
  }

  /** A page of a provider's documents and the people they are for (for the read log). */
  record ProviderPage(JsonArray items, List<String> people) { }

  /** A provider's documents of a year, by series and number, with whom each is for. */
  Future<ProviderPage> ofProvider(UUID provider, int year, int limit) {
    return pool.preparedQuery("""
            SELECT coalesce(jsonb_agg(x.item ORDER BY x.series DESC, x.number), '[]'::jsonb),
                   coalesce(array_agg(DISTINCT x.person), '{}') FROM (
              SELECT %s || jsonb_build_object('personName', r.person_name) AS item, r.series, r.number, r.person
                FROM receipts r WHERE r.provider_id = $1 AND r.year = $2
               ORDER BY r.series DESC, r.number LIMIT $3) x""".formatted(SUMMARY))
        .execute(Tuple.of(provider, year, limit))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new ProviderPage(r.getJsonArray(0), List.of(r.getArrayOfStrings(1)));
        });
  }

  /** Who a document is for and whose it is, to decide who may read it. */
  record Owners(String person, UUID provider) { }

  Future<Optional<Owners>> owners(UUID id) {
    return pool.preparedQuery("SELECT person, provider_id FROM receipts WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, r -> new Owners(r.getString("person"), r.getUUID("provider_id"))));
  }

  Future<ReceiptDocument> document(UUID id) {
    return pool.preparedQuery("""
            SELECT r.*, o.year AS ref_year, o.number AS ref_number, o.issued_at AS ref_issued_at
              FROM receipts r LEFT JOIN receipts o ON o.id = r.refers_to WHERE r.id = $1""")
        .execute(Tuple.of(id))
        .map(rows -> {
          Row r = rows.iterator().next();
          Optional<ReceiptDocument.Reference> ref = r.getUUID("refers_to") == null ? Optional.empty()
              : Optional.of(new ReceiptDocument.Reference(r.getInteger("ref_year"), r.getInteger("ref_number"),
                  r.getOffsetDateTime("ref_issued_at").toInstant()));
          Optional<ReceiptDocument.PayingCompany> company = r.getUUID("payer_company") == null ? Optional.empty()
              : Optional.of(new ReceiptDocument.PayingCompany(r.getString("company_name"), r.getString("company_vat_number"),
                  r.getString("plan_label")));
          return new ReceiptDocument(Series.fromWire(r.getString("series")), r.getInteger("year"), r.getInteger("number"),
              r.getOffsetDateTime("issued_at").toInstant(), ref,
              new ReceiptDocument.Issuer(r.getString("issuer_name"), r.getString("issuer_address"),
                  r.getString("issuer_fiscal_code"), r.getString("issuer_vat_number")),
              r.getString("person_name"), Optional.ofNullable(r.getString("person_codice_fiscale")), company,
              r.getString("service_title"), r.getOffsetDateTime("service_starts_at").toInstant(),
              r.getOffsetDateTime("service_ends_at").toInstant(), r.getString("method"), Optional.ofNullable(r.getString("means")),
              r.getInteger("amount_cents"), VatTreatment.fromWire(r.getString("vat_treatment")).orElseThrow(),
              r.getInteger("taxable_cents"), r.getInteger("vat_cents"));
        });
  }

  // ---- legal data --------------------------------------------------------------------------------

  private static final String LEGAL_JSON = """
      jsonb_build_object('name', pr.name, 'vatNumber', pr.vat_number, 'legalName', pr.legal_name,
        'legalAddress', pr.legal_address, 'fiscalCode', pr.fiscal_code, 'complete', %s,
        'waitingForLegalData', (SELECT count(*) FROM receipts_due d WHERE d.provider_id = pr.id AND NOT (%s)))"""
      .formatted(COMPLETE_LEGAL_DATA, COMPLETE_LEGAL_DATA);

  Future<JsonObject> legalDetails(SqlClient c, UUID provider) {
    return c.preparedQuery("SELECT " + LEGAL_JSON + " FROM providers pr WHERE pr.id = $1").execute(Tuple.of(provider))
        .map(rows -> new JsonObject(rows.iterator().next().getJsonObject(0).encode()));
  }

  Future<Void> saveLegalDetails(SqlConnection tx, UUID provider, String legalName, String legalAddress, String fiscalCode) {
    return tx.preparedQuery("UPDATE providers SET legal_name = $2, legal_address = $3, fiscal_code = $4 WHERE id = $1")
        .execute(Tuple.of(provider, legalName, legalAddress, fiscalCode)).mapEmpty();
  }
}
