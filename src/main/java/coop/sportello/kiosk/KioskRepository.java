package coop.sportello.kiosk;

import coop.sportello.kiosk.domain.KioskIdentifier;
import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every SQL statement of kiosk mode: PINs, kiosk sessions, what a kiosk may see. Attempts at PINs
 * are counted by {@link coop.sportello.platform.auth.AttemptThrottle}.
 */
public final class KioskRepository {

  /**
   * An employee as a kiosk looks them up; {@code pinHash} is null until they choose a PIN;
   * {@code municipality} is where they live (ISTAT code, null when not on record).
   */
  public record Employee(UUID accountId, String displayName, String companyId, String pinHash, boolean disabled,
                         String municipality) { }

  /** A live kiosk session, with where its person lives: the kiosk offers the services they may book in person. */
  public record Session(UUID id, UUID accountId, String displayName, String municipality, OffsetDateTime expiresAt) { }

  /** Whether something a kiosk points at exists, and if so whether its person is identified at the kiosk now. */
  public enum Presence { NOT_FOUND, IDENTIFIED_HERE, NOT_IDENTIFIED_HERE }

  /** What the QR endpoint needs of a booking. */
  public record BookingRef(String code, String person, String actedBy) { }

  private final Pool pool;

  public KioskRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  // ---- identification ---------------------------------------------------------------------------

