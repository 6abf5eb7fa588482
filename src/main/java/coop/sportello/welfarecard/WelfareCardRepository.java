package coop.sportello.welfarecard;

import coop.sportello.platform.database.Rows;
import coop.sportello.welfarecard.domain.AgreementTerms;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every SQL statement of the Welfare Card (V40): agreements with their companies and package, the
 * cards, and what a card shows its holder, a kiosk and a provider.
 */
final class WelfareCardRepository {

  /** A card as its holder sees it (the package is read separately). */
  record Card(String number, String status, UUID agreementId, String agreementName, String companyName,
              LocalDate validFrom, LocalDate validUntil) { }

  /** A package service with its tariff and agreed discount, as the card's pages show it. */
  record PackageService(UUID id, String title, String providerName, String area, String unit, int tariffCents,
                        String discountKind, int discountValue) { }

  /** What a provider learns from a card: never the person. Empty fields when the number is nobody's. */
  record Verified(String status, String companyName, UUID agreementId, String agreementName, LocalDate validFrom,
                  LocalDate validUntil) { }

  // ---- agreements ---------------------------------------------------------------------------------

  Future<JsonArray> agreements(SqlClient c) {
    return c.query("""
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                     'id', a.id, 'name', a.name, 'validFrom', a.valid_from, 'validUntil', a.valid_until,
                     'companies', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', co.id, 'name', co.name) ORDER BY co.name), '[]')
                                     FROM welfare_card_companies m JOIN companies co ON co.id = m.company_id
                                    WHERE m.agreement_id = a.id AND m.left_at IS NULL),
                     'services', (SELECT coalesce(jsonb_agg(jsonb_build_object('serviceId', p.service_id, 'title', s.title,
                                            'discount', jsonb_build_object('kind', p.discount_kind, 'value', p.discount_value))
                                            ORDER BY s.title), '[]')
                                    FROM welfare_card_package p JOIN services s ON s.id = p.service_id WHERE p.agreement_id = a.id),
                     'liveCards', (SELECT count(*) FROM welfare_cards w WHERE w.agreement_id = a.id AND w.revoked_at IS NULL))
                   ORDER BY a.valid_from DESC, a.name), '[]')
              FROM welfare_card_agreements a""")
        .execute().map(rows -> new JsonArray(rows.iterator().next().getJsonArray(0).encode()));
  }

