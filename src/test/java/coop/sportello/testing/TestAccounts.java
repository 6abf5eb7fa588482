package coop.sportello.testing;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.platform.auth.PasswordHasher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.UUID;

/** Accounts created straight in the database, the way an administrator's tool would. */
public final class TestAccounts {

  public static final String PASSWORD = "una-password-lunga";

  private TestAccounts() { }

  public static Future<UUID> create(Vertx vertx, Pool pool, String username, String... roles) {
    Future<Void> comune = !List.of(roles).contains("municipal_officer") ? Future.succeededFuture()
        : ensureOrganisations(pool).compose(v -> pool.query("""
            INSERT INTO providers (name, vat_number, municipality, kind)
            VALUES ('Comune di prova', '00218450166', '016024', 'municipality') ON CONFLICT DO NOTHING""").execute()).mapEmpty();
    return comune.compose(v -> ensureOrganisations(pool)).compose(v -> vertx.executeBlocking(() -> PasswordHasher.hashBlocking(PASSWORD), false))
        .compose(hash -> pool.preparedQuery("""
                INSERT INTO accounts (username, display_name, password_hash, roles, provider_id, company_id, municipality)
                VALUES ($1, $2, $3, $4,
                        CASE WHEN 'provider_admin' = ANY ($4) OR 'provider_staff' = ANY ($4)
                             THEN (SELECT id FROM providers WHERE kind = 'cooperative' LIMIT 1)
                             WHEN 'municipal_officer' = ANY ($4)
                             THEN (SELECT id FROM providers WHERE kind = 'municipality' AND municipality = '016024') END,
                        CASE WHEN 'hr_admin' = ANY ($4) OR 'employee' = ANY ($4) THEN (SELECT id FROM companies LIMIT 1) END,
                        '016024')
                RETURNING id""")
            .execute(Tuple.of(username, "Utente " + username, hash, roles))
            .map(rows -> rows.iterator().next().getUUID(0)));
  }

  /**
   * A provider admin of a cooperative of its own ({@code vatNumber}, made here), not the one
   * {@link #create} puts every provider admin in: for proving one cooperative cannot reach another's.
   */
  public static Future<UUID> adminOfAnotherCooperative(Vertx vertx, Pool pool, String username, String vatNumber) {
    return create(vertx, pool, username, "provider_admin").compose(id -> pool.preparedQuery("""
            WITH other AS (INSERT INTO providers (name, vat_number, municipality)
                           VALUES ('Cooperativa ' || $2, $2, '016024') RETURNING id)
            UPDATE accounts SET provider_id = (SELECT id FROM other) WHERE id = $1""")
        .execute(Tuple.of(id, vatNumber)).map(id));
  }

  private static Future<Void> ensureOrganisations(Pool pool) {
    return CatalogFixture.insertMunicipalities(pool).compose(v -> pool.query("""
        INSERT INTO providers (name, vat_number, municipality) VALUES ('Cooperativa di prova', '01234567890', '016024')
          ON CONFLICT DO NOTHING;
        INSERT INTO companies (name, vat_number, municipality) VALUES ('Azienda di prova', '09876543210', '016024')
          ON CONFLICT DO NOTHING;""").execute()).mapEmpty();
  }
}
