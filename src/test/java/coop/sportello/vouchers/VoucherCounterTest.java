package coop.sportello.vouchers;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shop's counter through HTTP: a charge asked by the shop and confirmed by the holder's PIN or
 * one-time code, the same-day storno, and the attacks: another shop, a shop not accredited in the
 * wallet's municipality, a provider that is no shop, someone else's PIN, an unknown wallet code
 * answered exactly as a wrong PIN (same body, same delay), the PIN throttle, an expired wallet,
 * replays of a confirmed charge with the same and with another Idempotency-Key; and 100 charges
 * of 10 € confirmed at once on a 150 € wallet, of which exactly 15 go through.
 */
class VoucherCounterTest extends AppTestBase {

  private static final String PIN = "2468";
  private VoucherFixture f;
  private String shopkeeper;
  private String otherShopkeeper;
  private String elsewhereShopkeeper;
  private String cooperative;
  private UUID anna;
  private String annaToken;
  private String brunoToken;
  private UUID carla;

  @BeforeAll
  void setUp() {
    f = new VoucherFixture(vertx, app, "cassa");
    f.shopkeeper("cassa.alimentari", f.shop("Alimentari Cassa", VoucherFixture.BERGAMO));
    f.shopkeeper("cassa.forno", f.shop("Forno Cassa", VoucherFixture.BERGAMO));
    f.shopkeeper("cassa.piazzola", f.shop("Bottega Piazzola Cassa", VoucherFixture.PIAZZOLA));
    await(TestAccounts.create(vertx, app.pool(), "cassa.coop", "provider_admin"));
    anna = f.citizen("cassa.anna", PIN);
    f.citizen("cassa.bruno", "1357");
    carla = f.citizen("cassa.carla", PIN);
    shopkeeper = await(http.accessToken("cassa.alimentari"));
    otherShopkeeper = await(http.accessToken("cassa.forno"));
    elsewhereShopkeeper = await(http.accessToken("cassa.piazzola"));
    cooperative = await(http.accessToken("cassa.coop"));
    annaToken = await(http.accessToken("cassa.anna"));
    brunoToken = await(http.accessToken("cassa.bruno"));
  }

  private HttpResponse<Buffer> post(String token, String path, JsonObject body) {
    return await(http.post(path, token, body));
  }

  private String ask(String token, UUID wallet, int cents) {
    var asked = post(token, "/api/v1/shop/voucher-charges", new JsonObject().put("walletCode", f.code(wallet)).put("amountCents", cents));
    assertEquals(201, asked.statusCode(), asked.bodyAsString());
    assertEquals("pending", asked.bodyAsJsonObject().getString("state"));
    return asked.bodyAsJsonObject().getString("id");
  }

  private HttpResponse<Buffer> confirm(String token, String charge, JsonObject proof) {
    return post(token, "/api/v1/shop/voucher-charges/" + charge + "/confirm", proof);
  }

  private static JsonObject pin(String pin) {
    return new JsonObject().put("pin", pin);
  }

  private JsonObject myWallet(String token, UUID wallet) {
    var mine = await(http.get("/api/v1/me/voucher-wallets", token));
    assertEquals(200, mine.statusCode(), mine.bodyAsString());
    assertEquals("no-store", mine.getHeader("Cache-Control"));
    return mine.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(w -> w.getString("id").equals(wallet.toString())).findFirst().orElse(null);
  }

