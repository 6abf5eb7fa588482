package coop.sportello.receipts;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.Http;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static coop.sportello.testing.AppTestBase.await;

/**
 * What receipts are issued from, written straight in the database in V37's shape (part B's
 * payments code writes it in production): confirmed bookings, completed payments, completed
 * refunds, and their money_ledger rows.
 */
final class ReceiptsFixture {

  static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(5);
  private static final String CODE_LETTERS = "ACDEFGHJKMNPQRTUVWXY34679";

  private final Pool pool;

  ReceiptsFixture(Pool pool) {
    this.pool = pool;
  }

  /** The provider admin's cooperative gets its legal data; answers its id. */
  UUID legalDataOf(String adminUsername, String legalName, String address) {
    return await(pool.preparedQuery("""
            UPDATE providers p SET legal_name = $2, legal_address = $3, fiscal_code = p.vat_number
              FROM accounts a WHERE a.username = $1 AND p.id = a.provider_id RETURNING p.id""")
        .execute(Tuple.of(adminUsername, legalName, address))).iterator().next().getUUID(0);
  }

  /** A service of the admin's cooperative with a two-hour slot on {@link #DAY}; answers the slot. */
  static String slotOf(Http http, String adminToken, String title) {
    CatalogFixture.Service service = new CatalogFixture(http, adminToken).create(CatalogFixture.serviceBody("elderly", title,
        "Un servizio per le ricevute di prova.").tariff(2100, "session").audience("elderly").at("Via Tasso 4, Bergamo"));
    service.resource("Squadra " + title, "group", 50).openOn(DAY, "09:00", "11:00", 120);
    return service.slotsOn(DAY).get(0);
  }

  void vatOfSlot(String slot, String treatment) {
    await(pool.preparedQuery("UPDATE services SET vat_treatment = $2 WHERE id = (SELECT service_id FROM slots WHERE id = $1)")
        .execute(Tuple.of(UUID.fromString(slot), treatment)));
  }

  /** A confirmed booking of one place of the slot for {@code person}. */
  UUID booking(String slot, String person, int priceCents) {
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      code.append(CODE_LETTERS.charAt(ThreadLocalRandom.current().nextInt(CODE_LETTERS.length())));
    }
    return await(pool.preparedQuery("""
            INSERT INTO bookings (code, slot_id, service_id, resource_id, starts_at, ends_at, places, status, one_at_a_time,
                                  person, acted_by, price_cents)
            SELECT $2, s.id, s.service_id, s.resource_id, s.starts_at, s.ends_at, 1, 'confirmed', false, $3, $3, $4
              FROM slots s WHERE s.id = $1 RETURNING id""")
        .execute(Tuple.of(UUID.fromString(slot), code.toString(), person, priceCents))).iterator().next().getUUID(0);
  }

  /** A completed payment of the booking at the provider (cash), with its ledger row; answers the payment. */
  UUID paidAtProvider(UUID booking, int cents) {
    return pay(booking, "at_provider", cents, null);
  }

  /** A completed payment with the employee's welfare credit of {@code plan}; answers the payment. */
  UUID paidWithCredit(UUID booking, int cents, UUID plan) {
    return pay(booking, "welfare_credit", cents, plan);
  }

  private UUID pay(UUID booking, String method, int cents, UUID plan) {
    return await(pool.withTransaction(tx -> tx.preparedQuery("""
            INSERT INTO payments (booking_id, provider_id, person, method, amount_cents, state, wallet_plan, means, created_by,
                                  completed_at)
            SELECT b.id, sv.provider_id, b.person, $2, $3, 'completed', $4, CASE WHEN $2 = 'at_provider' THEN 'cash' END,
                   b.person, now()
              FROM bookings b JOIN services sv ON sv.id = b.service_id WHERE b.id = $1 RETURNING id, provider_id""")
        .execute(Tuple.of(booking, method, cents, plan))
        .compose(rows -> {
          Row paid = rows.iterator().next();
          return tx.preparedQuery("""
                  INSERT INTO money_ledger (payment_id, booking_id, provider_id, method, kind, amount_cents, actor)
                  VALUES ($1, $2, $3, $4, 'payment', $5, 'test')""")
              .execute(Tuple.of(paid.getUUID("id"), booking, paid.getUUID("provider_id"), method, cents))
              .map(paid.getUUID("id"));
        })));
  }

  /** A completed refund of part of the payment, with its ledger row. */
  void refunded(UUID payment, int cents) {
    await(pool.withTransaction(tx -> tx.preparedQuery("""
            WITH p AS (UPDATE payments SET refunded_cents = refunded_cents + $2 WHERE id = $1
                       RETURNING id, booking_id, provider_id, method),
                 r AS (INSERT INTO refunds (payment_id, amount_cents, state, reason, requested_by, completed_at)
                       SELECT id, $2, 'completed', 'Disdetta nei tempi', 'test', now() FROM p RETURNING id)
            INSERT INTO money_ledger (payment_id, refund_id, booking_id, provider_id, method, kind, amount_cents, actor)
            SELECT p.id, r.id, p.booking_id, p.provider_id, p.method, 'refund', -$2, 'test' FROM p, r""")
        .execute(Tuple.of(payment, cents))));
  }

  /** The numbers of a provider's series this year, in order. */
  List<Integer> numbers(UUID provider, String series) {
    List<Integer> numbers = new ArrayList<>();
    await(pool.preparedQuery("""
            SELECT number FROM receipts WHERE provider_id = $1 AND series = $2
               AND year = extract(year FROM now() AT TIME ZONE 'Europe/Rome') ORDER BY number""")
        .execute(Tuple.of(provider, series))).forEach(r -> numbers.add(r.getInteger(0)));
    return numbers;
  }
}
