package coop.sportello.booking;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Manage-my-booking links through HTTP on a real database: what a valid link does (as the
 * booking's person, under the booking API's rules) and that every other link (expired, forged,
 * for another purpose or another booking) gets the same 401 link-invalid and changes nothing.
 */
class ManageLinkTest extends AppTestBase {

  private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(5);
  private static final String BOOKING_LINK = "/api/v1/links/booking";
  private static final String OFFER_LINK = "/api/v1/links/waitlist-offer";

  private String citizen;
  private String citizenId;
  private String operator;
  /** Ten one-hour slots of 30 places, cancellable online up to 24 hours before. */
  private List<String> slots;
  /** One slot of one place, cancellable online up to 720 hours before: every booking is inside the window. */
  private String strictSlot;
  private String strictLaterSlot;

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.links", "provider_admin"));
    citizenId = await(TestAccounts.create(vertx, app.pool(), "nonna.link", "citizen")).toString();
    await(TestAccounts.create(vertx, app.pool(), "operatore.link", "operator"));
    citizen = await(http.accessToken("nonna.link"));
    operator = await(http.accessToken("operatore.link"));
    CatalogFixture catalog = new CatalogFixture(http, await(http.accessToken("admin.links")));
    CatalogFixture.Service gym = catalog.create(CatalogFixture.serviceBody("elderly", "Ginnastica dolce",
        "Movimento lento per persone anziane.").tariff(800, "session").audience("elderly").at("Via Tasso 4, Bergamo")
        .withoutPersonalLimits());
    gym.resource("Palestra comunale", "room", 30).openOn(DAY, "08:00", "18:00", 60);
    slots = gym.slotsOn(DAY);
    CatalogFixture.Service stay = catalog.create(CatalogFixture.serviceBody("elderly", "Soggiorno di sollievo",
        "Accoglienza temporanea per anziani.").tariff(9000, "session").audience("elderly").at("Via Moroni 9, Bergamo")
        .policy(new JsonObject().put("cancelWindowHours", 720)));
    stay.resource("Camera sollievo", "room", 1).openOn(DAY, "09:00", "11:00", 60);
    strictSlot = stay.slotsOn(DAY).get(0);
    strictLaterSlot = stay.slotsOn(DAY).get(1);
  }

  private ManageLinks links() {
    return app.module(BookingModule.class).links();
  }

  private String bookingLink(String bookingId) {
    return links().token(ManageLinks.BOOKING, bookingId, Instant.now().plusSeconds(3600));
  }

  /** A booking the citizen held and confirmed in the portal; its JSON. */
  private JsonObject confirmed(String token, String slot, String forPerson) {
    return confirmed(token, slot, forPerson, new JsonObject());
  }

  private JsonObject confirmed(String token, String slot, String forPerson, JsonObject confirmation) {
    JsonObject body = new JsonObject().put("slotId", slot);
    if (forPerson != null) {
      body.put("forPerson", forPerson);
    }
    HttpResponse<Buffer> held = await(http.post("/api/v1/bookings/holds", token, body));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    HttpResponse<Buffer> done = await(http.post("/api/v1/bookings/" + held.bodyAsJsonObject().getString("id") + "/confirm",
        token, confirmation));
    assertEquals(200, done.statusCode(), done.bodyAsString());
    return done.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> call(HttpMethod method, String path, String link, JsonObject body, String key) {
    HttpRequest<Buffer> request = http.client().request(method, path);
    if (link != null) {
      request.putHeader(ManageLinkRoutes.HEADER, link);
    }
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return await(body == null ? request.send() : request.sendJsonObject(body));
  }

  private HttpResponse<Buffer> view(String link) {
    return call(HttpMethod.GET, BOOKING_LINK, link, null, null);
  }

  private HttpResponse<Buffer> cancel(String link) {
    return call(HttpMethod.POST, BOOKING_LINK + "/cancel", link, new JsonObject(), UUID.randomUUID().toString());
  }

  private HttpResponse<Buffer> reschedule(String link, String slot) {
    return call(HttpMethod.POST, BOOKING_LINK + "/reschedule", link, new JsonObject().put("slotId", slot),
        UUID.randomUUID().toString());
  }

  private String status(String bookingId) {
    return await(app.pool().preparedQuery("SELECT status FROM bookings WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(bookingId)))).iterator().next().getString(0);
  }

  /** The one answer every link that does not work gets: the same status, type, title and words. */
  private static void assertInvalidLink(HttpResponse<Buffer> answer, String what) {
    assertEquals(401, answer.statusCode(), what + ": " + answer.bodyAsString());
    JsonObject problem = answer.bodyAsJsonObject();
    assertEquals("/problems/link-invalid", problem.getString("type"), what);
    assertEquals(ManageLinkService.invalidLink().toJson("x").getString("detail"), problem.getString("detail"), what);
    assertEquals(ManageLinkService.invalidLink().toJson("x").getString("title"), problem.getString("title"), what);
  }

  @Test
  void aValidLinkShowsCancelsAndMovesItsBookingAsThePersonWould() {
    JsonObject booking = confirmed(citizen, slots.get(0), null);
    String link = bookingLink(booking.getString("id"));

    HttpResponse<Buffer> shown = view(link);
    assertEquals(200, shown.statusCode(), shown.bodyAsString());
    assertEquals("no-store", shown.getHeader("Cache-Control"));
    JsonObject seen = shown.bodyAsJsonObject();
    assertEquals(booking.getString("code"), seen.getString("code"));
    assertEquals("Ginnastica dolce", seen.getString("serviceTitle"));
    assertEquals("Via Tasso 4, Bergamo", seen.getString("address"));
    assertEquals(booking.getString("start"), seen.getString("start"));
    assertEquals("confirmed", seen.getString("status"));
    assertEquals("you", seen.getString("bookedBy"));
    for (String hidden : List.of("person", "actedBy", "intake")) {
      assertFalse(seen.containsKey(hidden), "a link that may be forwarded does not show " + hidden);
    }

    HttpResponse<Buffer> moved = reschedule(link, slots.get(1));
    assertEquals(200, moved.statusCode(), moved.bodyAsString());
    JsonObject fresh = moved.bodyAsJsonObject();
    assertEquals(slots.get(1), fresh.getString("slotId"));
    assertEquals("confirmed", fresh.getString("status"));
    assertEquals(booking.getString("id"), fresh.getString("rescheduledFrom"));
    assertEquals("rescheduled", status(booking.getString("id")));
    assertEquals("rescheduled", view(link).bodyAsJsonObject().getString("status"), "the old link shows what happened");

    String successor = moved.getHeader(ManageLinkRoutes.HEADER);
    assertEquals(fresh.getString("id"), links().link(successor, ManageLinks.BOOKING, Instant.now()).orElseThrow()
        .booking().toString(), "the answer carries a link for the new booking");
    assertEquals(links().link(link, ManageLinks.BOOKING, Instant.now()).orElseThrow().expiresAt(),
        links().link(successor, ManageLinks.BOOKING, Instant.now()).orElseThrow().expiresAt(),
        "valid no longer than the link used");
    assertEquals("booking-not-active", problemType(cancel(link)), "the old booking is over");

    HttpResponse<Buffer> cancelled = cancel(successor);
    assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());
    assertEquals("cancelled", cancelled.bodyAsJsonObject().getString("status"));
    assertEquals("cancelled", status(fresh.getString("id")));

    JsonObject audit = await(http.get("/api/v1/bookings/" + fresh.getString("id"), citizen)).bodyAsJsonObject();
    JsonObject last = audit.getJsonArray("audit").getJsonObject(audit.getJsonArray("audit").size() - 1);
    assertEquals("cancelled", last.getString("action"));
    assertEquals(citizenId, last.getString("actor"), "the link acted as the booking's person");
  }

  private static String problemType(HttpResponse<Buffer> answer) {
    assertTrue(answer.statusCode() >= 400, answer.bodyAsString());
    return answer.bodyAsJsonObject().getString("type").replace("/problems/", "");
  }

  @Test
  void cancellingTwiceWithTheSameKeyAnswersTheSameAndAKeyIsKeptPerBooking() {
    JsonObject first = confirmed(citizen, slots.get(2), null);
    JsonObject second = confirmed(citizen, slots.get(3), null);
    String key = UUID.randomUUID().toString();
    HttpResponse<Buffer> once = call(HttpMethod.POST, BOOKING_LINK + "/cancel", bookingLink(first.getString("id")),
        new JsonObject(), key);
    HttpResponse<Buffer> again = call(HttpMethod.POST, BOOKING_LINK + "/cancel", bookingLink(first.getString("id")),
        new JsonObject(), key);
    assertEquals(200, once.statusCode(), once.bodyAsString());
    assertEquals(200, again.statusCode(), again.bodyAsString());
    assertEquals(once.bodyAsJsonObject(), again.bodyAsJsonObject());
    assertEquals("booking-not-active", problemType(cancel(bookingLink(first.getString("id")))),
        "a new key is a new request, and the booking is already cancelled");

    HttpResponse<Buffer> other = call(HttpMethod.POST, BOOKING_LINK + "/cancel", bookingLink(second.getString("id")),
        new JsonObject(), key);
    assertEquals(200, other.statusCode(), other.bodyAsString());
    assertEquals(second.getString("id"), other.bodyAsJsonObject().getString("id"),
        "the same key on another booking's link cancels that booking, not replays the first answer");
    assertEquals("cancelled", status(second.getString("id")));

    assertEquals(400, call(HttpMethod.POST, BOOKING_LINK + "/cancel", bookingLink(first.getString("id")),
        new JsonObject(), null).statusCode(), "a change without Idempotency-Key is refused as in the API");
  }

  @Test
  void anExpiredForgedOrMisdirectedLinkGetsOneAnswerAndChangesNothing() {
    JsonObject mine = confirmed(citizen, slots.get(4), null);
    JsonObject other = confirmed(citizen, slots.get(5), null);
    String id = mine.getString("id");
    String valid = bookingLink(id);
    String expired = links().token(ManageLinks.BOOKING, id, Instant.now().minusSeconds(1));
    String lastChar = valid.substring(valid.length() - 1);
    String badSignature = valid.substring(0, valid.length() - 1) + (lastChar.equals("A") ? "B" : "A");
    // The subject is inside the signature: naming booking B in booking A's token breaks it.
    String otherSubject = valid.replace(id, other.getString("id"));
    assertNotEquals(valid, otherSubject);
    String offerPurpose = links().token(ManageLinks.WAITLIST_OFFER, id, Instant.now().plusSeconds(3600));
    String nobody = bookingLink(UUID.randomUUID().toString());
    String upperCase = links().token(ManageLinks.BOOKING, id.toUpperCase(), Instant.now().plusSeconds(3600));

    for (var bad : List.of(List.of("expired", expired), List.of("forged signature", badSignature),
        List.of("another booking's id", otherSubject), List.of("made for a waitlist offer", offerPurpose),
        List.of("naming no booking", nobody), List.of("a non-canonical id", upperCase), List.of("garbage", "a.b.c.d"),
        List.of("empty", ""))) {
      assertInvalidLink(view(bad.get(1)), "view, " + bad.get(0));
      assertInvalidLink(cancel(bad.get(1)), "cancel, " + bad.get(0));
      assertInvalidLink(reschedule(bad.get(1), slots.get(6)), "reschedule, " + bad.get(0));
    }
    assertInvalidLink(view(null), "no link at all");
    assertInvalidLink(call(HttpMethod.GET, BOOKING_LINK + "?t=" + valid, null, null, null),
        "a token in the address is not read");
    assertEquals("confirmed", status(id));
    assertEquals("confirmed", status(other.getString("id")));
    assertEquals(200, view(valid).statusCode(), "the genuine link still works");
  }

  @Test
  void theBookingApisRulesStillApplyThroughALink() {
    JsonObject booking = confirmed(citizen, strictSlot, null);
    String id = booking.getString("id");
    HttpResponse<Buffer> api = await(http.post("/api/v1/bookings/" + id + "/cancel", citizen, new JsonObject()));
    HttpResponse<Buffer> link = cancel(bookingLink(id));
    assertEquals(409, api.statusCode(), api.bodyAsString());
    assertEquals(api.statusCode(), link.statusCode(), link.bodyAsString());
    assertEquals(api.bodyAsJsonObject().getString("type"), link.bodyAsJsonObject().getString("type"));
    assertEquals("/problems/cancellation-window", link.bodyAsJsonObject().getString("type"));
    assertEquals(api.bodyAsJsonObject().getString("detail"), link.bodyAsJsonObject().getString("detail"));
    assertEquals("cancellation-window", problemType(reschedule(bookingLink(id), strictLaterSlot)), "moving is held to it too");
    assertEquals("confirmed", status(id));
    assertEquals(0, await(app.pool().preparedQuery("SELECT taken FROM slots WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(strictLaterSlot)))).iterator().next().getInteger(0), "the refused move took nothing");

    JsonObject gym = confirmed(citizen, slots.get(8), null);
    assertEquals("other-service", problemType(reschedule(bookingLink(gym.getString("id")), strictSlot)),
        "a link moves a booking within its service only");
    assertEquals("confirmed", status(gym.getString("id")));
  }

  @Test
  void aBookingAnOperatorMadeForThePersonIsThePersonsToCancelThroughTheLink() {
    JsonObject booking = confirmed(operator, slots.get(9), citizenId);
    String link = bookingLink(booking.getString("id"));
    assertEquals("staff", view(link).bodyAsJsonObject().getString("bookedBy"));
    HttpResponse<Buffer> cancelled = cancel(link);
    assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());
    assertEquals("cancelled", status(booking.getString("id")));
  }

  @Test
  void aDisabledAccountsLinksNoLongerWork() {
    String id = await(TestAccounts.create(vertx, app.pool(), "ex.cliente", "citizen")).toString();
    JsonObject booking = confirmed(await(http.accessToken("ex.cliente")), slots.get(6), null);
    String link = bookingLink(booking.getString("id"));
    assertEquals(200, view(link).statusCode());
    await(app.pool().preparedQuery("UPDATE accounts SET disabled_at = now() WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(id))));
    assertInvalidLink(view(link), "view");
    assertInvalidLink(cancel(link), "cancel");
    assertEquals("confirmed", status(booking.getString("id")));
  }

  @Test
  void aWaitlistOfferIsConfirmedWithItsOwnLinkAndNoOther() {
    // The strict service's one place is taken; two people wait; the first is offered it when it frees.
    LocalDate day = DAY.plusDays(1);
    CatalogFixture catalog = new CatalogFixture(http, await(http.accessToken("admin.links")));
    // The service asks one question on confirming: the link's confirmation answers it like the portal's.
    String lab = catalog.createService(CatalogFixture.serviceBody("elderly", "Laboratorio di memoria",
        "Esercizi per la memoria in piccolo gruppo.").tariff(500, "session").audience("elderly").at("Via Tasso 4, Bergamo")
        .json().put("intake", new JsonArray().add(new JsonObject().put("kind", "notes").put("required", true))));
    assertEquals(201, catalog.ruleOn(lab, catalog.createResource("Aula memoria", "room", 1), day, "10:00", "11:00", 60, 1)
        .statusCode());
    String slot = catalog.availability(lab, day, day).getJsonArray("slots").getJsonObject(0).getString("id");
    String waitingId = await(TestAccounts.create(vertx, app.pool(), "in.attesa", "citizen")).toString();
    String waiting = await(http.accessToken("in.attesa"));
    JsonObject taken = confirmed(citizen, slot, null,
        new JsonObject().put("intake", new JsonObject().put("notes", "Arrivo in anticipo.")));
    assertEquals(201, await(http.post("/api/v1/bookings/waitlist", waiting, new JsonObject().put("slotId", slot))).statusCode());
    assertEquals(200, await(http.post("/api/v1/bookings/" + taken.getString("id") + "/cancel", citizen, new JsonObject()))
        .statusCode());
    String offered = await(app.pool().preparedQuery(
            "SELECT id FROM bookings WHERE person = $1 AND slot_id = $2 AND status = 'held' AND acted_by = 'waitlist'")
        .execute(Tuple.of(waitingId, UUID.fromString(slot)))).iterator().next().getUUID(0).toString();

    String offerLink = links().token(ManageLinks.WAITLIST_OFFER, offered, Instant.now().plusSeconds(300));
    String bookingLink = bookingLink(offered);
    HttpResponse<Buffer> offer = call(HttpMethod.GET, OFFER_LINK, offerLink, null, null);
    assertEquals(200, offer.statusCode(), offer.bodyAsString());
    assertEquals("held", offer.bodyAsJsonObject().getString("status"));
    assertEquals("waitlist", offer.bodyAsJsonObject().getString("bookedBy"));
    assertTrue(offer.bodyAsJsonObject().containsKey("holdExpiresAt"), "the page shows until when to confirm");

    assertInvalidLink(call(HttpMethod.GET, OFFER_LINK, bookingLink, null, null), "a booking link on the offer");
    assertInvalidLink(call(HttpMethod.POST, OFFER_LINK + "/confirm", bookingLink, new JsonObject(),
        UUID.randomUUID().toString()), "a booking link cannot confirm");
    assertInvalidLink(view(offerLink), "an offer link cannot view as a booking link");
    assertInvalidLink(cancel(offerLink), "an offer link cannot cancel");
    assertInvalidLink(call(HttpMethod.POST, OFFER_LINK + "/confirm",
            links().token(ManageLinks.WAITLIST_OFFER, taken.getString("id"), Instant.now().plusSeconds(300)),
            new JsonObject(), UUID.randomUUID().toString()),
        "an offer link confirms only a hold the waiting line offered");
    assertEquals("held", status(offered));

    String key = UUID.randomUUID().toString();
    assertEquals("intake-missing", problemType(call(HttpMethod.POST, OFFER_LINK + "/confirm", offerLink, new JsonObject(),
        key)), "the service's required question is asked, as by the API");
    assertEquals("held", status(offered), "and the offer stays held");
    HttpResponse<Buffer> confirmed = call(HttpMethod.POST, OFFER_LINK + "/confirm", offerLink,
        new JsonObject().put("intake", new JsonObject().put("notes", "Porto gli occhiali.")), UUID.randomUUID().toString());
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    assertEquals("confirmed", confirmed.bodyAsJsonObject().getString("status"));
    assertNull(confirmed.bodyAsJsonObject().getValue("holdExpiresAt"));
    assertEquals("confirmed", status(offered));
    assertEquals(0, confirmed.bodyAsJsonObject().getInteger("paidWithWelfareCents"), "a link never spends credit");
    assertEquals("Porto gli occhiali.", await(app.pool().preparedQuery("SELECT intake_notes FROM bookings WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(offered)))).iterator().next().getString(0));
    assertFalse(confirmed.bodyAsJsonObject().containsKey("intake"), "the answers are kept, not shown to whoever holds the link");
    assertEquals("hold-not-active", problemType(call(HttpMethod.POST, OFFER_LINK + "/confirm", offerLink, new JsonObject(),
        UUID.randomUUID().toString())), "confirming again is the API's refusal");
    assertEquals(waitingId, await(app.pool().preparedQuery(
            "SELECT actor FROM booking_audit WHERE booking_id = $1 AND action = 'confirmed'")
        .execute(Tuple.of(UUID.fromString(offered)))).iterator().next().getString(0), "confirmed as the waiting person");
  }
}