  /** How many of these ids are companies, and how many are services still offered. */
  Future<boolean[]> allKnown(SqlClient c, List<UUID> companies, List<UUID> services) {
    return c.preparedQuery("""
            SELECT (SELECT count(*) FROM companies WHERE id = ANY ($1)) = cardinality($1),
                   (SELECT count(*) FROM services WHERE id = ANY ($2) AND retired_at IS NULL) = cardinality($2)""")
        .execute(args(companies.toArray(UUID[]::new), services.toArray(UUID[]::new)))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new boolean[] {r.getBoolean(0), r.getBoolean(1)};
        });
  }

  Future<UUID> insertAgreement(SqlClient c, AgreementTerms terms, String actor) {
    return c.preparedQuery("""
            INSERT INTO welfare_card_agreements (name, valid_from, valid_until, created_by) VALUES ($1, $2, $3, $4)
            RETURNING id""")
        .execute(Tuple.of(terms.name(), terms.validFrom(), terms.validUntil(), actor))
        .map(rows -> rows.iterator().next().getUUID(0));
  }

  /**
   * New terms for an agreement (its row locked): its live cards take the new period (a card never
   * starts before it was issued).
   */
  Future<Boolean> updateAgreement(SqlClient c, UUID agreement, AgreementTerms terms) {
    return c.preparedQuery("""
            UPDATE welfare_card_agreements SET name = $2, valid_from = $3, valid_until = $4, updated_at = now()
             WHERE id = $1""")
        .execute(Tuple.of(agreement, terms.name(), terms.validFrom(), terms.validUntil()))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false) : c.preparedQuery("""
                UPDATE welfare_cards SET valid_from = greatest($2, (issued_at AT TIME ZONE 'Europe/Rome')::date), valid_until = $3
                 WHERE agreement_id = $1 AND revoked_at IS NULL""")
            .execute(Tuple.of(agreement, terms.validFrom(), terms.validUntil())).map(true));
  }

  Future<Boolean> lockAgreement(SqlClient c, UUID agreement) {
    return c.preparedQuery("SELECT 1 FROM welfare_card_agreements WHERE id = $1 FOR UPDATE").execute(Tuple.of(agreement))
        .map(rows -> rows.iterator().hasNext());
  }

  /**
   * The member companies become exactly {@code companies}: one that leaves keeps its row (its cards
   * point at it) with the time it left, and its live cards are revoked; one that comes back is a
   * member again.
   */
  Future<Void> setCompanies(SqlClient c, UUID agreement, List<UUID> companies) {
    UUID[] ids = companies.toArray(UUID[]::new);
    return c.preparedQuery("""
            UPDATE welfare_card_companies SET left_at = now()
             WHERE agreement_id = $1 AND left_at IS NULL AND NOT (company_id = ANY ($2))""")
        .execute(args(agreement, ids))
        .compose(v -> c.preparedQuery("""
                UPDATE welfare_cards SET revoked_at = now(), revoked_reason = 'company_left_agreement'
                 WHERE agreement_id = $1 AND revoked_at IS NULL AND NOT (company_id = ANY ($2))""")
            .execute(args(agreement, ids)))
        .compose(v -> c.preparedQuery("""
                INSERT INTO welfare_card_companies (agreement_id, company_id) SELECT $1, unnest($2::uuid[])
                ON CONFLICT (agreement_id, company_id) DO UPDATE SET left_at = NULL""")
            .execute(args(agreement, ids)))
        .mapEmpty();
  }

  /** The package becomes exactly these services with these discounts. */
  Future<Void> setPackage(SqlClient c, UUID agreement, List<AgreementTerms.Entry> entries) {
    UUID[] services = entries.stream().map(AgreementTerms.Entry::serviceId).toArray(UUID[]::new);
    String[] kinds = entries.stream().map(e -> e.discount().kind().wireName()).toArray(String[]::new);
    Integer[] values = entries.stream().map(e -> e.discount().value()).toArray(Integer[]::new);
    return c.preparedQuery("DELETE FROM welfare_card_package WHERE agreement_id = $1 AND NOT (service_id = ANY ($2))")
        .execute(args(agreement, services))
        .compose(v -> c.preparedQuery("""
                INSERT INTO welfare_card_package (agreement_id, service_id, discount_kind, discount_value)
                SELECT $1, s, k, v FROM unnest($2::uuid[], $3::text[], $4::integer[]) AS x (s, k, v)
                ON CONFLICT (agreement_id, service_id)
                DO UPDATE SET discount_kind = EXCLUDED.discount_kind, discount_value = EXCLUDED.discount_value""")
            .execute(args(agreement, services, kinds, values)))
        .mapEmpty();
  }

  // ---- issuing cards ----------------------------------------------------------------------------

  /**
   * Employees (still in their company) of the agreement's member companies without a live card of
   * it, when the agreement has not ended; {@code account} narrows it to one person.
   */
  Future<List<UUID>> withoutCard(SqlClient c, UUID agreement, UUID account) {
    return c.preparedQuery("""
            SELECT e.account_id FROM welfare_card_agreements a
              JOIN welfare_card_companies m ON m.agreement_id = a.id AND m.left_at IS NULL
              JOIN employees e ON e.company_id = m.company_id AND e.left_on IS NULL
             WHERE a.id = $1 AND a.valid_until >= welfare_card_today() AND ($2::uuid IS NULL OR e.account_id = $2)
               AND NOT EXISTS (SELECT 1 FROM welfare_cards w
                                WHERE w.agreement_id = a.id AND w.account_id = e.account_id AND w.revoked_at IS NULL)
             ORDER BY e.account_id""")
        .execute(Tuple.of(agreement, account))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getUUID(0)));
          return ids;
        });
  }

  /**
   * Cards for these employees with these numbers; a number already taken, or a person who got a
   * card meanwhile, is skipped (the caller asks again who still has none). Answers how many it made.
   */
  Future<Integer> insertCards(SqlClient c, UUID agreement, List<UUID> accounts, List<String> numbers, String actor) {
    return c.preparedQuery("""
            INSERT INTO welfare_cards (number, agreement_id, company_id, account_id, valid_from, valid_until, issued_by)
            SELECT x.number, a.id, e.company_id, e.account_id, greatest(a.valid_from, welfare_card_today()), a.valid_until, $4
              FROM unnest($2::uuid[], $3::text[]) AS x (account_id, number)
              JOIN employees e ON e.account_id = x.account_id
              JOIN welfare_card_agreements a ON a.id = $1
            ON CONFLICT DO NOTHING""")
        .execute(args(agreement, accounts.toArray(UUID[]::new), numbers.toArray(String[]::new), actor))
        .map(rows -> rows.rowCount());
  }

  /** Running or future agreements the employee's company is a member of now. */
  Future<List<UUID>> agreementsOf(SqlClient c, UUID account) {
    return c.preparedQuery("""
            SELECT a.id FROM employees e
              JOIN welfare_card_companies m ON m.company_id = e.company_id AND m.left_at IS NULL
              JOIN welfare_card_agreements a ON a.id = m.agreement_id
             WHERE e.account_id = $1 AND e.left_on IS NULL AND a.valid_until >= welfare_card_today()
             ORDER BY a.valid_from, a.id""")
        .execute(Tuple.of(account))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getUUID(0)));
          return ids;
        });
  }

  // ---- reading cards ----------------------------------------------------------------------------

  private static final String CARD = """
      SELECT w.number, welfare_card_status(w), a.id, a.name, co.name, w.valid_from, w.valid_until
        FROM welfare_cards w JOIN welfare_card_agreements a ON a.id = w.agreement_id
        JOIN companies co ON co.id = w.company_id
      """;

  /** The person's card to show: a valid one first, then the one that lasts longest, then the newest. */
  Future<Optional<Card>> cardOf(SqlClient c, UUID account) {
    return c.preparedQuery(CARD + """
             WHERE w.account_id = $1 AND w.revoked_at IS NULL
             ORDER BY welfare_card_status(w) = 'valid' DESC, w.valid_until DESC, w.issued_at DESC
             LIMIT 1""")
        .execute(Tuple.of(account))
        .map(rows -> Rows.first(rows, r -> new Card(r.getString(0), r.getString(1), r.getUUID(2), r.getString(3),
            r.getString(4), r.getLocalDate(5), r.getLocalDate(6))));
  }

  /**
   * The agreement's package, services still offered, by title; {@code provider} narrows it to one
   * provider's services (what a provider checking a card needs), null gives them all.
   */
  Future<List<PackageService>> packageOf(SqlClient c, UUID agreement, UUID provider) {
    return c.preparedQuery("""
            SELECT s.id, s.title, pr.name, s.area, s.tariff_unit, s.tariff_cents, p.discount_kind, p.discount_value
              FROM welfare_card_package p JOIN services s ON s.id = p.service_id JOIN providers pr ON pr.id = s.provider_id
             WHERE p.agreement_id = $1 AND ($2::uuid IS NULL OR s.provider_id = $2) AND s.retired_at IS NULL
             ORDER BY s.title, s.id""")
        .execute(Tuple.of(agreement, provider))
        .map(rows -> {
          List<PackageService> list = new ArrayList<>();
          rows.forEach(r -> list.add(new PackageService(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3),
              r.getString(4), r.getInteger(5), r.getString(6), r.getInteger(7))));
          return list;
        });
  }

  /** The person identified at this kiosk in this live session, if there is one. */
  Future<Optional<UUID>> personAtKiosk(SqlClient c, UUID device, UUID session) {
    return c.preparedQuery("""
            SELECT account_id FROM kiosk_sessions
             WHERE id = $1 AND device_id = $2 AND ended_at IS NULL AND expires_at > now()""")
        .execute(Tuple.of(session, device))
        .map(rows -> Rows.first(rows, r -> r.getUUID(0)));
  }

  /**
   * A card as a provider verifies it, with the provider's own services in its package. One
   * statement whatever the number: a number that is nobody's (or no number at all, '') costs the
   * same lookup and answers no row.
   */
  Future<Optional<Verified>> verify(SqlClient c, String number) {
    return c.preparedQuery(CARD + " WHERE w.number = $1").execute(Tuple.of(number))
        .map(rows -> Rows.first(rows, r -> new Verified(r.getString(1), r.getString(4), r.getUUID(2), r.getString(3),
            r.getLocalDate(5), r.getLocalDate(6))));
  }

  /**
   * A statement's parameters, arrays included: {@code Tuple.of(a, array)} would spread a last
   * array argument into separate parameters.
   */
  private static Tuple args(Object... values) {
    return Tuple.from(Arrays.asList(values));
  }
}
