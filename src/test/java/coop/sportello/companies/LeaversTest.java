package coop.sportello.companies;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static coop.sportello.companies.CompanyFixture.cf;
import static coop.sportello.companies.CompanyFixture.csv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leavers: closed when a full list leaves them out (only when the HR admin says the file lists
 * everyone) or one by one; the account stays, the employee role goes, and the wallet follows the
 * plan's rule: credit that expires goes back with one 'expiry' ledger row, however many times and
 * however concurrently the person is closed; credit that carries over stays.
 */
class LeaversTest extends AppTestBase {

  private static final String ANNA = cf("NNAFBA80A41F205");
  private static final String BRUNO = cf("BRNCRL75M12F205");
  private static final String CARLA = cf("CRLDNI82R50F205");
  private static final String DARIO = cf("DRALNZ79S01F205");

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
  }

  private static String list(String... rows) {
    List<String> lines = new ArrayList<>(List.of("cf;nome;cognome;email;gruppo"));
    lines.addAll(List.of(rows));
    return csv(lines.toArray(String[]::new));
  }

  private static final String ANNA_ROW = ANNA + ";Anna;Fabbri;anna@leavers.example.it;Uffici";
  private static final String BRUNO_ROW = BRUNO + ";Bruno;Carli;bruno@leavers.example.it;Magazzino";
  private static final String CARLA_ROW = CARLA + ";Carla;Dini;carla@leavers.example.it;Uffici";
  private static final String DARIO_ROW = DARIO + ";Dario;Lenzi;dario@leavers.example.it;Uffici";

  private JsonObject wallet(UUID account) {
    Row r = await(app.pool().preparedQuery("""
        SELECT w.balance_cents, (SELECT coalesce(sum(amount_cents), 0) FROM wallet_ledger l
                                  WHERE l.account_id = w.account_id AND l.plan_id = w.plan_id),
               (SELECT count(*) FROM wallet_ledger l WHERE l.account_id = w.account_id AND l.kind = 'expiry'),
               e.left_on, a.roles
          FROM wallets w JOIN employees e ON e.account_id = w.account_id JOIN accounts a ON a.id = w.account_id
         WHERE w.account_id = $1""").execute(Tuple.of(account))).iterator().next();
    return new JsonObject().put("balance", r.getInteger(0)).put("ledger", r.getLong(1)).put("expiries", r.getLong(2))
        .put("leftOn", r.getLocalDate(3) == null ? null : r.getLocalDate(3).toString())
        .put("roles", new JsonArray(List.of(r.getArrayOfStrings(4))));
  }

  @Test
  void aFullListClosesThoseItLeavesOutAndEachWalletFollowsItsPlansRule() {
    CompanyFixture acme = CompanyFixture.create(vertx, app.pool(), http, "hr.leavers", "77777777777");
    String uffici = acme.group("Uffici");
    acme.plan(uffici, 20_000, "expires");
    acme.plan(acme.group("Magazzino"), 15_000, "carries_over");
    assertEquals(200, acme.apply(list(ANNA_ROW, BRUNO_ROW, CARLA_ROW), false).statusCode());
    UUID anna = acme.accountOf(ANNA);
    UUID bruno = acme.accountOf(BRUNO);

    String onlyCarla = list(CARLA_ROW);
    assertEquals(0, acme.dryRun(onlyCarla, false).bodyAsJsonObject().getJsonArray("leavers").size(),
        "nobody is closed unless the HR admin says the file lists everyone");
    JsonArray willClose = acme.dryRun(onlyCarla, true).bodyAsJsonObject().getJsonArray("leavers");
    assertEquals(List.of("Anna Fabbri", "Bruno Carli"), willClose.stream().map(o -> ((JsonObject) o).getString("name")).toList());
    assertNull(wallet(anna).getString("leftOn"), "the dry run closed nobody");
    assertEquals(200, acme.apply(onlyCarla, false).statusCode());
    assertNull(wallet(anna).getString("leftOn"), "nor did an import without the box ticked");

    var closing = acme.apply(onlyCarla, true);
    assertEquals(200, closing.statusCode(), closing.bodyAsString());
    assertEquals(2L, closing.bodyAsJsonObject().getJsonObject("counts").getLong("leavers"));
    JsonObject expired = wallet(anna);
    assertEquals(0, expired.getInteger("balance"), "credit that expires goes back");
    assertEquals(0L, expired.getLong("ledger"), "and the ledger says so");
    assertEquals(1L, expired.getLong("expiries"));
    assertEquals(new JsonArray().add("citizen"), expired.getJsonArray("roles"), "the account stays, as a citizen");
    JsonObject carried = wallet(bruno);
    assertEquals(15_000, carried.getInteger("balance"), "credit that carries over stays");
    assertEquals(0L, carried.getLong("expiries"));
    assertTrue(carried.getString("leftOn") != null);
    assertEquals(List.of(anna, bruno), List.of(acme.accountOf(ANNA), acme.accountOf(BRUNO)),
        "no account deleted: they left the company, not Sportello");
    assertEquals(2, acme.accounts(), "the HR admin and Carla: the leavers' accounts no longer belong to the company");
    assertEquals(200, acme.apply(onlyCarla, true).statusCode());
    assertEquals(1L, wallet(anna).getLong("expiries"), "closing again changes nothing");

    // A leaver gets no wallet of a plan funded later; coming back on a later list makes them an employee again.
    String nextYear = await(http.post("/api/v1/company/plans", acme.hr, new JsonObject().put("groupId", uffici)
        .put("year", CompanyFixture.YEAR + 1).put("creditPerEmployeeCents", 100).put("startsOn", (CompanyFixture.YEAR + 1) + "-01-01")
        .put("endsOn", (CompanyFixture.YEAR + 1) + "-12-31").put("unusedCredit", "expires"))).bodyAsJsonObject().getString("id");
    assertEquals(1, await(http.post("/api/v1/welfare/plans/" + nextYear + "/fund", acme.hr, new JsonObject()))
        .bodyAsJsonObject().getInteger("walletsOpened"), "Carla only");
    var back = acme.apply(list(ANNA_ROW, CARLA_ROW), false);
    assertEquals(List.of("torna tra i dipendenti"), back.bodyAsJsonObject().getJsonArray("rows").getJsonObject(0)
        .getJsonArray("changes").getList());
    assertEquals(new JsonArray().add("citizen").add("employee"), wallet(anna).getJsonArray("roles"));
  }

  @Test
  void aLeaverClosedTwiceOrConcurrentlyHasExactlyOneExpiryRow() {
    CompanyFixture beta = CompanyFixture.create(vertx, app.pool(), http, "hr.leavers2", "88888888888");
    beta.plan(beta.group("Uffici"), 20_000, "expires");
    assertEquals(200, beta.apply(list(DARIO_ROW), false).statusCode());
    UUID dario = beta.accountOf(DARIO);

    List<Future<HttpResponse<Buffer>>> racing = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      racing.add(http.post("/api/v1/company/leavers", beta.hr, new JsonObject().put("codiceFiscale", DARIO.toLowerCase())));
    }
    await(Future.join(racing));
    long closedNow = racing.stream().filter(f -> {
      assertEquals(200, f.result().statusCode(), f.result().bodyAsString());
      return f.result().bodyAsJsonObject().getBoolean("closed");
    }).count();
    assertEquals(1, closedNow, "one close closed them, the others found them closed");
    for (int i = 0; i < 3; i++) {
      assertEquals(false, beta.close(DARIO).bodyAsJsonObject().getBoolean("closed"));
    }
    JsonObject wallet = wallet(dario);
    assertEquals(1L, wallet.getLong("expiries"), "exactly one expiry row");
    assertEquals(0, wallet.getInteger("balance"));
    assertEquals(0L, wallet.getLong("ledger"), "balance = sum of the ledger");
    assertEquals(422, beta.close("DRALNZ79S01F20").statusCode(), "a malformed codice fiscale is refused with words");
    assertEquals(404, beta.close(cf("ZZZZZZ79S01F205")).statusCode());
  }
}