  @Test
  void aChargeConfirmedByPinAnotherByTheOneTimeCodeOnTheHoldersPhoneAndTheStornoTheSameDay() {
    UUID wallet = f.wallet(anna, 15_000, VoucherFixture.NEXT_YEAR);
    String first = ask(shopkeeper, wallet, 2_350);
    var paid = confirm(shopkeeper, first, pin(PIN));
    assertEquals(200, paid.statusCode(), paid.bodyAsString());
    assertEquals(12_650, paid.bodyAsJsonObject().getInteger("balanceCents"));
    assertEquals("pin", paid.bodyAsJsonObject().getString("confirmedBy"));

    String second = ask(shopkeeper, wallet, 1_000);
    JsonObject seen = myWallet(annaToken, wallet);
    JsonObject waiting = seen.getJsonArray("pendingCharges").getJsonObject(0);
    assertEquals("Alimentari Cassa", waiting.getString("shop"));
    assertEquals(1_000, waiting.getInteger("amountCents"));
    var byCode = confirm(shopkeeper, second, new JsonObject().put("oneTimeCode", waiting.getString("oneTimeCode")));
    assertEquals(200, byCode.statusCode(), byCode.bodyAsString());
    assertEquals(11_650, f.balance(wallet));

    var storno = post(shopkeeper, "/api/v1/shop/voucher-charges/" + first + "/refund", new JsonObject());
    assertEquals(200, storno.statusCode(), storno.bodyAsString());
    assertEquals(14_000, f.balance(wallet));
    assertEquals(409, post(shopkeeper, "/api/v1/shop/voucher-charges/" + first + "/refund", new JsonObject()).statusCode(),
        "a charge is refunded once");
    assertEquals(f.balance(wallet), f.ledgerSum(wallet));

    JsonObject after = myWallet(annaToken, wallet);
    assertEquals(14_000, after.getInteger("balanceCents"));
    assertEquals(List.of("refund", "spend", "spend", "grant"), after.getJsonArray("movements").stream()
        .map(m -> ((JsonObject) m).getString("kind")).toList());
    assertTrue(after.getString("qrSvg").contains("<svg"), "the code to show, as a QR code");
    assertEquals(0, after.getJsonArray("pendingCharges").size());
    assertTrue(after.getJsonArray("shops").stream().map(s -> ((JsonObject) s).getString("name")).toList()
        .containsAll(List.of("Alimentari Cassa", "Forno Cassa")), "where to spend it");
    assertFalse(after.getJsonArray("shops").stream().anyMatch(s -> ((JsonObject) s).getString("name").contains("Piazzola")));

    JsonArray today = await(http.get("/api/v1/shop/voucher-charges", shopkeeper)).bodyAsJsonObject().getJsonArray("items");
    assertTrue(today.stream().anyMatch(c -> ((JsonObject) c).getString("id").equals(first)
        && ((JsonObject) c).getString("state").equals("refunded")));
  }

  @Test
  void anotherShopANonAccreditedShopANonShopAndSomeoneElsesPinAreRefused() {
    UUID wallet = f.wallet(anna, 5_000, VoucherFixture.NEXT_YEAR);
    String charge = ask(shopkeeper, wallet, 1_000);
    assertEquals(404, confirm(otherShopkeeper, charge, pin(PIN)).statusCode(), "another shop's charge is not found");
    assertEquals(404, post(otherShopkeeper, "/api/v1/shop/voucher-charges/" + charge + "/refund", new JsonObject()).statusCode());

    var notShop = post(cooperative, "/api/v1/shop/voucher-charges", new JsonObject().put("walletCode", f.code(wallet)).put("amountCents", 100));
    assertEquals(403, notShop.statusCode(), notShop.bodyAsString());
    assertEquals(403, post(annaToken, "/api/v1/shop/voucher-charges", new JsonObject().put("walletCode", f.code(wallet))
        .put("amountCents", 100)).statusCode(), "a citizen has no counter");

    String elsewhere = ask(elsewhereShopkeeper, wallet, 1_000);
    var notAccredited = confirm(elsewhereShopkeeper, elsewhere, pin(PIN));
    assertEquals(403, notAccredited.statusCode(), notAccredited.bodyAsString());
    assertEquals("/problems/shop-not-accredited", notAccredited.bodyAsJsonObject().getString("type"));

    var brunosPin = confirm(shopkeeper, charge, pin("1357"));
    assertEquals(422, brunosPin.statusCode(), brunosPin.bodyAsString());
    assertEquals("/problems/voucher-not-confirmed", brunosPin.bodyAsJsonObject().getString("type"));
    assertEquals(null, myWallet(brunoToken, wallet), "someone else's wallet is not shown");
    assertEquals(5_000, f.balance(wallet));
  }

