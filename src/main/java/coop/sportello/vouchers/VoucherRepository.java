package coop.sportello.vouchers;

import coop.sportello.platform.database.Rows;
import coop.sportello.vouchers.domain.CounterRules;
import coop.sportello.vouchers.domain.ReimbursementStatement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every statement of the voucher wallets (V47): wallets, their ledger, the shops' counter charges.
 * A wallet's balance moves only by a conditional update that writes its ledger row in the same
 * statement, so balance_cents is always the sum of the wallet's ledger and never below zero.
 */
final class VoucherRepository {

  /** A wallet as the counter and the payments see it. */
  record Wallet(UUID id, String person, String municipality, int balanceCents, boolean expired) { }

  /** A counter charge, locked by the caller. */
  record Charge(UUID id, UUID shopId, UUID walletId, UUID person, int amountCents, String oneTimeCode, int wrongAttempts,
                String state, boolean overdue, Instant confirmedAt) {
    boolean pending() {
      return "pending".equals(state);
    }
  }

  /** The shop of a provider admin: whether its provider is a shop, and its name. */
  record Shop(UUID id, String name, boolean isShop) { }

  // ---- wallets ----------------------------------------------------------------------------------

  /** A new wallet with its grant row; empty when the application has one already (or, once in 10^12, the code is taken). */
  Future<Optional<UUID>> insertWallet(SqlClient conn, VoucherGrants.VoucherGrant grant, String code, Instant expiresAt) {
    return conn.preparedQuery("""
            WITH w AS (INSERT INTO voucher_wallets (person, municipality, bando_id, application_id, code, granted_cents,
                                                    balance_cents, valid_until, expires_at)
                       VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id),
                 l AS (INSERT INTO voucher_ledger (wallet_id, kind, amount_cents, actor)
                       SELECT id, 'grant', $6, 'bando:' || $3::text FROM w)
            SELECT id FROM w""")
        .execute(Tuple.tuple(List.of(grant.person(), grant.municipality(), grant.bandoId(), grant.applicationId(), code,
            grant.amountCents(), grant.validUntil(), OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))))
        .map(rows -> Rows.first(rows, r -> r.getUUID(0)));
  }

  Future<Optional<UUID>> walletOfApplication(SqlClient conn, UUID application) {
    return conn.preparedQuery("SELECT id FROM voucher_wallets WHERE application_id = $1").execute(Tuple.of(application))
        .map(rows -> Rows.first(rows, r -> r.getUUID(0)));
  }

  private static final String WALLET = """
      SELECT id, person, municipality, balance_cents, state = 'expired' OR expires_at <= now() FROM voucher_wallets""";

  private static Wallet wallet(Row r) {
    return new Wallet(r.getUUID(0), r.getString(1), r.getString(2), r.getInteger(3), r.getBoolean(4));
  }

  Future<Optional<Wallet>> wallet(SqlClient conn, UUID id) {
    return conn.preparedQuery(WALLET + " WHERE id = $1").execute(Tuple.of(id)).map(rows -> Rows.first(rows, VoucherRepository::wallet));
  }

  Future<Optional<Wallet>> walletByCode(SqlClient conn, String code) {
    return conn.preparedQuery(WALLET + " WHERE code = $1").execute(Tuple.of(code)).map(rows -> Rows.first(rows, VoucherRepository::wallet));
  }

  /**
   * Takes {@code cents} from a live wallet with its spend row (for a charge or a booking): the new
   * balance, or empty when the wallet is expired or its balance would go below zero.
   */
  Future<Optional<Integer>> spend(SqlClient conn, UUID wallet, int cents, UUID charge, UUID booking, String actor) {
    return conn.preparedQuery("""
            WITH w AS (UPDATE voucher_wallets SET balance_cents = balance_cents - $2
                        WHERE id = $1 AND balance_cents >= $2 AND state = 'active' AND expires_at > now()
                        RETURNING id, balance_cents),
                 l AS (INSERT INTO voucher_ledger (wallet_id, kind, amount_cents, charge_id, booking_id, actor)
                       SELECT id, 'spend', -$2, $3, $4, $5 FROM w)
            SELECT balance_cents FROM w""")
        .execute(Tuple.of(wallet, cents, charge, booking, actor))
        .map(rows -> Rows.first(rows, r -> r.getInteger(0)));
  }

  /**
   * Gives {@code cents} back with its refund row; a wallet past its expiry gives them (and anything
   * it still held) up at once with an expiry row. Answers the new balance.
   */
  Future<Integer> giveBack(SqlClient conn, UUID wallet, int cents, UUID charge, UUID booking, String actor) {
    return conn.preparedQuery("""
            WITH w AS (SELECT id, balance_cents AS was, expires_at <= now() AS over FROM voucher_wallets WHERE id = $1 FOR UPDATE),
                 u AS (UPDATE voucher_wallets v
                          SET balance_cents = CASE WHEN w.over THEN 0 ELSE v.balance_cents + $2 END,
                              state = CASE WHEN w.over THEN 'expired' ELSE v.state END
                         FROM w WHERE v.id = w.id RETURNING v.id, v.balance_cents, w.over, w.was),
                 r AS (INSERT INTO voucher_ledger (wallet_id, kind, amount_cents, charge_id, booking_id, actor)
                       SELECT id, 'refund', $2, $3, $4, $5 FROM u),
                 e AS (INSERT INTO voucher_ledger (wallet_id, kind, amount_cents, actor)
                       SELECT id, 'expiry', -(was + $2), 'system' FROM u WHERE over)
            SELECT balance_cents FROM u""")
        .execute(Tuple.of(wallet, cents, charge, booking, actor))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  /** What the booking took from the wallet and has not had back. */
  Future<Integer> bookingNet(SqlClient conn, UUID wallet, UUID booking) {
    return conn.preparedQuery("""
            SELECT COALESCE(-sum(amount_cents), 0)::int FROM voucher_ledger WHERE wallet_id = $1 AND booking_id = $2""")
        .execute(Tuple.of(wallet, booking)).map(rows -> rows.iterator().next().getInteger(0));
  }

  /** Wallets past their expiry with money left (or not yet marked): the rest goes with an expiry row. Answers how many. */
  Future<Integer> expireDue(SqlClient conn, int batch) {
    return conn.preparedQuery("""
            WITH due AS (SELECT id, balance_cents FROM voucher_wallets WHERE state = 'active' AND expires_at <= now()
                          ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED),
                 u AS (UPDATE voucher_wallets w SET balance_cents = 0, state = 'expired' FROM due WHERE w.id = due.id
                       RETURNING w.id, due.balance_cents AS was),
                 l AS (INSERT INTO voucher_ledger (wallet_id, kind, amount_cents, actor)
                       SELECT id, 'expiry', -was, 'system' FROM u WHERE was > 0)
            SELECT count(*)::int FROM u""")
        .execute(Tuple.of(batch)).map(rows -> rows.iterator().next().getInteger(0));
  }

  /** Pending charges past their time. */
  Future<Void> expireCharges(SqlClient conn) {
    return conn.query("UPDATE voucher_charges SET state = 'expired' WHERE state = 'pending' AND expires_at <= now()")
        .execute().mapEmpty();
  }

  /** Where the booking's service is: its provider's kind and municipality and the municipalities it is offered in. */
  Future<Optional<JsonObject>> bookingPlace(SqlClient conn, UUID booking) {
    return conn.preparedQuery("""
            SELECT p.kind, p.municipality,
                   ARRAY(SELECT sm.municipality FROM service_municipalities sm WHERE sm.service_id = s.id)
              FROM bookings b JOIN services s ON s.id = b.service_id JOIN providers p ON p.id = s.provider_id
             WHERE b.id = $1""")
        .execute(Tuple.of(booking))
        .map(rows -> Rows.first(rows, r -> new JsonObject().put("kind", r.getString(0)).put("municipality", r.getString(1))
            .put("served", new JsonArray(List.of(r.getArrayOfStrings(2))))));
  }

  /** The person's wallets, newest first, with their last movements, the charges waiting for them and where to spend them. */
  Future<JsonArray> walletsOf(SqlClient conn, String person) {
    return conn.preparedQuery("""
            SELECT jsonb_build_object('id', w.id, 'code', w.code, 'municipality', w.municipality, 'municipalityName', m.name,
                     'bandoId', w.bando_id, 'bandoTitle', b.title, 'grantedCents', w.granted_cents,
                     'balanceCents', w.balance_cents, 'validUntil', w.valid_until,
                     'state', CASE WHEN w.state = 'expired' OR w.expires_at <= now() THEN 'expired' ELSE 'active' END,
                     'movements', (SELECT COALESCE(jsonb_agg(x.j ORDER BY x.id DESC), '[]') FROM (
                        SELECT l.id, jsonb_build_object('kind', l.kind, 'amountCents', l.amount_cents, 'at', rome_iso(l.at),
                                 'shop', sp.name, 'bookingId', l.booking_id) AS j
                          FROM voucher_ledger l LEFT JOIN voucher_charges c ON c.id = l.charge_id
                          LEFT JOIN providers sp ON sp.id = c.shop_id
                         WHERE l.wallet_id = w.id ORDER BY l.id DESC LIMIT 100) x),
                     'pendingCharges', (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', c.id, 'shop', sp.name,
                                          'amountCents', c.amount_cents, 'oneTimeCode', c.one_time_code,
                                          'expiresAt', rome_iso(c.expires_at)) ORDER BY c.created_at), '[]')
                          FROM voucher_charges c JOIN providers sp ON sp.id = c.shop_id
                         WHERE c.wallet_id = w.id AND c.state = 'pending' AND c.expires_at > now()),
                     'shops', (SELECT COALESCE(jsonb_agg(jsonb_build_object('name', sp.name, 'address', sp.address,
                                 'category', sp.shop_category) ORDER BY sp.shop_category, sp.name), '[]')
                          FROM shop_accreditations sa JOIN providers sp ON sp.id = sa.shop_id
                         WHERE sa.municipality = w.municipality AND sa.revoked_at IS NULL))
              FROM voucher_wallets w JOIN municipalities m ON m.istat_code = w.municipality JOIN bandi b ON b.id = w.bando_id
             WHERE w.person = $1 ORDER BY w.created_at DESC""")
        .execute(Tuple.of(person))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(new JsonObject(r.getJsonObject(0).encode())));
          return items;
        });
  }

  // ---- shops and their charges ------------------------------------------------------------------

  Future<Optional<Shop>> shop(SqlClient conn, UUID provider) {
    return conn.preparedQuery("SELECT id, name, kind = 'shop' FROM providers WHERE id = $1").execute(Tuple.of(provider))
        .map(rows -> Rows.first(rows, r -> new Shop(r.getUUID(0), r.getString(1), r.getBoolean(2))));
  }

  Future<Boolean> accredited(SqlClient conn, UUID shop, String municipality) {
    return conn.preparedQuery("""
            SELECT EXISTS (SELECT 1 FROM shop_accreditations WHERE shop_id = $1 AND municipality = $2 AND revoked_at IS NULL)""")
        .execute(Tuple.of(shop, municipality)).map(rows -> rows.iterator().next().getBoolean(0));
  }

  Future<JsonObject> insertCharge(SqlClient conn, UUID shop, UUID wallet, UUID person, int cents, String oneTimeCode,
                                  String requestedBy) {
    return conn.preparedQuery("""
            INSERT INTO voucher_charges (shop_id, wallet_id, person, amount_cents, one_time_code, requested_by, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))
            RETURNING jsonb_build_object('id', id, 'state', state, 'amountCents', amount_cents, 'expiresAt', rome_iso(expires_at))""")
        .execute(Tuple.of(shop, wallet, person, cents, oneTimeCode, requestedBy, CounterRules.CONFIRM_WITHIN.toSeconds()))
        .map(rows -> new JsonObject(rows.iterator().next().getJsonObject(0).encode()));
  }

  private static final String CHARGE = """
      SELECT id, shop_id, wallet_id, person, amount_cents, one_time_code, wrong_attempts, state, expires_at <= now(),
             confirmed_at FROM voucher_charges""";

  /** The shop's own charge, locked. */
  Future<Optional<Charge>> lockCharge(SqlClient conn, UUID id, UUID shop) {
    return charge(conn, id, shop, " FOR UPDATE");
  }

  /** The shop's own charge as it is now. */
  Future<Optional<Charge>> charge(SqlClient conn, UUID id, UUID shop) {
    return charge(conn, id, shop, "");
  }

  private Future<Optional<Charge>> charge(SqlClient conn, UUID id, UUID shop, String lock) {
    return conn.preparedQuery(CHARGE + " WHERE id = $1 AND shop_id = $2" + lock).execute(Tuple.of(id, shop))
        .map(rows -> Rows.first(rows, r -> new Charge(r.getUUID(0), r.getUUID(1), r.getUUID(2), r.getUUID(3), r.getInteger(4),
            r.getString(5), r.getInteger(6), r.getString(7), r.getBoolean(8),
            r.getOffsetDateTime(9) == null ? null : r.getOffsetDateTime(9).toInstant())));
  }

  /** A wrong PIN or one-time code on a pending charge: counted; the last one allowed cancels it. */
  Future<Void> wrongConfirmation(SqlClient conn, UUID id) {
    return conn.preparedQuery("""
            UPDATE voucher_charges SET wrong_attempts = wrong_attempts + 1,
                   state = CASE WHEN wrong_attempts + 1 >= $2 THEN 'cancelled' ELSE state END
             WHERE id = $1 AND state = 'pending'""")
        .execute(Tuple.of(id, CounterRules.MAX_WRONG_CONFIRMATIONS)).mapEmpty();
  }

  Future<Void> endCharge(SqlClient conn, UUID id, String state) {
    return conn.preparedQuery("UPDATE voucher_charges SET state = $2 WHERE id = $1 AND state = 'pending'")
        .execute(Tuple.of(id, state)).mapEmpty();
  }

  Future<Void> confirmCharge(SqlClient conn, UUID id, String by) {
    return conn.preparedQuery("""
            UPDATE voucher_charges SET state = 'confirmed', confirmed_at = now(), confirmed_by = $2 WHERE id = $1 AND state = 'pending'""")
        .execute(Tuple.of(id, by)).mapEmpty();
  }

  Future<Void> refundCharge(SqlClient conn, UUID id, String actor) {
    return conn.preparedQuery("""
            UPDATE voucher_charges SET state = 'refunded', refunded_at = now(), refunded_by = $2 WHERE id = $1 AND state = 'confirmed'""")
        .execute(Tuple.of(id, actor)).mapEmpty();
  }

  /** The shop's charges of a day (Europe/Rome), newest first, without anything of the holder but the amount. */
  Future<JsonArray> chargesOfShop(SqlClient conn, UUID shop, OffsetDateTime from, OffsetDateTime until) {
    return conn.preparedQuery("""
            SELECT jsonb_build_object('id', c.id, 'amountCents', c.amount_cents, 'state', c.state,
                     'createdAt', rome_iso(c.created_at), 'confirmedAt', rome_iso(c.confirmed_at),
                     'confirmedBy', c.confirmed_by, 'refundedAt', rome_iso(c.refunded_at))
              FROM voucher_charges c
             WHERE c.shop_id = $1 AND c.created_at >= $2 AND c.created_at < $3 AND c.wallet_id IS NOT NULL
               AND c.state IN ('confirmed', 'refunded')
             ORDER BY c.created_at DESC""")
        .execute(Tuple.of(shop, from, until))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(new JsonObject(r.getJsonObject(0).encode())));
          return items;
        });
  }

  // ---- the reimbursement statements -------------------------------------------------------------

  /** The counter's movements of the month (a shop's, or a municipality's), in order. */
  Future<List<ReimbursementStatement.Movement>> movements(SqlClient conn, UUID shop, String municipality,
                                                          OffsetDateTime from, OffsetDateTime until) {
    return conn.preparedQuery("""
            SELECT c.shop_id, sp.name, w.municipality, m.name, l.kind, l.amount_cents, rome_iso(l.at), c.id
              FROM voucher_ledger l JOIN voucher_charges c ON c.id = l.charge_id
              JOIN voucher_wallets w ON w.id = l.wallet_id JOIN providers sp ON sp.id = c.shop_id
              JOIN municipalities m ON m.istat_code = w.municipality
             WHERE l.at >= $1 AND l.at < $2 AND ($3::uuid IS NULL OR c.shop_id = $3)
               AND ($4::text IS NULL OR w.municipality = $4)
             ORDER BY sp.name, c.shop_id, w.municipality, l.at, l.id""")
        .execute(Tuple.of(from, until, shop, municipality))
        .map(rows -> {
          List<ReimbursementStatement.Movement> all = new ArrayList<>();
          rows.forEach(r -> all.add(new ReimbursementStatement.Movement(r.getUUID(0), r.getString(1), r.getString(2),
              r.getString(3), r.getString(4), r.getInteger(5), r.getString(6), r.getUUID(7))));
          return all;
        });
  }

  /**
   * What the wallets of a bando's admissions spent, net of what came back (expiry is not spending):
   * in total, and per shop for the counter's charges (shop id, name, confirmed charges, net cents).
   */
  Future<JsonObject> spentByBando(SqlClient conn, UUID bando) {
    return conn.preparedQuery("""
            SELECT (SELECT COALESCE(-sum(l.amount_cents), 0) FROM voucher_ledger l JOIN voucher_wallets w ON w.id = l.wallet_id
                     WHERE w.bando_id = $1 AND l.kind IN ('spend', 'refund'))::bigint,
                   (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', s.shop_id, 'name', s.name, 'payments', s.payments,
                                                                 'spentCents', s.cents) ORDER BY s.cents DESC, s.name), '[]')
                      FROM (SELECT c.shop_id, p.name, count(*) FILTER (WHERE l.kind = 'spend') AS payments,
                                   -sum(l.amount_cents) AS cents
                              FROM voucher_ledger l JOIN voucher_charges c ON c.id = l.charge_id
                              JOIN voucher_wallets w ON w.id = l.wallet_id JOIN providers p ON p.id = c.shop_id
                             WHERE w.bando_id = $1 GROUP BY c.shop_id, p.name) s)""")
        .execute(Tuple.of(bando))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new JsonObject().put("spentCents", r.getLong(0)).put("shops", new JsonArray(r.getJsonArray(1).encode()));
        });
  }
}
