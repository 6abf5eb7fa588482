package coop.sportello.surveys;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.companies.CompanyFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The needs survey: a company's survey answered by six of its employees (five in Bergamo wishing
 * after-school care, one in Piazzola wishing home care), once each and anonymously; the attacks on
 * that (twice, twice at once, another company's employee, a citizen, the tables themselves); HR's
 * results with the small groups hidden; the demand beside a cooperative's offer.
 */
class SurveyTest extends AppTestBase {

  private static final String TODAY = LocalDate.now(ZoneId.of("Europe/Rome")).toString();
  private static final String LATER = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(30).toString();

  private CompanyFixture company;
  private CompanyFixture other;
  private String survey;
  private final List<String> employees = new ArrayList<>();
  private String outsider;

  @BeforeAll
  void surveyAnswered() {
    CatalogFixture.municipalities(app.pool());
    company = CompanyFixture.create(vertx, app.pool(), http, "sondaggio.hr", "71717171717");
    other = CompanyFixture.create(vertx, app.pool(), http, "sondaggio.altra", "72727272727");
    HttpResponse<Buffer> created = await(http.post("/api/v1/surveys", company.hr, new JsonObject()
        .put("title", "Di che cosa hai bisogno?").put("opensOn", TODAY).put("closesOn", LATER)));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    survey = created.bodyAsJsonObject().getString("id");
    assertEquals(company.companyId.toString(), created.bodyAsJsonObject().getString("companyId"));
    for (int i = 0; i < 7; i++) {
      employees.add(employee(company, "sondaggio.dip" + i));
    }
    outsider = employee(other, "sondaggio.esterno");
    for (int i = 0; i < 5; i++) {
      assertEquals(201, answer(employees.get(i), afterSchool("016024").put("freeText", "Servirebbe il doposcuola " + i)).statusCode());
    }
    assertEquals(201, answer(employees.get(5), new JsonObject().put("areas", new JsonArray().add("elderly"))
        .put("services", new JsonArray().add("home_care")).put("times", new JsonArray().add("weekend"))
        .put("municipality", "028063")).statusCode());
  }

  private String employee(CompanyFixture of, String username) {
    SurveyFixture.employee(vertx, app.pool(), of.companyId, username);
    return await(http.accessToken(username));
  }

  private static JsonObject afterSchool(String municipality) {
    return new JsonObject().put("areas", new JsonArray().add("childhood")).put("services", new JsonArray().add("after_school"))
        .put("times", new JsonArray().add("weekday_afternoon")).put("municipality", municipality);
  }

  private HttpResponse<Buffer> answer(String token, JsonObject body) {
    return await(http.post("/api/v1/surveys/" + survey + "/answers", token, body));
  }

  @Test
  void anEmployeeAnswersOnlyOnce() {
    HttpResponse<Buffer> again = answer(employees.get(0), afterSchool("016024"));
    assertEquals(409, again.statusCode(), again.bodyAsString());
    assertEquals("/problems/already-answered", again.bodyAsJsonObject().getString("type"));
    JsonArray mine = await(http.get("/api/v1/me/surveys", employees.get(0))).bodyAsJsonObject().getJsonArray("items");
    JsonObject this_ = mine.stream().map(JsonObject.class::cast).filter(s -> s.getString("id").equals(survey)).findFirst().orElseThrow();
    assertTrue(this_.getBoolean("answered"));
  }

  @Test
  void twoAnswersAtOnceStoreExactlyOne() {
    String token = employees.get(6);
    long before = answers();
    List<Future<HttpResponse<Buffer>>> both = List.of(
        http.post("/api/v1/surveys/" + survey + "/answers", token, afterSchool("016024")),
        http.post("/api/v1/surveys/" + survey + "/answers", token, afterSchool("028063")));
    await(Future.join(both));
    Set<Integer> statuses = new HashSet<>();
    both.forEach(f -> statuses.add(f.result().statusCode()));
    assertEquals(Set.of(201, 409), statuses);
    assertEquals(before + 1, answers());
    // Retried with the same key, the stored answer is replayed and nothing is stored again.
    String key = UUID.randomUUID().toString();
    HttpResponse<Buffer> first = await(http.post("/api/v1/surveys/" + survey + "/answers", employees.get(6), afterSchool("016024"), key));
    assertEquals(409, first.statusCode(), "already answered, under any key");
    assertEquals(before + 1, answers());
  }

  private long answers() {
    return await(app.pool().preparedQuery("SELECT count(*) FROM survey_answers WHERE survey_id = $1").execute(Tuple.of(UUID.fromString(survey))))
        .iterator().next().getLong(0);
  }

  @Test
  void anotherCompanysEmployeeAndACitizenAreRefused() {
    assertEquals(404, answer(outsider, afterSchool("016024")).statusCode());
    assertEquals(404, await(http.get("/api/v1/surveys/" + survey, outsider)).statusCode());
    String citizen = await(TestAccounts.create(vertx, app.pool(), "sondaggio.cittadina", "citizen")
        .compose(id -> http.accessToken("sondaggio.cittadina")));
    assertEquals(403, answer(citizen, afterSchool("016024")).statusCode());
    assertEquals(404, await(http.get("/api/v1/surveys/" + survey + "/results", other.hr)).statusCode());
  }

  @Test
  void wrongAnswersAreRefused() {
    String token = employees.get(6);
    assertEquals(422, answer(token, afterSchool("016024").put("freeText", "a\u0007b")).statusCode(), "a control character");
    assertEquals(400, answer(token, afterSchool("016024").put("freeText", "a\u0000b")).statusCode(), "NUL");
    assertEquals(422, answer(token, afterSchool("016024").put("freeText", "x".repeat(1001))).statusCode());
    assertEquals(422, answer(token, afterSchool("016024").put("areas", new JsonArray().add("astrology"))).statusCode());
    assertEquals(422, answer(token, afterSchool("999999")).statusCode(), "no such municipality");
    assertEquals(422, answer(token, afterSchool("016024").put("areas", new JsonArray()).put("services", new JsonArray())).statusCode());
  }

  @Test
  void theAnswersNameNobodyAndCannotBeLinkedToTheRespondents() {
    List<String> columns = new ArrayList<>();
    await(app.pool().query("""
        SELECT column_name FROM information_schema.columns WHERE table_name = 'survey_answers' ORDER BY column_name""").execute())
        .forEach(r -> columns.add(r.getString(0)));
    assertEquals(List.of("areas", "company_id", "free_text", "id", "municipality", "services", "survey_id", "times"), columns,
        "no person, no account, no time, no sequence");
    UUID id = UUID.fromString(survey);
    Row xmins = await(app.pool().preparedQuery("""
            SELECT (SELECT count(DISTINCT xmin::text) FROM survey_answers WHERE survey_id = $1) AS answer_xids,
                   (SELECT count(*) FROM survey_respondents r WHERE r.survey_id = $1
                       AND r.xmin::text IN (SELECT xmin::text FROM survey_answers WHERE survey_id = $1)) AS shared""")
        .execute(Tuple.of(id))).iterator().next();
    assertEquals(1, xmins.getLong("answer_xids"), "every answer rewritten by the last answer's transaction");
    assertEquals(1, xmins.getLong("shared"), "only the last respondent shares it, with every answer");
    // The stored idempotency keys of the respondents carry no digest of what they answered.
    long hashes = await(app.pool().preparedQuery("""
            SELECT count(DISTINCT request_hash) FROM idempotency_keys k JOIN survey_respondents r ON r.person::text = k.principal
             WHERE r.survey_id = $1 AND k.response ->> 'surveyId' = $1::text""").execute(Tuple.of(id))).iterator().next().getLong(0);
    assertEquals(1, hashes, "six different answers, one fingerprint");
    // An answer is never edited, nor deleted outside the shuffle.
    assertTrue(failsWith("UPDATE survey_answers SET municipality = '016024' WHERE survey_id = $1", id), "update refused");
    assertTrue(failsWith("DELETE FROM survey_answers WHERE survey_id = $1", id), "delete refused");
  }

  private boolean failsWith(String sql, UUID id) {
    try {
      await(app.pool().preparedQuery(sql).execute(Tuple.of(id)));
      return false;
    } catch (AssertionError e) {
      return String.valueOf(e.getMessage()).contains("never changed");
    }
  }

  @Test
  void hrSeesResultsWithSmallGroupsHidden() {
    HttpResponse<Buffer> answer = await(http.get("/api/v1/surveys/" + survey + "/results", company.hr));
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    JsonObject results = answer.bodyAsJsonObject();
    assertTrue(results.getLong("answers") >= 6, results.encodePrettily());
    JsonObject areas = results.getJsonObject("areas");
    JsonObject childhood = row(areas, "childhood");
    int bergamo = areas.getJsonArray("columns").stream().map(JsonObject.class::cast).map(c -> c.getString("code")).toList().indexOf("016024");
    JsonObject cell = childhood.getJsonArray("cells").getJsonObject(bergamo);
    assertFalse(cell.getBoolean("hidden"));
    assertTrue(cell.getLong("count") >= 5);
    JsonObject elderly = row(areas, "elderly");
    assertTrue(elderly.getJsonObject("total").getBoolean("hidden"), "one person wished elderly care");
    assertFalse(elderly.getJsonObject("total").containsKey("count"));
    assertTrue(results.getBoolean("freeTextsShown"));
    assertTrue(results.getJsonArray("freeTexts").contains("Servirebbe il doposcuola 3"));
    assertEquals(null, results.getValue("companies"), "HR sees its own employees only");
    List<String> places = areas.getJsonArray("columns").stream().map(JsonObject.class::cast).map(c -> c.getString("code")).toList();
    assertFalse(places.contains("028063"), "Piazzola, chosen by one person, has no column of its own: " + places);
    assertEquals("other", places.get(places.size() - 1));
    assertEquals(coop.sportello.platform.areas.Area.codes().size(), areas.getJsonArray("rows").size(), "every area has a row, wished or not");
    assertEquals("Bergamo (BG)", results.getJsonObject("names").getJsonObject("municipalities").getString("016024"));
  }

  @Test
  void aNetworkSurveyShowsAFewAnswersOfACompanyToNobody() {
    String supervisor = await(TestAccounts.create(vertx, app.pool(), "sondaggio.rete", "supervisor")
        .compose(id -> http.accessToken("sondaggio.rete")));
    HttpResponse<Buffer> created = await(http.post("/api/v1/surveys", supervisor, new JsonObject()
        .put("title", "Il questionario della rete").put("opensOn", TODAY).put("closesOn", LATER)));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String network = created.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> answered = await(http.post("/api/v1/surveys/" + network + "/answers", outsider,
        afterSchool("016024").put("freeText", "Vorrei il doposcuola")));
    assertEquals(201, answered.statusCode(), answered.bodyAsString());
    JsonObject forOther = await(http.get("/api/v1/surveys/" + network + "/results", other.hr)).bodyAsJsonObject();
    assertEquals(1, forOther.getLong("answers"));
    assertFalse(forOther.getBoolean("freeTextsShown"));
    assertEquals(new JsonArray(), forOther.getJsonArray("freeTexts"));
    assertTrue(row(forOther.getJsonObject("areas"), "childhood").getJsonObject("total").getBoolean("hidden"));
    JsonObject forNetwork = await(http.get("/api/v1/surveys/" + network + "/results", supervisor)).bodyAsJsonObject();
    assertTrue(forNetwork.getJsonObject("companies").getJsonObject("total").getBoolean("hidden"));
  }

  @Test
  void theDemandShowsBesideACooperativesOffer() {
    String admin = await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "sondaggio.coop", "73737373737")
        .compose(id -> http.accessToken("sondaggio.coop")));
    HttpResponse<Buffer> service = await(http.post("/api/v1/provider/services", admin,
        CatalogFixture.service("Doposcuola in oratorio", "Compiti e giochi dopo la scuola.", "childhood", "at_place", "016024", "028063")));
    assertEquals(201, service.statusCode(), service.bodyAsString());
    JsonObject demand = await(http.get("/api/v1/provider/demand", admin)).bodyAsJsonObject();
    JsonObject bergamo = item(demand, "childhood", "016024");
    assertFalse(bergamo.getBoolean("hidden"));
    assertTrue(bergamo.getLong("answers") >= 5, demand.encodePrettily());
    assertTrue(bergamo.getLong("services") >= 1);
    JsonObject piazzola = item(demand, "childhood", "028063");
    assertTrue(piazzola.getLong("answers") == null || piazzola.getLong("answers") == 0 || piazzola.getBoolean("hidden"), demand.encodePrettily());
  }

  private static JsonObject item(JsonObject demand, String area, String municipality) {
    return demand.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> i.getString("area").equals(area) && i.getString("municipality").equals(municipality)).findFirst().orElseThrow();
  }

  private static JsonObject row(JsonObject table, String code) {
    return table.getJsonArray("rows").stream().map(JsonObject.class::cast).filter(r -> r.getString("code").equals(code))
        .findFirst().orElseThrow(() -> new AssertionError(table.encodePrettily()));
  }
}
