package coop.sportello.catalog;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Provider admin API, search and availability through HTTP, against real PostgreSQL. */
class CatalogApiTest extends AppTestBase {

  private static final LocalDate IN_TEN_DAYS = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(10);

  private CatalogFixture admin;
  private CatalogFixture otherAdmin;
  private String citizen;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("catalog", new JsonObject().put("horizonDays", 400));
  }

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.germoglio", "provider_admin"));
    await(app.pool().query("""
        INSERT INTO providers (name, vat_number, municipality) VALUES ('Cooperativa Altra', '11111111111', '016024')""").execute());
    await(TestAccounts.create(vertx, app.pool(), "admin.altra", "provider_admin"));
    await(app.pool().query("""
        UPDATE accounts SET provider_id = (SELECT id FROM providers WHERE vat_number = '11111111111')
         WHERE username = 'admin.altra'""").execute());
    await(TestAccounts.create(vertx, app.pool(), "cittadina", "citizen"));
    admin = new CatalogFixture(http, await(http.accessToken("admin.germoglio")));
    otherAdmin = new CatalogFixture(http, await(http.accessToken("admin.altra")));
    citizen = await(http.accessToken("cittadina"));
  }

  @Test
  void anyoneCanListTheMunicipalitiesByName() {
    var listed = await(http.get("/api/v1/municipalities", null));
    assertEquals(200, listed.statusCode());
    var items = listed.bodyAsJsonObject().getJsonArray("items");
    var bergamo = items.stream().map(io.vertx.core.json.JsonObject.class::cast)
        .filter(m -> CatalogFixture.BERGAMO.equals(m.getString("code"))).findFirst().orElseThrow();
    assertEquals("Bergamo", bergamo.getString("name"));
    assertEquals("BG", bergamo.getString("province"));
    var names = items.stream().map(m -> ((io.vertx.core.json.JsonObject) m).getString("name")).toList();
    assertEquals(names.stream().sorted().toList(), names, "listed by name");
  }

  @Test
  void aScheduleBecomesBookableSlotsWithTheirPlaces() {
    String service = admin.createService(CatalogFixture.service("Doposcuola creativo",
        "Compiti e laboratori per bambini della primaria.", "childhood", "at_place", CatalogFixture.BERGAMO));
    String room = admin.createResource("Aula gialla", "room", 10);
    var rule = admin.ruleOn(service, room, IN_TEN_DAYS, "15:00", "18:00", 60, 8);
    assertEquals(201, rule.statusCode(), rule.bodyAsString());
    assertEquals(3, rule.bodyAsJsonObject().getJsonObject("slots").getInteger("added"));

    JsonObject availability = admin.availability(service, IN_TEN_DAYS, IN_TEN_DAYS);
    JsonArray slots = availability.getJsonArray("slots");
    assertEquals(3, slots.size());
    assertTrue(slots.getJsonObject(0).getString("start").startsWith(IN_TEN_DAYS + "T15:00"));
    assertEquals(8, slots.getJsonObject(0).getInteger("free"));
    assertEquals(24, availability.getJsonArray("days").getJsonObject(0).getInteger("free"));
  }

  @Test
  void theRoomIsNeverOpenTwiceAtTheSameTimeNorForMorePlacesThanItHas() {
    String service = admin.createService(CatalogFixture.service("Ludoteca del sabato",
        "Giochi e letture per bambini dai 3 ai 6 anni.", "childhood", "at_place", CatalogFixture.BERGAMO));
    String room = admin.createResource("Sala giochi", "room", 6);
    assertEquals(201, admin.ruleOn(service, room, IN_TEN_DAYS, "09:00", "11:00", 60, 6).statusCode());
    var overlapping = admin.ruleOn(service, room, IN_TEN_DAYS, "10:00", "12:00", 60, 6);
    assertEquals(409, overlapping.statusCode(), overlapping.bodyAsString());
    var tooMany = admin.ruleOn(service, room, IN_TEN_DAYS, "14:00", "16:00", 60, 7);
    assertEquals(422, tooMany.statusCode());
    var shrink = await(http.client().put("/api/v1/provider/resources/" + room)
        .bearerTokenAuthentication(adminToken()).putHeader("Idempotency-Key", UUID.randomUUID().toString())
        .sendJsonObject(new JsonObject().put("name", "Sala giochi").put("capacity", 4)));
    assertEquals(409, shrink.statusCode());
  }

  private String adminToken() {
    return await(http.accessToken("admin.germoglio"));
  }

  @Test
  void aChangeThatWouldDropBookedPlacesIsRefusedWithTheAffectedSlots() {
    String service = admin.createService(CatalogFixture.service("Assistenza compiti",
        "Aiuto nei compiti per ragazzi delle medie.", "education", "at_place", CatalogFixture.BERGAMO));
    String room = admin.createResource("Aula verde", "room", 5);
    var rule = admin.ruleOn(service, room, IN_TEN_DAYS, "16:00", "18:00", 60, 5);
    String ruleId = rule.bodyAsJsonObject().getString("id");
    // A booking takes two places of the first slot (the booking module does this with the same counter).
    await(app.pool().preparedQuery("""
        UPDATE slots SET taken = 2 WHERE id = (SELECT id FROM slots WHERE service_id = $1 ORDER BY starts_at LIMIT 1)""")
        .execute(Tuple.of(UUID.fromString(service))));

    var retire = admin.post("/provider/rules/" + ruleId + "/retire", new JsonObject());
    assertEquals(409, retire.statusCode());
    JsonObject problem = retire.bodyAsJsonObject();
    assertEquals("/problems/schedule-conflict", problem.getString("type"));
    assertEquals(1, problem.getJsonArray("affected").size());
    assertEquals(2, problem.getJsonArray("affected").getJsonObject(0).getInteger("taken"));

    var fewerPlaces = admin.post("/provider/services/" + service + "/exceptions", new JsonObject().put("resourceId", room)
        .put("date", IN_TEN_DAYS.toString()).put("opens", "16:00").put("closes", "18:00").put("slotMinutes", 60).put("places", 1));
    assertEquals(409, fewerPlaces.statusCode());
    var closure = admin.post("/provider/closures", new JsonObject().put("fromDate", IN_TEN_DAYS.toString())
        .put("toDate", IN_TEN_DAYS.toString()).put("reason", "Disinfestazione"));
    assertEquals(409, closure.statusCode());
    assertEquals(2, admin.availability(service, IN_TEN_DAYS, IN_TEN_DAYS).getJsonArray("slots").size(),
        "nothing changed: the refused changes rolled back");

    var smallerButEnough = admin.post("/provider/services/" + service + "/exceptions", new JsonObject().put("resourceId", room)
        .put("date", IN_TEN_DAYS.toString()).put("opens", "16:00").put("closes", "17:00").put("slotMinutes", 60).put("places", 3));
    assertEquals(201, smallerButEnough.statusCode(), smallerButEnough.bodyAsString());
    JsonArray left = admin.availability(service, IN_TEN_DAYS, IN_TEN_DAYS).getJsonArray("slots");
    assertEquals(1, left.size());
    assertEquals(1, left.getJsonObject(0).getInteger("free"), "3 places, 2 taken");
  }

  @Test
  void searchMatchesItalianWordFormsAndAccentsAndFiltersByResidence() {
    String elderly = admin.createService(CatalogFixture.service("Attività motorie per anziani",
        "Ginnastica dolce e camminate di gruppo per persone anziane.", "elderly", "at_place", CatalogFixture.BERGAMO));
    String online = admin.createService(CatalogFixture.service("Consulenza psicologica online",
        "Colloqui a distanza con una psicologa per caregiver di anziani.", "health", "online"));

    List<String> accentless = ids(search("q=attivita%20anziani"));
    assertTrue(accentless.contains(elderly), "no accent, singular: " + accentless);
    assertTrue(ids(search("q=camminata")).contains(elderly), "word form");

    List<String> bergamo = ids(search("municipality=" + CatalogFixture.BERGAMO + "&size=50"));
    assertTrue(bergamo.contains(elderly) && bergamo.contains(online));
    List<String> piazzola = ids(search("municipality=" + CatalogFixture.PIAZZOLA + "&size=50"));
    assertTrue(piazzola.contains(online) && !piazzola.contains(elderly), "in-person only for residents served");

    assertTrue(ids(search("area=health&mode=online")).contains(online));
    assertTrue(!ids(search("area=elderly&mode=online")).contains(elderly));
    assertTrue(ids(search("welfare=f_bis&size=50")).contains(elderly));
  }

  @Test
  void searchIsPaginatedAndEveryHitCarriesItsNextFreeSlot() {
    String service = admin.createService(CatalogFixture.service("Centro estivo Girasoli",
        "Giornate all'aperto per bambini dai 6 agli 11 anni.", "childhood", "at_place", CatalogFixture.BERGAMO));
    String group = admin.createResource("Gruppo Girasoli", "group", 30);
    admin.ruleOn(service, group, IN_TEN_DAYS, "08:00", "13:00", 300, 30);
    JsonObject hit = search("q=girasoli").getJsonArray("items").getJsonObject(0);
    assertEquals(service, hit.getString("id"));
    assertEquals(30, hit.getJsonObject("nextFree").getInteger("free"));
    assertTrue(hit.getJsonObject("nextFree").getString("start").startsWith(IN_TEN_DAYS + "T08:00"));
    // The end too: every time a citizen is shown says when it ends (issue 18).
    assertTrue(hit.getJsonObject("nextFree").getString("end").startsWith(IN_TEN_DAYS + "T13:00"), hit.encode());

    String range = "from=" + IN_TEN_DAYS + "&to=" + IN_TEN_DAYS;
    assertTrue(ids(search("q=girasoli&" + range)).contains(service));
    assertTrue(ids(search("q=girasoli&from=" + IN_TEN_DAYS.plusDays(1) + "&to=" + IN_TEN_DAYS.plusDays(2))).isEmpty(),
        "no free slot in that range");

    for (String title : List.of("Corso di italiano per stranieri", "Ripetizioni di matematica")) {
      admin.createService(CatalogFixture.service(title, "Lezioni in piccoli gruppi con educatori.", "education", "online"));
    }
    JsonObject page1 = search("size=2&page=1");
    JsonObject page2 = search("size=2&page=2");
    assertTrue(page1.getLong("total") >= 3);
    assertEquals(2, page1.getJsonArray("items").size());
    assertTrue(ids(page1).stream().noneMatch(ids(page2)::contains));
  }

  @Test
  void badSearchAndAvailabilityParametersAreProblems() {
    var badArea = await(http.get("/api/v1/services?area=sport", null));
    assertEquals(422, badArea.statusCode());
    assertEquals("application/problem+json", badArea.getHeader("Content-Type"));
    assertEquals(422, await(http.get("/api/v1/services?size=500", null)).statusCode());
    String service = admin.createService(CatalogFixture.service("Pre-scuola", "Accoglienza prima della scuola.", "childhood",
        "at_place", CatalogFixture.BERGAMO));
    assertEquals(400, await(http.get("/api/v1/services/" + service + "/availability", null)).statusCode());
    assertEquals(422, await(http.get("/api/v1/services/" + service + "/availability?from=2026-01-01&to=2026-12-31", null))
        .statusCode(), "more than 62 days");
    assertEquals(404, await(http.get("/api/v1/services/" + UUID.randomUUID() + "/availability?from=2026-01-01&to=2026-01-31",
        null)).statusCode());
    // Dates LocalDate.parse takes but no calendar arithmetic survives used to answer 500.
    for (String path : new String[] {"/api/v1/services?from=%2B999999999-12-31",
        "/api/v1/services?to=-999999999-01-01",
        "/api/v1/services/" + service + "/availability?from=%2B999999999-12-01&to=%2B999999999-12-31"}) {
      var extreme = await(http.get(path, null));
      assertEquals(422, extreme.statusCode(), path + " " + extreme.bodyAsString());
      assertEquals("application/problem+json", extreme.getHeader("Content-Type"));
    }
  }

  @Test
  void invalidServicesAreRefusedWithTheFieldsNamed() {
    var missing = admin.post("/provider/services", new JsonObject().put("title", "X"));
    assertEquals(422, missing.statusCode());
    assertTrue(missing.bodyAsJsonObject().getJsonArray("errors").size() > 0);
    var onlineWithTowns = admin.post("/provider/services", CatalogFixture.service("Sportello online",
        "Ascolto a distanza per famiglie.", "health", "online", CatalogFixture.BERGAMO));
    assertEquals(422, onlineWithTowns.statusCode());
    var inPersonNowhere = admin.post("/provider/services", CatalogFixture.service("Badante a domicilio",
        "Assistenza a domicilio per anziani.", "elderly", "at_home"));
    assertEquals(422, inPersonNowhere.statusCode());
  }

  @Test
  void onlyTheCooperativesOwnAdminChangesItsCatalog() {
    String service = admin.createService(CatalogFixture.service("Stireria aziendale",
        "Ritiro e consegna dei capi stirati in azienda.", "work_life", "at_place", CatalogFixture.BERGAMO));
    String room = admin.createResource("Laboratorio stireria", "room", 3);
    var foreignEdit = await(http.client().put("/api/v1/provider/services/" + service)
        .bearerTokenAuthentication(await(http.accessToken("admin.altra")))
        .putHeader("Idempotency-Key", UUID.randomUUID().toString())
        .sendJsonObject(CatalogFixture.service("Rubato", "Servizio preso da un'altra cooperativa.", "work_life", "at_place",
            CatalogFixture.BERGAMO)));
    assertEquals(404, foreignEdit.statusCode());
    assertEquals(404, otherAdmin.ruleOn(service, room, IN_TEN_DAYS, "09:00", "10:00", 60, 1).statusCode());
    assertEquals(404, otherAdmin.post("/provider/services/" + service + "/retire", new JsonObject()).statusCode());
    assertEquals(404, await(http.get("/api/v1/provider/services/" + service + "/schedule",
        await(http.accessToken("admin.altra")))).statusCode(), "another cooperative's schedule is not there for them");
    assertEquals(403, await(http.post("/api/v1/provider/services", citizen, CatalogFixture.service("Finto",
        "Un cittadino non pubblica servizi.", "health", "online"))).statusCode());
    assertEquals(401, await(http.post("/api/v1/provider/resources", null, new JsonObject())).statusCode());
  }

  @Test
  void availabilityIsRightAtEveryHourOfTheComingDaylightSavingChanges() {
    ZoneId rome = ZoneId.of("Europe/Rome");
    var rules = rome.getRules();
    var first = rules.nextTransition(java.time.Instant.now());
    var second = rules.nextTransition(first.getInstant());
    String service = admin.createService(CatalogFixture.service("Reperibilità notturna",
        "Assistenza notturna a domicilio per persone fragili.", "elderly", "at_home", CatalogFixture.BERGAMO));
    String carer = admin.createResource("Operatrice notturna", "person", 1);
    for (var transition : List.of(first, second)) {
      LocalDate day = transition.getDateTimeBefore().toLocalDate();
      var rule = admin.ruleOn(service, carer, day, "00:00", "23:59", 60, 1);
      assertEquals(201, rule.statusCode(), rule.bodyAsString());
      List<String> starts = admin.availability(service, day, day).getJsonArray("slots").stream()
          .map(o -> ((JsonObject) o).getString("start")).toList();
      if (transition.isGap()) {
        assertEquals(22, starts.size(), starts.toString());
        for (int hour = 0; hour <= 22; hour++) {
          String expected = day + "T" + String.format("%02d:00:00", hour) + (hour < 2 ? "+01:00" : "+02:00");
          assertEquals(hour != 2, starts.contains(expected), "spring " + expected);
        }
      } else {
        assertEquals(23, starts.size(), starts.toString());
        for (int hour = 0; hour <= 22; hour++) {
          String expected = day + "T" + String.format("%02d:00:00", hour) + (hour <= 2 ? "+02:00" : "+01:00");
          assertTrue(starts.contains(expected), "autumn " + expected + " in " + starts);
        }
      }
    }
  }

  private JsonObject search(String query) {
    var response = await(http.get("/api/v1/services?" + query, null));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static List<String> ids(JsonObject result) {
    return result.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }
}
