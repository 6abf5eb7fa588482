package coop.sportello.platform.auth;

import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;

/** Every SQL statement of accounts, sessions, refresh tokens, kiosk devices and bridge tickets. */
public final class AuthRepository {

  public record Account(UUID id, String username, String passwordHash, Identity identityTemplate, boolean disabled) { }

  public record KioskDevice(UUID id, String label, String location, String companyId, String municipality,
                            byte[] secretHash, boolean revoked) { }

  private static final String ACCOUNT_COLUMNS =
      "id, username, display_name, password_hash, roles, provider_id::text, company_id::text, municipality, "
          + "disabled_at IS NOT NULL AS disabled";

  private final Pool pool;

  public AuthRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /**
   * The account signed in to as {@code name}: its username, or its e-mail address once verified
   * (an address not proved yet lets no one in); a username wins over another account's address.
   *
   * @param name the name as typed, already lower-cased ({@link AuthService#normalName})
   */
  public Future<Optional<Account>> findAccountByName(String name) {
    return pool.preparedQuery("SELECT " + ACCOUNT_COLUMNS + " FROM accounts"
            + " WHERE lower(username) = $1 OR (lower(email) = $1 AND email_verified_at IS NOT NULL)"
            + " ORDER BY lower(username) = $1 DESC LIMIT 1")
        .execute(Tuple.of(name))
        .map(rows -> Rows.first(rows).map(AuthRepository::toAccount));
  }

