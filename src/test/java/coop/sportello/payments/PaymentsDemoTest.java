package coop.sportello.payments;

import coop.sportello.testing.AppTestBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The payments demo (demo/15-payments.sql): cooperatives with connected accounts, a booking paid by card, one "da pagare". */
class PaymentsDemoTest extends AppTestBase {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("demoData", "on");
  }

  @Test
  void theDemoHasAPaidBookingAndOneToPayThatTheCooperativeRecords() {
    Row facts = await(app.pool().query("""
        SELECT (SELECT count(*) FROM providers WHERE stripe_account IS NOT NULL),
               (SELECT sum(l.amount_cents) - min(b.price_cents) FROM money_ledger l JOIN bookings b ON b.id = l.booking_id
                 WHERE b.code = 'PAGATAC7'),
               (SELECT p.id::text FROM payments p JOIN bookings b ON b.id = p.booking_id
                 WHERE b.code = 'DAPAGAR3' AND p.state = 'due' AND p.amount_cents = b.price_cents),
               (SELECT b.id::text FROM bookings b WHERE b.code = 'PAGATAC7')""").execute()).iterator().next();
    assertEquals(4L, facts.getLong(0), "four cooperatives take cards on their own accounts");
    assertEquals(0L, facts.getLong(1), "the card payment is in the ledger: payments = price");
    String citizen = await(http.login("cittadino", "sportello-demo")).getString("accessToken");
    var paid = await(http.get("/api/v1/bookings/" + facts.getString(3) + "/payments", citizen));
    assertEquals(200, paid.statusCode(), paid.bodyAsString());
    assertEquals("card", paid.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("method"));
    String admin = await(http.login("admin.cooperativa", "sportello-demo")).getString("accessToken");
    var recorded = await(http.post("/api/v1/provider/payments/" + facts.getString(2) + "/record", admin,
        new JsonObject().put("means", "cash")));
    assertEquals(200, recorded.statusCode(), recorded.bodyAsString());
    assertEquals("completed", recorded.bodyAsJsonObject().getString("state"));
  }
}
