package coop.sportello.events;

import coop.sportello.catalog.CatalogFixture;
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

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static coop.sportello.testing.Responses.assertProblem;
import static coop.sportello.testing.Responses.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Events sold as tickets over HTTP, on a real PostgreSQL (issue 24): the organiser's ticket types,
 * a purchase of several types held and paid together with one ticket per person, never more tickets
 * than seats, and the door admitting each ticket once, even from two doors at the same moment.
 */
class EventsTest extends AppTestBase {

  private static final ZoneId ROME = EventsFixture.ROME;
  private static final LocalDate DAY = EventsFixture.DAY;

  private EventsFixture f;
  private String admin;
  private String otherAdmin;
  private String buyer;
  private String serviceId;
  private String slot;
  private String laterSlot;

  @BeforeAll
  void anAbbeyVisitWithTicketTypes() {
    f = EventsFixture.create(vertx, app.pool(), http, "ev", 20);
    await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "ev.altro", "43434343434"));
    otherAdmin = await(http.accessToken("ev.altro"));
    admin = f.admin;
    buyer = f.buyer;
    serviceId = f.serviceId;
    slot = f.slot;
    laterSlot = f.laterSlot;
  }

  private HttpResponse<Buffer> type(String code, String label, int cents, String who, Integer underAge, Integer minGroup) {
    return f.type(code, label, cents, who, underAge, minGroup);
  }

  /** A new event of the abbey's cooperative, for adults, booked by places until it has ticket types: one time on DAY. */
  private CatalogFixture.Service event(String title, String description, int tariffCents, String room, int seats,
                                       String opens, String closes) {
    CatalogFixture.Service event = new CatalogFixture(http, admin).create(CatalogFixture.serviceBody("education", title, description)
        .tariff(tariffCents, "place").audience("adults").at("Via Tasso 4, Bergamo").withoutPersonalLimits());
    event.resource(room, "room", seats).openOn(DAY, opens, closes,
        (int) Duration.between(LocalTime.parse(opens), LocalTime.parse(closes)).toMinutes());
    return event;
  }

  private HttpResponse<Buffer> addType(CatalogFixture.Service event, String code, String label, int cents) {
    return await(http.post("/api/v1/provider/services/" + event.id() + "/ticket-types", admin,
        new JsonObject().put("code", code).put("label", label).put("priceCents", cents)));
  }

  private HttpResponse<Buffer> purchase(String slotId, JsonObject tickets) {
    return f.purchase(slotId, tickets);
  }

  private JsonObject bought(String slotId) {
    return f.bought(slotId);
  }

  private List<String> codesOf(String bookingId) {
    return f.codesOf(bookingId);
  }

  private void today(String bookingId) {
    f.today(bookingId);
  }

  private void moveTo(String bookingId, LocalDate day, String time) {
    f.moveTo(bookingId, day, time);
  }

  private JsonObject scan(String token, String code, String device, String key) {
    HttpResponse<Buffer> r = await(http.post("/api/v1/door/admissions", token, new JsonObject().put("code", code).put("device", device),
        key));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  @Test
  void buyersSeeTheTicketTypesAndTheirPrices() {
    JsonArray items = ok(await(http.get("/api/v1/events/" + serviceId + "/ticket-types", null))).getJsonArray("items");
    assertEquals(List.of("intero", "ridotto", "gratuito", "gruppo"), items.stream().map(o -> ((JsonObject) o).getString("code")).toList());
    assertEquals("Over 65 e studenti, con un documento", items.getJsonObject(1).getString("whoQualifies"));
    assertEquals(6, items.getJsonObject(2).getInteger("underAge"));
    assertEquals(10, items.getJsonObject(3).getInteger("minGroup"));
  }

  @Test
  void twoInteroAndOneRidottoAreOnePurchaseOfThreeTickets() {
    HttpResponse<Buffer> held = purchase(laterSlot, new JsonObject().put("intero", 2).put("ridotto", 1));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    JsonObject booking = held.bodyAsJsonObject();
    assertEquals(3, booking.getInteger("places"));
    assertEquals(3_200, booking.getInteger("priceCents"));
    JsonArray mine = ok(await(http.get("/api/v1/tickets", buyer))).getJsonArray("items");
    List<JsonObject> ours = mine.stream().map(o -> (JsonObject) o).filter(t -> t.getString("bookingId").equals(booking.getString("id"))).toList();
    assertEquals(List.of("Intero", "Intero", "Ridotto"), ours.stream().map(t -> t.getString("type")).toList());
    assertEquals(List.of("held", "held", "held"), ours.stream().map(t -> t.getString("status")).toList());
    Set<String> codes = new HashSet<>(ours.stream().map(t -> t.getString("code")).toList());
    assertEquals(3, codes.size(), "a code per ticket");
    codes.forEach(c -> assertTrue(c.matches("^[0-9A-HJKMNP-TV-Z]{12}$"), c));

    HttpResponse<Buffer> paid = await(http.post("/api/v1/bookings/" + booking.getString("id") + "/confirm", buyer,
        new JsonObject().put("payment", new JsonObject().put("rest", "at_provider"))));
    assertEquals(200, paid.statusCode(), paid.bodyAsString());
    assertEquals(List.of("confirmed", "confirmed", "confirmed"), ok(await(http.get("/api/v1/tickets", buyer))).getJsonArray("items")
        .stream().map(o -> (JsonObject) o).filter(t -> t.getString("bookingId").equals(booking.getString("id")))
        .map(t -> t.getString("status")).toList());

    // The buyer's own calendar carries each ticket's code (what the door takes typed); the room's never does.
    String feed = created(await(http.post("/api/v1/me/calendar-feed", buyer, new JsonObject()))).getString("httpsUrl");
    String calendar = await(http.get(java.net.URI.create(feed).getRawPath(), null)).bodyAsString().replace("\r\n ", "");
    for (String code : codes) {
      assertTrue(calendar.contains(code), calendar);
    }
    assertTrue(calendar.contains("Biglietti: Intero"), calendar);
    String resource = one("SELECT resource_id::text FROM bookings WHERE id = '" + booking.getString("id") + "'");
    String roomFeed = created(await(http.post("/api/v1/provider/resources/" + resource + "/calendar-feed", admin, new JsonObject())))
        .getString("httpsUrl");
    String room = await(http.get(java.net.URI.create(roomFeed).getRawPath(), null)).bodyAsString().replace("\r\n ", "");
    assertTrue(room.contains(booking.getString("code")), "the booking is in the room's calendar");
    codes.forEach(c -> assertFalse(room.contains(c), "but not its tickets' codes"));
  }

  private static JsonObject created(HttpResponse<Buffer> response) {
    assertEquals(201, response.statusCode(), response.bodyAsString());
    return response.bodyAsJsonObject();
  }

  private String one(String sql) {
    return await(app.pool().query(sql).execute()).iterator().next().getString(0);
  }

  @Test
  void badOrdersAreRefusedAndNothingIsHeld() {
    assertProblem(purchase(laterSlot, new JsonObject().put("vip", 1)), 422, "unknown-ticket-type");
    assertProblem(purchase(laterSlot, new JsonObject().put("gruppo", 9)), 422, "group-too-small");
    assertProblem(purchase(laterSlot, new JsonObject().put("intero", 0)), 422, "no-tickets");
    assertProblem(purchase(laterSlot, new JsonObject().put("intero", -1)), 422, "validation");
    assertProblem(purchase(laterSlot, new JsonObject().put("intero", "due")), 422, "validation");
    assertProblem(await(http.post("/api/v1/events/purchases", buyer, new JsonObject().put("slotId", laterSlot)
        .put("tickets", new JsonObject().put("intero", 1)).put("extra", true))), 422, "validation");
    assertProblem(await(http.post("/api/v1/bookings/holds", buyer, new JsonObject().put("slotId", laterSlot).put("places", 2))),
        422, "tickets-required");
    HttpResponse<Buffer> line = await(http.post("/api/v1/bookings/waitlist", buyer, new JsonObject().put("slotId", laterSlot).put("places", 2)));
    assertTrue(line.statusCode() == 409 || line.statusCode() == 422, "no waiting line for places of a ticketed event: " + line.bodyAsString());
    assertEquals(409, type("intero", "Intero", 1_000, null, null, null).statusCode(), "one type per code");
    assertEquals(404, await(http.post("/api/v1/provider/services/" + serviceId + "/ticket-types", otherAdmin,
        new JsonObject().put("code", "vip").put("label", "VIP").put("priceCents", 5_000))).statusCode(), "not their event");
    assertEquals(403, await(http.post("/api/v1/provider/services/" + serviceId + "/ticket-types", buyer,
        new JsonObject().put("code", "vip").put("label", "VIP").put("priceCents", 5_000))).statusCode());
  }

  @Test
  void theDoorAdmitsEachTicketOnceAndSaysWhyNot() {
    JsonObject booking = bought(slot);
    List<String> codes = codesOf(booking.getString("id"));
    assertEquals("wrong-day", scan(admin, codes.get(0), "Ingresso nord", UUID.randomUUID().toString()).getString("verdict"));

    today(booking.getString("id"));
    String key = UUID.randomUUID().toString();
    JsonObject first = scan(admin, codes.get(0), "Ingresso nord", key);
    assertEquals("admitted", first.getString("verdict"));
    assertEquals("Intero", first.getJsonObject("ticket").getString("type"));
    assertEquals(first, scan(admin, codes.get(0), "Ingresso nord", key), "the same scan retried answers the same");
    JsonObject again = scan(admin, codes.get(0), "Ingresso sud", UUID.randomUUID().toString());
    assertEquals("already-used", again.getString("verdict"));
    assertEquals("Ingresso nord", again.getJsonObject("ticket").getString("admittedDevice"));
    assertEquals("admitted", scan(admin, codes.get(2).toLowerCase(), "Ingresso sud", UUID.randomUUID().toString()).getString("verdict"),
        "a typed code in small letters");
    assertEquals("Ridotto", scan(admin, codes.get(2), "Ingresso sud", UUID.randomUUID().toString()).getJsonObject("ticket").getString("type"));

    assertEquals("unknown", scan(otherAdmin, codes.get(1), "Altrove", UUID.randomUUID().toString()).getString("verdict"),
        "another organiser's ticket is unknown to its door");
    assertEquals(false, scan(otherAdmin, codes.get(1), "Altrove", UUID.randomUUID().toString()).containsKey("ticket"));
    assertEquals("unknown", scan(admin, "ABCDEFGHJKMN", "Ingresso nord", UUID.randomUUID().toString()).getString("verdict"));
    assertEquals(403, await(http.post("/api/v1/door/admissions", buyer, new JsonObject().put("code", codes.get(1)).put("device", "x")))
        .statusCode());
    assertProblem(await(http.post("/api/v1/door/admissions", admin, new JsonObject().put("code", "abc\u0000").put("device", "x"))),
        400, "unstorable-text");

    JsonObject withdrawn = bought(slot);
    HttpResponse<Buffer> cancelled = await(http.post("/api/v1/bookings/" + withdrawn.getString("id") + "/cancel", buyer, new JsonObject()));
    assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());
    today(withdrawn.getString("id"));
    assertEquals("not-valid", scan(admin, codesOf(withdrawn.getString("id")).get(0), "Ingresso nord", UUID.randomUUID().toString())
        .getString("verdict"), "a cancelled purchase's ticket");
  }

  @Test
  void twoDoorsScanningTheSameTicketsAtOnceAdmitEachOnce() {
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonObject booking = bought(laterSlot);
      today(booking.getString("id"));
      codes.addAll(codesOf(booking.getString("id")));
    }
    List<Future<HttpResponse<Buffer>>> scans = new ArrayList<>();
    for (String code : codes) {
      for (String door : List.of("Nord", "Sud")) {
        scans.add(http.post("/api/v1/door/admissions", admin, new JsonObject().put("code", code).put("device", door)));
      }
    }
    await(Future.join(scans));
    for (int i = 0; i < codes.size(); i++) {
      List<String> verdicts = List.of(scans.get(2 * i).result().bodyAsJsonObject().getString("verdict"),
          scans.get(2 * i + 1).result().bodyAsJsonObject().getString("verdict"));
      assertEquals(Set.of("admitted", "already-used"), new HashSet<>(verdicts), codes.get(i) + ": " + verdicts);
    }
  }

  /** The on-sale rush in small: 24 buyers of two tickets each at once for ten seats, five purchases held, the rest told it is full. */
  @Test
  void neverMoreTicketsThanSeats() {
    CatalogFixture.Service concert = event("Concerto nel chiostro", "Musica antica nel chiostro dell'abbazia, un'ora.", 1_000,
        "Sala del capitolo", 10, "18:00", "19:00");
    String evening = concert.slotsOn(DAY).get(0);
    assertEquals(201, addType(concert, "intero", "Intero", 1_000).statusCode());
    List<Future<HttpResponse<Buffer>>> rush = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      rush.add(http.post("/api/v1/events/purchases", buyer, new JsonObject().put("slotId", evening)
          .put("tickets", new JsonObject().put("intero", 2))));
    }
    await(Future.join(rush));
    List<Integer> statuses = rush.stream().map(f -> f.result().statusCode()).toList();
    assertEquals(5, statuses.stream().filter(st -> st == 201).count(), statuses.toString());
    assertEquals(19, statuses.stream().filter(st -> st == 409).count(), statuses.toString());
    Long tickets = await(app.pool().preparedQuery("""
        SELECT count(*) FROM tickets t JOIN bookings b ON b.id = t.booking_id WHERE b.slot_id = $1 AND b.status IN ('held', 'confirmed')""")
        .execute(Tuple.of(UUID.fromString(evening)))).iterator().next().getLong(0);
    assertEquals(10L, tickets, "one ticket per seat, no more");
  }

  /**
   * A sold-out time has a waiting line for tickets: whoever joins says which tickets they want, and
   * the seats a cancelled purchase frees are offered to them as a held purchase of those tickets,
   * priced by the ticket types and issuing one ticket each.
   */
  @Test
  void aSoldOutTimeOffersFreedSeatsToTheLineAsTheTicketsItAskedFor() {
    CatalogFixture.Service talk = event("Visita alle cantine", "Le cantine dell'abbazia con il cellario, mezz'ora.", 1_000,
        "Cantine", 4, "17:00", "17:30");
    String time = talk.slotsOn(DAY).get(0);
    assertEquals(201, addType(talk, "intero", "Intero", 1_000).statusCode());
    assertEquals(201, addType(talk, "ridotto", "Ridotto", 600).statusCode());
    JsonObject wanted = new JsonObject().put("slotId", time).put("tickets", new JsonObject().put("ridotto", 2));
    assertProblem(await(http.post("/api/v1/events/waitlist", buyer, wanted)), 409, "places-available");

    await(TestAccounts.create(vertx, app.pool(), "ev.attesa", "citizen"));
    String waiting = await(http.accessToken("ev.attesa"));
    HttpResponse<Buffer> all = purchase(time, new JsonObject().put("intero", 4));
    assertEquals(201, all.statusCode(), all.bodyAsString());
    assertProblem(await(http.post("/api/v1/bookings/waitlist", waiting, new JsonObject().put("slotId", time).put("places", 2))),
        422, "tickets-required");
    HttpResponse<Buffer> joined = await(http.post("/api/v1/events/waitlist", waiting, wanted));
    assertEquals(201, joined.statusCode(), joined.bodyAsString());
    assertEquals(1, joined.bodyAsJsonObject().getInteger("position"));
    assertEquals(2, joined.bodyAsJsonObject().getJsonObject("tickets").getInteger("ridotto"));
    assertProblem(await(http.post("/api/v1/events/waitlist", buyer, new JsonObject().put("slotId", time)
        .put("tickets", new JsonObject().put("omaggio", 1)))), 422, "unknown-ticket-type");

    assertEquals(200, await(http.post("/api/v1/bookings/" + all.bodyAsJsonObject().getString("id") + "/cancel", buyer,
        new JsonObject())).statusCode());
    List<JsonObject> offered = ok(await(http.get("/api/v1/tickets", waiting))).getJsonArray("items").stream()
        .map(o -> (JsonObject) o).toList();
    assertEquals(List.of("Ridotto", "Ridotto"), offered.stream().map(t -> t.getString("type")).toList(), offered.toString());
    assertEquals(List.of("held", "held"), offered.stream().map(t -> t.getString("status")).toList());
    JsonObject offer = ok(await(http.get("/api/v1/bookings/" + offered.get(0).getString("bookingId"), waiting)));
    assertEquals(1_200, offer.getInteger("priceCents"), "two ridotto, priced as a purchase");
    assertEquals(2, offer.getInteger("places"));
  }

  /**
   * A ticket named for another person: only where the organiser allows it, only the buyer's own,
   * before the event and before it is used; the door shows the name to check against a document.
   */
  @Test
  void aTicketIsNamedForAnotherPersonOnlyWhereTheOrganiserAllowsItAndBeforeItIsUsed() {
    JsonObject purchase = bought(slot);
    List<String> codes = codesOf(purchase.getString("id"));
    JsonObject giving = new JsonObject().put("code", codes.get(1)).put("holderName", "Giulia Neri");
    assertProblem(await(http.post("/api/v1/tickets/holder", buyer, giving)), 422, "not-transferable");

    assertEquals(404, await(http.put("/api/v1/provider/events/" + serviceId + "/settings", otherAdmin,
        new JsonObject().put("transferable", true))).statusCode(), "another cooperative's event");
    assertEquals(true, ok(await(http.put("/api/v1/provider/events/" + serviceId + "/settings", admin,
        new JsonObject().put("transferable", true)))).getBoolean("transferable"));
    assertEquals(true, ok(await(http.get("/api/v1/events/" + serviceId + "/ticket-types", null))).getBoolean("transferable"));

    JsonObject named = ok(await(http.post("/api/v1/tickets/holder", buyer, giving)));
    assertEquals("Giulia Neri", named.getString("holderName"));
    assertEquals("Giulia Neri", ok(await(http.get("/api/v1/tickets", buyer))).getJsonArray("items").stream()
        .map(o -> (JsonObject) o).filter(t -> t.getString("code").equals(codes.get(1))).findFirst().orElseThrow().getString("holderName"));
    assertProblem(await(http.post("/api/v1/tickets/holder", otherAdmin, giving)), 404, "not-found");

    today(purchase.getString("id"));
    JsonObject door = scan(admin, codes.get(1), "Ingresso sud", UUID.randomUUID().toString());
    assertEquals("admitted", door.getString("verdict"));
    assertEquals("Giulia Neri", door.getJsonObject("ticket").getString("holderName"), "the door checks the name");
    assertProblem(await(http.post("/api/v1/tickets/holder", buyer, giving.copy().put("holderName", "Altra Persona"))),
        409, "already-used");
    moveTo(purchase.getString("id"), LocalDate.now(ROME).minusDays(1), "08:30");
    assertProblem(await(http.post("/api/v1/tickets/holder", buyer, new JsonObject().put("code", codes.get(2))
        .put("holderName", "Altra Persona"))), 409, "event-started");
    assertProblem(await(http.post("/api/v1/tickets/holder", buyer, giving.copy().put("holderName", "Giulia\u0000Neri"))),
        400, null);
  }

  /**
   * A retired ticket type is no longer sold, the tickets sold with it stay valid, its code can go to
   * a new type, and with none on sale the service is booked by places again.
   */
  @Test
  void aRetiredTicketTypeIsNoLongerSoldAndItsTicketsStayValid() {
    CatalogFixture.Service tour = event("Giro del mulino", "Il mulino dell'abbazia e la sua ruota, mezz'ora.", 700,
        "Mulino", 10, "16:00", "16:30");
    String time = tour.slotsOn(DAY).get(0);
    String typeId = created(addType(tour, "intero", "Intero", 700)).getString("id");
    JsonObject sold = created(purchase(time, new JsonObject().put("intero", 1)));

    String retire = "/api/v1/provider/services/" + tour.id() + "/ticket-types/" + typeId + "/retire";
    assertEquals(404, await(http.post(retire, otherAdmin, new JsonObject())).statusCode(), "another cooperative's event");
    String key = UUID.randomUUID().toString();
    assertEquals(true, ok(await(http.post(retire, admin, new JsonObject(), key))).getBoolean("retired"));
    assertEquals(true, ok(await(http.post(retire, admin, new JsonObject(), key))).getBoolean("retired"), "a retry answers the same");
    assertProblem(await(http.post(retire, admin, new JsonObject())), 404, "not-found");

    assertTrue(ok(await(http.get("/api/v1/events/" + tour.id() + "/ticket-types", null))).getJsonArray("items").isEmpty());
    assertProblem(purchase(time, new JsonObject().put("intero", 1)), 422, "not-ticketed");
    assertEquals(201, await(http.post("/api/v1/bookings/holds", buyer, new JsonObject().put("slotId", time))).statusCode(),
        "booked by places again");
    assertEquals(List.of("held"), ok(await(http.get("/api/v1/tickets", buyer))).getJsonArray("items").stream()
        .map(o -> (JsonObject) o).filter(t -> t.getString("bookingId").equals(sold.getString("id"))).map(t -> t.getString("status")).toList(),
        "the ticket sold with it stays");
    assertEquals(201, addType(tour, "intero", "Intero", 900).statusCode(), "the code again, a new price");
  }

  @Test
  void theOrganiserSeesSoldAdmittedAndNoShowsPerTimeAndTypeAndTheDoorItsDay() {
    LocalDate today = LocalDate.now(ROME);
    JsonObject past = bought(laterSlot);
    moveTo(past.getString("id"), today.minusDays(1), "10:00");
    JsonObject now = bought(laterSlot);
    moveTo(now.getString("id"), today, "21:17");
    List<String> nowCodes = codesOf(now.getString("id"));
    assertEquals("admitted", scan(admin, nowCodes.get(0), "Ingresso nord", UUID.randomUUID().toString()).getString("verdict"));

    // In the reports: the organiser's report of the period, per time and type.
    String provider = one("SELECT provider_id::text FROM services WHERE id = '" + serviceId + "'");
    JsonArray items = ok(await(http.get("/api/v1/reports/providers/" + provider + "?from=" + today.minusDays(1) + "&to=" + today,
        admin))).getJsonArray("tickets");
    List<JsonObject> yesterday = items.stream().map(o -> (JsonObject) o)
        .filter(i -> i.getString("startsAt").equals(today.minusDays(1).atTime(10, 0).atZone(ROME).toInstant().toString())).toList();
    assertEquals(List.of("Intero", "Ridotto"), yesterday.stream().map(i -> i.getString("type")).toList(), items.encodePrettily());
    assertEquals(List.of("Visita guidata all'abbazia", "Visita guidata all'abbazia"), yesterday.stream().map(i -> i.getString("event")).toList());
    assertEquals(List.of(2, 1), yesterday.stream().map(i -> i.getInteger("sold")).toList());
    assertEquals(List.of(0, 0), yesterday.stream().map(i -> i.getInteger("admitted")).toList());
    assertEquals(List.of(2, 1), yesterday.stream().map(i -> i.getInteger("noShows")).toList(), "nobody came yesterday");
    JsonObject todayIntero = items.stream().map(o -> (JsonObject) o)
        .filter(i -> i.getString("type").equals("Intero") && i.getString("startsAt").equals(today.atTime(21, 17).atZone(ROME).toInstant().toString())).findFirst().orElseThrow();
    assertEquals(2, todayIntero.getInteger("sold"));
    assertEquals(1, todayIntero.getInteger("admitted"));
    assertEquals(404, await(http.get("/api/v1/reports/providers/" + provider + "?from=" + today + "&to=" + today, otherAdmin))
        .statusCode(), "another cooperative's report");
    await(TestAccounts.create(vertx, app.pool(), "ev.supervisore", "supervisor"));
    String supervisor = await(http.accessToken("ev.supervisore"));
    assertTrue(ok(await(http.get("/api/v1/reports/areas/health?from=" + today.minusDays(1) + "&to=" + today, supervisor)))
        .getJsonArray("tickets").isEmpty(), "the visits are not in the health area");
    assertEquals(items.size(), ok(await(http.get("/api/v1/reports/areas/education?from=" + today.minusDays(1) + "&to=" + today,
        supervisor))).getJsonArray("tickets").size(), "but in education's");

    JsonArray door = ok(await(http.get("/api/v1/door/tickets?date=" + today, admin))).getJsonArray("items");
    List<JsonObject> ours = door.stream().map(o -> (JsonObject) o).filter(t -> nowCodes.contains(t.getString("code"))).toList();
    assertEquals(3, ours.size(), door.encodePrettily());
    assertTrue(ours.stream().allMatch(t -> t.getBoolean("valid")));
    assertEquals("Ingresso nord", ours.stream().filter(t -> t.getString("code").equals(nowCodes.get(0))).findFirst().orElseThrow()
        .getString("admittedDevice"));
    assertEquals(0, ok(await(http.get("/api/v1/door/tickets?date=" + today, otherAdmin))).getJsonArray("items").stream()
        .filter(t -> nowCodes.contains(((JsonObject) t).getString("code"))).count(), "another organiser's door sees none of them");
    assertProblem(await(http.get("/api/v1/door/tickets?date=oggi", admin)), 400, "invalid-date");
    assertEquals(403, await(http.get("/api/v1/door/tickets?date=" + today, buyer)).statusCode());
  }
}
