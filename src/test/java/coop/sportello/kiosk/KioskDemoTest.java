package coop.sportello.kiosk;

import coop.sportello.demo.DemoData;
import coop.sportello.testing.AppTestBase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kiosk demo works out of the box: the printed device credential, a demo badge, the README's PIN, credit to spend. */
class KioskDemoTest extends AppTestBase {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("demoData", "on");
  }

  @Test
  void theDemoEmployeeIdentifiesAtTheDemoKioskWithTheDemoPinAndHasCredit() {
    String credential = app.demoLogins().stream().filter(l -> l.role().equals("kiosk")).findFirst().orElseThrow().secret();
    var login = await(http.client().post("/api/v1/auth/kiosk").sendJsonObject(new JsonObject().put("credential", credential)));
    assertEquals(200, login.statusCode(), login.bodyAsString());
    String kiosk = login.bodyAsJsonObject().getString("accessToken");
    var identified = await(http.client().post("/api/v1/kiosk/identify").bearerTokenAuthentication(kiosk)
        .sendJsonObject(new JsonObject().put("badge", "BG-000117").put("pin", DemoData.DEMO_KIOSK_PIN)));
    assertEquals(200, identified.statusCode(), identified.bodyAsString());
    assertEquals("Luca", identified.bodyAsJsonObject().getJsonObject("person").getString("firstName"));
    assertTrue(identified.bodyAsJsonObject().getInteger("balanceCents") > 0, identified.bodyAsString());
    var byCf = await(http.client().post("/api/v1/kiosk/identify").bearerTokenAuthentication(kiosk)
        .sendJsonObject(new JsonObject().put("codiceFiscale", "LCTSRA90L62I628W").put("pin", DemoData.DEMO_KIOSK_PIN)));
    assertEquals(200, byCf.statusCode(), byCf.bodyAsString());
    long pins = await(app.pool().query("SELECT count(DISTINCT pin_hash) FROM kiosk_pins").execute()).iterator().next().getLong(0);
    // The demo's SPID-only residents (the Piazzola applicants, no password) have not set a PIN.
    long people = await(app.pool().query("SELECT count(*) FROM accounts WHERE codice_fiscale IS NOT NULL "
        + "AND password_hash IS NOT NULL").execute()).iterator().next().getLong(0);
    assertEquals(people, pins, "every demo person with a password and a codice fiscale has a PIN, each hashed with its own salt");
  }
}
