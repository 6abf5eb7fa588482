package coop.sportello.calendar;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calendar feeds over HTTP: a person's and a resource's, made, read as a calendar app reads them
 * (ical4j), following bookings as they are confirmed, moved and cancelled, rotated and revoked;
 * and who may do what.
 */
class CalendarFeedTest extends AppTestBase {

  private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(6);
  private static final String HEALTH_NOTE = "Diabete, insulina alle 9";

  private String admin;
  private String otherAdmin;
  private String anna;
  private String bruno;
  private String chiara;
  private String annaId;
  private String chiaraId;
  private String service;
  private String carer;
  private CatalogFixture catalog;

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.agenda", "provider_admin"));
    await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "admin.lontana", "22222222222"));
    annaId = await(TestAccounts.create(vertx, app.pool(), "anna.agenda", "citizen")).toString();
    await(TestAccounts.create(vertx, app.pool(), "bruno.agenda", "citizen"));
    chiaraId = await(TestAccounts.create(vertx, app.pool(), "chiara.agenda", "citizen")).toString();
    admin = await(http.accessToken("admin.agenda"));
    otherAdmin = await(http.accessToken("admin.lontana"));
    anna = await(http.accessToken("anna.agenda"));
    bruno = await(http.accessToken("bruno.agenda"));
    chiara = await(http.accessToken("chiara.agenda"));
    catalog = new CatalogFixture(http, admin);
    service = catalog.createService(CatalogFixture.serviceBody("elderly", "Compagnia a casa",
            "Una persona che fa compagnia e aiuta in casa.").at("Via Pignolo 5, Bergamo").withoutPersonalLimits().json()
        .put("intake", new JsonArray().add(new JsonObject().put("kind", "notes").put("required", false))));
    carer = catalog.createResource("Operatrice Carla", "person", 1);
    assertEquals(201, catalog.ruleOn(service, carer, DAY, "09:00", "14:00", 60, 1).statusCode());
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private HttpResponse<Buffer> post(String token, String path, JsonObject body) {
    return await(http.post("/api/v1" + path, token, body));
  }

  private HttpResponse<Buffer> delete(String token, String path) {
    return await(http.client().delete("/api/v1" + path).bearerTokenAuthentication(token).send());
  }

  private HttpResponse<Buffer> get(String token, String path) {
    return await(http.get("/api/v1" + path, token));
  }

  /** The path of a feed's address (the address names localhost and this server's port: no public URL is set). */
  private static String pathOf(String url) {
    return URI.create(url).getRawPath();
  }

  private HttpResponse<Buffer> fetch(String feedPath) {
    return await(http.get(feedPath, null));
  }

  private static Calendar parse(HttpResponse<Buffer> answer) throws Exception {
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    assertEquals("text/calendar; charset=utf-8", answer.getHeader("Content-Type"));
    return new CalendarBuilder().build(new StringReader(answer.bodyAsString()));
  }

  /** The feed's events by UID. */
  private Map<String, VEvent> events(String feedPath) throws Exception {
    Calendar calendar = parse(fetch(feedPath));
    assertEquals(1, calendar.getComponents("VTIMEZONE").size(), "the VTIMEZONE the times refer to");
    return calendar.<VEvent>getComponents("VEVENT").stream()
        .collect(Collectors.toMap(e -> value(e, "UID"), e -> e));
  }

  private static String value(VEvent event, String property) {
    return event.getProperty(property).map(Property::getValue).orElse(null);
  }

  private List<String> slots() {
    return catalog.availability(service, DAY, DAY).getJsonArray("slots").stream()
        .map(s -> ((JsonObject) s).getString("id")).toList();
  }

  /** A booking confirmed by {@code token} in {@code slot}, with a note about health: its JSON. */
  private JsonObject book(String token, String slot) {
    HttpResponse<Buffer> held = post(token, "/bookings/holds", new JsonObject().put("slotId", slot).put("places", 1));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    String id = held.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> confirmed = post(token, "/bookings/" + id + "/confirm",
        new JsonObject().put("intake", new JsonObject().put("notes", HEALTH_NOTE)));
    assertEquals(200, confirmed.statusCode(), confirmed.bodyAsString());
    return confirmed.bodyAsJsonObject();
  }

  private static JsonObject withoutInstance(HttpResponse<Buffer> problem) {
    JsonObject body = problem.bodyAsJsonObject().copy();
    body.remove("instance");
    return body;
  }

  // ---- a person's feed ------------------------------------------------------------------------------

  @Test
  void aPersonsFeedFollowsTheirBookingsAsTheyAreConfirmedMovedAndCancelled() throws Exception {
    HttpResponse<Buffer> made = post(chiara, "/me/calendar-feed", new JsonObject());
    assertEquals(201, made.statusCode(), made.bodyAsString());
    assertEquals("no-store", made.getHeader("Cache-Control"), "the answer holds the secret");
    JsonObject feed = made.bodyAsJsonObject();
    String url = feed.getString("httpsUrl");
    assertTrue(url.matches("http://localhost:" + app.port() + "/api/v1/calendar/[A-Za-z0-9_-]{43}"), url);
    assertEquals(url.replace("http://", "webcal://"), feed.getString("webcalUrl"));
    String token = url.substring(url.lastIndexOf('/') + 1);

    JsonObject state = get(chiara, "/me/calendar-feed").bodyAsJsonObject();
    assertEquals(true, state.getBoolean("active"));
    assertEquals(feed.getString("createdAt"), state.getString("createdAt"));
    assertFalse(state.encode().contains(token), "the address is shown once, never again");
    Long stored = await(app.pool().query("SELECT count(*) FROM calendar_feeds WHERE token_hash = sha256(convert_to('"
        + token + "', 'UTF8')) AND person = '" + chiaraId + "'").execute()).iterator().next().getLong(0);
    assertEquals(1L, stored, "the SHA-256 of the token is what is kept");
    assertEquals(0L, await(app.pool().query("SELECT count(*) FROM calendar_feeds WHERE encode(token_hash, 'escape') LIKE '%"
        + token + "%'").execute()).iterator().next().getLong(0), "never the token itself");

    String path = pathOf(url);
    assertTrue(events(path).isEmpty(), "nothing booked yet");

    List<String> slots = slots();
    JsonObject first = book(chiara, slots.get(0));
    String uid = first.getString("id") + "@sportello";
    Map<String, VEvent> afterBooking = events(path);
    VEvent confirmed = afterBooking.get(uid);
    assertEquals("CONFIRMED", value(confirmed, "STATUS"));
    assertEquals("Compagnia a casa", value(confirmed, "SUMMARY"));
    assertTrue(value(confirmed, "DESCRIPTION").contains(first.getString("code")));
    assertEquals("Via Pignolo 5, Bergamo", value(confirmed, "LOCATION"));
    assertTrue(fetch(path).bodyAsString().contains("DTSTART;TZID=Europe/Rome:" + DAY.toString().replace("-", "") + "T090000"));

    // A phone asking again with the ETag it has gets a 304 while nothing changed.
    HttpResponse<Buffer> again = fetch(path);
    String etag = again.getHeader("ETag");
    assertEquals("private, no-cache", again.getHeader("Cache-Control"));
    assertEquals(304, await(http.client().get(path).putHeader("If-None-Match", etag).send()).statusCode());

    // Moved to the next hour: the old time is cancelled, the new one confirmed, each with its own UID.
    HttpResponse<Buffer> moved = post(chiara, "/bookings/" + first.getString("id") + "/reschedule",
        new JsonObject().put("slotId", slots.get(1)));
    assertEquals(200, moved.statusCode(), moved.bodyAsString());
    String movedUid = moved.bodyAsJsonObject().getString("id") + "@sportello";
    Map<String, VEvent> afterMove = events(path);
    assertEquals("CANCELLED", value(afterMove.get(uid), "STATUS"));
    assertEquals("Spostata: Compagnia a casa", value(afterMove.get(uid), "SUMMARY"));
    assertEquals("CONFIRMED", value(afterMove.get(movedUid), "STATUS"));
    assertTrue(Integer.parseInt(value(afterMove.get(uid), "SEQUENCE")) > Integer.parseInt(value(confirmed, "SEQUENCE")));
    assertNotEquals(etag, fetch(path).getHeader("ETag"), "a change is a new ETag");
    HttpResponse<Buffer> changed = await(http.client().get(path).putHeader("If-None-Match", etag).send());
    assertEquals(200, changed.statusCode(), "the phone's old ETag gets the new calendar");

    // Cancelled: still there, as cancelled, so that a phone's calendar drops it.
    String movedId = moved.bodyAsJsonObject().getString("id");
    assertEquals(200, post(chiara, "/bookings/" + movedId + "/cancel", new JsonObject()).statusCode());
    VEvent cancelled = events(path).get(movedUid);
    assertEquals("CANCELLED", value(cancelled, "STATUS"));
    assertEquals("Annullata: Compagnia a casa", value(cancelled, "SUMMARY"));

    // A hold let go was never anyone's booking: it is not in the feed at all.
    HttpResponse<Buffer> held = post(chiara, "/bookings/holds", new JsonObject().put("slotId", slots.get(2)).put("places", 1));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    assertFalse(events(path).containsKey(held.bodyAsJsonObject().getString("id") + "@sportello"), "a hold is not a booking yet");
    assertEquals(200, post(chiara, "/bookings/" + held.bodyAsJsonObject().getString("id") + "/cancel", new JsonObject()).statusCode());
    assertFalse(events(path).containsKey(held.bodyAsJsonObject().getString("id") + "@sportello"), "nor once let go");

    // Someone else's feed shows none of it, and their revoking leaves this one alone.
    JsonObject brunoFeed = post(bruno, "/me/calendar-feed", new JsonObject()).bodyAsJsonObject();
    assertTrue(events(pathOf(brunoFeed.getString("httpsUrl"))).isEmpty(), "another person's feed has only their bookings");
    assertEquals(204, delete(bruno, "/me/calendar-feed").statusCode());
    assertEquals(200, fetch(path).statusCode(), "only the caller's own feed is revoked");
  }

  @Test
  void aNewAddressStopsTheOldOneAndRevokingStopsItWithTheSameAnswerAsAnUnknownAddress() {
    String old = pathOf(post(bruno, "/me/calendar-feed", new JsonObject()).bodyAsJsonObject().getString("httpsUrl"));
    assertEquals(200, fetch(old).statusCode());
    String rotated = pathOf(post(bruno, "/me/calendar-feed", new JsonObject()).bodyAsJsonObject().getString("httpsUrl"));
    assertNotEquals(old, rotated);
    HttpResponse<Buffer> gone = fetch(old);
    assertEquals(404, gone.statusCode(), "rotated: the old address shows nothing");
    assertEquals(200, fetch(rotated).statusCode());
    assertEquals(1L, await(app.pool().query("""
        SELECT count(*) FROM calendar_feeds f JOIN accounts a ON a.id::text = f.person
         WHERE a.username = 'bruno.agenda' AND f.revoked_at IS NULL""").execute()).iterator().next().getLong(0));

    assertEquals(204, delete(bruno, "/me/calendar-feed").statusCode());
    assertEquals(false, get(bruno, "/me/calendar-feed").bodyAsJsonObject().getBoolean("active"));
    HttpResponse<Buffer> revoked = fetch(rotated);
    assertEquals(404, revoked.statusCode());
    assertEquals(204, delete(bruno, "/me/calendar-feed").statusCode(), "revoking twice is no error");

    // Unknown, malformed and revoked addresses: one answer.
    HttpResponse<Buffer> unknown = fetch("/api/v1/calendar/" + "A".repeat(43));
    HttpResponse<Buffer> malformed = fetch("/api/v1/calendar/x.y");
    for (HttpResponse<Buffer> answer : List.of(gone, revoked, unknown, malformed)) {
      assertEquals(404, answer.statusCode());
      assertEquals("application/problem+json", answer.getHeader("Content-Type"));
      assertEquals(withoutInstance(unknown), withoutInstance(answer));
    }
  }

  @Test
  void aDisabledAccountsFeedShowsNothing() {
    await(TestAccounts.create(vertx, app.pool(), "dario.agenda", "citizen"));
    String dario = await(http.accessToken("dario.agenda"));
    String path = pathOf(post(dario, "/me/calendar-feed", new JsonObject()).bodyAsJsonObject().getString("httpsUrl"));
    assertEquals(200, fetch(path).statusCode());
    await(app.pool().query("UPDATE accounts SET disabled_at = now() WHERE username = 'dario.agenda'").execute());
    assertEquals(404, fetch(path).statusCode(), "a disabled account's bookings are no one's to read");
  }

  // ---- a resource's feed ----------------------------------------------------------------------------

  @Test
  void aResourcesFeedIsTheCarersAgendaWithoutTheCitizensNameOrHealth() throws Exception {
    String resourcePath = "/provider/resources/" + carer + "/calendar-feed";
    HttpResponse<Buffer> made = post(admin, resourcePath, new JsonObject());
    assertEquals(201, made.statusCode(), made.bodyAsString());
    assertEquals(carer, made.bodyAsJsonObject().getString("resourceId"));
    String path = pathOf(made.bodyAsJsonObject().getString("httpsUrl"));
    JsonObject state = get(admin, resourcePath).bodyAsJsonObject();
    assertEquals(true, state.getBoolean("active"));
    assertNull(state.getString("httpsUrl"), "never the address again");
    JsonArray listed = get(admin, "/provider/calendar-feeds").bodyAsJsonObject().getJsonArray("items");
    assertTrue(listed.stream().anyMatch(i -> carer.equals(((JsonObject) i).getString("resourceId"))), listed.encode());

    JsonObject booking = book(anna, slots().get(4));
    String text = fetch(path).bodyAsString();
    assertTrue(text.contains("X-WR-CALNAME:Operatrice Carla – Sportello"), text);
    VEvent event = events(path).get(booking.getString("id") + "@sportello");
    assertEquals("Compagnia a casa", value(event, "SUMMARY"));
    assertTrue(value(event, "DESCRIPTION").contains(booking.getString("code")) && value(event, "DESCRIPTION").contains("1 posto"));
    assertEquals("Via Pignolo 5, Bergamo", value(event, "LOCATION"));
    assertFalse(text.contains("anna.agenda") || text.contains(annaId), "no citizen's name or id");
    assertFalse(text.contains("Diabete"), "no answer to the service's questions (health)");

    // Another cooperative's admin: the same 404 as for a resource that does not exist; the feed lives on.
    for (HttpResponse<Buffer> refused : List.of(post(otherAdmin, resourcePath, new JsonObject()), get(otherAdmin, resourcePath),
        delete(otherAdmin, resourcePath))) {
      assertEquals(404, refused.statusCode(), refused.bodyAsString());
    }
    assertEquals(404, post(otherAdmin, "/provider/resources/" + java.util.UUID.randomUUID() + "/calendar-feed",
        new JsonObject()).statusCode());
    assertEquals(new JsonArray(), get(otherAdmin, "/provider/calendar-feeds").bodyAsJsonObject().getJsonArray("items"));
    assertEquals(200, fetch(path).statusCode(), "untouched by the other cooperative");
    // A citizen is no provider admin.
    assertEquals(403, post(anna, resourcePath, new JsonObject()).statusCode());

    // Rotated by the cooperative: the old address stops; revoked: the new one stops too.
    String rotated = pathOf(post(admin, resourcePath, new JsonObject()).bodyAsJsonObject().getString("httpsUrl"));
    assertEquals(404, fetch(path).statusCode());
    assertEquals(200, fetch(rotated).statusCode());
    assertEquals(204, delete(admin, resourcePath).statusCode());
    assertEquals(404, fetch(rotated).statusCode());
    assertEquals(false, get(admin, resourcePath).bodyAsJsonObject().getBoolean("active"));
  }

  @Test
  void aRetiredResourceGetsNoNewFeed() {
    String room = catalog.createResource("Sala vecchia", "room", 10);
    assertEquals(200, catalog.post("/provider/resources/" + room + "/retire", new JsonObject()).statusCode());
    HttpResponse<Buffer> refused = post(admin, "/provider/resources/" + room + "/calendar-feed", new JsonObject());
    assertEquals(409, refused.statusCode(), refused.bodyAsString());
    assertEquals("/problems/resource-retired", refused.bodyAsJsonObject().getString("type"));
  }
  @Test
  void aCarersAgendaSaysWhereToGoForAServiceAtHome() throws Exception {
    String home = catalog.createService(CatalogFixture.serviceBody("elderly", "Igiene personale a domicilio",
            "Un'operatrice aiuta nella cura della persona a casa.").deliveredAt("at_home").withoutPersonalLimits().json()
        .put("intake", new JsonArray().add(new JsonObject().put("kind", "address").put("required", true))));
    String visitor = catalog.createResource("Operatrice Dina", "person", 1);
    assertEquals(201, catalog.ruleOn(home, visitor, DAY, "15:00", "16:00", 60, 1).statusCode());
    String slot = catalog.availability(home, DAY, DAY).getJsonArray("slots").getJsonObject(0).getString("id");
    await(TestAccounts.create(vertx, app.pool(), "dora.agenda", "citizen"));
    String dora = await(http.accessToken("dora.agenda"));
    HttpResponse<Buffer> held = post(dora, "/bookings/holds", new JsonObject().put("slotId", slot));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    String id = held.bodyAsJsonObject().getString("id");
    assertEquals(200, post(dora, "/bookings/" + id + "/confirm",
        new JsonObject().put("intake", new JsonObject().put("address", "Via Borgo Palazzo 12, Bergamo"))).statusCode());

    String path = pathOf(post(admin, "/provider/resources/" + visitor + "/calendar-feed", new JsonObject())
        .bodyAsJsonObject().getString("httpsUrl"));
    assertEquals("Via Borgo Palazzo 12, Bergamo", value(events(path).get(id + "@sportello"), "LOCATION"),
        "the address the person gave for the visit");
  }
}
