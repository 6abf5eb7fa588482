package coop.sportello.accounts;

import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every SQL statement of e-mail accounts: sign-up, the links' tokens (V30), passwords, the profile. */
final class AccountsRepository {

  /** What the profile and the password and e-mail changes read of an account. */
  record Account(UUID id, String name, String email, boolean emailVerified, String passwordHash, String codiceFiscale,
                 String municipality, String municipalitySource, String phone, String language) { }

  /** A token spent: whose, and for a verification, the address it proved. */
  record Spent(UUID accountId, String email) { }

  static final String VERIFY_EMAIL = "verify-email";
  static final String PASSWORD_RESET = "password-reset";

  private final Pool pool;

  AccountsRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  Future<Boolean> municipalityExists(String istatCode) {
    return pool.preparedQuery("SELECT 1 FROM municipalities WHERE istat_code = $1").execute(Tuple.of(istatCode))
        .map(rows -> rows.size() == 1);
  }

  /**
   * A new citizen's account, unverified, under a username no one types (people sign in with their
   * verified address); nothing when the address or the codice fiscale already has an account.
   */
  Future<Optional<UUID>> insertCitizen(SqlClient tx, String name, String email, String passwordHash, String codiceFiscale,
                                       String municipality, String language) {
    return tx.preparedQuery("""
            INSERT INTO accounts (username, display_name, password_hash, roles, email, codice_fiscale, municipality,
                                  municipality_source, language, privacy_notice_accepted_at)
            VALUES ('e.' || replace(gen_random_uuid()::text, '-', ''), $1, $2, ARRAY['citizen'], $3, $4, $5,
                    'declared', $6, now())
            ON CONFLICT DO NOTHING RETURNING id""")
        .execute(Tuple.of(name, passwordHash, email, codiceFiscale, municipality, language))
        .map(rows -> Rows.first(rows, r -> r.getUUID(0)));
  }