  @Test
  void anUnknownWalletCodeIsAnsweredExactlyAsAWrongPinAndWrongPinsAreThrottled() {
    UUID wallet = f.wallet(carla, 5_000, VoucherFixture.NEXT_YEAR);
    // One first wrong PIN and one first unknown code from each of three shops (each the first failure
    // at its source, so the same throttle delay): the quickest of each kind, so a busy machine's
    // pauses do not count.
    List<String> keepers = List.of(shopkeeper, otherShopkeeper, elsewhereShopkeeper);
    long quickestWrongPin = Long.MAX_VALUE;
    long quickestUnknown = Long.MAX_VALUE;
    String real = null;
    for (int round = 0; round < keepers.size(); round++) {
      String keeper = keepers.get(round);
      String charge = ask(keeper, wallet, 500);
      real = real == null ? charge : real;
      var unknownAsked = post(keeper, "/api/v1/shop/voucher-charges", new JsonObject()
          .put("walletCode", "0000 1111 222" + round).put("amountCents", 500));
      assertEquals(201, unknownAsked.statusCode(), "asking tells nothing of the code");
      String unknown = unknownAsked.bodyAsJsonObject().getString("id");

      long started = System.nanoTime();
      var wrongPin = confirm(keeper, charge, pin("9999"));
      long wrongPinMillis = (System.nanoTime() - started) / 1_000_000;
      started = System.nanoTime();
      var unknownCode = confirm(keeper, unknown, pin(PIN));
      long unknownMillis = (System.nanoTime() - started) / 1_000_000;

      assertEquals(422, wrongPin.statusCode(), wrongPin.bodyAsString());
      assertEquals(wrongPin.statusCode(), unknownCode.statusCode());
      JsonObject a = wrongPin.bodyAsJsonObject();
      JsonObject b = unknownCode.bodyAsJsonObject();
      a.remove("instance");
      b.remove("instance");
      assertEquals(a, b, "the same answer");
      assertTrue(wrongPinMillis >= 200 && unknownMillis >= 200, "both delayed: " + wrongPinMillis + " / " + unknownMillis);
      quickestWrongPin = Math.min(quickestWrongPin, wrongPinMillis);
      quickestUnknown = Math.min(quickestUnknown, unknownMillis);
    }
    // The same work and delay: within 250 ms, or within half the quicker one when Argon2 runs slowly on a busy machine.
    long slack = Math.max(250, Math.min(quickestWrongPin, quickestUnknown) / 2);
    assertTrue(Math.abs(quickestWrongPin - quickestUnknown) < slack, "the same delay: " + quickestWrongPin + " / " + quickestUnknown);

    // Wrong PINs go on counting across charges (a charge is cancelled after three): the fifth locks the PIN out.
    assertEquals(422, confirm(shopkeeper, real, pin("9998")).statusCode());
    assertEquals(422, confirm(shopkeeper, real, pin("9997")).statusCode());
    assertEquals(409, confirm(shopkeeper, real, pin(PIN)).statusCode(), "three wrong confirmations cancel the charge");
    String again = ask(shopkeeper, wallet, 500);
    assertEquals(422, confirm(shopkeeper, again, pin("9996")).statusCode());
    var locked = confirm(shopkeeper, again, pin("9995"));
    assertEquals(429, locked.statusCode(), locked.bodyAsString());
    String last = ask(shopkeeper, wallet, 500);
    assertEquals(429, confirm(shopkeeper, last, pin(PIN)).statusCode(), "locked, even with the right PIN");
    assertEquals(5_000, f.balance(wallet));
  }

