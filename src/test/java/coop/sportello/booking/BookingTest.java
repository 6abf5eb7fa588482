package coop.sportello.booking;

import coop.sportello.platform.cluster.NodeBus;
import java.time.Instant;

import coop.sportello.booking.domain.BookingCode;
import coop.sportello.catalog.CatalogFixture;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Holds, confirmations, cancellations and reschedules through HTTP, with PostgreSQL keeping count. */
class BookingTest extends AppTestBase {

  private static final int HOLD_SECONDS = 60;

  /**
   * Runs the expiry job as it would run {@code seconds} from now (every hold due by then expires
   * and its places go to the waiting line), instead of waiting for the wall clock.
   */
  private void expireHoldsAsIf(int seconds) {
    BookingService bookings = app.module(BookingModule.class).service();
    await(bookings.expireHolds(Instant.now().plusSeconds(seconds)).compose(n -> bookings.offerFreedPlaces()));
  }


  private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(5);

  private String citizen;
  private String citizenId;
  private String operator;
  private String service;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("booking", new JsonObject().put("holdSeconds", HOLD_SECONDS));
  }

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.campo", "provider_admin"));
    citizenId = await(TestAccounts.create(vertx, app.pool(), "mamma.rossi", "citizen")).toString();
    await(TestAccounts.create(vertx, app.pool(), "operatore.uno", "operator"));
    citizen = await(http.accessToken("mamma.rossi"));
    operator = await(http.accessToken("operatore.uno"));
    CatalogFixture.Service camp = catalog().create(CatalogFixture.serviceBody("childhood", "Centro estivo al campo",
        "Giornate al campo sportivo per bambini.").tariff(3000, "day").audience("children").at("Via dello Sport 2, Bergamo")
        // One test person stands for many families here: the capacity tests fill slots alone.
        .withoutPersonalLimits());
    camp.resource("Gruppo Delfini", "group", 30).openOn(DAY, "08:00", "18:00", 60);
    service = camp.id();
  }

  private CatalogFixture catalog() {
    return new CatalogFixture(http, await(http.accessToken("admin.campo")));
  }

  private HttpResponse<Buffer> post(String token, String path, JsonObject body) {
    return await(http.post(path, token, body));
  }

  private List<String> slots() {
    JsonArray slots = await(http.get("/api/v1/services/" + service + "/availability?from=" + DAY + "&to=" + DAY, null))
        .bodyAsJsonObject().getJsonArray("slots");
    List<String> ids = new ArrayList<>();
    slots.forEach(s -> ids.add(((JsonObject) s).getString("id")));
    return ids;
  }

  private int taken(String slot) {
    return await(app.pool().preparedQuery("SELECT taken FROM slots WHERE id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(UUID.fromString(slot)))).iterator().next().getInteger(0);
  }

  /**
   * A service of its own (at a place in Bergamo) whose one room opens for an hour from {@code opens}
   * on each of the days, with {@code places}; its id.
   */
  private String serviceWithRoom(CatalogFixture.ServiceBody body, String roomName, int places, String opens,
                                 LocalDate... days) {
    CatalogFixture.Service own = catalog().create(body);
    CatalogFixture.Resource room = own.resource(roomName, "room", places);
    for (LocalDate day : days) {
      room.openOn(day, opens, java.time.LocalTime.parse(opens).plusHours(1).toString(), 60);
    }
    return own.id();
  }

  private HttpResponse<Buffer> hold(String token, String slot, int places) {
    return post(token, "/api/v1/bookings/holds", new JsonObject().put("slotId", slot).put("places", places));
  }

  @Test
  void aHoldThatDrawsATakenCodeIsDrawnAgainWithoutTheClientSeeingIt() {
    // A service and slot of its own, so the other tests' counts and schedules are untouched.
    String own = serviceWithRoom(CatalogFixture.serviceBody("childhood", "Laboratorio di pittura",
        "Pomeriggi di pittura per bambini.").tariff(1500, "session").audience("children").at("Via dello Sport 2, Bergamo"),
        "Aula colori", 5, "15:00", DAY);
    String slot = await(http.get("/api/v1/services/" + own + "/availability?from=" + DAY + "&to=" + DAY, null))
        .bodyAsJsonObject().getJsonArray("slots").getJsonObject(0).getString("id");
    String taken = hold(citizen, slot, 1).bodyAsJsonObject().getString("code");
    Iterator<String> draws = List.of(taken, taken, BookingCode.next()).iterator();
    BookingService service = new BookingService(app.pool(), new NodeBus(vertx), new BookingRepository(app.pool()),
        new WalletRepository(app.pool()), 300, draws::next);
    Identity mother = new Identity(citizenId, Set.of(Role.CITIZEN), null, "Mamma Rossi", null, null, null);
    Idempotency.Key key = new Idempotency.Key(citizenId, UUID.randomUUID().toString(), Buffer.buffer(new byte[] {1}));

    Idempotency.Outcome held = await(service.hold(mother, UUID.fromString(slot), 1, null, null, key));

    assertEquals(201, held.status());
    assertTrue(!draws.hasNext(), "two taken draws, then a fresh one");
    assertEquals(2, taken(slot), "one place for each hold, none for the failed draws");

    Iterator<String> alwaysTaken = Stream.generate(() -> taken).iterator();
    BookingService unlucky = new BookingService(app.pool(), new NodeBus(vertx), new BookingRepository(app.pool()),
        new WalletRepository(app.pool()), 300, alwaysTaken::next);
    Idempotency.Key another = new Idempotency.Key(citizenId, UUID.randomUUID().toString(), Buffer.buffer(new byte[] {2}));
    Throwable cause = assertThrows(AssertionError.class, () -> await(unlucky.hold(mother, UUID.fromString(slot), 1, null, null, another)));
    while (cause.getCause() != null && !(cause instanceof Problem)) {
      cause = cause.getCause();
    }
    assertTrue(cause instanceof Problem problem && problem.status() == 503, "after " + BookingService.CODE_DRAWS
        + " taken draws the client is asked to retry: " + cause);
    assertEquals(2, taken(slot), "and nothing was taken");
  }

  @Test
  void fiveHundredConcurrentAttemptsForThirtyPlacesGiveExactlyThirtyBookings() {
    String slot = slots().get(0);
    List<Future<HttpResponse<Buffer>>> attempts = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      attempts.add(http.post("/api/v1/bookings/holds", citizen, new JsonObject().put("slotId", slot)));
    }
    await(Future.join(attempts));
    long held = attempts.stream().filter(f -> f.succeeded() && f.result().statusCode() == 201).count();
    long full = attempts.stream().filter(f -> f.succeeded() && f.result().statusCode() == 409
        && "/problems/slot-full".equals(f.result().bodyAsJsonObject().getString("type"))).count();
    assertEquals(30, held);
    assertEquals(470, full);
    assertEquals(30, taken(slot));
  }

  @Test
  void aHoldCountsAtOnceAndConfirmingKeepsIt() {
    String slot = slots().get(1);
    var held = hold(citizen, slot, 3);
    assertEquals(201, held.statusCode(), held.bodyAsString());
    JsonObject booking = held.bodyAsJsonObject();
    assertEquals("held", booking.getString("status"));
    assertTrue(booking.getString("code").matches("[ACDEFGHJKMNPQRTUVWXY34679]{8}"));
    assertEquals(3, taken(slot));
    var confirmed = post(citizen, "/api/v1/bookings/" + booking.getString("id") + "/confirm", new JsonObject());
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    assertEquals("confirmed", confirmed.bodyAsJsonObject().getString("status"));
    assertEquals(3, taken(slot));
    var ics = await(http.get("/api/v1/bookings/" + booking.getString("id") + "/ics", citizen));
    assertEquals(200, ics.statusCode(), ics.bodyAsString());
    assertTrue(ics.getHeader("Content-Type").startsWith("text/calendar"));
    String calendar = ics.bodyAsString();
    assertTrue(calendar.contains("BEGIN:VTIMEZONE") && calendar.contains("TZID:Europe/Rome"), calendar);
    assertTrue(calendar.contains("DTSTART;TZID=Europe/Rome:"), calendar);
    assertTrue(calendar.contains(booking.getString("code")));
    var cancelled = post(citizen, "/api/v1/bookings/" + booking.getString("id") + "/cancel", new JsonObject());
    assertEquals(200, cancelled.statusCode());
    assertEquals(0, taken(slot));
    JsonObject withAudit = await(http.get("/api/v1/bookings/" + booking.getString("id"), citizen)).bodyAsJsonObject();
    assertEquals(List.of("held", "confirmed", "cancelled"),
        withAudit.getJsonArray("audit").stream().map(a -> ((JsonObject) a).getString("action")).toList());
    assertEquals(3L, await(app.pool().query("SELECT count(*) FROM outbox WHERE payload ->> 'id' = '"
        + booking.getString("id") + "'").execute()).iterator().next().getLong(0));
  }

  @Test
  void expiredHoldsGiveTheirPlacesBackAndCannotBeConfirmed() {
    String slot = slots().get(2);
    JsonObject booking = hold(citizen, slot, 2).bodyAsJsonObject();
    assertEquals(2, taken(slot));
    expireHoldsAsIf(HOLD_SECONDS + 1);
    assertEquals(0, taken(slot), "the expiry job released the places");
    var late = post(citizen, "/api/v1/bookings/" + booking.getString("id") + "/confirm", new JsonObject());
    assertEquals(409, late.statusCode());
  }

  @Test
  void rescheduleSecuresTheNewPlaceBeforeReleasingTheOld() {
    List<String> slots = slots();
    String from = slots.get(3);
    String to = slots.get(4);
    String full = slots.get(5);
    JsonObject booking = hold(citizen, from, 2).bodyAsJsonObject();
    post(citizen, "/api/v1/bookings/" + booking.getString("id") + "/confirm", new JsonObject());
    assertEquals(201, post(operator, "/api/v1/bookings/holds", new JsonObject().put("slotId", full).put("places", 30)
        .put("forPerson", citizenId)).statusCode(), "an operator fills the other slot for someone");

    var refused = post(citizen, "/api/v1/bookings/" + booking.getString("id") + "/reschedule",
        new JsonObject().put("slotId", full));
    assertEquals(409, refused.statusCode());
    assertEquals(2, taken(from), "the old place is kept when the new one cannot be had");

    var moved = post(citizen, "/api/v1/bookings/" + booking.getString("id") + "/reschedule", new JsonObject().put("slotId", to));
    assertEquals(200, moved.statusCode(), moved.bodyAsString());
    assertEquals(0, taken(from));
    assertEquals(2, taken(to));
    assertEquals("confirmed", moved.bodyAsJsonObject().getString("status"));
  }

  @Test
  void anOperatorBooksOnBehalfOfAPersonAndBothSeeIt() {
    String slot = slots().get(6);
    var held = post(operator, "/api/v1/bookings/holds",
        new JsonObject().put("slotId", slot).put("places", 1).put("forPerson", citizenId));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    JsonObject booking = held.bodyAsJsonObject();
    assertEquals(citizenId, booking.getString("person"));
    assertTrue(booking.getString("actedBy").length() > 0 && !booking.getString("actedBy").equals(citizenId));
    JsonArray mine = await(http.get("/api/v1/bookings", citizen)).bodyAsJsonObject().getJsonArray("items");
    assertTrue(mine.stream().anyMatch(b -> ((JsonObject) b).getString("id").equals(booking.getString("id"))));
    var forbidden = post(citizen, "/api/v1/bookings/holds",
        new JsonObject().put("slotId", slot).put("forPerson", UUID.randomUUID().toString()));
    assertEquals(403, forbidden.statusCode());
  }

  @Test
  void aRetryWithTheSameKeyReturnsTheFirstBookingAndTakesNothingMore() {
    String slot = slots().get(7);
    String key = UUID.randomUUID().toString();
    JsonObject body = new JsonObject().put("slotId", slot).put("places", 2);
    var first = await(http.post("/api/v1/bookings/holds", citizen, body, key));
    var retry = await(http.post("/api/v1/bookings/holds", citizen, body, key));
    assertEquals(201, retry.statusCode());
    assertEquals(first.bodyAsJsonObject().getString("id"), retry.bodyAsJsonObject().getString("id"));
    assertEquals(2, taken(slot));
  }

  @Test
  void concurrentRetriesWithOneKeyHoldOnceAndAllGetTheSameAnswer() {
    String slot = slots().get(9);
    String key = UUID.randomUUID().toString();
    JsonObject body = new JsonObject().put("slotId", slot).put("places", 3);
    List<Future<HttpResponse<Buffer>>> retries = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      retries.add(http.post("/api/v1/bookings/holds", citizen, body, key));
    }
    await(Future.join(retries));
    Set<String> ids = new HashSet<>();
    for (Future<HttpResponse<Buffer>> retry : retries) {
      assertEquals(201, retry.result().statusCode(), retry.result().bodyAsString());
      ids.add(retry.result().bodyAsJsonObject().getString("id"));
    }
    assertEquals(1, ids.size(), "every retry answers the one booking made");
    assertEquals(3, taken(slot));
    var other = await(http.post("/api/v1/bookings/holds", citizen, body.copy().put("places", 1), key));
    assertEquals(422, other.statusCode(), "the key cannot be reused for a different request");
    assertEquals(3, taken(slot));
    assertEquals(201, hold(citizen, slot, 27).statusCode());
    var afterFull = await(http.post("/api/v1/bookings/holds", citizen, body, key));
    assertEquals(201, afterFull.statusCode(), "a retry after the slot filled up still gets the first answer");
    assertEquals(ids.iterator().next(), afterFull.bodyAsJsonObject().getString("id"));
  }

  @Test
  void servicePoliciesBoundWhenOneMayBookAndCancel() {
    LocalDate far = DAY.plusDays(40);
    String strict = serviceWithRoom(CatalogFixture.serviceBody("elderly", "Soggiorno di sollievo",
        "Accoglienza temporanea per anziani.").tariff(9000, "session").audience("elderly").at("Via Moroni 9, Bergamo")
        .policy(new JsonObject().put("cancelWindowHours", 720).put("horizonDays", 30).put("minNoticeMinutes", 60)),
        "Camere sollievo", 4, "09:00", DAY, far);
    JsonArray slots = await(http.get("/api/v1/services/" + strict + "/availability?from=" + DAY + "&to=" + far, null))
        .bodyAsJsonObject().getJsonArray("slots");
    String soon = slots.getJsonObject(0).getString("id");
    String tooFar = slots.getJsonObject(1).getString("id");
    var early = hold(citizen, tooFar, 1);
    assertEquals(422, early.statusCode());
    assertEquals("/problems/too-early", early.bodyAsJsonObject().getString("type"));

    JsonObject booking = hold(citizen, soon, 1).bodyAsJsonObject();
    post(citizen, "/api/v1/bookings/" + booking.getString("id") + "/confirm", new JsonObject());
    var citizenCancel = post(citizen, "/api/v1/bookings/" + booking.getString("id") + "/cancel", new JsonObject());
    assertEquals(409, citizenCancel.statusCode());
    assertEquals("/problems/cancellation-window", citizenCancel.bodyAsJsonObject().getString("type"));
    assertEquals(422, post(operator, "/api/v1/bookings/" + booking.getString("id") + "/cancel", new JsonObject()).statusCode(),
        "an operator must say why");
    var operatorCancel = post(operator, "/api/v1/bookings/" + booking.getString("id") + "/cancel",
        new JsonObject().put("reason", "Ricovero ospedaliero dell'ospite"));
    assertEquals(200, operatorCancel.statusCode(), operatorCancel.bodyAsString());
    JsonArray audit = await(http.get("/api/v1/bookings/" + booking.getString("id"), citizen)).bodyAsJsonObject()
        .getJsonArray("audit");
    JsonObject last = audit.getJsonObject(audit.size() - 1);
    assertEquals("cancelled", last.getString("action"));
    assertEquals("Ricovero ospedaliero dell'ospite", last.getJsonObject("detail").getString("reason"));
    assertEquals(0, taken(soon));
  }

  @Test
  void freedPlacesGoToTheLineFirstAndPassOnWhenAnOfferLapses() {
    String admin = await(http.accessToken("admin.campo"));
    String group = post(admin, "/api/v1/provider/resources", new JsonObject().put("name", "Gruppo Balene")
        .put("kind", "group").put("capacity", 30)).bodyAsJsonObject().getString("id");
    LocalDate day = DAY.plusDays(1);
    assertEquals(201, post(admin, "/api/v1/provider/services/" + service + "/rules", new JsonObject().put("resourceId", group)
        .put("weekday", day.getDayOfWeek().getValue()).put("opens", "09:00").put("closes", "10:00").put("slotMinutes", 60)
        .put("places", 30).put("validFrom", day.toString()).put("validUntil", day.toString())).statusCode());
    String slot = await(http.get("/api/v1/services/" + service + "/availability?from=" + day + "&to=" + day, null))
        .bodyAsJsonObject().getJsonArray("slots").stream().map(o -> (JsonObject) o)
        .filter(o -> o.getString("resourceId").equals(group)).findFirst().orElseThrow().getString("id");
    String firstId = await(TestAccounts.create(vertx, app.pool(), "prima.in.fila", "citizen")).toString();
    String secondId = await(TestAccounts.create(vertx, app.pool(), "seconda.in.fila", "citizen")).toString();
    String first = await(http.accessToken("prima.in.fila"));
    String second = await(http.accessToken("seconda.in.fila"));

    JsonObject most = hold(citizen, slot, 29).bodyAsJsonObject();
    JsonObject lastPlace = hold(citizen, slot, 1).bodyAsJsonObject();
    for (JsonObject b : List.of(most, lastPlace)) {
      assertEquals(200, post(citizen, "/api/v1/bookings/" + b.getString("id") + "/confirm", new JsonObject()).statusCode());
    }
    assertEquals(409, post(first, "/api/v1/bookings/waitlist", new JsonObject().put("slotId", slotsFree(slot))).statusCode(),
        "a slot with places is booked, not queued for");
    var joined = post(first, "/api/v1/bookings/waitlist", new JsonObject().put("slotId", slot));
    assertEquals(201, joined.statusCode(), joined.bodyAsString());
    assertEquals(1, joined.bodyAsJsonObject().getInteger("position"));
    assertEquals(2, post(second, "/api/v1/bookings/waitlist", new JsonObject().put("slotId", slot)).bodyAsJsonObject()
        .getInteger("position"));
    assertEquals(409, post(first, "/api/v1/bookings/waitlist", new JsonObject().put("slotId", slot)).statusCode());

    assertEquals(200, post(citizen, "/api/v1/bookings/" + lastPlace.getString("id") + "/cancel", new JsonObject()).statusCode());
    assertEquals(30, taken(slot), "the freed place went straight to the first in line as a hold");
    JsonObject offer = liveBookingOf(firstId, slot);
    assertEquals("held", offer.getString("status"));
    assertEquals("waitlist", offer.getString("actedBy"));

    expireHoldsAsIf(HOLD_SECONDS + 1);
    assertTrue(liveBookingOf(secondId, slot) != null, "the lapsed offer passed to the next in line");
    assertEquals(null, liveBookingOf(firstId, slot));
    assertEquals(30, taken(slot));
  }

  /** Any slot of the main service that still has places, to show joining the line is refused there. */
  private String slotsFree(String notThis) {
    return slots().stream().filter(s -> !s.equals(notThis) && taken(s) < 30).findFirst().orElseThrow();
  }

  private JsonObject liveBookingOf(String person, String slot) {
    var rows = await(app.pool().preparedQuery("""
        SELECT status, acted_by FROM bookings WHERE person = $1 AND slot_id = $2 AND status IN ('held', 'confirmed')""")
        .execute(io.vertx.sqlclient.Tuple.of(person, UUID.fromString(slot))));
    if (!rows.iterator().hasNext()) {
      return null;
    }
    Row r = rows.iterator().next();
    return new JsonObject().put("status", r.getString(0)).put("actedBy", r.getString(1));
  }

  @Test
  void nobodyElseSeesOrChangesABooking() {
    await(TestAccounts.create(vertx, app.pool(), "vicino.curioso", "citizen"));
    String stranger = await(http.accessToken("vicino.curioso"));
    JsonObject booking = hold(citizen, slots().get(8), 1).bodyAsJsonObject();
    assertEquals(404, await(http.get("/api/v1/bookings/" + booking.getString("id"), stranger)).statusCode());
    assertEquals(404, post(stranger, "/api/v1/bookings/" + booking.getString("id") + "/cancel", new JsonObject()).statusCode());
  }

  @Test
  void randomMixedOperationsKeepEveryCounterEqualToItsLiveBookings() {
    List<String> slots = slots().subList(9, 10);
    java.util.Random random = new java.util.Random(3);
    List<String> live = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      List<Future<HttpResponse<Buffer>>> batch = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        int op = random.nextInt(4);
        if (op < 2 || live.isEmpty()) {
          batch.add(http.post("/api/v1/bookings/holds", citizen, new JsonObject()
              .put("slotId", slots.get(random.nextInt(slots.size()))).put("places", 1 + random.nextInt(3))));
        } else {
          String id = live.remove(random.nextInt(live.size()));
          batch.add(http.post("/api/v1/bookings/" + id + (op == 2 ? "/confirm" : "/cancel"), citizen, new JsonObject()));
        }
      }
      await(Future.join(batch));
      for (var f : batch) {
        if (f.succeeded() && f.result().statusCode() == 201) {
          live.add(f.result().bodyAsJsonObject().getString("id"));
        }
      }
    }
    for (Row r : await(app.pool().query("""
        SELECT s.id, s.taken, s.capacity,
               COALESCE((SELECT sum(places) FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('held', 'confirmed')), 0)
          FROM slots s""").execute())) {
      assertEquals(r.getLong(3).intValue(), r.getInteger(1), "slot " + r.getUUID(0) + " counter equals its live bookings");
      assertTrue(r.getInteger(1) <= r.getInteger(2));
    }
  }
}
