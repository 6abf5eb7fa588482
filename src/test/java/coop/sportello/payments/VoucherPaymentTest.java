package coop.sportello.payments;

import coop.sportello.testing.AppTestBase;
import coop.sportello.vouchers.VoucherFixture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Paying a booking with a municipal voucher wallet through HTTP (POST /bookings/:id/confirm with
 * payment {rest: voucher, voucherWallet}): the wallet pays the price with its ledger row and the
 * booking's money row, cancelling gives it back; someone else's wallet, a wallet of another
 * municipality and a wallet that does not hold enough are refused and the hold stays held.
 */
class VoucherPaymentTest extends AppTestBase {

  private MoneyFixture money;
  private VoucherFixture vouchers;
  private String citizen;
  private UUID citizenId;
  private UUID employeeId;
  private int nextSlot;

  @BeforeAll
  void setUp() {
    money = new MoneyFixture(vertx, app.pool(), http, "vpag", 1);
    vouchers = new VoucherFixture(vertx, app, "vpag");
    citizen = await(http.accessToken("vpag.cittadina"));
    citizenId = UUID.fromString(money.citizenId);
    employeeId = UUID.fromString(money.employeeId);
  }

  private String hold() {
    var held = await(http.post("/api/v1/bookings/holds", citizen, new JsonObject().put("slotId", money.slots.get(nextSlot++))
        .put("places", 1)));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    return held.bodyAsJsonObject().getString("id");
  }

  private HttpResponse<Buffer> payByVoucher(String booking, UUID wallet) {
    return await(http.post("/api/v1/bookings/" + booking + "/confirm", citizen, new JsonObject().put("payment",
        new JsonObject().put("rest", "voucher").put("voucherWallet", wallet.toString()))));
  }

  @Test
  void aVoucherPaysTheBookingAndCancellingGivesItBack() {
    UUID wallet = vouchers.wallet(citizenId, 15_000, VoucherFixture.NEXT_YEAR);
    String booking = hold();
    var paid = payByVoucher(booking, wallet);
    assertEquals(200, paid.statusCode(), paid.bodyAsString());
    assertEquals("confirmed", paid.bodyAsJsonObject().getString("status"));
    assertEquals(15_000 - MoneyFixture.TARIFF, vouchers.balance(wallet));
    assertEquals(vouchers.balance(wallet), vouchers.ledgerSum(wallet));
    assertEquals(MoneyFixture.TARIFF, money.ledger(booking));
    JsonObject payments = await(http.get("/api/v1/bookings/" + booking + "/payments", citizen)).bodyAsJsonObject();
    JsonObject voucher = payments.getJsonArray("items").getJsonObject(0);
    assertEquals("voucher", voucher.getString("method"));
    assertEquals("completed", voucher.getString("state"));
    assertEquals(1L, await(app.pool().preparedQuery(
            "SELECT count(*) FROM voucher_ledger WHERE wallet_id = $1 AND booking_id = $2 AND kind = 'spend'")
        .execute(Tuple.of(wallet, UUID.fromString(booking)))).iterator().next().getLong(0));

    assertEquals(200, await(http.post("/api/v1/bookings/" + booking + "/cancel", citizen, new JsonObject())).statusCode());
    assertEquals(15_000, vouchers.balance(wallet));
    assertEquals(15_000, vouchers.ledgerSum(wallet));
    assertEquals(0, money.ledger(booking));
  }

  @Test
  void someoneElsesWalletAnotherMunicipalitysAndNotEnoughAreRefusedAndTheHoldStaysHeld() {
    String booking = hold();
    var notMine = payByVoucher(booking, vouchers.wallet(employeeId, 15_000, VoucherFixture.NEXT_YEAR));
    assertEquals(422, notMine.statusCode(), notMine.bodyAsString());
    assertEquals("/problems/no-voucher-wallet", notMine.bodyAsJsonObject().getString("type"));

    UUID piazzola = vouchers.wallet(citizenId, 15_000, VoucherFixture.NEXT_YEAR, VoucherFixture.PIAZZOLA);
    var elsewhere = payByVoucher(booking, piazzola);
    assertEquals(422, elsewhere.statusCode(), elsewhere.bodyAsString());
    assertEquals("/problems/voucher-not-here", elsewhere.bodyAsJsonObject().getString("type"));

    UUID small = vouchers.wallet(citizenId, MoneyFixture.TARIFF - 1, VoucherFixture.NEXT_YEAR);
    var notEnough = payByVoucher(booking, small);
    assertEquals(409, notEnough.statusCode(), notEnough.bodyAsString());
    assertEquals("/problems/voucher-insufficient", notEnough.bodyAsJsonObject().getString("type"));

    assertEquals("held", money.booking(booking).getString("status"));
    assertEquals(15_000, vouchers.balance(piazzola));
    assertEquals(MoneyFixture.TARIFF - 1, vouchers.balance(small));
  }
}
