package coop.sportello.welfarecard;

import coop.sportello.testing.AppTestBase;
import coop.sportello.welfarecard.WelfareCardFixture.Employee;
import coop.sportello.welfarecard.domain.CardNumber;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static coop.sportello.welfarecard.WelfareCardFixture.fixed;
import static coop.sportello.welfarecard.WelfareCardFixture.ids;
import static coop.sportello.welfarecard.WelfareCardFixture.percent;
import static coop.sportello.welfarecard.WelfareCardFixture.terms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * V40's welfare_card_discount(person, service), the price quote's source of the discount, called
 * directly: the discount of the person's valid card whose package has the service, else NULL
 * (no card, another service, a revoked or expired card, someone else, a "discount" that would not
 * lower the price); the best of two agreements. And the database's check digit is the domain's.
 */
class WelfareCardDiscountTest extends AppTestBase {

  private WelfareCardFixture f;
  private UUID hourly;
  private UUID session;
  private UUID outside;

  @BeforeAll
  void setUp() {
    f = new WelfareCardFixture(vertx, app, http, "wcsql");
    hourly = f.service("Assistenza compiti a ore", 2100, "hour");
    session = f.service("Colloquio di orientamento", 5000, "session");
    outside = f.service("Servizio fuori pacchetto", 3000, "session");
  }

  private JsonObject discount(Object person, UUID service) {
    Object value = await(app.pool().preparedQuery("SELECT welfare_card_discount($1, $2)")
        .execute(Tuple.of(String.valueOf(person), service))).iterator().next().getValue(0);
    return (JsonObject) value;
  }

  @Test
  void theDiscountOfThePersonsValidCardForAServiceOfItsPackage() {
    UUID company = f.company("Meccanica Vignola", "12121212125");
    Employee holder = f.employee("wcsql.ada", "Ada Pini", company, "PNIDAA80A41F257Q");
    Employee colleague = f.employee("wcsql.bice", "Bice Pini", company, "PNIBCI80A41F257P");
    UUID agreement = f.agreement(terms("Accordo Vignola", ids(company), percent(hourly, 15), fixed(session, 3000)));

    assertNull(discount(holder.id(), hourly), "no card yet, no discount");
    await(http.post("/api/v1/me/welfare-card", holder.token(), new JsonObject()));
    String number = f.myCard(holder).bodyAsJsonObject().getString("number");

    assertEquals(new JsonObject().put("kind", "percent").put("value", 15).put("agreementId", agreement.toString())
        .put("cardNumber", number), discount(holder.id(), hourly));
    assertEquals(new JsonObject().put("kind", "fixed").put("value", 3000).put("agreementId", agreement.toString())
        .put("cardNumber", number), discount(holder.id(), session));
    assertNull(discount(holder.id(), outside), "a service outside the package");
    assertNull(discount(colleague.id(), hourly), "a colleague without a card");
    assertNull(discount("kiosk:" + holder.id(), hourly), "nobody's subject but the holder's");
    assertNull(discount("not-an-account", hourly));

    sql("UPDATE services SET tariff_cents = 3000 WHERE id = $1", session);
    assertNull(discount(holder.id(), session), "a fixed price no lower than the tariff is no discount");
    sql("UPDATE services SET tariff_cents = 5000 WHERE id = $1", session);

    sql("UPDATE welfare_cards SET valid_until = welfare_card_today() - 1, valid_from = welfare_card_today() - 30 WHERE account_id = $1",
        holder.id());
    assertNull(discount(holder.id(), hourly), "an expired card");
    sql("UPDATE welfare_cards SET valid_until = welfare_card_today() WHERE account_id = $1", holder.id());
    assertEquals(15, discount(holder.id(), hourly).getInteger("value"), "valid through its last day, Italian time");

    sql("UPDATE employees SET left_on = current_date WHERE account_id = $1", holder.id());
    assertNull(discount(holder.id(), hourly), "the holder left: the card was revoked");
  }

  @Test
  void withTwoAgreementsTheLowerPriceWins() {
    UUID company = f.company("Salumificio Castelnuovo", "13131313131");
    Employee holder = f.employee("wcsql.carlo", "Carlo Bini", company, "BNICRL80A01F257O");
    f.agreement(terms("Accordo provinciale", ids(company), percent(hourly, 10), fixed(session, 4500)));
    UUID better = f.agreement(terms("Accordo di distretto", ids(company), percent(hourly, 20), percent(session, 5)));
    await(http.post("/api/v1/me/welfare-card", holder.token(), new JsonObject()));
    assertEquals(2L, await(app.pool().preparedQuery("SELECT count(*) FROM welfare_cards WHERE account_id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(holder.id()))).iterator().next().getLong(0), "one card per agreement");

    JsonObject onHourly = discount(holder.id(), hourly);
    assertEquals(better.toString(), onHourly.getString("agreementId"));
    assertEquals(20, onHourly.getInteger("value"));
    JsonObject onSession = discount(holder.id(), session);
    assertEquals("fixed", onSession.getString("kind"), "45,00 € beats 50,00 € less 5% (47,50 €)");
    assertEquals(4500, onSession.getInteger("value"));
  }

  @Test
  void theDatabasesCheckDigitIsTheDomainsAndItRefusesAnyOtherNumber() {
    Random random = new Random(40);
    List<String> bodies = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String number = CardNumber.next();
      bodies.add(number.substring(0, 11));
      expected.add(String.valueOf(number.charAt(11)));
      if (random.nextBoolean()) {
        String typo = number.substring(0, 11) + (char) ('0' + (number.charAt(11) - '0' + 1) % 10);
        assertTrue(CardNumber.parse(typo).isEmpty());
      }
    }
    var rows = await(app.pool().preparedQuery("""
            SELECT welfare_card_check_digit(b)::text FROM unnest($1::text[]) WITH ORDINALITY AS x (b, i) ORDER BY i""")
        .execute(Tuple.of(bodies.toArray(String[]::new))));
    List<String> computed = new ArrayList<>();
    rows.forEach(r -> computed.add(r.getString(0)));
    assertEquals(expected, computed);

    var checks = await(app.pool().query("""
        SELECT welfare_card_number_valid('799273987138'), welfare_card_number_valid('799273987130'),
               welfare_card_number_valid('79927398713'), welfare_card_number_valid('79927398713a')""").execute())
        .iterator().next();
    assertEquals(List.of(true, false, false, false), List.of(checks.getBoolean(0), checks.getBoolean(1), checks.getBoolean(2),
        checks.getBoolean(3)));
  }

  private void sql(String statement, UUID id) {
    await(app.pool().preparedQuery(statement).execute(Tuple.of(id)));
  }
}
