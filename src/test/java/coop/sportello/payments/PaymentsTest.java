package coop.sportello.payments;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Paying a booking through HTTP: credit first, the rest at the provider (recorded by its admin),
 * refunds by method on cancellation, payments moving on a reschedule, series paid with credit,
 * and the ways that cannot pay refused clearly (card without a card service, a voucher wallet that is not the person's).
 */
class PaymentsTest extends AppTestBase {

  private MoneyFixture money;
  private String employee;
  private String citizen;
  private String operator;
  private String admin;
  private int nextSlot;

  @BeforeAll
  void setUp() {
    money = new MoneyFixture(vertx, app.pool(), http, "pag", 3);
    employee = await(http.accessToken("pag.dipendente"));
    citizen = await(http.accessToken("pag.cittadina"));
    operator = await(http.accessToken("pag.operatore"));
    admin = await(http.accessToken("pag.admin"));
    await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "pag.altra", "11111111111"));
  }

  private HttpResponse<Buffer> post(String token, String path, JsonObject body) {
    return await(http.post(path, token, body));
  }

  private String hold(String token, int places) {
    var held = post(token, "/api/v1/bookings/holds", new JsonObject().put("slotId", money.slots.get(nextSlot++)).put("places", places));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    return held.bodyAsJsonObject().getString("id");
  }

  private HttpResponse<Buffer> confirm(String token, String booking, JsonObject payment) {
    return post(token, "/api/v1/bookings/" + booking + "/confirm", new JsonObject().put("payment", payment));
  }

  private JsonObject payments(String token, String booking) {
    var answer = await(http.get("/api/v1/bookings/" + booking + "/payments", token));
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    return answer.bodyAsJsonObject();
  }

  private static JsonObject of(JsonObject payments, String method) {
    return payments.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("method").equals(method)).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void creditFirstTheRestDueAtTheProviderRecordedByItsAdminAndEverythingBackOnCancellation() {
    int before = money.balance();
    String booking = hold(employee, 2); // 120.00 with at most 100.00 of credit
    var confirmed = confirm(employee, booking, new JsonObject().put("credit", true).put("rest", "at_provider"));
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    assertEquals("confirmed", confirmed.bodyAsJsonObject().getString("status"));
    int credit = Math.min(before, 2 * MoneyFixture.TARIFF);
    assertEquals(before - credit, money.balance());

    JsonObject paid = payments(employee, booking);
    assertEquals(2 * MoneyFixture.TARIFF, paid.getInteger("priceCents"));
    assertEquals(credit, paid.getInteger("paidCents"));
    assertEquals(2 * MoneyFixture.TARIFF - credit, paid.getInteger("dueCents"), "da pagare: the rest");
    JsonObject due = of(paid, "at_provider");
    assertEquals("due", due.getString("state"));
    assertEquals(credit, money.ledger(booking), "the ledger has the credit, not what is still due");

    // Only the cooperative's own admin records it; again with the same means is the same answer.
    String other = await(http.accessToken("pag.altra"));
    String record = "/api/v1/provider/payments/" + due.getString("id") + "/record";
    assertEquals(404, post(other, record, new JsonObject().put("means", "cash")).statusCode());
    assertEquals(403, post(employee, record, new JsonObject().put("means", "cash")).statusCode());
    assertEquals(422, post(admin, record, new JsonObject().put("means", "bitcoin")).statusCode());
    var recorded = post(admin, record, new JsonObject().put("means", "pos"));
    assertEquals(200, recorded.statusCode(), recorded.bodyAsString());
    assertEquals("completed", recorded.bodyAsJsonObject().getString("state"));
    assertEquals("pos", recorded.bodyAsJsonObject().getString("means"));
    assertEquals(200, post(admin, record, new JsonObject().put("means", "pos")).statusCode());
    assertEquals(409, post(admin, record, new JsonObject().put("means", "cash")).statusCode());
    assertEquals(2 * MoneyFixture.TARIFF, money.ledger(booking), "payments = the price");

    assertEquals(200, post(employee, "/api/v1/bookings/" + booking + "/cancel", new JsonObject()).statusCode());
    assertEquals(before, money.balance(), "credit back to the wallet");
    JsonObject back = payments(employee, booking);
    assertEquals(credit, of(back, "welfare_credit").getInteger("refundedCents"));
    assertEquals("completed", of(back, "at_provider").getJsonArray("refunds").getJsonObject(0).getString("state"),
        "the provider's refund is recorded");
    assertEquals(0, money.ledger(booking), "payments − refunds = 0 for a cancelled booking");
  }

  @Test
  void nothingChosenIsDueAtTheProviderAndACancellationBeforePayingCancelsWhatWasDue() {
    String booking = hold(citizen, 1);
    var confirmed = post(citizen, "/api/v1/bookings/" + booking + "/confirm", new JsonObject());
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    JsonObject due = of(payments(citizen, booking), "at_provider");
    assertEquals(MoneyFixture.TARIFF, due.getInteger("amountCents"));
    assertEquals("due", due.getString("state"));
    assertEquals(200, post(citizen, "/api/v1/bookings/" + booking + "/cancel", new JsonObject()).statusCode());
    assertEquals("cancelled", of(payments(citizen, booking), "at_provider").getString("state"));
    assertEquals(409, post(admin, "/api/v1/provider/payments/" + due.getString("id") + "/record",
        new JsonObject().put("means", "cash")).statusCode(), "nothing to receive any more");
    assertEquals(0, money.ledger(booking));
  }

  @Test
  void welfareCreditChargesTheBookingsPriceNotTariffTimesPlaces() {
    int before = money.balance();
    String booking = hold(employee, 1);
    // The quote at hold fixed this price (part A's rule); credit pays exactly it.
    await(app.pool().preparedQuery("UPDATE bookings SET price_cents = 4321 WHERE id = $1").execute(Tuple.of(UUID.fromString(booking))));
    var confirmed = post(employee, "/api/v1/bookings/" + booking + "/confirm", new JsonObject().put("payWithWelfare", true));
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    assertEquals(4321, confirmed.bodyAsJsonObject().getInteger("paidWithWelfareCents"));
    assertEquals(before - 4321, money.balance());
    assertEquals(4321, money.ledger(booking));
    assertEquals(200, post(employee, "/api/v1/bookings/" + booking + "/cancel", new JsonObject()).statusCode());
    assertEquals(before, money.balance());
  }

  @Test
  void staffCancelInsideTheWindowWithAReasonAndRefundInFull() {
    await(app.pool().preparedQuery("UPDATE services SET cancel_window_hours = 720 WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(money.serviceId))));
    try {
      int before = money.balance();
      String booking = hold(employee, 1);
      assertEquals(200, confirm(employee, booking, new JsonObject().put("credit", true)).statusCode());
      assertEquals(before - MoneyFixture.TARIFF, money.balance());
      var refused = post(employee, "/api/v1/bookings/" + booking + "/cancel", new JsonObject());
      assertEquals(409, refused.statusCode());
      assertEquals("/problems/cancellation-window", refused.bodyAsJsonObject().getString("type"));
      assertEquals(before - MoneyFixture.TARIFF, money.balance(), "nothing refunded");
      var cancelled = post(operator, "/api/v1/bookings/" + booking + "/cancel", new JsonObject().put("reason", "Malattia del bambino"));
      assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());
      assertEquals(before, money.balance(), "staff inside the window: refunded in full");
      assertEquals("Malattia del bambino", of(payments(employee, booking), "welfare_credit").getJsonArray("refunds")
          .getJsonObject(0).getString("reason"));
      assertEquals(0, money.ledger(booking));
    } finally {
      await(app.pool().preparedQuery("UPDATE services SET cancel_window_hours = 24 WHERE id = $1")
          .execute(Tuple.of(UUID.fromString(money.serviceId))));
    }
  }

  @Test
  void aRescheduleMovesThePaymentsToTheNewBooking() {
    int before = money.balance();
    String booking = hold(employee, 1);
    assertEquals(200, confirm(employee, booking, new JsonObject().put("credit", true)).statusCode());
    var moved = post(employee, "/api/v1/bookings/" + booking + "/reschedule",
        new JsonObject().put("slotId", money.slots.get(nextSlot++)));
    assertEquals(200, moved.statusCode(), moved.bodyAsString());
    String fresh = moved.bodyAsJsonObject().getString("id");
    assertEquals(MoneyFixture.TARIFF, payments(employee, fresh).getInteger("paidCents"));
    assertEquals(0, payments(employee, booking).getJsonArray("items").size());
    assertEquals(before - MoneyFixture.TARIFF, money.balance(), "paid once");
    assertEquals(200, post(employee, "/api/v1/bookings/" + fresh + "/cancel", new JsonObject()).statusCode());
    assertEquals(before, money.balance(), "the moved payment is refunded");
  }

  @Test
  void aWeeklySeriesIsPaidWithCredit() {
    int before = money.balance();
    JsonObject series = new JsonObject().put("serviceId", money.serviceId)
        .put("weekdays", new JsonArray().add(MoneyFixture.FIRST_DAY.getDayOfWeek().getValue()))
        .put("start", "19:00").put("from", MoneyFixture.FIRST_DAY.toString())
        .put("until", MoneyFixture.FIRST_DAY.plusDays(7).toString()).put("mode", "skip_clashes")
        .put("payment", new JsonObject().put("credit", true).put("rest", "at_provider"));
    var booked = post(employee, "/api/v1/bookings/recurring", series);
    assertEquals(201, booked.statusCode(), booked.bodyAsString());
    String date = booked.bodyAsJsonObject().getJsonArray("booked").getJsonObject(0).getString("id");
    assertEquals(MoneyFixture.TARIFF, payments(employee, date).getInteger("paidCents"));
    assertEquals(before - MoneyFixture.TARIFF, money.balance());
    assertEquals(422, post(employee, "/api/v1/bookings/recurring", series.copy().put("start", "18:00")
        .put("payment", new JsonObject().put("rest", "card"))).statusCode(), "a series is not paid by card");
    assertEquals(200, post(employee, "/api/v1/bookings/" + date + "/cancel", new JsonObject()).statusCode());
    assertEquals(before, money.balance());
  }

  @Test
  void cardWithoutACardServiceAndAVoucherWithoutAWalletAreRefusedAndTheHoldStaysHeld() {
    String booking = hold(citizen, 1);
    var card = confirm(citizen, booking, new JsonObject().put("rest", "card"));
    assertEquals(422, card.statusCode(), card.bodyAsString());
    assertEquals("/problems/no-card-payments", card.bodyAsJsonObject().getString("type"));
    var voucher = confirm(citizen, booking, new JsonObject().put("rest", "voucher")
        .put("voucherWallet", UUID.randomUUID().toString()));
    assertEquals(422, voucher.statusCode(), voucher.bodyAsString());
    assertEquals("/problems/no-voucher-wallet", voucher.bodyAsJsonObject().getString("type"));
    assertEquals(422, confirm(citizen, booking, new JsonObject().put("rest", "voucher")).statusCode(),
        "a voucher names its wallet");
    assertEquals(422, post(citizen, "/api/v1/bookings/" + booking + "/confirm", new JsonObject().put("payWithWelfare", true)
        .put("payment", new JsonObject().put("credit", true))).statusCode(), "one way of asking, not both");
    assertEquals("held", money.booking(booking).getString("status"));
    assertEquals(0, payments(citizen, booking).getJsonArray("items").size());
  }

  @Test
  void onlyWhoeverSeesTheBookingSeesItsPayments() {
    String booking = hold(employee, 1);
    assertEquals(404, await(http.get("/api/v1/bookings/" + booking + "/payments", citizen)).statusCode());
    assertEquals(404, await(http.get("/api/v1/bookings/" + UUID.randomUUID() + "/payments", citizen)).statusCode());
    assertEquals(200, await(http.get("/api/v1/bookings/" + booking + "/payments", operator)).statusCode());
  }
}
