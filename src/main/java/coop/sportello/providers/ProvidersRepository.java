package coop.sportello.providers;

import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * Every SQL statement of the provider directory: providers with their kind, address and shop
 * category (V1, V24, V45), and the shops' accreditations by municipalities (V45).
 */
public final class ProvidersRepository {

  private static final String PROVIDER = """
      SELECT p.id, p.name, p.vat_number, p.kind, p.address, p.shop_category, p.description, p.reply_to_email,
             m.istat_code, m.name AS municipality_name, m.province
        FROM providers p JOIN municipalities m ON m.istat_code = p.municipality
      """;

  /** What accredit and revoke answer: the shop and the accreditation row their statement changed ({@code done}). */
  private static final String ACCREDITATION_OF_DONE = """
      SELECT p.id, p.name, p.address, p.shop_category, m.name AS municipality_name,
             d.accredited_at, d.revoked_at, d.accredited_by
        FROM done d JOIN providers p ON p.id = d.shop_id JOIN municipalities m ON m.istat_code = p.municipality""";

  private final Pool pool;

  public ProvidersRepository(Pool pool) {
    this.pool = pool;
  }

  // ---- the directory ---------------------------------------------------------------------------

  /** Every provider, of one kind when {@code kind} is given, by name. */
  public Future<JsonArray> list(String kind) {
    return pool.preparedQuery(PROVIDER + " WHERE $1::text IS NULL OR p.kind = $1 ORDER BY p.name")
        .execute(Tuple.of(kind)).map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(provider(r)));
          return items;
        });
  }

  public Future<Optional<JsonObject>> find(SqlClient c, UUID id) {
    return c.preparedQuery(PROVIDER + " WHERE p.id = $1").execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, ProvidersRepository::provider));
  }

  /** The provider's kind, locked for the change the caller's transaction makes. */
  public Future<Optional<String>> lockKind(SqlClient c, UUID id) {
    return c.preparedQuery("SELECT kind FROM providers WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, r -> r.getString(0)));
  }

  public Future<UUID> insert(SqlClient c, JsonObject p) {
    return c.preparedQuery("""
            INSERT INTO providers (name, vat_number, municipality, kind, address, shop_category, description, reply_to_email)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""")
        .execute(fields(p)).map(rows -> rows.iterator().next().getUUID(0));
  }

  public Future<Void> update(SqlClient c, UUID id, JsonObject p) {
    return c.preparedQuery("""
            UPDATE providers SET name = $1, vat_number = $2, municipality = $3, kind = $4, address = $5,
                   shop_category = $6, description = $7, reply_to_email = $8
             WHERE id = $9""")
        .execute(fields(p).addUUID(id)).mapEmpty();
  }

  private static Tuple fields(JsonObject p) {
    return Tuple.of(p.getString("name").strip(), p.getString("vatNumber"), p.getString("municipality"), p.getString("kind"),
            stripped(p.getString("address")), p.getString("shopCategory"))
        .addString(p.getString("description", "").strip())
        .addString(p.getString("replyToEmail"));
  }

  private static String stripped(String text) {
    return text == null ? null : text.strip();
  }

  /** How many municipalities accredit the shop now. */
  public Future<Long> liveAccreditations(SqlClient c, UUID shopId) {
    return c.preparedQuery("SELECT count(*) FROM shop_accreditations WHERE shop_id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(shopId)).map(rows -> rows.iterator().next().getLong(0));
  }

  // ---- municipalities and their Comune --------------------------------------------------------

  /** The municipality {code, name, province}, if Sportello knows it. */
  public Future<Optional<JsonObject>> municipality(SqlClient c, String code) {
    return c.preparedQuery("SELECT istat_code, name, province FROM municipalities WHERE istat_code = $1")
        .execute(Tuple.of(code)).map(rows -> Rows.first(rows, ProvidersRepository::municipality));
  }

  /**
   * The municipality an officer acts for: that of their provider when it is a Comune; empty for
   * any other provider or none. The one answer to it for every module (providers, vouchers).
   */
  public static Future<Optional<String>> municipalityOfComune(SqlClient c, String providerId) {
    if (providerId == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return c.preparedQuery("SELECT municipality FROM providers WHERE id = $1 AND kind = 'municipality'")
        .execute(Tuple.of(UUID.fromString(providerId))).map(rows -> Rows.first(rows, r -> r.getString(0)));
  }

  // ---- accreditations --------------------------------------------------------------------------

  /** The shops a municipality accredits now, by category and name: where its vouchers are spent. */
  public Future<JsonArray> accreditedShops(String municipality) {
    return pool.preparedQuery("""
            SELECT p.id, p.name, p.address, p.shop_category, sa.accredited_at
              FROM shop_accreditations sa JOIN providers p ON p.id = sa.shop_id
             WHERE sa.municipality = $1 AND sa.revoked_at IS NULL
             ORDER BY p.shop_category, p.name""")
        .execute(Tuple.of(municipality)).map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(shop(r)));
          return items;
        });
  }

  /** Every shop of the network with its accreditation by {@code municipality}, if any: accredited ones first. */
  public Future<JsonArray> shopsFor(String municipality) {
    return pool.preparedQuery("""
            SELECT p.id, p.name, p.address, p.shop_category, m.name AS municipality_name,
                   sa.accredited_at, sa.revoked_at, sa.accredited_by
              FROM providers p JOIN municipalities m ON m.istat_code = p.municipality
              LEFT JOIN shop_accreditations sa ON sa.shop_id = p.id AND sa.municipality = $1
             WHERE p.kind = 'shop'
             ORDER BY sa.accredited_at IS NULL OR sa.revoked_at IS NOT NULL, p.municipality <> $1, p.name""")
        .execute(Tuple.of(municipality)).map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(accreditation(r)));
          return items;
        });
  }

  /**
   * Accredits the shop (again, if it was revoked): the accreditation when this made it live, empty
   * when it was live already.
   */
  public Future<Optional<JsonObject>> accredit(SqlClient c, UUID shopId, String municipality, String by) {
    return c.preparedQuery("""
            WITH done AS (
              INSERT INTO shop_accreditations (shop_id, municipality, accredited_by) VALUES ($1, $2, $3)
              ON CONFLICT (shop_id, municipality) DO UPDATE
                SET accredited_at = now(), accredited_by = EXCLUDED.accredited_by, revoked_at = NULL
                WHERE shop_accreditations.revoked_at IS NOT NULL
              RETURNING shop_id, accredited_at, revoked_at, accredited_by)
            """ + ACCREDITATION_OF_DONE)
        .execute(Tuple.of(shopId, municipality, by)).map(rows -> Rows.first(rows, ProvidersRepository::accreditation));
  }

  /** Revokes a live accreditation: the accreditation when this revoked it, empty when it was not live. */
  public Future<Optional<JsonObject>> revoke(SqlClient c, UUID shopId, String municipality) {
    return c.preparedQuery("""
            WITH done AS (
              UPDATE shop_accreditations SET revoked_at = now()
               WHERE shop_id = $1 AND municipality = $2 AND revoked_at IS NULL
              RETURNING shop_id, accredited_at, revoked_at, accredited_by)
            """ + ACCREDITATION_OF_DONE)
        .execute(Tuple.of(shopId, municipality)).map(rows -> Rows.first(rows, ProvidersRepository::accreditation));
  }

  /** The shop's accreditation by the municipality as it is now, if there ever was one. */
  public Future<Optional<JsonObject>> accreditation(SqlClient c, UUID shopId, String municipality) {
    return c.preparedQuery("""
            SELECT p.id, p.name, p.address, p.shop_category, m.name AS municipality_name,
                   sa.accredited_at, sa.revoked_at, sa.accredited_by
              FROM shop_accreditations sa JOIN providers p ON p.id = sa.shop_id
              JOIN municipalities m ON m.istat_code = p.municipality
             WHERE sa.shop_id = $1 AND sa.municipality = $2""")
        .execute(Tuple.of(shopId, municipality)).map(rows -> Rows.first(rows, ProvidersRepository::accreditation));
  }

  /** The municipalities that accredit the shop now: {municipality{code, name, province}, accreditedAt}. */
  public Future<JsonArray> accreditationsOf(UUID shopId) {
    return pool.preparedQuery("""
            SELECT m.istat_code, m.name, m.province, sa.accredited_at
              FROM shop_accreditations sa JOIN municipalities m ON m.istat_code = sa.municipality
             WHERE sa.shop_id = $1 AND sa.revoked_at IS NULL ORDER BY m.name""")
        .execute(Tuple.of(shopId)).map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(new JsonObject().put("municipality", municipality(r))
              .put("accreditedAt", instant(r.getOffsetDateTime("accredited_at")))));
          return items;
        });
  }

  // ---- rows as JSON ----------------------------------------------------------------------------

  private static JsonObject provider(Row r) {
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("name", r.getString("name"))
        .put("vatNumber", r.getString("vat_number"))
        .put("kind", r.getString("kind"))
        .put("municipality", new JsonObject().put("code", r.getString("istat_code"))
            .put("name", r.getString("municipality_name")).put("province", r.getString("province")))
        .put("address", r.getString("address"))
        .put("shopCategory", r.getString("shop_category"))
        .put("description", r.getString("description"))
        .put("replyToEmail", r.getString("reply_to_email"));
  }

  private static JsonObject municipality(Row r) {
    return new JsonObject().put("code", r.getString("istat_code")).put("name", r.getString("name"))
        .put("province", r.getString("province"));
  }

  private static JsonObject shop(Row r) {
    return new JsonObject().put("id", r.getUUID("id").toString()).put("name", r.getString("name"))
        .put("address", r.getString("address")).put("category", r.getString("shop_category"));
  }

  private static JsonObject accreditation(Row r) {
    OffsetDateTime accredited = r.getOffsetDateTime("accredited_at");
    OffsetDateTime revoked = r.getOffsetDateTime("revoked_at");
    return new JsonObject()
        .put("shop", shop(r).put("municipalityName", r.getString("municipality_name")))
        .put("accredited", accredited != null && revoked == null)
        .put("accreditedAt", instant(accredited))
        .put("revokedAt", instant(revoked));
  }

  private static String instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant().toString();
  }
}
