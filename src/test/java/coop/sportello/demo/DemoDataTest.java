package coop.sportello.demo;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo networks load completely, and every printed demo login works. */
class DemoDataTest extends AppTestBase {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("demoData", "on");
  }

  private long count(String sql) {
    return await(app.pool().query(sql).execute()).iterator().next().getLong(0);
  }

  @Test
  void theSeedNetworksAreThere() {
    assertTrue(count("SELECT count(*) FROM providers") >= 12);
    for (String province : new String[] {"BG", "PD", "MO", "CR"}) {
      assertTrue(count("SELECT count(*) FROM providers p JOIN municipalities m ON m.istat_code = p.municipality "
          + "WHERE m.province = '" + province + "'") >= 2, "cooperatives in " + province);
    }
    for (String town : new String[] {"Piazzola sul Brenta", "Campodoro", "Campo San Martino", "Limena", "Villafranca Padovana"}) {
      assertEquals(1, count("SELECT count(*) FROM municipalities WHERE name = '" + town + "'"), town);
    }
    long services = count("SELECT count(*) FROM services");
    assertTrue(services >= 55 && services <= 80, "about 60 services, got " + services);
    Map<String, Long> perArea = new HashMap<>();
    for (Row r : await(app.pool().query("SELECT area, count(*) FROM services GROUP BY area").execute())) {
      perArea.put(r.getString(0), r.getLong(1));
    }
    assertEquals(6, perArea.size(), perArea.toString());
    // The five welfare areas have many services each; culture and leisure has the abbey's visits.
    perArea.forEach((area, n) -> assertTrue(n >= ("culture".equals(area) ? 1 : 8), area + " has " + n));
    assertEquals(0, count("SELECT count(*) FROM services s WHERE s.delivery_mode <> 'online' "
        + "AND NOT EXISTS (SELECT 1 FROM service_municipalities sm WHERE sm.service_id = s.id)"),
        "every in-person service names the municipalities it serves");
    assertEquals(3, count("SELECT count(*) FROM companies"));
    assertEquals(0, count("SELECT count(*) FROM employee_groups g WHERE NOT EXISTS "
        + "(SELECT 1 FROM welfare_plans p WHERE p.group_id = g.id)"), "every group has a welfare plan");
    assertTrue(count("SELECT count(*) FROM employees") >= 9);
  }

  @Test
  void everyDemoPersonLivesWhereTheDemoHasInPersonServicesForThem() {
    // In-person services are for residents (V17): each demo citizen finds some where they live,
    // each demo employee some payable with welfare credit (what the kiosk offers them).
    for (Row r : await(app.pool().query("""
        SELECT a.username, (SELECT count(*) FROM services s WHERE s.delivery_mode <> 'online'
                              AND booking_residency_ok(a.id::text, s.id)
                              AND (NOT 'employee' = ANY (a.roles) OR s.welfare_letter IS NOT NULL))
          FROM accounts a WHERE a.roles && ARRAY['citizen', 'employee']""").execute())) {
      assertTrue(r.getLong(1) >= 3, r.getString(0) + " has " + r.getLong(1) + " in-person services where they live");
    }
    assertTrue(count("SELECT count(*) FROM services WHERE max_places_per_booking < 4") >= 10,
        "the demo sets its own per-person limits where the defaults do not fit");
  }

  @Test
  void everyDemoLoginWorksWithItsRole() {
    assertEquals(11, app.demoLogins().size(), "one per role");
    for (DemoData.DemoLogin login : app.demoLogins()) {
      if (login.role().equals("kiosk")) {
        var kiosk = await(http.client().post("/api/v1/auth/kiosk")
            .sendJsonObject(new JsonObject().put("credential", login.secret())));
        assertEquals(200, kiosk.statusCode(), kiosk.bodyAsString());
        continue;
      }
      JsonObject pair = await(http.login(login.username(), login.secret()));
      assertTrue(pair.getJsonObject("identity").getJsonArray("roles").contains(login.role()), login.toString());
    }
  }

  @Test
  void theAbbeyOfChiaravallesGuidedVisitsAreSoldByTicketOnWeekends() {
    String abbey = "(SELECT id FROM services WHERE title = 'Visita guidata all''Abbazia di Chiaravalle')";
    assertEquals(4L, count("SELECT count(*) FROM ticket_types WHERE NOT retired AND service_id = " + abbey), "intero, ridotto, gratuito, gruppo");
    assertEquals(1L, count("SELECT count(*) FROM services WHERE area = 'culture' AND id = " + abbey), "in culture and leisure");
    Waits.eventually("the abbey's visits").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertTrue(count("SELECT count(*) FROM slots WHERE service_id = " + abbey + " AND capacity = 25 "
            + "AND extract(isodow FROM starts_at AT TIME ZONE 'Europe/Rome') IN (6, 7)") >= 4, "weekend visits to buy tickets for"));
    assertEquals(0L, count("SELECT count(*) FROM slots WHERE service_id = " + abbey
        + " AND extract(isodow FROM starts_at AT TIME ZONE 'Europe/Rome') NOT IN (6, 7)"), "visits on Saturdays and Sundays only");
    assertEquals(0L, count("SELECT count(*) FROM bookings b WHERE b.service_id = " + abbey
        + " AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.booking_id = b.id)"), "no purchase without its tickets");
    assertEquals(0L, count("SELECT count(*) FROM bookings b WHERE b.service_id = " + abbey
        + " AND b.places <> (SELECT count(*) FROM tickets t WHERE t.booking_id = b.id)"), "a ticket per place");
    assertEquals(0L, count("SELECT count(*) FROM slots s WHERE s.service_id = " + abbey
        + " AND s.taken <> (SELECT coalesce(sum(places), 0) FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('held', 'confirmed'))"),
        "the past visits' seats are their purchases'");
    long sold = count("SELECT count(*) FROM tickets t JOIN bookings b ON b.id = t.booking_id WHERE b.service_id = " + abbey
        + " AND b.ends_at < now()");
    long admitted = count("SELECT count(*) FROM tickets t JOIN bookings b ON b.id = t.booking_id WHERE b.service_id = " + abbey
        + " AND b.ends_at < now() AND t.admitted_at IS NOT NULL");
    assertTrue(sold >= 40 && admitted > sold / 2 && admitted < sold, "the last weekends' visits: " + admitted + " of " + sold + " came");
    assertEquals(1L, count("SELECT count(*) FROM accounts a WHERE a.username = 'cittadino' AND booking_residency_ok(a.id::text, " + abbey + ")"),
        "the demo citizen may buy them");
  }

  @Test
  void theDemoSchedulesBecomeBookableSlotsAfterStartUp() {
    Waits.eventually("the demo slots").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      long servicesWithSlots = count("SELECT count(DISTINCT service_id) FROM slots");
      assertTrue(servicesWithSlots >= 55, "most demo services have slots (camps open in June): " + servicesWithSlots);
    });
    var hits = await(http.get("/api/v1/services?q=assistenza%20domiciliare&municipality=028063", null)).bodyAsJsonObject();
    assertTrue(hits.getLong("total") > 0, "home care for Piazzola sul Brenta residents");
  }

  @Test
  void theDemoEmployeeHasARequestToPayWithHisCreditThatTheCatalogsSlotsKeep() {
    String employee = await(http.login("dipendente", "sportello-demo")).getString("accessToken");
    var consents = await(http.get("/api/v1/welfare/consents", employee)).bodyAsJsonObject().getJsonArray("items");
    assertEquals(1, consents.size(), consents.encode());
    JsonObject request = consents.getJsonObject(0);
    assertEquals("pending", request.getString("status"), "the portal shows a request waiting for him");
    assertEquals("Federica Colombo", request.getString("requestedByName"));
    Waits.eventually("the demo slots").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertTrue(count("SELECT count(*) FROM slots WHERE service_id = '50000000-0000-4000-8000-000000000038'") > 1));
    assertEquals(0, count("""
        SELECT count(*) FROM slots s JOIN bookings b ON b.code = 'CQNFERMA'
         WHERE s.resource_id = b.resource_id AND s.id <> b.slot_id AND s.starts_at = b.starts_at"""),
        "the generated slots keep the demo booking's slot rather than adding another");
  }

  @Test
  void theDemoCooperativeHasPastDaysWithDeliveriesRecordedAndOneStillToRecord() {
    DemoData.DemoLogin admin = app.demoLogins().stream().filter(l -> l.role().equals("provider_admin")).findFirst().orElseThrow();
    String token = await(http.login(admin.username(), admin.secret())).getString("accessToken");
    List<String> days = new ArrayList<>();
    await(app.pool().query("""
        SELECT DISTINCT (starts_at AT TIME ZONE 'Europe/Rome')::date::text FROM bookings WHERE code LIKE 'DMNDRG%'""").execute())
        .forEach(r -> days.add(r.getString(0)));
    assertFalse(days.isEmpty(), "the demo's past bookings");
    List<String> outcomes = new ArrayList<>();
    for (String day : days) {
      var answer = await(http.get("/api/v1/provider/day?date=" + day, token));
      assertEquals(200, answer.statusCode(), answer.bodyAsString());
      answer.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
          .filter(i -> i.getString("code").startsWith("DMNDRG"))
          .forEach(i -> outcomes.add(i.getJsonObject("delivery") == null ? "none" : i.getJsonObject("delivery").getString("outcome")));
    }
    assertEquals(List.of("delivered", "no_show", "none", "partial"), outcomes.stream().sorted().toList());
    assertEquals(3, count("SELECT count(*) FROM delivery_history h JOIN bookings b ON b.id = h.booking_id WHERE b.code LIKE 'DMNDRG%'"));
  }

  @Test
  void theDemoCooperativeHasProjectsWithTheirUseAndAStaffAccountThatSeesTheDay() {
    DemoData.DemoLogin admin = app.demoLogins().stream().filter(l -> l.role().equals("provider_admin")).findFirst().orElseThrow();
    String token = await(http.login(admin.username(), admin.secret())).getString("accessToken");
    var answer = await(http.get("/api/v1/provider/projects", token));
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    List<JsonObject> projects = answer.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast).toList();
    assertEquals(2, projects.size(), answer.bodyAsString());
    assertTrue(projects.stream().anyMatch(p -> p.getInteger("usedPercent") > 0 || p.getJsonObject("use").getLong("minutes") > 0),
        "the demo's recorded deliveries count against a project: " + answer.bodyAsString());

    DemoData.DemoLogin staff = app.demoLogins().stream().filter(l -> l.role().equals("provider_staff")).findFirst().orElseThrow();
    String staffToken = await(http.login(staff.username(), staff.secret())).getString("accessToken");
    String day = await(app.pool().query("""
        SELECT (starts_at AT TIME ZONE 'Europe/Rome')::date::text FROM bookings WHERE code = 'DMNDRG34'""").execute())
        .iterator().next().getString(0);
    var seen = await(http.get("/api/v1/provider/day?date=" + day, staffToken));
    assertEquals(200, seen.statusCode(), seen.bodyAsString());
    assertTrue(seen.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
        .anyMatch(i -> i.getString("code").equals("DMNDRG34") && i.getJsonObject("project") != null), seen.bodyAsString());
    assertEquals(403, await(http.get("/api/v1/provider/projects", staffToken)).statusCode());
  }

  @Test
  void homeCareAsksForWhomAndWhereAndTheDemoCooperativeSeesAnswersOnTheFirstRun() {
    assertEquals(0, count("""
        SELECT count(*) FROM services s WHERE s.delivery_mode = 'at_home' AND NOT EXISTS (
          SELECT 1 FROM service_intake_questions q WHERE q.service_id = s.id AND q.kind = 'address' AND q.required)"""),
        "every at-home service asks where, required");
    assertEquals(0, count("SELECT count(*) FROM service_intake_questions q JOIN services s ON s.id = q.service_id "
        + "WHERE s.delivery_mode <> 'at_home' AND q.required"), "in person and online nothing is required");
    DemoData.DemoLogin admin = app.demoLogins().stream().filter(l -> l.role().equals("provider_admin")).findFirst().orElseThrow();
    String token = await(http.login(admin.username(), admin.secret())).getString("accessToken");
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Rome"));
    var page = await(http.get("/api/v1/provider/bookings?from=" + today + "&to=" + today.plusDays(40), token));
    assertEquals(200, page.statusCode(), page.bodyAsString());
    long withAnswers = page.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(b -> b.getJsonObject("intake").containsKey("beneficiary")).count();
    assertTrue(withAnswers >= 2, page.bodyAsString());
    assertEquals(4, count("SELECT count(*) FROM bookings WHERE code LIKE 'DMNDAC%' AND intake_beneficiary IS NOT NULL"));
  }

  @Test
  void demoPeopleHaveAnAddressToBeToldAtAndTheDemoCitizenChoseSmsWithQuietHours() {
    // The made-up people of the year of history (storico.N) have no address: they are never written to.
    assertEquals(0, count("SELECT count(*) FROM accounts WHERE roles && ARRAY['citizen', 'employee'] "
        + "AND username NOT LIKE 'storico.%' AND (email IS NULL OR email NOT LIKE '%.example.org')"),
        "every demo citizen and employee who signs in has an example.org address");
    String citizen = await(http.login("cittadino", "sportello-demo")).getString("accessToken");
    JsonObject preferences = await(http.get("/api/v1/me/notification-preferences", citizen)).bodyAsJsonObject();
    assertEquals("giulia.mazzoleni@cittadini.example.org", preferences.getString("email"));
    assertEquals("+393471234567", preferences.getString("phone"));
    assertEquals(new JsonArray().add("email").add("sms"), preferences.getJsonArray("channels"));
    assertEquals("22:00", preferences.getString("quietFrom"));
    assertEquals("07:00", preferences.getString("quietUntil"));
    assertEquals(0, count("SELECT count(*) FROM providers WHERE reply_to_email IS NULL OR reply_to_email !~ '^info@[a-z]+[.]example[.]org$'"),
        "replies to messages about a cooperative's service reach the cooperative");
    assertEquals(count("SELECT count(*) FROM providers"), count("SELECT count(DISTINCT reply_to_email) FROM providers"));
  }

  @Test
  void piazzolaSulBrentaIsAComuneWithAMunicipalServiceAccreditedShopsAndAnOfficerWhoSignsIn() {
    JsonObject officer = await(http.login("funzionario.piazzola", "sportello-demo"));
    assertEquals(new JsonArray().add("municipal_officer"), officer.getJsonObject("identity").getJsonArray("roles"));
    JsonObject comune = await(http.get("/api/v1/comune", officer.getString("accessToken"))).bodyAsJsonObject();
    assertEquals("Comune di Piazzola sul Brenta", comune.getJsonObject("comune").getString("name"));
    assertEquals("028063", comune.getJsonObject("municipality").getString("code"));

    var meals = await(http.get("/api/v1/services?q=pasti&municipality=028063&providerKind=municipality", null)).bodyAsJsonObject();
    assertEquals(1, meals.getLong("total"), meals.encode());
    JsonObject provider = meals.getJsonArray("items").getJsonObject(0).getJsonObject("provider");
    assertEquals("municipality", provider.getString("kind"));
    assertEquals("Comune di Piazzola sul Brenta", provider.getString("name"));

    JsonArray shops = await(http.get("/api/v1/municipalities/028063/shops", null)).bodyAsJsonObject().getJsonArray("items");
    assertEquals(java.util.Set.of("groceries", "pharmacy", "bakery"),
        shops.stream().map(s -> ((JsonObject) s).getString("category")).collect(java.util.stream.Collectors.toSet()));
    assertTrue(shops.stream().allMatch(s -> ((JsonObject) s).getString("address").contains("Piazzola sul Brenta")));
    for (String shopkeeper : new String[] {"negozio.alimentari", "negozio.farmacia", "negozio.panificio"}) {
      String token = await(http.login(shopkeeper, "sportello-demo")).getString("accessToken");
      JsonObject own = await(http.get("/api/v1/provider/accreditations", token)).bodyAsJsonObject();
      assertEquals("shop", own.getJsonObject("provider").getString("kind"), shopkeeper);
      assertEquals("028063", own.getJsonArray("items").getJsonObject(0).getJsonObject("municipality").getString("code"));
    }
    JsonObject resident = await(http.login("cittadina.piazzola", "sportello-demo"));
    assertEquals("028063", resident.getJsonObject("identity").getString("municipality"), resident.encode());
    assertEquals(1, count("SELECT count(*) FROM accounts WHERE username = 'cittadina.piazzola' AND codice_fiscale = 'TNLFNC79E52G587R'"));
    assertTrue(coop.sportello.platform.domain.CodiceFiscale.isValid("TNLFNC79E52G587R"));
  }

  @Test
  void theDemoCarriesAYearOfDeliveredAndPaidHistoryWithEveryMoneyMovementInItsLedger() {
    assertTrue(count("SELECT count(*) FROM accounts WHERE username LIKE 'storico.%'") >= 300, "the people of the year");
    assertTrue(count("SELECT count(*) FROM bookings WHERE code ~ '^[WXY3]'") >= 2500, "the year's bookings");
    assertTrue(count("""
        SELECT count(DISTINCT date_trunc('month', starts_at AT TIME ZONE 'Europe/Rome')) FROM bookings
         WHERE starts_at < now() - interval '300 days'""") >= 1, "the history reaches back most of a year");
    assertEquals(0, count("""
        SELECT count(*) FROM slots s
         WHERE s.taken <> (SELECT coalesce(sum(b.places), 0) FROM bookings b WHERE b.slot_id = s.id AND b.status = 'confirmed')
           AND s.starts_at < now() AND EXISTS (SELECT 1 FROM bookings b WHERE b.slot_id = s.id AND b.code ~ '^[WXY3]')"""),
        "a past slot's places taken are its confirmed bookings' places");
    assertTrue(count("SELECT count(DISTINCT outcome) FROM delivery_records") == 3, "delivered, partial and no-show");
    assertTrue(count("SELECT count(*) FROM delivery_periods") >= 10, "months closed");
    assertEquals(0, count("""
        SELECT count(*) FROM bookings b WHERE b.status = 'confirmed' AND b.ends_at < now() - interval '1 day'
           AND b.code ~ '^[WXY3]' AND NOT EXISTS (SELECT 1 FROM delivery_records d WHERE d.booking_id = b.id)"""),
        "every past confirmed booking of the year has its delivery");
    assertEquals(3, count("SELECT count(DISTINCT method) FROM payments WHERE created_by IN (SELECT id::text FROM accounts WHERE username LIKE 'storico.%')"),
        "welfare credit, card and at the provider");
    assertEquals(0, count("""
        SELECT count(*) FROM payments p WHERE p.state = 'completed'
           AND NOT EXISTS (SELECT 1 FROM money_ledger l WHERE l.payment_id = p.id AND l.kind = 'payment')"""),
        "every payment has its ledger row");
    assertEquals(0, count("""
        SELECT count(*) FROM wallets w
         WHERE w.balance_cents <> (SELECT sum(l.amount_cents) FROM wallet_ledger l WHERE l.account_id = w.account_id AND l.plan_id = w.plan_id)"""),
        "every wallet's balance is the sum of its ledger");
    assertEquals(0, count("""
        SELECT count(*) FROM accounts a WHERE a.username LIKE 'storico.%'
           AND (a.email IS NOT NULL OR a.phone IS NOT NULL OR a.password_hash IS NOT NULL)"""),
        "made-up people cannot sign in and are never written to");
  }

  @Test
  void theSupervisorSeesAMonthOfFrontDeskContactsWithTheirOutcomes() {
    DemoData.DemoLogin supervisor = app.demoLogins().stream().filter(l -> l.role().equals("supervisor")).findFirst().orElseThrow();
    String token = await(http.login(supervisor.username(), supervisor.secret())).getString("accessToken");
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Rome"));
    var answer = await(http.get("/api/v1/frontdesk/contacts?from=" + today.minusDays(30) + "&to=" + today.minusDays(1), token));
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    for (Object o : answer.bodyAsJsonObject().getJsonArray("channels")) {
      JsonObject channel = (JsonObject) o;
      String name = channel.getString("channel");
      assertTrue(channel.getLong("answered") > 20 && channel.getLong("abandoned") > 0, name + ": " + channel.encode());
      assertTrue(channel.getLong("recorded") > channel.getLong("notRecorded") && channel.getLong("notRecorded") > 0,
          name + ": most handled contacts recorded, some not: " + channel.encode());
    }
    List<String> outcomes = answer.bodyAsJsonObject().getJsonArray("outcomes").stream()
        .map(o -> ((JsonObject) o).getString("outcome")).distinct().sorted().toList();
    assertEquals(List.of("booking", "callback", "information", "other"), outcomes);
    assertEquals(0, count("""
        SELECT count(*) FROM contact_outcomes o WHERE o.channel = 'call'
           AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.id = o.contact_id AND c.answered_at IS NOT NULL
                             AND c.operator = o.recorded_by AND c.arrived_at = o.contact_at)"""),
        "every call's outcome recorded by the operator who answered it, dated by its arrival");
    assertEquals(0, count("""
        SELECT count(*) FROM contact_outcomes o WHERE o.channel = 'chat'
           AND NOT EXISTS (SELECT 1 FROM chat_events e JOIN chat_conversations c ON c.id = e.conversation_id
                            WHERE c.id::text = o.contact_id AND e.kind = 'accepted' AND e.author = o.recorded_by
                              AND c.queued_at = o.contact_at)"""),
        "every chat's outcome recorded by the manager who accepted it, dated by its queueing");
  }

  @Test
  void theDemoSurveyHasResultsForHrAndADemandBesideIlGermogliosOffer() {
    String hr = await(http.login("hr.admin", "sportello-demo")).getString("accessToken");
    JsonObject survey = await(http.get("/api/v1/surveys", hr)).bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertEquals(12, survey.getLong("answers"));
    JsonObject results = await(http.get("/api/v1/surveys/" + survey.getString("id") + "/results", hr)).bodyAsJsonObject();
    JsonObject areas = results.getJsonObject("areas");
    JsonObject childhood = areas.getJsonArray("rows").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("code").equals("childhood")).findFirst().orElseThrow();
    assertEquals(9, childhood.getJsonObject("total").getLong("count"), results.encodePrettily());
    JsonObject elderly = areas.getJsonArray("rows").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("code").equals("elderly")).findFirst().orElseThrow();
    assertTrue(elderly.getJsonObject("total").getBoolean("hidden"), "three people in Dalmine are not shown");
    assertTrue(results.getBoolean("freeTextsShown"));
    String employee = await(http.login("dipendente", "sportello-demo")).getString("accessToken");
    JsonObject open = await(http.get("/api/v1/me/surveys", employee)).bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertFalse(open.getBoolean("answered"), "the demo employee can still answer");
    String admin = await(http.login("admin.cooperativa", "sportello-demo")).getString("accessToken");
    JsonObject bergamo = await(http.get("/api/v1/provider/demand", admin)).bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(i -> i.getString("area").equals("childhood") && i.getString("municipality").equals("016024"))
        .findFirst().orElseThrow();
    assertEquals(9, bergamo.getLong("answers"));
  }

  @Test
  void aYearOfHistoryFillsTheReportsOfTheNetworkAndOfTheDemoCooperative() {
    String supervisor = await(http.login("supervisore", "sportello-demo")).getString("accessToken");
    String period = "?from=" + java.time.LocalDate.now().minusDays(364) + "&to=" + java.time.LocalDate.now();
    var network = await(http.get("/api/v1/reports/network/all" + period, supervisor));
    assertEquals(200, network.statusCode(), network.bodyAsString());
    JsonObject totals = network.bodyAsJsonObject().getJsonObject("totals");
    assertTrue(totals.getLong("bookings") > 300, totals.encode());
    assertTrue(totals.getLong("servicesDelivered") > 200, totals.encode());
    assertTrue(totals.getLong("noShows") > 0, totals.encode());
    assertTrue(network.bodyAsJsonObject().getJsonArray("byMonth").size() >= 11, "a year by month");
    DemoData.DemoLogin admin = app.demoLogins().stream().filter(l -> l.role().equals("provider_admin")).findFirst().orElseThrow();
    String token = await(http.login(admin.username(), admin.secret())).getString("accessToken");
    var choices = await(http.get("/api/v1/reports", token)).bodyAsJsonObject().getJsonArray("items");
    JsonObject own = choices.getJsonObject(0);
    var report = await(http.get("/api/v1/reports/" + own.getString("scope") + "/" + own.getString("id") + period, token));
    assertEquals(200, report.statusCode(), report.bodyAsString());
    assertTrue(report.bodyAsJsonObject().getJsonObject("totals").getLong("minutesDelivered") > 0, report.bodyAsString());
    assertTrue(network.bodyAsJsonObject().getJsonArray("amountsByChannel").stream().map(JsonObject.class::cast)
        .filter(c -> c.getLong("cents", 0L) > 0).count() >= 3, "welfare credit, card and at the provider: " + network.bodyAsString());
  }

  @Test
  void seedingTwiceChangesNothing() {
    long before = count("SELECT count(*) FROM accounts");
    await(DemoData.seedIfEmpty(vertx, app.pool()));
    assertEquals(before, count("SELECT count(*) FROM accounts"));
  }
}
