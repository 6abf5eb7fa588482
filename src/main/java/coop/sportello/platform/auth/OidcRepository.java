package coop.sportello.platform.auth;

import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;
import java.util.UUID;

/** Every SQL statement of SPID/CIE sign-in: sign-ins in flight, provider links, handoffs, accounts found or made by codice fiscale. */
final class OidcRepository {

  /** A sign-in started on some node, taken back on the callback; {@code live} false once expired. */
  record Authorization(String provider, String nonce, String codeVerifier, String returnTo, boolean live) { }

  /** The account a codice fiscale belongs to. */
  record Holder(UUID accountId, boolean disabled) { }

  private final Pool pool;

  OidcRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  Future<Void> saveAuthorization(byte[] stateHash, String provider, String nonce, String codeVerifier, String returnTo,
                                 int lifetimeSeconds) {
    return pool.preparedQuery("""
            INSERT INTO oidc_authorizations (state_hash, provider, nonce, code_verifier, return_to, expires_at)
            VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))""")
        .execute(Tuple.of(Buffer.buffer(stateHash), provider, nonce, codeVerifier, returnTo, lifetimeSeconds))
        .mapEmpty();
  }

  /** Deleting while reading makes a state single-use even when two nodes receive it at once. */
  Future<Optional<Authorization>> takeAuthorization(byte[] stateHash) {
    return pool.preparedQuery("""
            DELETE FROM oidc_authorizations WHERE state_hash = $1
            RETURNING provider, nonce, code_verifier, return_to, expires_at > now() AS live""")
        .execute(Tuple.of(Buffer.buffer(stateHash)))
        .map(rows -> Rows.first(rows, r -> new Authorization(r.getString("provider"), r.getString("nonce"),
            r.getString("code_verifier"), r.getString("return_to"), r.getBoolean("live"))));
  }

  Future<Optional<Holder>> findByCodiceFiscale(SqlClient client, String codiceFiscale) {
    return client.preparedQuery("SELECT id, disabled_at IS NOT NULL FROM accounts WHERE codice_fiscale = $1")
        .execute(Tuple.of(codiceFiscale))
        .map(rows -> Rows.first(rows, r -> new Holder(r.getUUID(0), r.getBoolean(1))));
  }

  /**
   * A citizen account for a person seen for the first time, without a password; empty when an
   * account with this codice fiscale appeared meanwhile (then that one is the person). The e-mail
   * address is kept only if no other account has it; a residence only if it is a known municipality.
   */
  Future<Optional<UUID>> createCitizen(SqlClient client, String username, OidcPerson person) {
    return client.preparedQuery("""
            INSERT INTO accounts (username, display_name, password_hash, roles, codice_fiscale, codice_fiscale_source,
                                  email, email_verified_at, municipality, municipality_source)
            SELECT $1, $2, NULL, ARRAY['citizen'], $3, 'identity_provider', free.email, CASE WHEN $5 AND free.email IS NOT NULL THEN now() END,
                   m.istat_code, CASE WHEN m.istat_code IS NOT NULL THEN 'identity_provider' ELSE 'declared' END
              FROM (SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM accounts WHERE lower(email) = $4) THEN $4 END AS email) free
              LEFT JOIN municipalities m ON m.istat_code = $6
            ON CONFLICT (codice_fiscale) DO NOTHING
            RETURNING id""")
        .execute(Tuple.of(username, person.displayName(), person.codiceFiscale(), person.email(), person.emailVerified(),
            person.municipality()))
        .map(rows -> Rows.first(rows, r -> r.getUUID(0)));
  }

  /** Links the provider's subject to the account (the codice fiscale decides which) and keeps the level of assurance. */
  Future<Void> link(SqlClient client, String issuer, String provider, OidcPerson person, UUID accountId) {
    return client.preparedQuery("""
            INSERT INTO oidc_links (issuer, subject, account_id, provider, level_of_assurance)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (issuer, subject) DO UPDATE
               SET account_id = EXCLUDED.account_id, provider = EXCLUDED.provider,
                   level_of_assurance = EXCLUDED.level_of_assurance, last_signed_in_at = now()""")
        .execute(Tuple.of(issuer, person.subject(), accountId, provider, person.levelOfAssurance()))
        // The account's code is now proved by the identity provider.
        .compose(v -> client.preparedQuery("UPDATE accounts SET codice_fiscale_source = 'identity_provider' WHERE id = $1")
            .execute(Tuple.of(accountId)))
        .mapEmpty();
  }

  Future<Void> saveHandoff(SqlClient client, byte[] codeHash, UUID accountId, int lifetimeSeconds) {
    return client.preparedQuery("""
            INSERT INTO oidc_handoffs (code_hash, account_id, expires_at)
            VALUES ($1, $2, now() + make_interval(secs => $3))""")
        .execute(Tuple.of(Buffer.buffer(codeHash), accountId, lifetimeSeconds))
        .mapEmpty();
  }

  Future<Optional<UUID>> takeHandoff(SqlClient client, byte[] codeHash) {
    return client.preparedQuery("DELETE FROM oidc_handoffs WHERE code_hash = $1 AND expires_at > now() RETURNING account_id")
        .execute(Tuple.of(Buffer.buffer(codeHash)))
        .map(rows -> Rows.first(rows, r -> r.getUUID(0)));
  }

  Future<Void> deleteExpired() {
    return pool.query("""
            WITH a AS (DELETE FROM oidc_authorizations WHERE expires_at < now())
            DELETE FROM oidc_handoffs WHERE expires_at < now()""")
        .execute().mapEmpty();
  }
}
