package coop.sportello.accounts;

import coop.sportello.testing.AppTestBase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The demo people sign in with their e-mail address too (demo/09-accounts.sql), as README says. */
class AccountsDemoTest extends AppTestBase {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("demoData", "on");
  }

  @Test
  void theDemoCitizenSignsInWithHerEmailAddress() {
    JsonObject pair = await(http.login("giulia.mazzoleni@cittadini.example.org", "sportello-demo"));
    assertEquals("Giulia Mazzoleni", pair.getJsonObject("identity").getString("name"));
    JsonObject profile = await(http.get("/api/v1/profile", pair.getString("accessToken"))).bodyAsJsonObject();
    assertEquals(true, profile.getBoolean("emailVerified"));
  }
}
