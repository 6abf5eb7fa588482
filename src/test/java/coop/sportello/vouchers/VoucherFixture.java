package coop.sportello.vouchers;

import coop.sportello.Application;
import coop.sportello.catalog.CatalogFixture;
import coop.sportello.platform.auth.PasswordHasher;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static coop.sportello.testing.AppTestBase.await;

/**
 * Buoni spesa set up in the database, as the bandi and the accreditation screens would leave them:
 * the Comune of Bergamo (016024) with a buoni spesa bando, shops accredited in a municipality,
 * their shopkeepers, citizens with a kiosk PIN, and wallets granted through {@link VoucherGrants}.
 */
public final class VoucherFixture {

  public static final String BERGAMO = "016024";
  public static final String PIAZZOLA = "028063";
  public static final LocalDate NEXT_YEAR = LocalDate.now(ZoneId.of("Europe/Rome")).plusYears(1);
  private static final AtomicInteger VAT = new AtomicInteger(10);

  private final Vertx vertx;
  private final Pool pool;
  private final Application app;
  public final String prefix;
  public final UUID bando;

  public VoucherFixture(Vertx vertx, Application app, String prefix) {
    this.vertx = vertx;
    this.pool = app.pool();
    this.app = app;
    this.prefix = prefix;
    CatalogFixture.municipalities(pool);
    await(TestAccounts.create(vertx, pool, prefix + ".ufficio", "municipal_officer"));
    bando = await(pool.preparedQuery("""
            INSERT INTO bandi (comune_id, municipality, title, summary, body, kind, amount_base_cents, budget_cents,
                               opens_at, closes_at, ranking, voucher_valid_until, created_by)
            SELECT id, municipality, 'Buoni spesa ' || $1, 'Buoni spesa per le famiglie in difficoltà.',
                   'Il testo completo del bando.', 'buoni_spesa', 15000, 100000000, now() - interval '10 days',
                   now() - interval '1 day', 'first_come', $2, 'prova'
              FROM providers WHERE kind = 'municipality' AND municipality = $3 RETURNING id""")
        .execute(Tuple.of(prefix, NEXT_YEAR, BERGAMO))).iterator().next().getUUID(0);
  }

  public VoucherService service() {
    return app.module(VouchersModule.class).service();
  }

  /** A shop (kind shop, with address and category) accredited in the given municipalities. */
  public UUID shop(String name, String... accreditedIn) {
    String vat = String.format("9%010d", VAT.incrementAndGet() + Math.abs(prefix.hashCode() % 100_000) * 100);
    UUID shop = await(pool.preparedQuery("""
            INSERT INTO providers (name, vat_number, municipality, kind, address, shop_category)
            VALUES ($1, $2, '016024', 'shop', 'Via XX Settembre 10, Bergamo', 'groceries') RETURNING id""")
        .execute(Tuple.of(name, vat))).iterator().next().getUUID(0);
    for (String municipality : accreditedIn) {
      await(pool.preparedQuery("INSERT INTO shop_accreditations (shop_id, municipality, accredited_by) VALUES ($1, $2, 'prova')")
          .execute(Tuple.of(shop, municipality)));
    }
    return shop;
  }

  /** A provider admin of the shop. */
  public UUID shopkeeper(String username, UUID shop) {
    UUID id = await(TestAccounts.create(vertx, pool, username, "provider_admin"));
    await(pool.preparedQuery("UPDATE accounts SET provider_id = $2 WHERE id = $1").execute(Tuple.of(id, shop)));
    return id;
  }

  /** A citizen with this kiosk PIN. */
  public UUID citizen(String username, String pin) {
    UUID id = await(TestAccounts.create(vertx, pool, username, "citizen"));
    String hash = await(vertx.executeBlocking(() -> PasswordHasher.hashBlocking(pin), false));
    await(pool.preparedQuery("INSERT INTO kiosk_pins (account_id, pin_hash) VALUES ($1, $2)").execute(Tuple.of(id, hash)));
    return id;
  }

  /** An admitted application of the bando for the person, granted as the bandi service does: the wallet's id. */
  public UUID wallet(UUID person, int cents, LocalDate validUntil) {
    return wallet(person, cents, validUntil, BERGAMO);
  }

  /** A wallet spendable in {@code municipality}. */
  public UUID wallet(UUID person, int cents, LocalDate validUntil, String municipality) {
    return await(pool.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO bando_applications (bando_id, person, filed_by, household_size, amount_cents, status)
            VALUES ($1, $2, $2, 1, $3, 'admitted') RETURNING id""")
        .execute(Tuple.of(bando, person.toString(), cents))
        .compose(rows -> service().grant(conn, new VoucherGrants.VoucherGrant(rows.iterator().next().getUUID(0), bando,
            person.toString(), municipality, cents, validUntil)))));
  }

  public String code(UUID wallet) {
    return await(pool.preparedQuery("SELECT code FROM voucher_wallets WHERE id = $1").execute(Tuple.of(wallet)))
        .iterator().next().getString(0);
  }

  public int balance(UUID wallet) {
    return await(pool.preparedQuery("SELECT balance_cents FROM voucher_wallets WHERE id = $1").execute(Tuple.of(wallet)))
        .iterator().next().getInteger(0);
  }

  public int ledgerSum(UUID wallet) {
    return await(pool.preparedQuery("SELECT COALESCE(sum(amount_cents), 0)::int FROM voucher_ledger WHERE wallet_id = $1")
        .execute(Tuple.of(wallet))).iterator().next().getInteger(0);
  }

  public String oneTimeCode(String charge) {
    return await(pool.preparedQuery("SELECT one_time_code FROM voucher_charges WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(charge)))).iterator().next().getString(0);
  }
}
