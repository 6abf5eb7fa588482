package coop.sportello.vouchers;

import coop.sportello.testing.AppTestBase;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random runs of grants (again), spends, refunds and expiries against a model: after every step
 * each wallet's balance is its model's, the sum of its ledger, and never below zero; and the
 * database itself refuses a balance below zero.
 */
class VoucherLedgerInvariantsTest extends AppTestBase {

  private VoucherFixture f;
  private VoucherRepository repository;
  private UUID shop;
  private UUID person;

  @BeforeAll
  void setUp() {
    f = new VoucherFixture(vertx, app, "registro");
    shop = f.shop("Alimentari Registro", VoucherFixture.BERGAMO);
    person = f.citizen("registro.persona", "2468");
    repository = new VoucherRepository();
  }

  private record Spent(UUID wallet, UUID charge, int cents) { }

  @Test
  void balanceIsTheLedgersSumAndNeverBelowZeroThroughRandomGrantsSpendsRefundsAndExpiries() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    String why = "seed " + seed;
    List<UUID> wallets = new ArrayList<>();
    List<Integer> model = new ArrayList<>();
    List<Boolean> expired = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int granted = 5_000 + random.nextInt(20_000);
      wallets.add(f.wallet(person, granted, LocalDate.now().plusYears(1)));
      model.add(granted);
      expired.add(false);
    }
    List<Spent> refundable = new ArrayList<>();
    for (int step = 0; step < 250; step++) {
      int w = random.nextInt(wallets.size());
      UUID wallet = wallets.get(w);
      int op = random.nextInt(100);
      if (op < 60) {
        int cents = 1 + random.nextInt(6_000);
        UUID charge = UUID.fromString(await(repository.insertCharge(app.pool(), shop, wallet, person, cents, "123456", "prova"))
            .getString("id"));
        Optional<Integer> spent = await(repository.spend(app.pool(), wallet, cents, charge, null, "prova"));
        boolean should = !expired.get(w) && model.get(w) >= cents;
        assertEquals(should, spent.isPresent(), why + " step " + step);
        if (should) {
          model.set(w, model.get(w) - cents);
          refundable.add(new Spent(wallet, charge, cents));
        }
      } else if (op < 85 && !refundable.isEmpty()) {
        Spent back = refundable.remove(random.nextInt(refundable.size()));
        int v = wallets.indexOf(back.wallet());
        await(repository.giveBack(app.pool(), back.wallet(), back.cents(), back.charge(), null, "prova"));
        model.set(v, expired.get(v) ? 0 : model.get(v) + back.cents());
      } else if (op < 92) {
        await(app.pool().preparedQuery("UPDATE voucher_wallets SET expires_at = now() - interval '1 second' WHERE id = $1")
            .execute(Tuple.of(wallet)));
        await(f.service().expireDue());
        model.set(w, 0);
        expired.set(w, true);
      } else {
        UUID application = await(app.pool().preparedQuery("SELECT application_id FROM voucher_wallets WHERE id = $1")
            .execute(Tuple.of(wallet))).iterator().next().getUUID(0);
        UUID again = await(app.pool().withTransaction(conn -> f.service().grant(conn, new VoucherGrants.VoucherGrant(
            application, f.bando, person.toString(), VoucherFixture.BERGAMO, 99_999, LocalDate.now().plusYears(2)))));
        assertEquals(wallet, again, why + ": granting an application again answers its wallet");
      }
      for (int i = 0; i < wallets.size(); i++) {
        int balance = f.balance(wallets.get(i));
        assertTrue(balance >= 0, why);
        assertEquals(model.get(i), balance, why + " step " + step + " wallet " + i);
        assertEquals(balance, f.ledgerSum(wallets.get(i)), why + " step " + step + " wallet " + i);
      }
    }
  }

  @Test
  void theDatabaseRefusesABalanceBelowZeroAndAChangedLedger() {
    UUID wallet = f.wallet(person, 1_000, LocalDate.now().plusYears(1));
    assertThrows(AssertionError.class, () -> await(app.pool().preparedQuery(
        "UPDATE voucher_wallets SET balance_cents = -1 WHERE id = $1").execute(Tuple.of(wallet))));
    assertThrows(AssertionError.class, () -> await(app.pool().preparedQuery(
        "UPDATE voucher_ledger SET amount_cents = 5000 WHERE wallet_id = $1").execute(Tuple.of(wallet))));
    assertThrows(AssertionError.class, () -> await(app.pool().preparedQuery("""
        INSERT INTO voucher_charges (shop_id, wallet_id, person, amount_cents, one_time_code, requested_by, expires_at, state)
        VALUES ($1, $2, $3, 100, '000000', 'prova', now() + interval '1 minute', 'confirmed')""")
        .execute(Tuple.of(shop, wallet, person))), "a confirmed charge says how");
    assertEquals(1_000, f.balance(wallet));
  }
}
