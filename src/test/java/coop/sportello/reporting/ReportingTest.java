package coop.sportello.reporting;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.platform.domain.CodiceFiscale;
import coop.sportello.statements.MoneyRows;
import coop.sportello.testing.Waits;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static coop.sportello.testing.Responses.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports and exports over HTTP on a hand-built March 2025: two cooperatives, a project, home care
 * of people over and under 75, conciliation for an employee, summer camps, payments, the front
 * desk; every figure checked by hand, then who may read what and the files cell by cell.
 */
class ReportingTest extends AppTestBase {

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final String MARCH = "?from=2025-03-01&to=2025-03-31";

  private MoneyRows rows;
  private UUID coop;
  private UUID otherCoop;
  private UUID project;
  private UUID company;
  private String admin;
  private String otherAdmin;
  private String supervisor;
  private String officer;
  private String hr;
  private String citizen;
  private final Map<String, String> people = new HashMap<>();
  private MoneyRows.Booking firstHomeCare;

  static OffsetDateTime rome(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(ROME).toOffsetDateTime();
  }

  @BeforeAll
  void march() {
    rows = new MoneyRows(app.pool());
    CatalogFixture.municipalities(app.pool());
    coop = rows.providerOf(await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "rep.admin", "51515151515")));
    otherCoop = rows.providerOf(await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "rep.altro", "52525252525")));
    await(TestAccounts.create(vertx, app.pool(), "rep.super", "supervisor"));
    await(TestAccounts.create(vertx, app.pool(), "rep.comune", "municipal_officer"));
    await(TestAccounts.create(vertx, app.pool(), "rep.hr", "hr_admin"));
    company = uuid("SELECT company_id FROM accounts WHERE username = 'rep.hr'");
    people.put("old", person("rep.anziano", "RSSMRA40A01A794", false));       // born 1 January 1940: 85
    people.put("turning", person("rep.quasi", "VRDLGU50C15A794", false));     // born 15 March 1950: 75 on the 15th
    people.put("nocf", person("rep.senzacf", null, false));
    people.put("employee", person("rep.dipendente", "BNCPLA90M10A794", true));
    people.put("elsewhere", person("rep.padova", "NRELCU80A01A794", false));
    await(app.pool().preparedQuery("UPDATE accounts SET municipality = '028063' WHERE id::text = $1").execute(Tuple.of(people.get("elsewhere"))));

    project = uuid("""
        INSERT INTO projects (provider_id, name, funder, starts_on, ends_on, budget_minutes, created_by)
        VALUES ('%s', 'Anziani a casa', 'Fondazione Cariplo', '2025-01-01', '2025-12-31', 6000, 'test') RETURNING id""".formatted(coop));
    UUID homeCare = service(coop, "elderly", "Assistenza domiciliare anziani", "at_home", "elderly", "hour");
    await(app.pool().preparedQuery("INSERT INTO project_services (project_id, service_id, provider_id) VALUES ($1, $2, $3)")
        .execute(Tuple.of(project, homeCare, coop)));
    UUID workLife = service(coop, "work_life", "Sportello conciliazione", "at_place", "adults", "session");
    UUID camp = service(coop, "childhood", "Centro estivo", "at_place", "children", "week");
    UUID theirs = service(otherCoop, "health", "Fisioterapia", "online", "everyone", "session");

    firstHomeCare = booking(homeCare, "old", "2025-03-03T10:00", "2025-03-03T11:00", 1, 1, "delivered", 60);
    booking(homeCare, "turning", "2025-03-10T10:00", "2025-03-10T12:00", 1, 2, "delivered", 120); // 74 that day
    booking(homeCare, "turning", "2025-03-20T10:00", "2025-03-20T11:00", 1, 3, "partial", 45);    // 75
    booking(homeCare, "nocf", "2025-03-05T09:00", "2025-03-05T10:00", 1, 4, "delivered", 60);
    booking(homeCare, "old", "2025-03-24T10:00", "2025-03-24T11:00", 1, 5, "no_show", 0);
    MoneyRows.Booking conciliation = booking(workLife, "employee", "2025-03-12T18:00", "2025-03-12T19:30", 1, 6, "delivered", 90);
    booking(workLife, "nocf", "2025-03-13T18:00", "2025-03-13T19:00", 1, 7, "delivered", 60);
    booking(camp, "employee", "2025-03-17T09:00", "2025-03-21T17:00", 2, 8, null, 0);  // Monday to Friday, two children
    booking(camp, "nocf", "2025-03-31T09:00", "2025-04-04T17:00", 1, 9, null, 0);      // one day of it in March
    booking(theirs, "elsewhere", "2025-03-14T09:00", "2025-03-14T10:00", 1, 10, null, 0);
    rows.booking(homeCare, people.get("old"), rome("2025-03-25T10:00"), rome("2025-03-25T11:00"), "cancelled", 3_000);
    rows.booking(homeCare, people.get("old"), rome("2025-04-01T10:00"), rome("2025-04-01T11:00"), "confirmed", 3_000);

    UUID card = rows.payment(firstHomeCare, "card", 3_000, "completed", null, rome("2025-03-01T12:00"));
    rows.refund(card, 500, rome("2025-03-02T12:00"));
    rows.payment(conciliation, "at_provider", 2_000, "completed", null, rome("2025-03-12T19:30"));

    await(app.pool().query("""
        INSERT INTO call_queues (id, name) VALUES ('rep-coda', 'Coda dei rapporti') ON CONFLICT DO NOTHING;
        INSERT INTO calls (id, queue_id, status, arrived_at, queue_entered_at, sequence, operator, answered_at, ended_at) VALUES
          ('rep-1', 'rep-coda', 'ended', '2025-03-03 09:00+01', '2025-03-03 09:00+01', 1, 'op', '2025-03-03 09:01+01', '2025-03-03 09:05+01'),
          ('rep-2', 'rep-coda', 'ended', '2025-03-04 09:00+01', '2025-03-04 09:00+01', 2, 'op', '2025-03-04 09:01+01', '2025-03-04 09:05+01'),
          ('rep-3', 'rep-coda', 'abandoned', '2025-03-05 09:00+01', '2025-03-05 09:00+01', 3, NULL, NULL, '2025-03-05 09:02+01'),
          ('rep-4', 'rep-coda', 'ended', '2025-04-05 09:00+02', '2025-04-05 09:00+02', 4, 'op', '2025-04-05 09:01+02', '2025-04-05 09:05+02');
        INSERT INTO contact_outcomes (channel, contact_id, contact_at, topic, outcome, recorded_by) VALUES
          ('call', 'rep-1', '2025-03-03 09:00+01', 'elderly', 'information', 'op');""").execute());

    admin = await(http.accessToken("rep.admin"));
    otherAdmin = await(http.accessToken("rep.altro"));
    supervisor = await(http.accessToken("rep.super"));
    officer = await(http.accessToken("rep.comune"));
    hr = await(http.accessToken("rep.hr"));
    citizen = await(http.accessToken("rep.anziano"));
  }

  // ---- the figures --------------------------------------------------------------------------------

  @Test
  void aCooperativesMonthCountsPeopleDeliveryNoShowsMoneyAndWaiting() {
    JsonObject r = ok(await(http.get("/api/v1/reports/providers/" + coop + MARCH, admin)));
    assertEquals("Cooperativa 51515151515", r.getString("name"));
    JsonObject t = r.getJsonObject("totals");
    assertEquals(9, t.getLong("bookings"), "cancelled and April's are not counted; an enrolment is one booking");
    assertEquals(4, t.getLong("people"), "distinct persons");
    assertEquals(4, t.getLong("peopleServed"));
    assertEquals(6, t.getLong("servicesDelivered"));
    assertEquals(435, t.getLong("minutesDelivered"));
    assertEquals(7.3, t.getDouble("hoursDelivered"));
    assertEquals(1, t.getLong("noShows"));
    assertEquals(7, t.getLong("deliveryRecords"));
    assertEquals(0.1429, t.getDouble("noShowRate"), "1 no-show of 7 records");
    JsonObject w = r.getJsonObject("waiting");
    assertEquals(5.0, w.getDouble("medianDays"), "waits of 1..9 days");
    assertEquals(8.2, w.getDouble("p90Days"), "continuous 90th percentile of 1..9");
    assertEquals(new JsonArray().add(new JsonObject().put("channel", "at_provider").put("people", 1).put("payments", 1).put("cents", 2000))
        .add(new JsonObject().put("channel", "card").put("people", 1).put("payments", 1).put("cents", 2500)), r.getJsonArray("amountsByChannel"),
        "net of refunds");
    assertEquals(List.of("2025-03"), keys(r.getJsonArray("byMonth")));
    assertEquals(List.of("childhood", "elderly", "work_life"), keys(r.getJsonArray("byArea")));
    JsonObject elderly = r.getJsonArray("byArea").getJsonObject(1);
    assertEquals(5, elderly.getLong("bookings"));
    assertEquals(285, elderly.getLong("minutesDelivered"));
    assertEquals(0.2, elderly.getDouble("noShowRate"));

    JsonObject impact = r.getJsonObject("impact");
    assertEquals(new JsonObject().put("minutes", 105).put("hours", 1.8).put("people", 2).put("peopleWithoutCodiceFiscale", 1),
        impact.getJsonObject("homeCareOver75"), "60 for the 85-year-old, 45 after the 75th birthday, not the 120 of the day before");
    assertEquals(new JsonObject().put("children", 3).put("bookingPeople", 2).put("freedWorkingDays", 11),
        impact.getJsonObject("summerCamps"), "5 days x 2 children + 1 day of the camp running into April");
    assertEquals(new JsonObject().put("minutes", 90).put("hours", 1.5).put("people", 1), impact.getJsonObject("conciliation"),
        "only the employee's work-life hours");
    assertNull(r.getValue("frontDesk"), "the front desk is the network's");
  }

  @Test
  void theNetworkAddsEveryCooperativeAndTheFrontDesk() {
    JsonObject r = ok(await(http.get("/api/v1/reports/network/all" + MARCH, supervisor)));
    assertEquals(10, r.getJsonObject("totals").getLong("bookings"));
    assertEquals(5, r.getJsonObject("totals").getLong("people"));
    assertEquals(5.5, r.getJsonObject("waiting").getDouble("medianDays"));
    assertEquals(9.1, r.getJsonObject("waiting").getDouble("p90Days"));
    JsonObject desk = r.getJsonObject("frontDesk");
    assertEquals(new JsonObject().put("arrived", 3).put("answered", 2).put("abandoned", 1).put("notRecorded", 1), desk.getJsonObject("calls"));
    assertEquals(new JsonArray().add(new JsonObject().put("channel", "call").put("topic", "elderly").put("outcome", "information")
        .put("contacts", 1)), desk.getJsonArray("outcomes"));

    JsonObject projectReport = ok(await(http.get("/api/v1/reports/projects/" + project + MARCH, admin)));
    assertEquals(5, projectReport.getJsonObject("totals").getLong("bookings"), "the project's service only");
    assertEquals("Anziani a casa (Fondazione Cariplo)", projectReport.getString("name"));
    JsonObject padova = ok(await(http.get("/api/v1/reports/municipalities/028063" + MARCH, supervisor)));
    assertEquals(1, padova.getJsonObject("totals").getLong("bookings"), "by the person's residence");
    JsonObject area = ok(await(http.get("/api/v1/reports/areas/work_life" + MARCH, supervisor)));
    assertEquals(2, area.getJsonObject("totals").getLong("bookings"));
  }

  @Test
  void hrSeesTheirCompanyWithSmallGroupsHiddenAndNoPerPersonRows() {
    JsonObject r = ok(await(http.get("/api/v1/reports/companies/" + company + MARCH, hr)));
    assertTrue(r.getBoolean("smallGroupsHidden"));
    assertEquals(new JsonObject().put("hidden", true).put("key", "total"), r.getJsonObject("totals"), "one employee: nothing shown");
    assertTrue(r.getJsonObject("waiting").getBoolean("hidden"));
    assertTrue(r.getJsonObject("impact").getJsonObject("conciliation").getBoolean("hidden"));
    assertFalse(r.encode().contains("\"minutesDelivered\""), r.encode());
    JsonObject bySupervisor = ok(await(http.get("/api/v1/reports/companies/" + company + MARCH, supervisor)));
    assertEquals(2, bySupervisor.getJsonObject("totals").getLong("bookings"), "a supervisor sees the figures");
    assertProblem(await(http.get("/api/v1/reports/companies/" + company + "/export.csv" + MARCH, hr)), 403);
    assertProblem(await(http.get("/api/v1/reports/companies/" + company + "/export.xlsx" + MARCH, hr)), 403);
    assertProblem(await(http.get("/api/v1/reports/companies/" + UUID.randomUUID() + MARCH, hr)), 404);
    assertProblem(await(http.get("/api/v1/reports/network/all" + MARCH, hr)), 403);
  }

  @Test
  void eachRoleReadsOnlyItsOwnAndAForeignIdIsAnswredAsAnUnknownOne() {
    assertProblem(await(http.get("/api/v1/reports/providers/" + otherCoop + MARCH, admin)), 404);
    assertProblem(await(http.get("/api/v1/reports/providers/" + UUID.randomUUID() + MARCH, admin)), 404);
    assertProblem(await(http.get("/api/v1/reports/projects/" + project + MARCH, otherAdmin)), 404);
    assertProblem(await(http.get("/api/v1/reports/projects/" + project + "/export.csv" + MARCH, otherAdmin)), 404);
    assertProblem(await(http.get("/api/v1/reports/network/all" + MARCH, admin)), 403);
    assertProblem(await(http.get("/api/v1/reports/areas/elderly" + MARCH, admin)), 403);
    assertProblem(await(http.get("/api/v1/reports/municipalities/016024" + MARCH, admin)), 403);
    assertEquals(9, ok(await(http.get("/api/v1/reports/municipalities/016024" + MARCH, officer))).getJsonObject("totals").getLong("bookings"));
    assertProblem(await(http.get("/api/v1/reports/municipalities/028063" + MARCH, officer)), 404);
    assertProblem(await(http.get("/api/v1/reports/providers/" + coop + MARCH, officer)), 403);
    assertProblem(await(http.get("/api/v1/reports/providers/" + coop + MARCH, citizen)), 403);
    assertEquals(401, await(http.get("/api/v1/reports/providers/" + coop + MARCH, null)).statusCode());
    assertProblem(await(http.get("/api/v1/reports/planets/" + coop + MARCH, supervisor)), 404);
    assertProblem(await(http.get("/api/v1/reports/providers/not-a-uuid" + MARCH, supervisor)), 404);
    assertProblem(await(http.get("/api/v1/reports/network/all?from=2025-03-31&to=2025-03-01", supervisor)), 400);
    assertProblem(await(http.get("/api/v1/reports/network/all?from=2025-01-01&to=2026-02-05", supervisor)), 400);
    assertProblem(await(http.get("/api/v1/reports/network/all", supervisor)), 400);
    assertProblem(await(http.get("/api/v1/reports/network/all/export.xlsx?from=2025-01-01&to=2026-12-31", supervisor)), 400);
  }

  // ---- the files ----------------------------------------------------------------------------------

  @Test
  void theCsvHasOneRowPerBookingAndPseudonymsOnly() throws Exception {
    HttpResponse<Buffer> response = await(http.get("/api/v1/reports/providers/" + coop + "/export.csv" + MARCH, admin));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertTrue(response.getHeader("Content-Type").startsWith("text/csv"));
    assertEquals("attachment; filename=\"rapporto-providers-" + coop + "-2025-03-01-2025-03-31.csv\"",
        response.getHeader("Content-Disposition"));
    String text = response.bodyAsString("UTF-8");
    assertTrue(text.startsWith("\uFEFF"));
    for (String secret : List.of("RSSMRA40A01", "Utente", "rep.anziano", "BNCPLA90M10", people.get("old"))) {
      assertFalse(text.contains(secret), "no names, codici fiscali or account ids: " + secret);
    }
    List<CSVRecord> records = csv(text);
    assertEquals(9, records.size());
    CSVRecord first = records.get(0);
    assertEquals(List.of("2025-03-03", "Assistenza domiciliare anziani", "Anziani e fragilità", "Cooperativa 51515151515", "Bergamo",
        "Erogato", "60", "30,00", "Carta", "1"), first.toList().subList(0, 10));
    String oldInProvider = first.get(10);
    assertTrue(oldInProvider.matches("[A-Za-z0-9_-]{12}"), oldInProvider);
    assertEquals(oldInProvider, records.stream().filter(r -> r.get(0).equals("2025-03-24")).findFirst().orElseThrow().get(10),
        "the same person, the same id");
    assertEquals("Non presentato", records.stream().filter(r -> r.get(0).equals("2025-03-24")).findFirst().orElseThrow().get(5));
    assertEquals("Non registrato", records.stream().filter(r -> r.get(0).equals("2025-03-17")).findFirst().orElseThrow().get(5));
    assertEquals("Parziale", records.stream().filter(r -> r.get(0).equals("2025-03-20")).findFirst().orElseThrow().get(5));

    String again = csv(await(http.get("/api/v1/reports/providers/" + coop + "/export.csv" + MARCH, admin)).bodyAsString("UTF-8"))
        .get(0).get(10);
    assertEquals(oldInProvider, again, "stable across downloads");
    String oldInProject = csv(await(http.get("/api/v1/reports/projects/" + project + "/export.csv" + MARCH, admin)).bodyAsString("UTF-8"))
        .get(0).get(10);
    assertNotEquals(oldInProvider, oldInProject, "another scope's file gives the person another id");
    // Each export read through a cursor in a read-only transaction on a connection of its own: the
    // connection goes back to the pool with that transaction ended, or the next user inherits it.
    Waits.eventually("the exports' connections given back out of their transactions").untilAsserted(() ->
        assertEquals(0L, await(app.pool().query(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'")
            .execute()).iterator().next().getLong(0)));
  }

  @Test
  void theXlsxHoldsTheSameRowsCellByCell() throws Exception {
    HttpResponse<Buffer> response = await(http.get("/api/v1/reports/network/all/export.xlsx" + MARCH, supervisor));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.getHeader("Content-Type"));
    assertTrue(response.getHeader("Content-Disposition").endsWith(".xlsx\""));
    try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(response.body().getBytes()))) {
      Sheet sheet = workbook.getFirstSheet();
      assertEquals("Prenotazioni", sheet.getName());
      List<org.dhatim.fastexcel.reader.Row> all = sheet.read();
      assertEquals(11, all.size(), "the header and 10 bookings");
      assertEquals("Data", all.get(0).getCellText(0));
      assertEquals("Persona (pseudonimo)", all.get(0).getCellText(10));
      org.dhatim.fastexcel.reader.Row first = all.get(1);
      assertEquals(LocalDateTime.of(2025, 3, 3, 0, 0), first.getCellAsDate(0).orElseThrow());
      assertEquals("Assistenza domiciliare anziani", first.getCellText(1));
      assertEquals("Bergamo", first.getCellText(4));
      assertEquals("Erogato", first.getCellText(5));
      assertEquals(new BigDecimal("60"), first.getCellAsNumber(6).orElseThrow());
      assertEquals(0, new BigDecimal("30.00").compareTo(first.getCellAsNumber(7).orElseThrow()));
      assertEquals("Carta", first.getCellText(8));
      assertEquals(new BigDecimal("1"), first.getCellAsNumber(9).orElseThrow());
      assertTrue(first.getCellText(10).matches("[A-Za-z0-9_-]{12}"));
      org.dhatim.fastexcel.reader.Row padova = all.stream().filter(r -> "Fisioterapia".equals(r.getCellText(1))).findFirst().orElseThrow();
      assertEquals("Piazzola sul Brenta", padova.getCellText(4));
      assertEquals("Non registrato", padova.getCellText(5));
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private String person(String username, String first15, boolean employee) {
    UUID id = await(TestAccounts.create(vertx, app.pool(), username, "citizen"));
    if (first15 != null) {
      await(app.pool().preparedQuery("UPDATE accounts SET codice_fiscale = $2 WHERE id = $1")
          .execute(Tuple.of(id, first15 + CodiceFiscale.checkCharacter(first15))));
    }
    if (employee) {
      await(app.pool().preparedQuery("""
          WITH g AS (INSERT INTO employee_groups (company_id, name) SELECT company_id, 'Reparto ' || $2 FROM accounts WHERE username = 'rep.hr'
                     RETURNING company_id, id)
          INSERT INTO employees (account_id, company_id, group_id) SELECT $1, g.company_id, g.id FROM g""")
          .execute(Tuple.of(id, username)));
    }
    return id.toString();
  }

  private UUID service(UUID provider, String area, String title, String mode, String audience, String unit) {
    return uuid("""
        INSERT INTO services (provider_id, area, title, description, tariff_cents, tariff_unit, delivery_mode, audience, address)
        VALUES ('%s', '%s', '%s', 'Un servizio per le prove dei rapporti.', 3000, '%s', '%s', '%s', 'Via Roma 1, Bergamo')
        RETURNING id""".formatted(provider, area, title, unit, mode, audience));
  }

  /** A confirmed booking made {@code waitDays} before its start, with its delivery (outcome null: none recorded). */
  private MoneyRows.Booking booking(UUID service, String who, String start, String end, int places, int waitDays,
                                    String outcome, int minutes) {
    MoneyRows.Booking b = rows.booking(service, people.get(who), rome(start), rome(end), "confirmed", 3_000);
    await(app.pool().preparedQuery("UPDATE bookings SET places = $2, created_at = starts_at - make_interval(secs => $3 * 86400) WHERE id = $1")
        .execute(Tuple.of(b.id(), places, waitDays)));
    if (outcome != null) {
      await(app.pool().preparedQuery("""
          INSERT INTO delivery_records (booking_id, slot_id, provider_id, month, outcome, minutes, version, recorded_by)
          SELECT b.id, b.slot_id, s.provider_id, date_trunc('month', b.starts_at AT TIME ZONE 'Europe/Rome')::date, $2, $3, 1, 'test'
            FROM bookings b JOIN services s ON s.id = b.service_id WHERE b.id = $1""").execute(Tuple.of(b.id(), outcome, minutes)));
    }
    return b;
  }

  private UUID uuid(String sql) {
    return await(app.pool().query(sql).execute()).iterator().next().getUUID(0);
  }

  private static List<CSVRecord> csv(String text) throws Exception {
    try (CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(text.substring(1)))) {
      return parser.getRecords();
    }
  }

  private static List<String> keys(JsonArray cells) {
    return cells.stream().map(c -> ((JsonObject) c).getString("key")).toList();
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertTrue(response.getHeader("Content-Type").startsWith("application/problem+json"), response.getHeader("Content-Type"));
  }
}