  public Future<Optional<Account>> findAccount(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(rows).map(AuthRepository::toAccount));
  }

  public Future<UUID> createSession(SqlClient client, UUID accountId, UUID kioskDeviceId, int lifetimeSeconds) {
    return client.preparedQuery("""
            INSERT INTO auth_sessions (account_id, kiosk_device_id, expires_at)
            VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING id""")
        .execute(Tuple.of(accountId, kioskDeviceId, lifetimeSeconds))
        .map(rows -> rows.iterator().next().getUUID(0));
  }

  public Future<Void> insertRefreshToken(SqlClient client, byte[] tokenHash, UUID sessionId, int lifetimeSeconds) {
    return client.preparedQuery("""
            INSERT INTO refresh_tokens (token_hash, session_id, expires_at)
            VALUES ($1, $2, LEAST(now() + make_interval(secs => $3),
                                  (SELECT expires_at FROM auth_sessions WHERE id = $2)))""")
        .execute(Tuple.of(Buffer.buffer(tokenHash), sessionId, lifetimeSeconds))
        .mapEmpty();
  }

  public enum RefreshOutcome { ROTATED, REUSED, INVALID }

  public record RefreshClaim(RefreshOutcome outcome, UUID sessionId, UUID accountId, UUID kioskDeviceId) { }

  /**
   * Spends a refresh token exactly once. A second use of a spent token means it was copied:
   * the caller revokes the whole session.
   */
  public Future<RefreshClaim> spendRefreshToken(SqlClient client, byte[] tokenHash) {
    return client.preparedQuery("""
            WITH spent AS (
              UPDATE refresh_tokens SET used_at = now()
              WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
              RETURNING session_id)
            SELECT s.id, s.account_id, s.kiosk_device_id, 'spent' AS how
              FROM spent JOIN auth_sessions s ON s.id = spent.session_id
             WHERE s.revoked_at IS NULL AND s.expires_at > now()
            UNION ALL
            SELECT s.id, s.account_id, s.kiosk_device_id, 'reused'
              FROM refresh_tokens r JOIN auth_sessions s ON s.id = r.session_id
             WHERE r.token_hash = $1 AND r.used_at IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM spent)""")
        .execute(Tuple.of(Buffer.buffer(tokenHash)))
        .map(rows -> Rows.first(rows)
            .map(r -> new RefreshClaim("spent".equals(r.getString("how")) ? RefreshOutcome.ROTATED : RefreshOutcome.REUSED,
                r.getUUID("id"), r.getUUID("account_id"), r.getUUID("kiosk_device_id")))
            .orElse(new RefreshClaim(RefreshOutcome.INVALID, null, null, null)));
  }

  /**
   * The subject a session belongs to ({@code <account id>} or {@code kiosk:<device id>}), if the
   * session exists and is live: neither revoked nor expired.
   */
  public Future<Optional<String>> liveSessionSubject(UUID sessionId) {
    return pool.preparedQuery("""
            SELECT coalesce(account_id::text, 'kiosk:' || kiosk_device_id::text) FROM auth_sessions
             WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()""")
        .execute(Tuple.of(sessionId))
        .map(rows -> Rows.first(rows, r -> r.getString(0)));
  }

  /** True when this call revoked it (false if it was already revoked or does not exist). */
  public Future<Boolean> revokeSession(SqlClient client, UUID sessionId) {
    return client.preparedQuery("UPDATE auth_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(sessionId)).map(rows -> rows.rowCount() == 1);
  }

  public Future<List<UUID>> revokeDeviceSessions(SqlClient client, UUID deviceId) {
    return client.preparedQuery("""
            UPDATE auth_sessions SET revoked_at = now()
            WHERE kiosk_device_id = $1 AND revoked_at IS NULL RETURNING id""")
        .execute(Tuple.of(deviceId))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getUUID(0)));
          return ids;
        });
  }

  public Future<UUID> insertKioskDevice(SqlClient client, String label, String location, UUID companyId,
                                        String municipality, byte[] secretHash, UUID createdBy) {
    return client.preparedQuery("""
            INSERT INTO kiosk_devices (label, location, company_id, municipality, secret_hash, created_by)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""")
        .execute(Tuple.of(label, location, companyId, municipality,
            Buffer.buffer(secretHash), createdBy))
        .map(rows -> rows.iterator().next().getUUID(0));
  }

  public Future<Optional<KioskDevice>> findKioskDevice(SqlClient client, UUID id) {
    return client.preparedQuery("""
            SELECT id, label, location, company_id::text, municipality, secret_hash, revoked_at IS NOT NULL
              FROM kiosk_devices WHERE id = $1""")
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(rows).map(r -> new KioskDevice(r.getUUID(0), r.getString(1), r.getString(2),
            r.getString(3), r.getString(4), r.getBuffer(5).getBytes(), r.getBoolean(6))));
  }

  public Future<RowSet<Row>> listKioskDevices() {
    return pool.query("""
            SELECT id, label, location, company_id, municipality, created_at, revoked_at
              FROM kiosk_devices ORDER BY created_at""").execute();
  }

  /**
   * A kiosk device's registration or revocation in the staff change log (V35), in the change's own
   * transaction: kiosks are staff equipment, and the staff page reads that one log.
   */
  public Future<Void> auditKioskDevice(SqlClient client, UUID actor, String action, UUID deviceId, JsonObject after) {
    return client.preparedQuery("INSERT INTO staff_audit (actor, action, kiosk_device, after) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(actor, action, deviceId, after))
        .mapEmpty();
  }

  /**
   * A codice fiscale only typed by someone (sign-up, staff form: V36 'declared') yields to a proof
   * (SPID/CIE, the employer's payroll): it is taken off that account, so that typing another
   * person's code never makes one that person. Inside the caller's transaction.
   */
  public static Future<Void> releaseDeclaredCodiceFiscale(SqlClient client, String codiceFiscale) {
    return client.preparedQuery("""
            UPDATE accounts SET codice_fiscale = NULL WHERE codice_fiscale = $1 AND codice_fiscale_source = 'declared'""")
        .execute(Tuple.of(codiceFiscale)).mapEmpty();
  }

  public Future<Boolean> revokeKioskDevice(SqlClient client, UUID id) {
    return client.preparedQuery("UPDATE kiosk_devices SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
  }

  public Future<Void> insertBridgeTicket(byte[] ticketHash, JsonObject identity, int lifetimeSeconds) {
    return pool.preparedQuery("""
            INSERT INTO bridge_tickets (ticket_hash, identity, expires_at)
            VALUES ($1, $2, now() + make_interval(secs => $3))""")
        .execute(Tuple.of(Buffer.buffer(ticketHash), identity, lifetimeSeconds))
        .mapEmpty();
  }

  /** Deleting while reading makes the ticket single-use even when two nodes race for it. */
  public Future<Optional<JsonObject>> redeemBridgeTicket(byte[] ticketHash) {
    return pool.preparedQuery("""
            DELETE FROM bridge_tickets WHERE ticket_hash = $1 AND expires_at > now() RETURNING identity""")
        .execute(Tuple.of(Buffer.buffer(ticketHash)))
        .map(rows -> Rows.first(rows).map(r -> r.getJsonObject(0)));
  }

  public Future<Void> deleteExpired() {
    return pool.query("""
            WITH t AS (DELETE FROM bridge_tickets WHERE expires_at < now())
            DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'""")
        .execute().mapEmpty();
  }

  private static Account toAccount(Row r) {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (String role : r.getArrayOfStrings("roles")) {
      Role.fromWire(role).ifPresent(roles::add);
    }
    UUID id = r.getUUID("id");
    Identity template = new Identity(id.toString(), roles, null, r.getString("display_name"),
        r.getString("provider_id"), r.getString("company_id"), r.getString("municipality"));
    return new Account(id, r.getString("username"), r.getString("password_hash"), template, r.getBoolean("disabled"));
  }

}
