package coop.sportello.pricing;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prices through HTTP: ISEE bands and the person's declaration, the catalog's prices and the service form's new fields. */
class PricingApiTest extends AppTestBase {

  private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Rome"));
  private static final LocalDate DAY = TODAY.plusDays(5);
  private static final JsonArray BANDS = new JsonArray()
      .add(new JsonObject().put("upToCents", 800_000).put("tariffCents", 500))
      .add(new JsonObject().put("upToCents", 1_500_000).put("tariffCents", 1000));

  private String admin;
  private String family;
  private String neighbour;
  private String municipal;
  private String slot;

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.comune", "provider_admin"));
    await(TestAccounts.create(vertx, app.pool(), "famiglia.verdi", "citizen"));
    await(TestAccounts.create(vertx, app.pool(), "vicino.neri", "citizen"));
    admin = await(http.accessToken("admin.comune"));
    family = await(http.accessToken("famiglia.verdi"));
    neighbour = await(http.accessToken("vicino.neri"));
    JsonObject body = CatalogFixture.serviceBody("elderly", "Assistenza domiciliare comunale",
        "Assistenza a casa con tariffa per fascia ISEE.").tariff(2100, "hour").audience("elderly").withoutPersonalLimits()
        .json().put("iseeBands", BANDS).put("vatTreatment", "vat_5");
    CatalogFixture catalog = new CatalogFixture(http, admin);
    municipal = catalog.createService(body);
    catalog.ruleOn(municipal, catalog.createResource("Operatori comunali", "group", 10), DAY, "09:00", "11:00", 120, 10);
    slot = catalog.availability(municipal, DAY, DAY).getJsonArray("slots").getJsonObject(0).getString("id");
  }

  private JsonObject price(String token) {
    HttpResponse<Buffer> r = await(http.get("/api/v1/slots/" + slot + "/price?places=1", token));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  @Test
  void aDeclaredValidIseePaysItsBandsTariffShownByBandNotByValue() {
    assertFalse(await(http.get("/api/v1/me/isee", family)).bodyAsJsonObject().getBoolean("declared"));
    assertEquals(4200, price(family).getInteger("priceCents"), "no ISEE: the full tariff");

    HttpResponse<Buffer> declared = await(http.put("/api/v1/me/isee", family,
        new JsonObject().put("valueCents", 700_000).put("expiresOn", TODAY.plusMonths(3).toString())));
    assertEquals(200, declared.statusCode(), declared.bodyAsString());
    JsonObject mine = await(http.get("/api/v1/me/isee", family)).bodyAsJsonObject();
    assertEquals(700_000, mine.getInteger("valueCents"), "shown as declared");
    assertTrue(mine.getBoolean("valid"));

    JsonObject reduced = price(family);
    assertEquals(1000, reduced.getInteger("priceCents"), "2 hours at the lowest band's 5 € an hour");
    assertEquals(new JsonObject().put("upToCents", 800_000).put("unitCents", 500), reduced.getJsonObject("isee"));
    assertFalse(reduced.encode().contains("700000"), "the declared value stays out of the price a booking keeps");
    assertEquals(4200, price(neighbour).getInteger("priceCents"), "someone else's ISEE is not mine");

    HttpResponse<Buffer> held = await(http.post("/api/v1/bookings/holds", family, new JsonObject().put("slotId", slot)));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    assertEquals(1000, held.bodyAsJsonObject().getInteger("priceCents"));

    JsonObject data = new JsonObject(await(http.get("/api/v1/me/data", family)).bodyAsString());
    assertEquals(700_000, data.getJsonObject("sections").getJsonObject("isee").getInteger("valueCents"), "in the person's export");
  }

  @Test
  void anExpiredIseeIsNotAccepted() {
    HttpResponse<Buffer> expired = await(http.put("/api/v1/me/isee", neighbour,
        new JsonObject().put("valueCents", 100).put("expiresOn", TODAY.minusDays(1).toString())));
    assertEquals(422, expired.statusCode(), expired.bodyAsString());
    assertEquals("/problems/isee-expired", expired.bodyAsJsonObject().getString("type"));
    HttpResponse<Buffer> nonsense = await(http.put("/api/v1/me/isee", neighbour,
        new JsonObject().put("valueCents", -5).put("expiresOn", "2026-02-30")));
    assertEquals(422, nonsense.statusCode(), nonsense.bodyAsString());
    assertEquals(4200, price(neighbour).getInteger("priceCents"));
  }

  @Test
  void theCatalogShowsEachSlotsPriceWithUnitAndEndAndTheServicesVatAndBands() {
    JsonObject listed = await(http.get("/api/v1/services/" + municipal + "/availability?from=" + DAY + "&to=" + DAY, null))
        .bodyAsJsonObject().getJsonArray("slots").getJsonObject(0);
    assertEquals(new JsonObject().put("unit", "hour").put("unitCents", 2100).put("cents", 4200), listed.getJsonObject("price"));
    assertTrue(listed.getString("end").contains("T11:00"), listed.encode());
    JsonObject service = await(http.get("/api/v1/services/" + municipal, null)).bodyAsJsonObject();
    assertEquals("vat_5", service.getString("vatTreatment"));
    assertEquals(BANDS, service.getJsonArray("iseeBands"));
    JsonObject hit = await(http.get("/api/v1/services?q=comunale", null)).bodyAsJsonObject().getJsonArray("items")
        .getJsonObject(0);
    assertEquals(4200, hit.getJsonObject("nextFree").getJsonObject("price").getInteger("cents"));
    assertEquals(401, await(http.get("/api/v1/slots/" + slot + "/price", null)).statusCode(), "a personal price needs sign-in");
    assertEquals(422, await(http.get("/api/v1/slots/" + slot + "/price?places=0", family)).statusCode());
  }

  @Test
  void theServiceFormTakesTheNewUnitsVatAndBandsAndRefusesBandsThatRaiseAPrice() {
    CatalogFixture catalog = new CatalogFixture(http, admin);
    for (String unit : new String[] {"day", "place"}) {
      JsonObject created = catalog.post("/provider/services", CatalogFixture.serviceBody("childhood", "Servizio " + unit,
          "Un servizio con la nuova unità.").tariff(4000, unit).json()).bodyAsJsonObject();
      assertEquals(unit, created.getJsonObject("tariff").getString("unit"));
      assertEquals("exempt", created.getString("vatTreatment"), "VAT-exempt unless said");
      assertEquals(new JsonArray(), created.getJsonArray("iseeBands"));
    }
    JsonObject dearer = CatalogFixture.serviceBody("elderly", "Fasce sbagliate", "Una fascia più cara della tariffa.")
        .tariff(400, "hour").json().put("iseeBands", BANDS);
    HttpResponse<Buffer> refused = catalog.post("/provider/services", dearer);
    assertEquals(422, refused.statusCode(), refused.bodyAsString());
    assertEquals("/problems/isee-bands", refused.bodyAsJsonObject().getString("type"));
    HttpResponse<Buffer> badVat = catalog.post("/provider/services", CatalogFixture.serviceBody("elderly", "IVA strana",
        "Un'aliquota che non esiste.").json().put("vatTreatment", "vat_4"));
    assertEquals(422, badVat.statusCode());

    JsonObject changed = CatalogFixture.serviceBody("elderly", "Assistenza domiciliare comunale",
        "Assistenza a casa con tariffa per fascia ISEE.").tariff(2100, "hour").audience("elderly").withoutPersonalLimits().json();
    JsonObject kept = await(http.put("/api/v1/provider/services/" + municipal, admin, changed)).bodyAsJsonObject();
    assertEquals("vat_5", kept.getString("vatTreatment"), "a form that does not send it keeps it");
    assertEquals(BANDS, kept.getJsonArray("iseeBands"), "and the bands");
    assertNull(kept.getString("retiredAt"));
  }
}
