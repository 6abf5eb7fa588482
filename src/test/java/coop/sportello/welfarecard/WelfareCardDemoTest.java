package coop.sportello.welfarecard;

import coop.sportello.testing.AppTestBase;
import coop.sportello.welfarecard.domain.CardNumber;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo network's Welfare Card (demo/14-welfare-card.sql): one agreement with the three demo
 * companies, a package with percentage and fixed discounts, a valid card for every demo employee;
 * the demo employee signs in and sees theirs, and the price quote's function finds its discount.
 */
class WelfareCardDemoTest extends AppTestBase {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("demoData", "on");
  }

  private long count(String sql) {
    return await(app.pool().query(sql).execute()).iterator().next().getLong(0);
  }

  @Test
  void everyDemoEmployeeHasAValidCardOfTheNetworksAgreement() {
    assertEquals(3, count("SELECT count(*) FROM welfare_card_companies WHERE left_at IS NULL"));
    assertTrue(count("SELECT count(*) FROM welfare_card_package WHERE discount_kind = 'percent'") >= 3);
    assertTrue(count("SELECT count(*) FROM welfare_card_package WHERE discount_kind = 'fixed'") >= 3);
    // The made-up employees of the year of history (storico.N, demo/22-history.sql) never sign in and hold no card.
    assertEquals(count("SELECT count(*) FROM employees e JOIN accounts a ON a.id = e.account_id "
        + "WHERE e.left_on IS NULL AND a.username NOT LIKE 'storico.%'"),
        count("SELECT count(*) FROM welfare_cards w WHERE welfare_card_status(w) = 'valid'"));

    JsonObject card = await(http.login("dipendente", "sportello-demo").compose(login ->
        http.get("/api/v1/me/welfare-card", login.getString("accessToken")))).bodyAsJsonObject();
    String number = "40000000001" + CardNumber.checkDigit("40000000001");
    assertEquals(number, card.getString("number"), card.encode());
    assertEquals("Welfare Card della Rete", card.getJsonObject("agreement").getString("name"));
    assertEquals(8, card.getJsonArray("services").size());

    JsonObject discount = (JsonObject) await(app.pool().query("""
        SELECT welfare_card_discount(a.id::text, '50000000-0000-4000-8000-000000000039')
          FROM accounts a WHERE a.username = 'dipendente'""").execute()).iterator().next().getValue(0);
    assertEquals(new JsonObject().put("kind", "percent").put("value", 15)
        .put("agreementId", "71000000-0000-4000-8000-000000000001").put("cardNumber", number), discount);
  }
}
