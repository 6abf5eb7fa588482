package coop.sportello.providers;

import coop.sportello.platform.auth.PasswordHasher;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kinds of provider, a Comune's officers and the shops it accredits, through HTTP: the supervisor
 * adds a Comune and shops, gives a Comune's account the officer role, the officer accredits and
 * revokes shops of their own municipality only, and anyone reads where the vouchers are spent.
 */
class ProvidersApiTest extends AppTestBase {

  private static final String BERGAMO = "016024";
  private static final String PIAZZOLA = "028063";

  private String supervisor;
  private String bergamoOfficer;
  private String cooperativeAdmin;
  private String citizen;
  private String piazzolaOfficer;
  private String comune;

  @BeforeAll
  void people() {
    await(TestAccounts.create(vertx, app.pool(), "prov.supervisore", "supervisor"));
    await(TestAccounts.create(vertx, app.pool(), "prov.funzionario.bg", "municipal_officer"));
    await(TestAccounts.create(vertx, app.pool(), "prov.coop", "provider_admin"));
    await(TestAccounts.create(vertx, app.pool(), "prov.cittadino", "citizen"));
    supervisor = await(http.accessToken("prov.supervisore"));
    bergamoOfficer = await(http.accessToken("prov.funzionario.bg"));
    cooperativeAdmin = await(http.accessToken("prov.coop"));
    citizen = await(http.accessToken("prov.cittadino"));

    HttpResponse<Buffer> piazzola = post("/api/v1/providers", supervisor, provider("Comune di Piazzola sul Brenta",
        "80009770282", PIAZZOLA, "municipality").put("address", "Viale Silvestro Camerini 3, Piazzola sul Brenta"));
    assertEquals(201, piazzola.statusCode(), piazzola.bodyAsString());
    comune = piazzola.bodyAsJsonObject().getString("id");
    assertEquals("municipality", piazzola.bodyAsJsonObject().getString("kind"));
    assertEquals("Piazzola sul Brenta", piazzola.bodyAsJsonObject().getJsonObject("municipality").getString("name"));

    // The supervisor makes the Comune's officer in the staff page; the invitation's password stands in here.
    HttpResponse<Buffer> officer = post("/api/v1/staff", supervisor, new JsonObject().put("username", "prov.funzionario.pd")
        .put("displayName", "Anna Funzionaria").put("email", "anna@comune.example.org")
        .put("roles", new JsonArray().add("municipal_officer")).put("providerId", comune));
    assertEquals(201, officer.statusCode(), officer.bodyAsString());
    assertEquals(comune, officer.bodyAsJsonObject().getJsonObject("cooperative").getString("id"));
    String hash = await(vertx.executeBlocking(() -> PasswordHasher.hashBlocking(TestAccounts.PASSWORD), false));
    await(app.pool().preparedQuery("UPDATE accounts SET password_hash = $2 WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(officer.bodyAsJsonObject().getString("id")), hash)));
    piazzolaOfficer = await(http.accessToken("prov.funzionario.pd"));
  }

  @Test
  void theSupervisorAddsShopsWithAddressAndCategoryAndTheRulesOfEachKindHold() {
    HttpResponse<Buffer> shop = post("/api/v1/providers", supervisor, shop("Frutta e Verdura Bianchi", "11111111101", "greengrocer"));
    assertEquals(201, shop.statusCode(), shop.bodyAsString());
    JsonObject created = shop.bodyAsJsonObject();
    assertEquals("shop", created.getString("kind"));
    assertEquals("greengrocer", created.getString("shopCategory"));
    assertEquals("Via Roma 10, Piazzola sul Brenta", created.getString("address"));

    assertProblem(422, "address-required", post("/api/v1/providers", supervisor,
        provider("Senza indirizzo", "11111111102", PIAZZOLA, "shop").put("shopCategory", "bakery")));
    assertProblem(422, "shop-category-required", post("/api/v1/providers", supervisor,
        provider("Senza categoria", "11111111103", PIAZZOLA, "shop").put("address", "Via Roma 11, Piazzola")));
    assertProblem(422, "shop-category-only-for-shops", post("/api/v1/providers", supervisor,
        provider("Cooperativa Farmacia", "11111111104", PIAZZOLA, "cooperative").put("shopCategory", "pharmacy")));
    assertProblem(422, "unknown-municipality", post("/api/v1/providers", supervisor,
        provider("Comune che non c'è", "11111111105", "999999", "municipality")));
    assertProblem(409, "comune-exists", post("/api/v1/providers", supervisor,
        provider("Altro Comune di Piazzola", "11111111106", PIAZZOLA, "municipality")));
    assertProblem(409, "vat-number-taken", post("/api/v1/providers", supervisor,
        shop("Altra frutta", "11111111101", "greengrocer")));
    assertProblem(422, "validation", post("/api/v1/providers", supervisor, provider("Tipo strano", "11111111107", PIAZZOLA, "bank")));

    HttpResponse<Buffer> renamed = put("/api/v1/providers/" + created.getString("id"), supervisor,
        shop("Ortofrutta Bianchi", "11111111101", "greengrocer").put("address", "Via Roma 12, Piazzola sul Brenta"));
    assertEquals(200, renamed.statusCode(), renamed.bodyAsString());
    assertEquals("Ortofrutta Bianchi", renamed.bodyAsJsonObject().getString("name"));
    assertEquals(404, put("/api/v1/providers/" + UUID.randomUUID(), supervisor, shop("Nessuno", "11111111108", "other"))
        .statusCode());
    assertProblem(409, "comune-has-officers", put("/api/v1/providers/" + comune, supervisor,
        provider("Comune di Piazzola sul Brenta", "80009770282", PIAZZOLA, "association")));

    HttpResponse<Buffer> shops = await(http.get("/api/v1/providers?kind=shop", supervisor));
    assertEquals(200, shops.statusCode());
    assertTrue(shops.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
        .allMatch(p -> "shop".equals(p.getString("kind"))));

    for (String other : new String[] {cooperativeAdmin, citizen, piazzolaOfficer}) {
      assertEquals(403, post("/api/v1/providers", other, shop("Intruso", "11111111109", "other")).statusCode());
      assertEquals(403, await(http.get("/api/v1/providers", other)).statusCode());
    }
  }

  @Test
  void theOfficerAccreditsAShopOfTheirMunicipalityWhichThenTakesItsVouchersUntilRevoked() {
    String shopId = created(shop("Farmacia Centrale", "22222222201", "pharmacy"));
    String path = "/api/v1/municipalities/" + PIAZZOLA + "/shop-accreditations";

    HttpResponse<Buffer> accredited = post(path, piazzolaOfficer, new JsonObject().put("shopId", shopId));
    assertEquals(201, accredited.statusCode(), accredited.bodyAsString());
    assertTrue(accredited.bodyAsJsonObject().getBoolean("accredited"));
    assertEquals(200, post(path, piazzolaOfficer, new JsonObject().put("shopId", shopId)).statusCode(), "accredited already");

    JsonObject spend = await(http.get("/api/v1/municipalities/" + PIAZZOLA + "/shops", null)).bodyAsJsonObject();
    JsonObject listed = only(spend.getJsonArray("items"), shopId);
    assertEquals("Farmacia Centrale", listed.getString("name"));
    assertEquals("pharmacy", listed.getString("category"));
    assertEquals("Via Roma 10, Piazzola sul Brenta", listed.getString("address"));
    assertEquals("Piazzola sul Brenta", spend.getJsonObject("municipality").getString("name"));

    JsonObject officerView = await(http.get(path, piazzolaOfficer)).bodyAsJsonObject();
    assertTrue(only(officerView.getJsonArray("items"), shopId).getBoolean("accredited"));
    JsonObject own = await(http.get("/api/v1/comune", piazzolaOfficer)).bodyAsJsonObject();
    assertEquals(PIAZZOLA, own.getJsonObject("municipality").getString("code"));
    assertEquals("Comune di Piazzola sul Brenta", own.getJsonObject("comune").getString("name"));

    // The shop's own admin sees which municipalities accredit it.
    String shopkeeper = shopkeeperOf(shopId, "prov.farmacia");
    JsonObject mine = await(http.get("/api/v1/provider/accreditations", shopkeeper)).bodyAsJsonObject();
    assertEquals(1, mine.getJsonArray("items").size(), mine.encode());
    assertEquals(PIAZZOLA, mine.getJsonArray("items").getJsonObject(0).getJsonObject("municipality").getString("code"));

    // A shop accredited somewhere stays a shop.
    assertProblem(409, "shop-accredited", put("/api/v1/providers/" + shopId, supervisor,
        provider("Farmacia Centrale", "22222222201", PIAZZOLA, "association").put("address", "Via Roma 10, Piazzola")));

    HttpResponse<Buffer> revoked = delete(path + "/" + shopId, piazzolaOfficer);
    assertEquals(200, revoked.statusCode(), revoked.bodyAsString());
    assertFalse(revoked.bodyAsJsonObject().getBoolean("accredited"));
    assertEquals(200, delete(path + "/" + shopId, piazzolaOfficer).statusCode(), "revoked already: the same answer");
    assertTrue(await(http.get("/api/v1/municipalities/" + PIAZZOLA + "/shops", null)).bodyAsJsonObject()
        .getJsonArray("items").stream().map(JsonObject.class::cast).noneMatch(s -> shopId.equals(s.getString("id"))));
    assertEquals(0, await(http.get("/api/v1/provider/accreditations", shopkeeper)).bodyAsJsonObject().getJsonArray("items").size());

    // Accredited again after a revocation.
    assertEquals(201, post(path, piazzolaOfficer, new JsonObject().put("shopId", shopId)).statusCode());
  }

  @Test
  void nobodyButTheComunesOwnOfficerChangesItsAccreditations() {
    String shopId = created(shop("Panificio Dal Forno", "33333333301", "bakery"));
    String path = "/api/v1/municipalities/" + PIAZZOLA + "/shop-accreditations";
    JsonObject body = new JsonObject().put("shopId", shopId);

    assertProblem(403, "not-your-municipality", post(path, bergamoOfficer, body));
    assertProblem(403, "not-your-municipality", await(http.get(path, bergamoOfficer)));
    for (String notAnOfficer : new String[] {cooperativeAdmin, citizen, supervisor}) {
      assertEquals(403, post(path, notAnOfficer, body).statusCode());
      assertEquals(403, await(http.get(path, notAnOfficer)).statusCode());
    }
    assertEquals(401, post(path, null, body).statusCode());
    assertEquals(0, count("SELECT count(*) FROM shop_accreditations WHERE shop_id = '" + shopId + "'"));

    assertEquals(201, post(path, piazzolaOfficer, body).statusCode());
    assertProblem(403, "not-your-municipality", delete(path + "/" + shopId, bergamoOfficer));
    assertEquals(403, delete(path + "/" + shopId, cooperativeAdmin).statusCode());
    assertEquals(403, delete(path + "/" + shopId, citizen).statusCode());
    // Bergamo's officer can accredit the same shop for Bergamo: that is Bergamo's own accreditation.
    assertEquals(404, delete("/api/v1/municipalities/" + BERGAMO + "/shop-accreditations/" + shopId, bergamoOfficer).statusCode());
    assertEquals(1, count("SELECT count(*) FROM shop_accreditations WHERE shop_id = '" + shopId + "' AND revoked_at IS NULL"));

    // Only a shop is accredited; a cooperative is no shop.
    String cooperative = created(provider("Cooperativa Non Negozio", "33333333302", PIAZZOLA, "cooperative"));
    assertProblem(404, "shop-not-found", post(path, piazzolaOfficer, new JsonObject().put("shopId", cooperative)));
    HttpResponse<Buffer> oddId = post(path, piazzolaOfficer, new JsonObject().put("shopId", shopId + "\n"));
    assertTrue(oddId.statusCode() == 404 || oddId.statusCode() == 422, "no shop by that id: " + oddId.bodyAsString());
    assertEquals(404, await(http.get("/api/v1/municipalities/abc/shops", null)).statusCode());
    assertEquals(404, await(http.get("/api/v1/municipalities/999999/shops", null)).statusCode());
  }

  @Test
  void accreditingAtOnceFromManyRequestsMakesOneAccreditation() {
    String shopId = created(shop("Alimentari Concorrenti", "44444444401", "groceries"));
    String path = "/api/v1/municipalities/" + PIAZZOLA + "/shop-accreditations";
    List<Future<HttpResponse<Buffer>>> all = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      all.add(http.post(path, piazzolaOfficer, new JsonObject().put("shopId", shopId)));
    }
    await(Future.join(all));
    long createdOnes = all.stream().filter(f -> f.result().statusCode() == 201).count();
    assertTrue(all.stream().allMatch(f -> f.result().statusCode() == 201 || f.result().statusCode() == 200),
        all.stream().map(f -> f.result().bodyAsString()).toList().toString());
    assertEquals(1, createdOnes, "one request made it, the others found it made");
    assertEquals(1, count("SELECT count(*) FROM shop_accreditations WHERE shop_id = '" + shopId + "'"));
  }

  @Test
  void theOfficerRoleGoesOnlyToAComunesAccount() {
    String cooperative = created(provider("Cooperativa Per Funzionari", "55555555501", PIAZZOLA, "cooperative"));
    assertProblem(422, "not-a-comune", post("/api/v1/staff", supervisor, officer("prov.falso", cooperative)));
    assertProblem(422, "comune-required", post("/api/v1/staff", supervisor, new JsonObject().put("username", "prov.senza")
        .put("displayName", "Senza Comune").put("email", "senza@example.org").put("roles", new JsonArray().add("municipal_officer"))));
    assertProblem(403, "role-not-grantable", post("/api/v1/staff", cooperativeAdmin, officer("prov.dalcoop", comune)));
    assertEquals(0, count("SELECT count(*) FROM accounts WHERE username IN ('prov.falso', 'prov.senza', 'prov.dalcoop')"));

    JsonObject choices = await(http.get("/api/v1/staff/choices", supervisor)).bodyAsJsonObject();
    assertTrue(choices.getJsonArray("roles").contains("municipal_officer"));
    assertEquals("municipality", only(choices.getJsonArray("cooperatives"), comune).getString("kind"));

    // An officer moved to a cooperative: refused the same way.
    HttpResponse<Buffer> made = post("/api/v1/staff", supervisor, officer("prov.spostato", comune));
    assertEquals(201, made.statusCode(), made.bodyAsString());
    assertProblem(422, "not-a-comune", put("/api/v1/staff/" + made.bodyAsJsonObject().getString("id"), supervisor,
        new JsonObject().put("displayName", "Spostato").put("roles", new JsonArray().add("municipal_officer"))
            .put("providerId", cooperative)));
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static JsonObject provider(String name, String vat, String municipality, String kind) {
    return new JsonObject().put("name", name).put("vatNumber", vat).put("municipality", municipality).put("kind", kind);
  }

  private static JsonObject shop(String name, String vat, String category) {
    return provider(name, vat, PIAZZOLA, "shop").put("address", "Via Roma 10, Piazzola sul Brenta").put("shopCategory", category);
  }

  private static JsonObject officer(String username, String providerId) {
    return new JsonObject().put("username", username).put("displayName", "Funzionario " + username)
        .put("email", username + "@comune.example.org").put("roles", new JsonArray().add("municipal_officer"))
        .put("providerId", providerId);
  }

  private String created(JsonObject body) {
    HttpResponse<Buffer> made = post("/api/v1/providers", supervisor, body);
    assertEquals(201, made.statusCode(), made.bodyAsString());
    return made.bodyAsJsonObject().getString("id");
  }

  private String shopkeeperOf(String shopId, String username) {
    await(TestAccounts.create(vertx, app.pool(), username, "provider_admin"));
    await(app.pool().preparedQuery("UPDATE accounts SET provider_id = $2 WHERE username = $1")
        .execute(Tuple.of(username, UUID.fromString(shopId))));
    return await(http.accessToken(username));
  }

  private static JsonObject only(JsonArray items, String id) {
    return items.stream().map(JsonObject.class::cast).filter(i -> id.equals(i.getString("id"))
            || i.getJsonObject("shop") != null && id.equals(i.getJsonObject("shop").getString("id")))
        .findFirst().orElseThrow(() -> new AssertionError(id + " not in " + items.encode()));
  }

  private long count(String sql) {
    return await(app.pool().query(sql).execute()).iterator().next().getLong(0);
  }

  private HttpResponse<Buffer> post(String path, String token, JsonObject body) {
    return await(http.post(path, token, body));
  }

  private HttpResponse<Buffer> put(String path, String token, JsonObject body) {
    return await(http.put(path, token, body));
  }

  private HttpResponse<Buffer> delete(String path, String token) {
    var request = http.client().delete(path).putHeader("Idempotency-Key", UUID.randomUUID().toString());
    return await((token == null ? request : request.bearerTokenAuthentication(token)).send());
  }

  private static void assertProblem(int status, String type, HttpResponse<Buffer> response) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertTrue(response.bodyAsJsonObject().getString("type").endsWith(type), response.bodyAsString());
  }
}
