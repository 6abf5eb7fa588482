package coop.sportello.companies;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.platform.Module;
import coop.sportello.platform.auth.PasswordHasher;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.ApiRoute;
import coop.sportello.platform.http.ApiRoutes;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static coop.sportello.companies.CompanyFixture.cf;
import static coop.sportello.companies.CompanyFixture.csv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An HR admin sees numbers per group and plan (employees, invited, activated, credit funded, used,
 * left), and no route open to an HR admin shows which service a person used.
 */
class HrAggregatesTest extends AppTestBase {

  private static final String TITLE = "Logopedia per ragazzi";
  private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(5);

  @Test
  void theHrAdminSeesAggregatesAndNoRouteOpenToThemShowsWhatAPersonBooked() {
    CatalogFixture.municipalities(app.pool());
    CompanyFixture acme = CompanyFixture.create(vertx, app.pool(), http, "hr.numbers", "12121212121");
    String plan = acme.plan(acme.group("Uffici"), 20_000, "expires");
    String elena = cf("LNEMRT85A41F205");
    String list = csv("cf;nome;cognome;email;gruppo", elena + ";Elena;Moretti;elena@numbers.example.it;Uffici",
        cf("SLVPLA70B01F205") + ";Paolo;Silvestri;paolo@numbers.example.it;Uffici");
    assertEquals(200, acme.apply(list, false).statusCode());

    // Elena chooses her password (as the invitation asks) and declares where she lives, signs in and pays a booking with her credit.
    UUID elenaId = acme.accountOf(elena);
    String hash = await(vertx.executeBlocking(() -> PasswordHasher.hashBlocking(TestAccounts.PASSWORD), false));
    await(app.pool().preparedQuery("UPDATE accounts SET password_hash = $2, municipality = '016024' WHERE id = $1").execute(Tuple.of(elenaId, hash)));
    String employee = await(http.accessToken("elena@numbers.example.it"));
    await(TestAccounts.create(vertx, app.pool(), "admin.numbers", "provider_admin"));
    CatalogFixture.Service service = new CatalogFixture(http, await(http.accessToken("admin.numbers")))
        .create(CatalogFixture.serviceBody("health", TITLE, "Sedute di logopedia per ragazzi in età scolare.")
            .tariff(3_000, "session").audience("adults").welfareLetter("f_bis").at("Via Tasso 4, Bergamo"));
    service.resource("Studio " + TITLE, "room", 5).openOn(DAY, "09:00", "10:00", 60);
    var held = await(http.post("/api/v1/bookings/holds", employee, new JsonObject().put("slotId", service.slotsOn(DAY).get(0))));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    String bookingId = held.bodyAsJsonObject().getString("id");
    var paid = await(http.post("/api/v1/bookings/" + bookingId + "/confirm", employee, new JsonObject().put("payWithWelfare", true)));
    assertEquals(200, paid.statusCode(), paid.bodyAsString());
    String code = paid.bodyAsJsonObject().getString("code");

    JsonObject group = await(http.get("/api/v1/company", acme.hr)).bodyAsJsonObject().getJsonArray("groups").getJsonObject(0);
    assertEquals(2L, group.getLong("employees"));
    assertEquals(2L, group.getLong("invited"));
    assertEquals(1L, group.getLong("activated"), "Elena has signed in");
    JsonObject totals = group.getJsonArray("plans").getJsonObject(0);
    assertEquals(plan, totals.getString("id"));
    assertEquals(40_000L, totals.getLong("fundedCents"));
    assertEquals(3_000L, totals.getLong("usedCents"));
    assertEquals(37_000L, totals.getLong("residualCents"));

    // Every GET route an HR admin may call, with every id in its path set to the booking or to Elena.
    List<String> seen = new ArrayList<>();
    for (Module module : app.modules()) {
      ApiRoutes declared = new ApiRoutes();
      module.api().mount(declared);
      for (ApiRoute route : declared.declared()) {
        if (route.method() != HttpMethod.GET || route.rule().isOpen() || !route.rule().lets(Set.of(Role.HR_ADMIN))) {
          continue;
        }
        for (String id : List.of(bookingId, elenaId.toString())) {
          String path = "/api/v1" + route.path().replaceAll(":[A-Za-z]+", id);
          String body = await(http.get(path, acme.hr)).bodyAsString();
          seen.add(path);
          assertFalse(body.contains(TITLE) || body.contains(code), path + " shows the HR admin what Elena booked: " + body);
        }
      }
    }
    assertTrue(seen.contains("/api/v1/company"), "the walk reached the HR routes: " + seen);
    assertTrue(seen.stream().anyMatch(p -> p.startsWith("/api/v1/bookings/" + bookingId)), "and the booking routes: " + seen);
  }
}
