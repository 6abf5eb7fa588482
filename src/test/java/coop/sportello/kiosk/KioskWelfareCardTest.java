package coop.sportello.kiosk;

import coop.sportello.testing.AppTestBase;
import coop.sportello.web.Browser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static coop.sportello.companies.CompanyFixture.cf;
import static coop.sportello.kiosk.KioskPage.heading;
import static coop.sportello.kiosk.KioskPage.identifies;
import static coop.sportello.kiosk.KioskPage.openAsTheDevice;
import static coop.sportello.kiosk.KioskPage.press;
import static coop.sportello.kiosk.KioskPage.text;
import static coop.sportello.kiosk.KioskPage.usable;
import static coop.sportello.kiosk.KioskPage.waitForText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Welfare Card at the kiosk: the card of the person identified there, and only while they
 * are (GET /kiosk/sessions/:id/welfare-card); on their first screen, a panel with its number and
 * QR code, which someone without a card does not get. Portrait and landscape.
 */
class KioskWelfareCardTest extends AppTestBase {

  private KioskFixture fixture;
  private KioskFixture.Employee mara;
  private KioskFixture.Employee nino;
  private String credential;
  private String number;

  @BeforeAll
  void setUp() {
    fixture = new KioskFixture(vertx, app, http);
    mara = fixture.employee("mara.carta", "Mara Bellei", "TB-0401", cf("BLLMRA85A41F257"), "2468");
    String outside = fixture.otherCompany();
    nino = fixture.employee("nino.senzacarta", "Nino Po", "TB-0402", cf("PONNNI80A01F257"), "1357", outside,
        fixture.group(outside, "Senza carta"));
    credential = fixture.kioskCredential("Punto servizi mensa", null);
    String service = fixture.publish("Stireria aziendale", "work_life", 5).serviceId();
    JsonObject terms = new JsonObject().put("name", "Welfare Card al totem")
        .put("validFrom", KioskFixture.DAY.minusDays(1).toString()).put("validUntil", KioskFixture.DAY.plusYears(1).toString())
        .put("companyIds", new JsonArray().add(fixture.companyId))
        .put("services", new JsonArray().add(new JsonObject().put("serviceId", service)
            .put("discount", new JsonObject().put("kind", "percent").put("value", 20))));
    HttpResponse<Buffer> created = await(http.post("/api/v1/welfare-card-agreements", fixture.supervisor, terms));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    HttpResponse<Buffer> issued = await(http.post("/api/v1/welfare-card-agreements/" + created.bodyAsJsonObject().getString("id")
        + "/cards", fixture.supervisor, new JsonObject()));
    assertEquals(200, issued.statusCode(), issued.bodyAsString());
    number = await(http.get("/api/v1/me/welfare-card", mara.token())).bodyAsJsonObject().getString("display");
  }

  @Test
  void aKioskReadsTheCardOfThePersonIdentifiedThereOnlyWhileTheyAre() {
    String kiosk = fixture.kioskToken(credential);
    String other = fixture.kioskToken(fixture.kioskCredential("Social Point piazza", null));
    HttpResponse<Buffer> identified = await(http.post("/api/v1/kiosk/identify", kiosk,
        new JsonObject().put("badge", mara.badge()).put("pin", mara.pin())));
    assertEquals(200, identified.statusCode(), identified.bodyAsString());
    String session = identified.bodyAsJsonObject().getJsonObject("session").getString("id");

    HttpResponse<Buffer> card = await(http.get("/api/v1/kiosk/sessions/" + session + "/welfare-card", kiosk));
    assertEquals(200, card.statusCode(), card.bodyAsString());
    assertEquals(number, card.bodyAsJsonObject().getString("display"));
    assertEquals("no-store", card.getHeader("Cache-Control"));

    assertEquals(403, await(http.get("/api/v1/kiosk/sessions/" + session + "/welfare-card", other)).statusCode(),
        "another kiosk reads nothing of a session that is not its own");
    assertEquals(403, await(http.get("/api/v1/kiosk/sessions/" + session + "/welfare-card", mara.token())).statusCode(),
        "the route is a kiosk's");
    await(http.post("/api/v1/kiosk/sessions/" + session + "/end", kiosk, new JsonObject()));
    HttpResponse<Buffer> ended = await(http.get("/api/v1/kiosk/sessions/" + session + "/welfare-card", kiosk));
    assertEquals(403, ended.statusCode());
    assertTrue(ended.bodyAsJsonObject().getString("type").endsWith("kiosk-session-ended"));

    HttpResponse<Buffer> without = await(http.post("/api/v1/kiosk/identify", kiosk,
        new JsonObject().put("badge", nino.badge()).put("pin", nino.pin())));
    String ninos = without.bodyAsJsonObject().getJsonObject("session").getString("id");
    HttpResponse<Buffer> none = await(http.get("/api/v1/kiosk/sessions/" + ninos + "/welfare-card", kiosk));
    assertEquals(404, none.statusCode());
    assertTrue(none.bodyAsJsonObject().getString("type").endsWith("no-welfare-card"));
  }

  @Test
  void theCardIsOnTheFirstScreenOfSomeoneWhoHasOne() {
    try (Browser browser = new Browser(app.port())) {
      browser.viewport(Browser.Viewport.KIOSK_PORTRAIT);
      openAsTheDevice(browser, credential);
      identifies(browser, mara);
      waitForText(browser, "#carta-welfare", "La tua Welfare Card");
      waitForText(browser, ".kiosk-wcard-number", number);
      assertTrue(text(browser, ".kiosk-wcard").contains("Sconto su 1 servizio"), text(browser, ".kiosk-wcard"));
      assertEquals(Boolean.TRUE, browser.script("const i = document.querySelector('.kiosk-wcard img.qr');"
          + "return !!i && i.complete && i.naturalWidth > 0"), "the QR code is drawn");
      usable(browser, "person with a Welfare Card");
      browser.screenshot("chiosco-welfare-card");

      press(browser, "done");
      heading(browser, "Ti diamo il benvenuto");
      assertFalse(text(browser, "main").contains(number), "wiped with the person");
      identifies(browser, nino);
      assertEquals("", text(browser, ".kiosk-wcard"), "no card, no panel");
    }
  }
}
