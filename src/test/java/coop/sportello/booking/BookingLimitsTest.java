package coop.sportello.booking;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.cluster.NodeBus;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Problem;
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

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One person cannot take every place (issue 17, point 5): each service limits the places of one
 * booking, the places one person has in a slot and in a day, and the holds one person keeps open;
 * PostgreSQL keeps the limits in the statement that takes the places, so neither parallel holds
 * nor a recurring series nor an operator booking for the person go around them.
 */
class BookingLimitsTest extends AppTestBase {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("database", new JsonObject().put("poolSize", 16));
  }

  private static final ZoneId ROME = ZoneId.of("Europe/Rome");
  /** A Monday far enough ahead for every service's notice, and the days of the week after it. */
  private static final LocalDate MONDAY = LocalDate.now(ROME).plusDays(3).with(TemporalAdjusters.next(DayOfWeek.MONDAY));

  private CatalogFixture catalog;
  private String operator;

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.limiti", "provider_admin"));
    await(TestAccounts.create(vertx, app.pool(), "operatore.limiti", "operator"));
    catalog = new CatalogFixture(http, await(http.accessToken("admin.limiti")));
    operator = await(http.accessToken("operatore.limiti"));
  }

  /** A new citizen of Bergamo (where the services are offered): id and token. */
  private String[] citizen(String username) {
    String id = await(TestAccounts.create(vertx, app.pool(), username, "citizen")).toString();
    return new String[] {id, await(http.accessToken(username))};
  }

  /**
   * A service at a place in Bergamo whose one room (25 places) opens every weekday of the week of
   * {@link #MONDAY} from 09:00 to 13:00 in one-hour slots; {@code body} says its limits.
   */
  private CatalogFixture.Service service(String title, CatalogFixture.ServiceBody body) {
    CatalogFixture.Service service = catalog.create(body);
    CatalogFixture.Resource room = service.resource("Sala " + title, "room", 25);
    for (int d = 0; d < 5; d++) {
      room.openOn(MONDAY.plusDays(d), "09:00", "13:00", 60);
    }
    return service;
  }

  private static CatalogFixture.ServiceBody body(String title) {
    return CatalogFixture.serviceBody("work_life", title, "Un servizio con posti contati per ogni persona.")
        .tariff(1000, "session").audience("adults").at("Via Pignolo 10, Bergamo");
  }

  private HttpResponse<Buffer> hold(String token, String slot, int places) {
    return await(http.post("/api/v1/bookings/holds", token, new JsonObject().put("slotId", slot).put("places", places)));
  }

  private static void assertLimit(HttpResponse<Buffer> refused, String limit, int max) {
    assertEquals(409, refused.statusCode(), refused.bodyAsString());
    JsonObject problem = refused.bodyAsJsonObject();
    assertEquals("/problems/place-limit", problem.getString("type"), problem.encode());
    assertEquals(limit, problem.getString("limit"), problem.encode());
    assertEquals(max, problem.getInteger("max"), problem.encode());
  }

  private int taken(String slot) {
    return await(app.pool().preparedQuery("SELECT taken FROM slots WHERE id = $1").execute(Tuple.of(UUID.fromString(slot))))
        .iterator().next().getInteger(0);
  }

  private String confirm(String token, HttpResponse<Buffer> held) {
    assertEquals(201, held.statusCode(), held.bodyAsString());
    String id = held.bodyAsJsonObject().getString("id");
    var confirmed = await(http.post("/api/v1/bookings/" + id + "/confirm", token, new JsonObject()));
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    return id;
  }

  @Test
  void aNewServiceHasSensibleDefaultsAndOnePersonCannotTakeAllTwentyFivePlaces() {
    CatalogFixture.Service service = service("Corso di cucito", body("Corso di cucito"));
    JsonObject policy = await(http.get("/api/v1/services/" + service.id(), null)).bodyAsJsonObject().getJsonObject("policy");
    assertEquals(4, policy.getInteger("maxPlacesPerBooking"));
    assertEquals(4, policy.getInteger("maxPlacesPerPersonSlot"));
    assertEquals(8, policy.getInteger("maxPlacesPerPersonDay"));
    assertEquals(3, policy.getInteger("maxOpenHoldsPerPerson"));
    String[] anna = citizen("anna.cucito");
    List<String> monday = service.slotsOn(MONDAY);

    assertLimit(hold(anna[1], monday.get(0), 25), "places-per-booking", 4);
    assertEquals(0, taken(monday.get(0)), "a refused hold takes nothing");

    confirm(anna[1], hold(anna[1], monday.get(0), 3));
    assertLimit(hold(anna[1], monday.get(0), 2), "places-per-slot", 4);
    confirm(anna[1], hold(anna[1], monday.get(0), 1));
    confirm(anna[1], hold(anna[1], monday.get(1), 4));
    assertLimit(hold(anna[1], monday.get(2), 1), "places-per-day", 8);
    assertEquals(4, taken(monday.get(0)));
    assertEquals(4, taken(monday.get(1)));
    assertEquals(0, taken(monday.get(2)));

    // Another day is another day; holds not yet confirmed are at most three at once.
    List<String> tuesday = service.slotsOn(MONDAY.plusDays(1));
    List<String> open = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      var held = hold(anna[1], tuesday.get(i), 1);
      assertEquals(201, held.statusCode(), held.bodyAsString());
      open.add(held.bodyAsJsonObject().getString("id"));
    }
    assertLimit(hold(anna[1], tuesday.get(3), 1), "open-holds", 3);
    assertEquals(200, await(http.post("/api/v1/bookings/" + open.get(0) + "/confirm", anna[1], new JsonObject())).statusCode());
    confirm(anna[1], hold(anna[1], tuesday.get(3), 1)); // a confirmed hold no longer counts as open
    for (String id : open.subList(1, 3)) {
      assertEquals(200, await(http.post("/api/v1/bookings/" + id + "/confirm", anna[1], new JsonObject())).statusCode());
    }

    // Someone else is not limited by Anna's places; the operator booking for Anna is.
    String[] bruno = citizen("bruno.cucito");
    assertEquals(201, hold(bruno[1], monday.get(0), 4).statusCode());
    var forAnna = await(http.post("/api/v1/bookings/holds", operator, new JsonObject().put("slotId", monday.get(3))
        .put("places", 1).put("forPerson", anna[0])));
    assertLimit(forAnna, "places-per-day", 8);
    // Cancelling gives the places back to the limits as well.
    String first = bookingsOf(anna[1]).stream().map(JsonObject.class::cast)
        .filter(b -> b.getString("slotId").equals(monday.get(1))).findFirst().orElseThrow().getString("id");
    assertEquals(200, await(http.post("/api/v1/bookings/" + first + "/cancel", anna[1], new JsonObject())).statusCode());
    assertEquals(201, await(http.post("/api/v1/bookings/holds", operator, new JsonObject().put("slotId", monday.get(3))
        .put("places", 1).put("forPerson", anna[0]))).statusCode());
  }

  private JsonArray bookingsOf(String token) {
    return await(http.get("/api/v1/bookings", token)).bodyAsJsonObject().getJsonArray("items");
  }

  /**
   * One person's holds, all sent at once; each answers the places it took (0 when a limit
   * refused it, anything else fails the test). Through HTTP they arrive on the event loops'
   * pipelined connections; {@code direct} sends them on the pool's 16 connections at once, so
   * that PostgreSQL runs as many side by side as it can.
   */
  private List<Integer> fire(String[] person, List<String> slots, int count, boolean direct, IntUnaryOperator places) {
    BookingService straight = new BookingService(app.pool(), new NodeBus(vertx), new BookingRepository(app.pool()),
        new WalletRepository(app.pool()), 300);
    Identity who = new Identity(person[0], Set.of(Role.CITIZEN), null, "Persona di prova", null, null, CatalogFixture.BERGAMO);
    List<Future<Integer>> attempts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String slot = slots.get(i % slots.size());
      int wanted = places.applyAsInt(i);
      attempts.add(direct
          ? straight.hold(who, UUID.fromString(slot), wanted, null, null, new Idempotency.Key(person[0],
                  UUID.randomUUID().toString(), Buffer.buffer(new byte[] {(byte) i})))
              .map(outcome -> outcome.body().getInteger("places"))
              .recover(e -> e instanceof Problem p && "/problems/place-limit".equals(p.toJson(null).getString("type"))
                  ? Future.succeededFuture(0) : Future.failedFuture(e))
          : http.post("/api/v1/bookings/holds", person[1], new JsonObject().put("slotId", slot).put("places", wanted))
              .map(answer -> {
                if (answer.statusCode() == 201) {
                  return answer.bodyAsJsonObject().getInteger("places");
                }
                assertEquals("/problems/place-limit", answer.bodyAsJsonObject().getString("type"), answer.bodyAsString());
                return 0;
              }));
    }
    await(Future.join(attempts));
    return attempts.stream().map(a -> {
      assertTrue(a.succeeded(), "only limits refuse: " + a.cause());
      return a.result();
    }).toList();
  }

  @Test
  void onePersonFiringManyParallelHoldsStaysWithinEveryLimit() {
    // Per booking 2, per slot 3, per day 7, and open holds enough not to bind: places decide.
    CatalogFixture.Service places = service("Ginnastica per la schiena", body("Ginnastica per la schiena").limits(2, 3, 7, 100));
    List<String> slots = places.slotsOn(MONDAY);
    // Open holds bind here: holds of one place over two days, at most 3 open at once.
    CatalogFixture.Service holds = service("Laboratorio di orto", body("Laboratorio di orto").limits(1, 10, 20, 3));
    List<String> twoDays = new ArrayList<>(holds.slotsOn(MONDAY));
    twoDays.addAll(holds.slotsOn(MONDAY.plusDays(1)));
    for (int round = 0; round < 6; round++) {
      boolean direct = round % 2 == 1;
      String[] carla = citizen("carla.parallela." + round);
      List<Integer> took = fire(carla, slots, 120, direct, i -> 1 + i % 2);
      int held = took.stream().mapToInt(Integer::intValue).sum();
      assertTrue(held >= 6, "the day's places were taken up to (nearly) its limit, not refused wholesale: " + held);
      assertEquals(held, livePlaces(carla[0], places.id()), "every hold answered is there");
      assertTrue(held <= 7, "round " + round + ": never more than 7 places in the day, not " + held);
      for (String slot : slots) {
        int mine = livePlacesIn(carla[0], slot);
        assertTrue(mine <= 3, "round " + round + ": never more than 3 places in one slot, not " + mine);
        assertEquals(taken(slot), livePlacesIn(null, slot), "the slot's counter agrees");
      }

      String[] dario = citizen("dario.parallelo." + round);
      long created = fire(dario, twoDays, 60, direct, i -> 1).stream().filter(n -> n > 0).count();
      assertEquals(3, created, "round " + round + ": exactly the three open holds the service allows");
      assertEquals(3, livePlaces(dario[0], holds.id()));
    }
  }

  private int livePlaces(String person, String service) {
    Row r = await(app.pool().preparedQuery("""
        SELECT coalesce(sum(places), 0) FROM bookings WHERE person = $1 AND service_id = $2 AND status IN ('held', 'confirmed')""")
        .execute(Tuple.of(person, UUID.fromString(service)))).iterator().next();
    return r.getLong(0).intValue();
  }

  /** The person's live places in the slot; everyone's when {@code person} is null. */
  private int livePlacesIn(String person, String slot) {
    Row r = await(app.pool().preparedQuery("""
        SELECT coalesce(sum(places), 0) FROM bookings
         WHERE ($1::text IS NULL OR person = $1) AND slot_id = $2 AND status IN ('held', 'confirmed')""")
        .execute(Tuple.of(person, UUID.fromString(slot)))).iterator().next();
    return r.getLong(0).intValue();
  }

  @Test
  void aRecurringSeriesCannotTakeTwentyFivePlacesOnEachDay() {
    CatalogFixture.Service service = service("Doposcuola settimanale", body("Doposcuola settimanale"));
    String[] elisa = citizen("elisa.serie");
    JsonObject series = new JsonObject().put("serviceId", service.id()).put("weekdays", new JsonArray().add(1).add(2).add(3))
        .put("start", "10:00").put("from", MONDAY.toString()).put("until", MONDAY.plusDays(4).toString()).put("places", 25);
    for (String mode : List.of("all_or_nothing", "skip_clashes")) {
      var refused = await(http.post("/api/v1/bookings/recurring", elisa[1], series.copy().put("mode", mode)));
      assertLimit(refused, "places-per-booking", 4);
    }
    var byOperator = await(http.post("/api/v1/bookings/recurring", operator, series.copy().put("forPerson", elisa[0])));
    assertLimit(byOperator, "places-per-booking", 4);
    assertEquals(0, livePlaces(elisa[0], service.id()), "nothing of the series was booked");

    // Within the limits the series is booked; a day already full for her is skipped, or refuses all or nothing.
    confirm(elisa[1], hold(elisa[1], service.slotsOn(MONDAY.plusDays(1)).get(0), 4));
    confirm(elisa[1], hold(elisa[1], service.slotsOn(MONDAY.plusDays(1)).get(2), 4));
    JsonObject fitting = series.copy().put("places", 2);
    assertLimit(await(http.post("/api/v1/bookings/recurring", elisa[1], fitting.copy().put("mode", "all_or_nothing"))),
        "places-per-day", 8);
    var skipped = await(http.post("/api/v1/bookings/recurring", elisa[1], fitting.copy().put("mode", "skip_clashes")));
    assertEquals(201, skipped.statusCode(), skipped.bodyAsString());
    assertEquals(2, skipped.bodyAsJsonObject().getJsonArray("booked").size());
    assertEquals(new JsonArray().add(new JsonObject().put("date", MONDAY.plusDays(1).toString()).put("clash", "place-limit")),
        skipped.bodyAsJsonObject().getJsonArray("skipped"));
  }

  private HttpResponse<Buffer> changeService(String id, JsonObject body) {
    return await(http.client().put("/api/v1/provider/services/" + id).bearerTokenAuthentication(await(http.accessToken("admin.limiti")))
        .putHeader("Idempotency-Key", UUID.randomUUID().toString()).sendJsonObject(body));
  }

  @Test
  void theProviderSetsTheLimitsWithTheOtherBookingRulesAndTheyMustBeInOrder() {
    CatalogFixture.Service service = service("Centro estivo per gruppi", body("Centro estivo per gruppi"));
    JsonObject changed = body("Centro estivo per gruppi").limits(20, 25, 25, 5).json();
    var put = changeService(service.id(), changed);
    assertEquals(200, put.statusCode(), put.bodyAsString());
    JsonObject policy = put.bodyAsJsonObject().getJsonObject("policy");
    assertEquals(20, policy.getInteger("maxPlacesPerBooking"));
    assertEquals(25, policy.getInteger("maxPlacesPerPersonSlot"));
    assertEquals(5, policy.getInteger("maxOpenHoldsPerPerson"));
    assertEquals(60, policy.getInteger("minNoticeMinutes"), "the other rules are kept");
    String[] scuola = citizen("scuola.gruppo");
    assertEquals(201, hold(scuola[1], service.slotsOn(MONDAY).get(0), 20).statusCode());

    var disordered = changeService(service.id(),
        body("Centro estivo per gruppi").limits(10, 5, 25, 5).json());
    assertEquals(422, disordered.statusCode(), disordered.bodyAsString());
    // Against the stored values too: a booking may not take more than a person may have in a day (25).
    var overDay = changeService(service.id(),
        body("Centro estivo per gruppi").policy(new JsonObject().put("maxPlacesPerPersonSlot", 30)).json());
    assertEquals(422, overDay.statusCode(), overDay.bodyAsString());
  }

  @Test
  void theWaitingLineTakesNoMorePlacesThanABookingMay() {
    CatalogFixture.Service service = catalog.create(body("Visita guidata"));
    service.resource("Gruppo visita", "group", 4).openOn(MONDAY, "15:00", "16:00", 60);
    String slot = service.slotsOn(MONDAY).get(0);
    String[] full = citizen("franca.piena");
    confirm(full[1], hold(full[1], slot, 4));
    String[] waiting = citizen("gino.attesa");
    assertLimit(await(http.post("/api/v1/bookings/waitlist", waiting[1], new JsonObject().put("slotId", slot).put("places", 5))),
        "places-per-booking", 4);
    assertEquals(201, await(http.post("/api/v1/bookings/waitlist", waiting[1], new JsonObject().put("slotId", slot)
        .put("places", 2))).statusCode());
    String[] next = citizen("ugo.attesa");
    assertEquals(201, await(http.post("/api/v1/bookings/waitlist", next[1], new JsonObject().put("slotId", slot))).statusCode());

    // While waiting, Gino keeps three holds open elsewhere: the freed places would be a fourth, so
    // his turn lapses and the next in line is offered them.
    service.resource("Gruppo pomeriggio", "group", 4).openOn(MONDAY, "16:00", "19:00", 60);
    List<String> later = service.slotsOn(MONDAY).stream().filter(s -> !s.equals(slot)).toList();
    for (String other : later) {
      assertEquals(201, hold(waiting[1], other, 1).statusCode());
    }
    String fullHold = bookingsOf(full[1]).getJsonObject(0).getString("id");
    assertEquals(200, await(http.post("/api/v1/bookings/" + fullHold + "/cancel", full[1], new JsonObject())).statusCode());
    assertEquals(0, livePlacesIn(waiting[0], slot), "no offer beyond his limits");
    assertEquals("lapsed", await(app.pool().preparedQuery("SELECT status FROM waitlist_entries WHERE person = $1")
        .execute(Tuple.of(waiting[0]))).iterator().next().getString(0));
    assertEquals(1, livePlacesIn(next[0], slot), "the next in line got the offer");
  }
}