  @Test
  void anExpiredWalletIsRefusedAndExpiryTakesWhatWasLeftWithItsLedgerRow() {
    UUID wallet = f.wallet(anna, 3_000, VoucherFixture.NEXT_YEAR.minusYears(2));
    String charge = ask(shopkeeper, wallet, 500);
    var refused = confirm(shopkeeper, charge, pin(PIN));
    assertEquals(409, refused.statusCode(), refused.bodyAsString());
    assertEquals("/problems/voucher-expired", refused.bodyAsJsonObject().getString("type"));
    assertTrue(await(f.service().expireDue()) >= 1);
    assertEquals(0, f.balance(wallet));
    assertEquals(0, f.ledgerSum(wallet));
    assertEquals("expired", myWallet(annaToken, wallet).getString("state"));
  }

  @Test
  void aConfirmedChargeReplayedWithTheSameKeyAnswersTheSameAndWithAnotherKeyIsRefused() {
    UUID wallet = f.wallet(anna, 5_000, VoucherFixture.NEXT_YEAR);
    String charge = ask(shopkeeper, wallet, 1_200);
    String key = UUID.randomUUID().toString();
    var first = await(http.post("/api/v1/shop/voucher-charges/" + charge + "/confirm", shopkeeper, pin(PIN), key));
    assertEquals(200, first.statusCode(), first.bodyAsString());
    var replay = await(http.post("/api/v1/shop/voucher-charges/" + charge + "/confirm", shopkeeper, pin(PIN), key));
    assertEquals(200, replay.statusCode(), replay.bodyAsString());
    assertEquals(first.bodyAsJsonObject(), replay.bodyAsJsonObject());
    var otherKey = confirm(shopkeeper, charge, pin(PIN));
    assertEquals(409, otherKey.statusCode(), otherKey.bodyAsString());
    assertEquals("/problems/charge-not-pending", otherKey.bodyAsJsonObject().getString("type"));
    var byCode = confirm(shopkeeper, charge, new JsonObject().put("oneTimeCode", f.oneTimeCode(charge)));
    assertEquals(409, byCode.statusCode(), "nor with its one-time code");
    assertEquals(3_800, f.balance(wallet));
    assertEquals(3_800, f.ledgerSum(wallet));
  }

