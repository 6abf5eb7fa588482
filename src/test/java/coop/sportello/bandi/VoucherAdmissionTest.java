package coop.sportello.bandi;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.testing.AppTestBase;
import coop.sportello.vouchers.VoucherGrants;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admitting a buoni spesa application with voucher wallets plugged in: the wallet is opened in the
 * admitting transaction and the application is paid; when opening the wallet fails, nothing of the
 * admission stays (status, budget, history, message). The wallets here are a table of the test's
 * own written through the connection the review hands over, as the vouchers package will.
 */
class VoucherAdmissionTest extends AppTestBase {

  private ReviewFixture f;
  private Identity officer;
  private UUID citizen;

  /** Opens the wallet as a row of test_wallets, on the admitting transaction's connection. */
  private static final VoucherGrants WALLETS = new VoucherGrants() {
    @Override
    public Future<UUID> grant(SqlConnection conn, VoucherGrant grant) {
      return conn.preparedQuery("""
              INSERT INTO test_wallets (application_id, person, municipality, amount_cents, valid_until) VALUES ($1, $2, $3, $4, $5)
              ON CONFLICT (application_id) DO UPDATE SET application_id = EXCLUDED.application_id RETURNING id""")
          .execute(Tuple.of(grant.applicationId(), grant.person(), grant.municipality(), grant.amountCents(), grant.validUntil()))
          .map(rows -> rows.iterator().next().getUUID(0));
    }
  };

  /** Wallets that cannot be opened: the database refuses the row. */
  private static final VoucherGrants BROKEN = (conn, grant) -> conn.preparedQuery(
          "INSERT INTO test_wallets (application_id, person, municipality, amount_cents, valid_until) VALUES ($1, $2, $3, -1, $4) RETURNING id")
      .execute(Tuple.of(grant.applicationId(), grant.person(), grant.municipality(), grant.validUntil()))
      .map(rows -> rows.iterator().next().getUUID(0));

  @BeforeAll
  void setUp() {
    f = new ReviewFixture(vertx, app.pool(), http);
    UUID account = f.account("vouchers.officer", "municipal_officer");
    officer = new Identity(account.toString(), Set.of(Role.MUNICIPAL_OFFICER), null, "Funzionario", f.comune.toString(), null, "016024");
    citizen = f.account("vouchers.citizen", "citizen");
    await(app.pool().query("""
        CREATE TABLE test_wallets (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), application_id uuid UNIQUE NOT NULL,
          person text NOT NULL, municipality text NOT NULL, amount_cents integer NOT NULL CHECK (amount_cents > 0),
          valid_until date NOT NULL)""").execute());
  }

  private ReviewService review(VoucherGrants grants) {
    return new ReviewService(app.pool(), new ReviewRepository(), Optional.of(grants));
  }

  private Idempotency.Key key() {
    return new Idempotency.Key(officer.subject(), UUID.randomUUID().toString(), Buffer.buffer(UUID.randomUUID().toString()));
  }

  @Test
  void anAdmittedBuoniSpesaApplicationGetsItsWalletInTheSameTransactionAndIsPaid() {
    UUID bando = f.bando(f.comune, "buoni_spesa", "first_come", 100_000);
    UUID a = f.application(bando, citizen, 25_000, 2, 1, null);
    Idempotency.Outcome done = await(review(WALLETS).admit(officer, bando, a, key()));
    assertEquals("paid", done.body().getString("status"));
    UUID wallet = UUID.fromString(done.body().getString("walletId"));
    var row = await(app.pool().preparedQuery("SELECT id, person, municipality, amount_cents, valid_until > current_date FROM test_wallets WHERE application_id = $1")
        .execute(Tuple.of(a))).iterator().next();
    assertEquals(wallet, row.getUUID(0));
    assertEquals(citizen.toString(), row.getString(1));
    assertEquals("016024", row.getString(2));
    assertEquals(25_000, row.getInteger(3));
    assertTrue(row.getBoolean(4));
    assertEquals("paid", f.status(a));
    assertEquals(25_000L, f.bandoRow(bando).getLong("granted_cents"));
    assertEquals(2, f.events(a), "admitted, then paid");
    assertEquals(1, f.outbox(a, "bando.paid"));
    assertEquals(0, f.outbox(a, "bando.admitted"), "one message: the vouchers are there");

    // A contributo bando opens no wallet even with wallets plugged in.
    UUID contributo = f.bando(f.comune, "contributo", "first_come", 100_000);
    UUID c = f.application(contributo, citizen, 25_000, 1, 0, null);
    assertEquals("admitted", await(review(WALLETS).admit(officer, contributo, c, key())).body().getString("status"));
    assertEquals(0L, await(app.pool().preparedQuery("SELECT count(*) FROM test_wallets WHERE application_id = $1")
        .execute(Tuple.of(c))).iterator().next().getLong(0));
  }

  @Test
  void whenTheWalletCannotBeOpenedNothingOfTheAdmissionStays() {
    UUID bando = f.bando(f.comune, "buoni_spesa", "first_come", 100_000);
    UUID a = f.application(bando, citizen, 25_000, 2, 1, null);
    assertThrows(AssertionError.class, () -> await(review(BROKEN).admit(officer, bando, a, key())));
    assertEquals("submitted", f.status(a));
    assertEquals(0L, f.bandoRow(bando).getLong("granted_cents"));
    assertEquals(0, f.events(a));
    assertEquals(0, f.outbox(a, "bando.admitted") + f.outbox(a, "bando.paid"));
    // The batch stops at such a failure rather than skipping the application.
    assertThrows(AssertionError.class, () -> await(review(BROKEN).admitInRanking(officer, bando, key())));
    assertEquals("submitted", f.status(a));
  }
}
