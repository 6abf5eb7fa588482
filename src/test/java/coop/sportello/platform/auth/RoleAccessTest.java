package coop.sportello.platform.auth;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each role reaches what it may and is refused the rest; the identity comes only from the token. */
class RoleAccessTest extends AppTestBase {

  private final Map<Role, String> tokens = new EnumMap<>(Role.class);

  @BeforeAll
  void signInEveryRole() {
    for (Role role : Role.values()) {
      if (role == Role.KIOSK) {
        continue;
      }
      String username = "utente." + role.wireName().replace('_', '.');
      await(TestAccounts.create(vertx, app.pool(), username, role.wireName()));
      tokens.put(role, await(http.accessToken(username)));
    }
  }

  @Test
  void everyRoleSeesItsOwnIdentityAndOnlyIt() {
    tokens.forEach((role, token) -> {
      var response = await(http.get("/api/v1/me", token));
      assertEquals(200, response.statusCode(), role + " /me");
      assertEquals(role.wireName(), response.bodyAsJsonObject().getJsonArray("roles").getString(0));
    });
  }

  @Test
  void onlySupervisorsManageKioskDevices() {
    tokens.forEach((role, token) -> {
      int expected = role == Role.SUPERVISOR ? 200 : 403;
      assertEquals(expected, await(http.get("/api/v1/kiosk-devices", token)).statusCode(), role + " list kiosks");
      var created = await(http.post("/api/v1/kiosk-devices", token,
          new JsonObject().put("label", "Totem " + role).put("location", "Ingresso")));
      assertEquals(role == Role.SUPERVISOR ? 201 : 403, created.statusCode(), role + " create kiosk");
    });
  }

  @Test
  void onlySupervisorsUnlockAccounts() {
    String someone = await(TestAccounts.create(vertx, app.pool(), "da.sbloccare", "citizen")).toString();
    tokens.forEach((role, token) -> {
      int expected = role == Role.SUPERVISOR ? 200 : 403;
      assertEquals(expected, await(http.post("/api/v1/accounts/" + someone + "/unlock", token, new JsonObject()))
          .statusCode(), role + " unlock");
    });
  }

  @Test
  void anonymousCallersAreDeniedByDefaultEvenOnUnknownPaths() {
    assertEquals(401, await(http.get("/api/v1/kiosk-devices", null)).statusCode());
    assertEquals(401, await(http.get("/api/v1/something-that-does-not-exist", null)).statusCode());
    assertEquals(404, await(http.get("/api/v1/something-that-does-not-exist", tokens.get(Role.CITIZEN))).statusCode());
  }
}