  public Future<Optional<Employee>> findEmployee(KioskIdentifier identifier) {
    // A badge is an employee's; a codice fiscale is anyone's who has an account (town Social Points).
    String column = identifier.kind() == KioskIdentifier.Kind.BADGE ? "e.badge_code" : "a.codice_fiscale";
    return pool.preparedQuery("""
            SELECT a.id, a.display_name, e.company_id::text, p.pin_hash, a.disabled_at IS NOT NULL, a.municipality
              FROM accounts a LEFT JOIN employees e ON e.account_id = a.id
              LEFT JOIN kiosk_pins p ON p.account_id = a.id
             WHERE\s""" + column + " = $1")
        .execute(Tuple.of(identifier.value()))
        .map(rows -> Rows.first(rows, r -> new Employee(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3),
            r.getBoolean(4), r.getString(5))));
  }

  /** The PIN hash of an enabled employee's account, for a PIN told to someone else (PinCheck). */
  public Future<Optional<String>> pinHashOf(UUID accountId) {
    return pool.preparedQuery("""
            SELECT p.pin_hash FROM kiosk_pins p JOIN accounts a ON a.id = p.account_id
             WHERE p.account_id = $1 AND a.disabled_at IS NULL""")
        .execute(Tuple.of(accountId))
        .map(rows -> Rows.first(rows, r -> r.getString(0)));
  }

  /** The badge and codice fiscale the employee can identify with (to forget failures at them). */
  public Future<List<KioskIdentifier>> identifiers(UUID accountId) {
    return pool.preparedQuery("""
            SELECT e.badge_code, a.codice_fiscale FROM accounts a LEFT JOIN employees e ON e.account_id = a.id
             WHERE a.id = $1""")
        .execute(Tuple.of(accountId))
        .map(rows -> {
          List<KioskIdentifier> identifiers = new ArrayList<>();
          rows.forEach(r -> {
            if (r.getString(0) != null) {
              identifiers.add(new KioskIdentifier(KioskIdentifier.Kind.BADGE, r.getString(0)));
            }
            if (r.getString(1) != null) {
              identifiers.add(new KioskIdentifier(KioskIdentifier.Kind.CODICE_FISCALE, r.getString(1)));
            }
          });
          return identifiers;
        });
  }

  /** The person is identified: whoever was still identified at the device is let go, and a new session starts. */
  public Future<Session> startSession(SqlClient c, UUID deviceId, Employee employee, KioskIdentifier.Kind how,
                                      int sessionSeconds) {
    return c.preparedQuery("""
            UPDATE kiosk_sessions SET ended_at = now() WHERE device_id = $1 AND ended_at IS NULL""")
        .execute(Tuple.of(deviceId))
        .compose(v -> c.preparedQuery("""
                INSERT INTO kiosk_sessions (device_id, account_id, identified_by, expires_at)
                VALUES ($1, $2, $3, now() + make_interval(secs => $4))
                RETURNING id, expires_at""")
            .execute(Tuple.of(deviceId, employee.accountId(), how.wireName(), (double) sessionSeconds)))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new Session(r.getUUID(0), employee.accountId(), employee.displayName(), employee.municipality(),
              r.getOffsetDateTime(1));
        });
  }

  // ---- sessions ---------------------------------------------------------------------------------

  public Future<Optional<Session>> liveSession(UUID deviceId, UUID sessionId) {
    return pool.preparedQuery("""
            SELECT s.id, s.account_id, a.display_name, a.municipality, s.expires_at
              FROM kiosk_sessions s JOIN accounts a ON a.id = s.account_id
             WHERE s.id = $1 AND s.device_id = $2 AND s.ended_at IS NULL AND s.expires_at > now()""")
        .execute(Tuple.of(sessionId, deviceId))
        .map(rows -> Rows.first(rows, r -> new Session(r.getUUID(0), r.getUUID(1), r.getString(2), r.getString(3),
            r.getOffsetDateTime(4))));
  }

  /** True when this call ended it; false when it had ended already, or is another device's. */
  public Future<Boolean> endSession(UUID deviceId, UUID sessionId) {
    return pool.preparedQuery("""
            UPDATE kiosk_sessions SET ended_at = least(now(), expires_at)
             WHERE id = $1 AND device_id = $2 AND ended_at IS NULL""")
        .execute(Tuple.of(sessionId, deviceId)).map(rows -> rows.rowCount() == 1);
  }

  /** Balances a kiosk may show: wallets of plans in force today (Europe/Rome), or whose credit carries over. */
  public Future<JsonArray> wallets(UUID accountId) {
    return pool.preparedQuery("""
            SELECT p.plan_year, w.balance_cents, p.ends_on
              FROM wallets w JOIN welfare_plans p ON p.id = w.plan_id
             WHERE w.account_id = $1 AND p.starts_on <= (now() AT TIME ZONE 'Europe/Rome')::date
               AND (p.ends_on >= (now() AT TIME ZONE 'Europe/Rome')::date OR p.unused_credit = 'carries_over')
             ORDER BY p.ends_on""")
        .execute(Tuple.of(accountId))
        .map(rows -> {
          JsonArray wallets = new JsonArray();
          rows.forEach(r -> wallets.add(new JsonObject().put("planYear", r.getInteger(0))
              .put("balanceCents", r.getInteger(1)).put("endsOn", r.getLocalDate(2).toString())));
          return wallets;
        });
  }

  // ---- what a kiosk may act on ------------------------------------------------------------------

  /** Whether {@code person} (an account id as text) is identified at the device now (V13 kiosk_may_act_for). */
  public Future<Boolean> identifiedHere(UUID deviceId, String person) {
    return pool.preparedQuery("SELECT kiosk_may_act_for($1, $2)")
        .execute(Tuple.of("kiosk:" + deviceId, person))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  public Future<Presence> bookingPerson(UUID deviceId, UUID bookingId) {
    return presence("SELECT kiosk_may_act_for($2, person) FROM bookings WHERE id = $1", deviceId, bookingId);
  }

  public Future<Presence> waitlistPerson(UUID deviceId, UUID entryId) {
    return presence("SELECT kiosk_may_act_for($2, person) FROM waitlist_entries WHERE id = $1", deviceId, entryId);
  }

  private Future<Presence> presence(String sql, UUID deviceId, UUID id) {
    return pool.preparedQuery(sql).execute(Tuple.of(id, "kiosk:" + deviceId))
        .map(rows -> Rows.first(rows, r -> r.getBoolean(0) ? Presence.IDENTIFIED_HERE : Presence.NOT_IDENTIFIED_HERE)
            .orElse(Presence.NOT_FOUND));
  }

  public Future<Optional<BookingRef>> booking(UUID bookingId) {
    return pool.preparedQuery("SELECT code, person, acted_by FROM bookings WHERE id = $1")
        .execute(Tuple.of(bookingId))
        .map(rows -> Rows.first(rows, r -> new BookingRef(r.getString(0), r.getString(1), r.getString(2))));
  }

  // ---- PINs -------------------------------------------------------------------------------------

  /**
   * Sets the person's PIN. Empty when the account has no codice fiscale to identify with.
   */
  public Future<Optional<OffsetDateTime>> setPin(UUID accountId, String pinHash) {
    return pool.preparedQuery("""
            INSERT INTO kiosk_pins (account_id, pin_hash)
            SELECT id, $2 FROM accounts WHERE id = $1 AND codice_fiscale IS NOT NULL
            ON CONFLICT (account_id) DO UPDATE
              SET pin_hash = EXCLUDED.pin_hash, updated_at = now()
            RETURNING updated_at""")
        .execute(Tuple.of(accountId, pinHash))
        .map(rows -> Rows.first(rows, r -> r.getOffsetDateTime(0)));
  }

  public Future<Optional<OffsetDateTime>> pinSetAt(UUID accountId) {
    return pool.preparedQuery("SELECT updated_at FROM kiosk_pins WHERE account_id = $1")
        .execute(Tuple.of(accountId))
        .map(rows -> Rows.first(rows, r -> r.getOffsetDateTime(0)));
  }
}