  @Test
  void theMonthsStatementShowsTheShopItsChargesLessStornoAndTheOfficerSeesOnlyTheirComune() {
    UUID shop = f.shop("Rendiconto Cassa", VoucherFixture.BERGAMO);
    f.shopkeeper("cassa.rendiconto", shop);
    String keeper = await(http.accessToken("cassa.rendiconto"));
    UUID wallet = f.wallet(anna, 10_000, VoucherFixture.NEXT_YEAR);
    List<String> charges = new ArrayList<>();
    for (int cents : new int[] {2_000, 1_250}) {
      String charge = ask(keeper, wallet, cents);
      assertEquals(200, confirm(keeper, charge, new JsonObject().put("oneTimeCode", f.oneTimeCode(charge))).statusCode());
      charges.add(charge);
    }
    assertEquals(200, post(keeper, "/api/v1/shop/voucher-charges/" + charges.get(0) + "/refund", new JsonObject()).statusCode());
    String month = YearMonth.now(ZoneId.of("Europe/Rome")).toString();

    var mine = await(http.get("/api/v1/shop/voucher-statements/" + month, keeper));
    assertEquals(200, mine.statusCode(), mine.bodyAsString());
    JsonObject line = mine.bodyAsJsonObject().getJsonArray("lines").getJsonObject(0);
    assertEquals(1, mine.bodyAsJsonObject().getJsonArray("lines").size());
    assertEquals("Bergamo", line.getString("municipalityName"));
    assertEquals(2, line.getInteger("charges"));
    assertEquals(3_250, line.getInteger("chargedCents"));
    assertEquals(1, line.getInteger("refunds"));
    assertEquals(1_250, line.getInteger("dueCents"));
    assertEquals(1_250, mine.bodyAsJsonObject().getInteger("dueCents"));
    var csv = await(http.get("/api/v1/shop/voucher-statements/" + month + "/csv", keeper));
    assertEquals(200, csv.statusCode());
    assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"));
    assertTrue(csv.bodyAsString().contains("Rendiconto Cassa;Bergamo;;Totale dovuto dal Comune (2 addebiti, 1 storni);;12,50"),
        csv.bodyAsString());

    String officer = await(http.accessToken("cassa.ufficio"));
    var comune = await(http.get("/api/v1/municipality/voucher-statements/" + month, officer));
    assertEquals(200, comune.statusCode(), comune.bodyAsString());
    assertTrue(comune.bodyAsJsonObject().getJsonArray("lines").stream().map(JsonObject.class::cast)
        .anyMatch(l -> l.getString("shop").equals("Rendiconto Cassa") && l.getInteger("dueCents") == 1_250));
    assertEquals(200, await(http.get("/api/v1/municipality/voucher-statements/" + month + "/csv", officer)).statusCode());

    UUID piazzolaOfficer = await(TestAccounts.create(vertx, app.pool(), "cassa.piazzola.ufficio", "citizen"));
    await(app.pool().preparedQuery("""
        WITH c AS (INSERT INTO providers (name, vat_number, municipality, kind)
                   VALUES ('Comune di Piazzola sul Brenta', '80009870282', '028063', 'municipality') RETURNING id)
        UPDATE accounts SET roles = ARRAY['municipal_officer'], provider_id = (SELECT id FROM c) WHERE id = $1""")
        .execute(Tuple.of(piazzolaOfficer)));
    var other = await(http.get("/api/v1/municipality/voucher-statements/" + month,
        await(http.accessToken("cassa.piazzola.ufficio"))));
    assertEquals(200, other.statusCode(), other.bodyAsString());
    assertEquals(0, other.bodyAsJsonObject().getJsonArray("lines").size(), "another Comune sees none of Bergamo's shops");
    assertEquals(403, await(http.get("/api/v1/municipality/voucher-statements/" + month, keeper)).statusCode());
    assertEquals(403, await(http.get("/api/v1/shop/voucher-statements/" + month, officer)).statusCode());
    assertEquals(422, await(http.get("/api/v1/shop/voucher-statements/2026-13", keeper)).statusCode());

    JsonObject spent = await(f.service().spentByBando(app.pool(), f.bando));
    assertTrue(spent.getJsonArray("shops").stream().map(JsonObject.class::cast).anyMatch(s -> s.getString("name")
        .equals("Rendiconto Cassa") && s.getLong("payments") == 2 && s.getLong("spentCents") == 1_250), spent.encode());
    assertTrue(spent.getLong("spentCents") >= 1_250, "the bando's report: what its wallets spent, net of storno");
  }

  @Test
  void aHundredChargesOfTenEuroAtOnceOnAHundredAndFiftyEuroWalletExactlyFifteenGoThrough() {
    UUID wallet = f.wallet(anna, 15_000, VoucherFixture.NEXT_YEAR);
    List<String> charges = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      charges.add(ask(i % 2 == 0 ? shopkeeper : otherShopkeeper, wallet, 1_000));
    }
    List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
    for (int i = 0; i < charges.size(); i++) {
      String charge = charges.get(i);
      all.add(http.post("/api/v1/shop/voucher-charges/" + charge + "/confirm", i % 2 == 0 ? shopkeeper : otherShopkeeper,
          new JsonObject().put("oneTimeCode", f.oneTimeCode(charge))));
    }
    await(Future.join(all), 120);
    long ok = all.stream().filter(r -> r.result().statusCode() == 200).count();
    long short_ = all.stream().filter(r -> r.result().statusCode() == 409
        && r.result().bodyAsJsonObject().getString("type").equals("/problems/voucher-insufficient")).count();
    assertEquals(15, ok);
    assertEquals(85, short_);
    assertEquals(0, f.balance(wallet));
    assertEquals(0, f.ledgerSum(wallet));
    assertEquals(15L, await(app.pool().preparedQuery("SELECT count(*) FROM voucher_ledger WHERE wallet_id = $1 AND kind = 'spend'")
        .execute(Tuple.of(wallet))).iterator().next().getLong(0));
  }
}
