package coop.sportello.welfarecard;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.welfarecard.WelfareCardFixture.Employee;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.UUID;

import static coop.sportello.welfarecard.WelfareCardFixture.ids;
import static coop.sportello.welfarecard.WelfareCardFixture.percent;
import static coop.sportello.welfarecard.WelfareCardFixture.terms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Welfare Card's discount appears wherever the price does (issue 21): the card holder's quote
 * and the hold they make carry the agreed discount; a colleague without a card pays the tariff.
 */
class WelfareCardPriceTest extends AppTestBase {

  @Test
  void theHoldersQuoteAndHoldCarryTheAgreedDiscountAndAColleaguePaysTheTariff() {
    WelfareCardFixture f = new WelfareCardFixture(vertx, app, http, "wcprice");
    CatalogFixture.municipalities(app.pool());
    LocalDate day = WelfareCardFixture.TODAY.plusDays(4);
    CatalogFixture catalog = new CatalogFixture(http, f.provider);
    String service = catalog.createService(CatalogFixture.serviceBody("work_life", "Aiuto compiti a ore",
        "Aiuto nei compiti per i figli dei dipendenti.").tariff(2100, "hour").deliveredAt("online").in().withoutPersonalLimits().json());
    catalog.ruleOn(service, catalog.createResource("Tutor", "group", 10), day, "15:00", "17:00", 120, 10);
    String slot = catalog.availability(service, day, day).getJsonArray("slots").getJsonObject(0).getString("id");

    UUID company = f.company("Ceramiche Fiorano", "31313131316");
    Employee holder = f.employee("wcprice.anna", "Anna Serra", company, "SRRNNA85A41F257K");
    Employee colleague = f.employee("wcprice.bruno", "Bruno Serra", company, "SRRBRN85A01F257V");
    f.agreement(terms("Accordo Fiorano", ids(company), percent(UUID.fromString(service), 15)));
    assertEquals(201, await(http.post("/api/v1/me/welfare-card", holder.token(), new JsonObject())).statusCode());

    JsonObject quoted = price(slot, holder.token());
    assertEquals(3570, quoted.getInteger("priceCents"), "two hours at 21 €/h less 15%: " + quoted.encode());
    assertTrue(quoted.encode().contains("Carta Welfare"), quoted.encode());
    assertEquals(4200, price(slot, colleague.token()).getInteger("priceCents"), "no card, the tariff");

    HttpResponse<Buffer> held = await(http.post("/api/v1/bookings/holds", holder.token(), new JsonObject().put("slotId", slot)));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    assertEquals(3570, held.bodyAsJsonObject().getInteger("priceCents"), "the price shown is the price charged");
  }

  private JsonObject price(String slot, String token) {
    HttpResponse<Buffer> r = await(http.get("/api/v1/slots/" + slot + "/price?places=1", token));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }
}
