package coop.sportello.payments;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.FakeStripe;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end with the local Stripe server: credit plus card, the checkout opened on the
 * cooperative's connected account, the signed webhook confirming the booking (twice: once), a
 * cancellation refunding the card through Stripe and the charge.refunded webhook closing the ledger.
 */
class CardPaymentTest extends AppTestBase {

  private FakeStripe stripe;
  private MoneyFixture money;
  private String employee;

  @Override
  protected JsonObject overrides() {
    stripe = await(FakeStripe.start(vertx));
    return new JsonObject().put("payments", new JsonObject().put("stripe", stripe.config()));
  }

  @BeforeAll
  void setUp() {
    money = new MoneyFixture(vertx, app.pool(), http, "stripe", 1);
    employee = await(http.accessToken("stripe.dipendente"));
  }

  private HttpResponse<Buffer> deliver(String payload) {
    FakeStripe.SignedWebhook signed = stripe.signedWebhook(payload);
    return await(http.client().post(app.port(), "127.0.0.1", "/api/v1/payments/stripe/webhook")
        .putHeader("Stripe-Signature", signed.signature()).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(signed.payload())));
  }

  @Test
  void creditAndCardAreConfirmedOnlyByTheSignedWebhookAndACancellationRefundsThroughStripe() {
    int before = money.balance();
    var held = await(http.post("/api/v1/bookings/holds", employee, new JsonObject().put("slotId", money.slots.get(0)).put("places", 2)));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    String booking = held.bodyAsJsonObject().getString("id");
    int price = money.booking(booking).getInteger("price_cents");
    var waiting = await(http.post("/api/v1/bookings/" + booking + "/confirm", employee, new JsonObject()
        .put("payment", new JsonObject().put("credit", true).put("rest", "card"))));
    assertEquals(202, waiting.statusCode(), waiting.bodyAsString());
    JsonObject checkout = waiting.bodyAsJsonObject().getJsonObject("checkout");
    assertTrue(checkout.getString("url").startsWith("http"), checkout.encode());
    assertEquals("held", money.booking(booking).getString("status"));
    int credit = Math.min(before, price);
    assertEquals(price - credit, stripe.session(checkout.getString("sessionId")).getInteger("amount_total"));

    String completed = stripe.sessionCompleted(checkout.getString("sessionId"));
    assertEquals(200, deliver(completed).statusCode());
    assertEquals(200, deliver(completed).statusCode(), "a repeat is harmless");
    assertEquals("confirmed", money.booking(booking).getString("status"));
    assertEquals(price, money.ledger(booking), "credit and card: the price, once");

    var cancelled = await(http.post("/api/v1/bookings/" + booking + "/cancel", employee, new JsonObject()));
    assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());
    assertEquals(before, money.balance());
    String paymentIntent = stripe.session(checkout.getString("sessionId")).getString("payment_intent");
    org.awaitility.Awaitility.await().until(() -> stripe.requests().stream().anyMatch(r -> r.path().equals("/v1/refunds")));
    assertEquals(200, deliver(stripe.chargeRefunded(paymentIntent)).statusCode());
    assertEquals(0, money.ledger(booking), "refunded through Stripe: nothing kept");
  }
}