  /**
   * Whoever already holds this address, else this codice fiscale (null for none), with the address
   * to tell them at: the one typed when it is theirs, else their own.
   */
  Future<Optional<Account>> findHolder(SqlClient tx, String email, String codiceFiscale) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM accounts WHERE lower(email) = $1 OR codice_fiscale = $2"
            + " ORDER BY lower(email) = $1 DESC NULLS LAST LIMIT 1")
        .execute(Tuple.of(email, codiceFiscale))
        .map(rows -> Rows.first(rows, AccountsRepository::toAccount));
  }

  /** The enabled account with this address, verified or not. */
  Future<Optional<Account>> findEnabledByEmail(SqlClient client, String email) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM accounts WHERE lower(email) = $1 AND disabled_at IS NULL")
        .execute(Tuple.of(email))
        .map(rows -> Rows.first(rows, AccountsRepository::toAccount));
  }

  Future<Optional<Account>> find(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM accounts WHERE id = $1 AND disabled_at IS NULL")
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, AccountsRepository::toAccount));
  }

  Future<Void> insertToken(SqlClient tx, byte[] tokenHash, UUID accountId, String purpose, String email, Duration lifetime) {
    return tx.preparedQuery("""
            INSERT INTO account_tokens (token_hash, account_id, purpose, email, expires_at)
            VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))""")
        .execute(Tuple.of(Buffer.buffer(tokenHash), accountId, purpose, email, (double) lifetime.toSeconds()))
        .mapEmpty();
  }

  /**
   * Spends a live token of this purpose exactly once (two requests racing for it: one wins), of an
   * account still enabled; empty when it is unknown, used, expired or its account disabled.
   */
  Future<Optional<Spent>> spendToken(SqlClient tx, byte[] tokenHash, String purpose) {
    return tx.preparedQuery("""
            UPDATE account_tokens t SET used_at = now()
              FROM accounts a
             WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > now()
               AND a.id = t.account_id AND a.disabled_at IS NULL
            RETURNING t.account_id, t.email""")
        .execute(Tuple.of(Buffer.buffer(tokenHash), purpose))
        .map(rows -> Rows.first(rows, r -> new Spent(r.getUUID(0), r.getString(1))));
  }

  /** Every other live link of this purpose dies with the one used (an older reset link no longer works). */
  Future<Void> spendOtherTokens(SqlClient tx, UUID accountId, String purpose) {
    return tx.preparedQuery("UPDATE account_tokens SET used_at = now() WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL")
        .execute(Tuple.of(accountId, purpose)).mapEmpty();
  }

  /** The address is the account's, proved now; false when the account's row did not change. */
  Future<Void> setVerifiedEmail(SqlClient tx, UUID accountId, String email) {
    return tx.preparedQuery("""
            UPDATE accounts SET email = $2, email_verified_at = now() WHERE id = $1""")
        .execute(Tuple.of(accountId, email)).mapEmpty();
  }

  /** The account's current address proved (a reset link reached it). */
  Future<Void> markEmailVerified(SqlClient tx, UUID accountId) {
    return tx.preparedQuery("UPDATE accounts SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1")
        .execute(Tuple.of(accountId)).mapEmpty();
  }

  Future<Void> setPasswordHash(SqlClient tx, UUID accountId, String passwordHash) {
    return tx.preparedQuery("UPDATE accounts SET password_hash = $2 WHERE id = $1")
        .execute(Tuple.of(accountId, passwordHash)).mapEmpty();
  }

  /** Revokes the account's live sessions but {@code keep} (null: all of them); answers the ids revoked. */
  Future<List<UUID>> revokeSessions(SqlClient tx, UUID accountId, UUID keep) {
    return tx.preparedQuery("""
            UPDATE auth_sessions SET revoked_at = now()
             WHERE account_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $2 RETURNING id""")
        .execute(Tuple.of(accountId, keep))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getUUID(0)));
          return ids;
        });
  }

  /** One message to a person through the notifications relay, in the transaction of the change. */
  Future<Void> announce(SqlClient tx, String topic, UUID accountId, JsonObject payload) {
    return tx.preparedQuery("INSERT INTO outbox (topic, recipient, payload) VALUES ($1, $2, $3)")
        .execute(Tuple.of(topic, accountId.toString(), payload)).mapEmpty();
  }

  /** The editable part of the profile; the municipality only when it was declared. */
  Future<Void> updateProfile(SqlClient tx, UUID accountId, String name, String municipality, String phone, String language) {
    return tx.preparedQuery("""
            UPDATE accounts SET display_name = $2, phone = $4, language = $5,
                   municipality = CASE WHEN municipality_source = 'declared' THEN $3 ELSE municipality END
             WHERE id = $1""")
        .execute(Tuple.of(accountId, name, municipality, phone, language)).mapEmpty();
  }

  /**
   * Sends a link to the enabled account with this address (only if still unverified when
   * {@code onlyUnverified}), in one statement that does the same work whether or not there is one:
   * the token row and the outbox row, or none. Answers whether a link went out.
   */
  Future<Boolean> issueToAddress(String email, boolean onlyUnverified, byte[] tokenHash, String purpose, Duration lifetime,
                                 String topic, JsonObject payload) {
    return pool.preparedQuery("""
            WITH holder AS (
              SELECT id, email FROM accounts
               WHERE lower(email) = $1 AND disabled_at IS NULL AND (NOT $2 OR email_verified_at IS NULL)),
            token AS (
              INSERT INTO account_tokens (token_hash, account_id, purpose, email, expires_at)
              SELECT $3, id, $4, CASE WHEN $4 = 'verify-email' THEN lower(email) END, now() + make_interval(secs => $5)
                FROM holder RETURNING account_id)
            INSERT INTO outbox (topic, recipient, payload) SELECT $6, account_id::text, $7 FROM token""")
        .execute(Tuple.of(email, onlyUnverified, Buffer.buffer(tokenHash), purpose, (double) lifetime.toSeconds(), topic, payload))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The account a live token of this purpose belongs to, without spending it (to check a new password against). */
  Future<Optional<Account>> peekToken(byte[] tokenHash, String purpose) {
    return pool.preparedQuery("SELECT " + PREFIXED + " FROM account_tokens t JOIN accounts a ON a.id = t.account_id"
            + " WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > now() AND a.disabled_at IS NULL")
        .execute(Tuple.of(Buffer.buffer(tokenHash), purpose))
        .map(rows -> Rows.first(rows, AccountsRepository::toAccount));
  }

  /** Links nobody used that are long expired (housekeeping). */
  Future<Void> deleteExpiredTokens() {
    return pool.query("DELETE FROM account_tokens WHERE expires_at < now() - interval '7 days'").execute().mapEmpty();
  }

  private static final String COLUMNS = "id, display_name, email, email_verified_at IS NOT NULL AS verified, password_hash, "
      + "codice_fiscale, municipality, municipality_source, phone, language";

  private static final String PREFIXED = "a.id, a.display_name, a.email, a.email_verified_at IS NOT NULL AS verified, "
      + "a.password_hash, a.codice_fiscale, a.municipality, a.municipality_source, a.phone, a.language";

  private static Account toAccount(Row r) {
    return new Account(r.getUUID("id"), r.getString("display_name"), r.getString("email"), r.getBoolean("verified"),
        r.getString("password_hash"), r.getString("codice_fiscale"), r.getString("municipality"),
        r.getString("municipality_source"), r.getString("phone"), r.getString("language"));
  }
}
