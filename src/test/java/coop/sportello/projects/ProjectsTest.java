package coop.sportello.projects;

import coop.sportello.delivery.DeliveryFixture;
import coop.sportello.statements.MoneyRows.Booking;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.Responses.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Projects and funders over HTTP on a real PostgreSQL: creating, reading, changing and removing a
 * cooperative's projects and their services; another cooperative's project and services answered as
 * unknown ones; V54's trigger tagging a booking with the project covering its day; the use of a
 * budget in hours and in euros after recorded deliveries (partial ones and an enrolment's session
 * counting their share); re-tagging a booking, refused in a closed month.
 */
class ProjectsTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");

  private DeliveryFixture coop;
  private UUID otherService;
  private String other;

  @BeforeAll
  void cooperatives() {
    coop = DeliveryFixture.create(vertx, app.pool(), http, "prj", "46464646464");
    UUID otherAdmin = await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "prj.altro", "47474747474"));
    otherService = coop.rows.service(coop.rows.providerOf(otherAdmin), "health", "Fisioterapia altrui");
    other = await(http.accessToken("prj.altro"));
  }

  private static OffsetDateTime rome(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(ROME).toOffsetDateTime();
  }

  private static JsonObject project(String name, String startsOn, String endsOn, UUID... services) {
    JsonArray ids = new JsonArray();
    for (UUID s : services) {
      ids.add(s.toString());
    }
    return new JsonObject().put("name", name).put("funder", "Fondazione Cariplo").put("startsOn", startsOn).put("endsOn", endsOn)
        .put("budgetMinutes", 600).put("serviceIds", ids);
  }

  private JsonObject create(JsonObject body) {
    HttpResponse<Buffer> created = await(http.post("/api/v1/provider/projects", coop.admin, body));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    return created.bodyAsJsonObject();
  }

  @Test
  void aCooperativeCreatesReadsChangesAndRemovesItsProjects() {
    UUID camps = coop.rows.service(coop.provider, "education", "Centro estivo prova");
    JsonObject made = create(project("Conciliamo 2024", "2024-01-01", "2024-12-31", coop.service));
    assertEquals("Conciliamo 2024", made.getString("name"));
    assertEquals(600, made.getInteger("budgetMinutes"));
    assertNull(made.getValue("budgetCents"));
    assertEquals(0, made.getInteger("usedPercent"));
    assertEquals(List.of(coop.service.toString()), ids(made.getJsonArray("services")));
    String path = "/api/v1/provider/projects/" + made.getString("id");

    JsonObject list = ok(await(http.get("/api/v1/provider/projects", coop.admin)));
    assertTrue(ids(list.getJsonArray("items")).contains(made.getString("id")));
    assertTrue(ids(list.getJsonArray("services")).containsAll(List.of(coop.service.toString(), camps.toString())),
        "the services to tick");
    assertEquals(made, ok(await(http.get(path, coop.admin))));

    JsonObject changed = ok(await(http.put(path, coop.admin, project("  Conciliamo 2024 bis ", "2024-02-01", "2024-11-30", camps)
        .put("budgetMinutes", null).put("budgetCents", 500_000))));
    assertEquals("Conciliamo 2024 bis", changed.getString("name"));
    assertEquals("2024-02-01", changed.getString("startsOn"));
    assertEquals(500_000, changed.getLong("budgetCents"));
    assertNull(changed.getValue("budgetMinutes"));
    assertEquals(List.of(camps.toString()), ids(changed.getJsonArray("services")));

    assertProblem(await(http.post("/api/v1/provider/projects", coop.admin, project("Conciliamo 2024 bis", "2024-01-01", "2024-12-31"))),
        409, "project-name-taken");
    assertProblem(await(http.post("/api/v1/provider/projects", coop.admin, project("Due budget", "2024-01-01", "2024-12-31")
        .put("budgetCents", 100))), 422, "budget-required");
    assertProblem(await(http.post("/api/v1/provider/projects", coop.admin, project("Nessun budget", "2024-01-01", "2024-12-31")
        .put("budgetMinutes", null))), 422, "budget-required");
    assertProblem(await(http.post("/api/v1/provider/projects", coop.admin, project("Al contrario", "2024-12-31", "2024-01-01"))),
        422, "invalid-period");
    assertProblem(await(http.post("/api/v1/provider/projects", coop.admin, project("Nome", "2024-02-30", "2024-12-31"))),
        422, null);

    assertEquals(true, ok(await(http.delete(path, coop.admin))).getBoolean("deleted"));
    assertProblem(await(http.get(path, coop.admin)), 404, "project-not-found");
    assertEquals(0, count("SELECT count(*) FROM project_services WHERE project_id = $1", UUID.fromString(made.getString("id"))));
  }

  @Test
  void anotherCooperativesProjectsAndServicesAreAnsweredAsUnknownOnes() {
    JsonObject ours = create(project("Solo nostro", "2024-01-01", "2024-12-31"));
    String path = "/api/v1/provider/projects/" + ours.getString("id");
    String unknown = "/api/v1/provider/projects/" + UUID.randomUUID();

    JsonObject theirs = problem(await(http.get(path, other)), 404);
    assertEquals(problem(await(http.get(unknown, other)), 404).getString("detail"), theirs.getString("detail"));
    problem(await(http.put(path, other, project("Preso", "2024-01-01", "2024-12-31"))), 404);
    problem(await(http.delete(path, other)), 404);
    assertTrue(ids(ok(await(http.get("/api/v1/provider/projects", other))).getJsonArray("items")).stream()
        .noneMatch(ours.getString("id")::equals));
    assertEquals("Solo nostro", ok(await(http.get(path, coop.admin))).getString("name"), "unchanged");

    JsonObject foreign = problem(await(http.put(path, coop.admin, project("Solo nostro", "2024-01-01", "2024-12-31", otherService))), 422);
    JsonObject none = problem(await(http.put(path, coop.admin, project("Solo nostro", "2024-01-01", "2024-12-31", UUID.randomUUID()))), 422);
    assertTrue(foreign.getString("type").endsWith("unknown-service"), foreign.encode());
    assertEquals(none, foreign.put("instance", none.getString("instance")), "the same answer for a service not ours as for none");

    assertEquals(403, await(http.get("/api/v1/provider/projects", await(http.accessToken("prj.persona")))).statusCode());
  }

  @Test
  void aNewBookingCountsAgainstItsServicesProjectCoveringItsRomeDay() {
    UUID service = coop.rows.service(coop.provider, "health", "Infermieristica prova");
    UUID untied = coop.rows.service(coop.provider, "health", "Senza progetto");
    JsonObject spring = create(project("Primavera 2024", "2024-03-01", "2024-06-30", service));
    JsonObject summer = create(project("Estate 2024", "2024-07-01", "2024-09-30", service));

    Booking april = coop.rows.booking(service, coop.person, rome("2024-04-10T09:00"), rome("2024-04-10T10:00"), "confirmed", 2_000);
    assertEquals(spring.getString("id"), projectOf(april));
    assertEquals(summer.getString("id"), projectOf(coop.rows.booking(service, coop.person, rome("2024-07-01T00:30"),
        rome("2024-07-01T01:00"), "confirmed", 2_000)), "22:30 UTC of 30 June is Rome's 1 July");
    assertNull(projectOf(coop.rows.booking(service, coop.person, rome("2024-11-10T09:00"), rome("2024-11-10T10:00"), "confirmed", 2_000)),
        "no project covers the day");
    assertNull(projectOf(coop.rows.booking(untied, coop.person, rome("2024-04-10T09:00"), rome("2024-04-10T10:00"), "confirmed", 2_000)),
        "the service is in no project");
    JsonObject tagged = item(ok(await(http.get("/api/v1/provider/day?date=2024-04-10", coop.admin))), april);
    assertEquals("Primavera 2024", tagged.getJsonObject("project").getString("name"), "the day shows the project");
  }

  @Test
  void aBudgetIsUsedByWhatWasDeliveredInHoursAndInEuros() {
    UUID hoursService = coop.rows.service(coop.provider, "health", "Assistenza a ore");
    UUID eurosService = coop.rows.service(coop.provider, "education", "Doposcuola a euro");
    JsonObject hours = create(project("Ore 2023", "2023-01-01", "2023-12-31", hoursService));
    JsonObject euros = create(project("Euro 2023", "2023-01-01", "2023-12-31", eurosService).put("budgetMinutes", null)
        .put("budgetCents", 10_000));

    Booking full = coop.rows.booking(hoursService, coop.person, rome("2023-05-02T09:00"), rome("2023-05-02T10:00"), "confirmed", 2_000);
    Booking half = coop.rows.booking(hoursService, coop.person, rome("2023-05-03T09:00"), rome("2023-05-03T10:00"), "confirmed", 2_000);
    Booking missed = coop.rows.booking(hoursService, coop.person, rome("2023-05-04T09:00"), rome("2023-05-04T10:00"), "confirmed", 2_000);
    record(full, null, new JsonObject().put("outcome", "delivered"));
    record(half, null, new JsonObject().put("outcome", "partial").put("minutes", 30));
    record(missed, null, new JsonObject().put("outcome", "no_show"));
    JsonObject hoursUse = ok(await(http.get("/api/v1/provider/projects/" + hours.getString("id"), coop.admin)));
    assertEquals(new JsonObject().put("bookings", 2).put("sessions", 2).put("minutes", 90).put("cents", 3_000),
        hoursUse.getJsonObject("use"));
    assertEquals(15, hoursUse.getInteger("usedPercent"), "90 of 600 minutes");

    Booking paid = coop.rows.booking(eurosService, coop.person, rome("2023-06-05T09:00"), rome("2023-06-05T10:00"), "confirmed", 2_000);
    Booking partly = coop.rows.booking(eurosService, coop.person, rome("2023-06-06T09:00"), rome("2023-06-06T10:30"), "confirmed", 2_000);
    Booking camp = DeliveryFixture.enrolment(app.pool(), eurosService, coop.person, 9_000,
        rome("2023-06-12T09:00"), rome("2023-06-12T12:00"), rome("2023-06-13T09:00"), rome("2023-06-13T12:00"),
        rome("2023-06-14T09:00"), rome("2023-06-14T11:00"));
    record(paid, null, new JsonObject().put("outcome", "delivered"));
    record(partly, null, new JsonObject().put("outcome", "partial").put("minutes", 30));
    JsonObject day = ok(await(http.get("/api/v1/provider/day?date=2023-06-13", coop.admin)));
    record(camp, item(day, camp).getString("slotId"), new JsonObject().put("outcome", "delivered"));
    JsonObject eurosUse = ok(await(http.get("/api/v1/provider/projects/" + euros.getString("id"), coop.admin)));
    // 2,000 + 2,000 x 30/90 (666) + 9,000 x 180/480 (3,375) of the enrolment's 480 minutes
    assertEquals(new JsonObject().put("bookings", 3).put("sessions", 3).put("minutes", 60 + 30 + 180).put("cents", 2_000 + 666 + 3_375),
        eurosUse.getJsonObject("use"));
    assertEquals(60, eurosUse.getInteger("usedPercent"), "6,041 of 10,000 cents");
  }

  @Test
  void aBookingIsReTaggedToAnotherProjectCoveringItsDayOrToNoneWhileItsMonthIsOpen() {
    UUID service = coop.rows.service(coop.provider, "health", "Logopedia prova");
    JsonObject may = create(project("Maggio 2022", "2022-05-01", "2022-05-31", service));
    JsonObject year = create(project("Anno 2022", "2022-01-01", "2022-12-31"));
    JsonObject autumn = create(project("Autunno 2022", "2022-09-01", "2022-11-30"));
    JsonObject theirs = created(await(http.post("/api/v1/provider/projects", other, project("Loro 2022", "2022-01-01", "2022-12-31"))));
    Booking b = coop.rows.booking(service, coop.person, rome("2022-05-10T09:00"), rome("2022-05-10T10:00"), "confirmed", 2_000);
    assertEquals(may.getString("id"), projectOf(b));
    String path = "/api/v1/provider/bookings/" + b.id() + "/project";

    JsonObject moved = ok(await(http.put(path, coop.admin, new JsonObject().put("projectId", year.getString("id")))));
    assertEquals("Anno 2022", moved.getJsonObject("project").getString("name"));
    assertEquals(year.getString("id"), projectOf(b));
    assertProblem(await(http.put(path, coop.admin, new JsonObject().put("projectId", autumn.getString("id")))), 409, "project-not-covering");
    JsonObject notOurs = problem(await(http.put(path, coop.admin, new JsonObject().put("projectId", theirs.getString("id")))), 404);
    assertEquals(problem(await(http.put(path, coop.admin, new JsonObject().put("projectId", UUID.randomUUID().toString()))), 404)
        .getString("detail"), notOurs.getString("detail"));
    problem(await(http.put(path, other, new JsonObject().put("projectId", theirs.getString("id")))), 404);
    assertEquals(year.getString("id"), projectOf(b), "unchanged by the refusals");

    assertNull(ok(await(http.put(path, coop.admin, new JsonObject().putNull("projectId")))).getValue("project"));
    assertNull(projectOf(b));
    ok(await(http.delete("/api/v1/provider/projects/" + may.getString("id"), coop.admin)));

    ok(await(http.put(path, coop.admin, new JsonObject().put("projectId", year.getString("id")))));
    ok(await(http.post("/api/v1/provider/periods/2022-05/close", coop.admin, new JsonObject())));
    assertProblem(await(http.put(path, coop.admin, new JsonObject().putNull("projectId"))), 409, "month-closed");
    assertProblem(await(http.delete("/api/v1/provider/projects/" + year.getString("id"), coop.admin)), 409, "project-in-use");
    assertEquals(year.getString("id"), projectOf(b));
  }

  private void record(Booking booking, String slot, JsonObject body) {
    ok(await(http.put("/api/v1/provider/bookings/" + booking.id() + "/delivery", coop.admin,
        slot == null ? body : body.put("slotId", slot))));
  }

  /** The day's item of {@code booking}. */
  private static JsonObject item(JsonObject day, Booking booking) {
    List<JsonObject> found = day.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> i.getString("id").equals(booking.id().toString())).toList();
    assertEquals(1, found.size(), day.encodePrettily());
    return found.get(0);
  }

  private String projectOf(Booking booking) {
    UUID project = await(app.pool().preparedQuery("SELECT project_id FROM bookings WHERE id = $1").execute(Tuple.of(booking.id())))
        .iterator().next().getUUID(0);
    return project == null ? null : project.toString();
  }

  private long count(String sql, UUID id) {
    return await(app.pool().preparedQuery(sql).execute(Tuple.of(id))).iterator().next().getLong(0);
  }

  private static List<String> ids(JsonArray items) {
    return items.stream().map(i -> ((JsonObject) i).getString("id")).toList();
  }

  private static JsonObject created(HttpResponse<Buffer> response) {
    assertEquals(201, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private static JsonObject problem(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertTrue(response.getHeader("Content-Type").startsWith("application/problem+json"), response.getHeader("Content-Type"));
    assertNotNull(response.bodyAsJsonObject().getString("detail"));
    return response.bodyAsJsonObject();
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String type) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    if (type != null) {
      assertTrue(response.bodyAsJsonObject().getString("type").endsWith(type), response.bodyAsString());
    }
  }
}
