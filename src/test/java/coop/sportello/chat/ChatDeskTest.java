package coop.sportello.chat;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.chat.ChatPeople.Person;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The welfare manager's desk beside a chat (issue 18): the citizen's context, booking for them
 * exactly as an operator books for a caller, and the colleagues to transfer to. A manager acts for
 * the citizen of a conversation they handle and for nobody else.
 */
class ChatDeskTest extends AppTestBase {

  private ChatPeople people;
  private List<String> slots;

  @Override
  protected JsonObject overrides() {
    return ChatPeople.alwaysOpen();
  }

  @BeforeAll
  void fixture() {
    people = new ChatPeople(vertx, app.pool(), http, app.port());
    LocalDate day = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(6);
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "desk.admin", "provider_admin"));
    slots = new CatalogFixture(http, await(http.accessToken("desk.admin"))).homeCareOn(day).slotsOn(day);
  }

  /** A conversation of {@code citizen} in {@code language}, offered to {@code manager} (who speaks only that). */
  private static String offered(Person citizen, Person manager, String language) {
    String conversation = citizen.start("elderly", language);
    manager.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
    waitFor(() -> manager.events(conversation).stream().anyMatch(e -> "offered".equals(e.getString("kind"))), "the offer");
    return conversation;
  }

  private HttpResponse<Buffer> hold(String token, String forPerson, String slot) {
    JsonObject body = new JsonObject().put("slotId", slot);
    return await(http.post("/api/v1/bookings/holds", token, forPerson == null ? body : body.put("forPerson", forPerson)));
  }

  private HttpResponse<Buffer> get(String path, String token) {
    return await(http.get(path, token));
  }

  @Test
  void theAssignedManagerSeesTheCitizenBesideTheChatAndBooksForThem() {
    Person citizen = people.create("desk.dipendente", "employee");
    Person manager = people.manager("desk.manager", "de");
    String conversation = offered(citizen, manager, "de");
    String context = "/api/v1/chat/conversations/" + conversation + "/citizen";

    // Offered, not yet accepted: the manager may look, not book.
    JsonObject before = get(context, manager.token()).bodyAsJsonObject();
    assertFalse(before.getBoolean("bookable"), before.encode());
    assertEquals(403, hold(manager.token(), citizen.subject(), slots.get(0)).statusCode(), "not before accepting");

    manager.command(ChatAddresses.ACCEPT, conversation);
    HttpResponse<Buffer> read = get(context, manager.token());
    assertEquals(200, read.statusCode(), read.bodyAsString());
    JsonObject beside = read.bodyAsJsonObject();
    assertEquals(conversation, beside.getString("conversationId"));
    assertEquals("active", beside.getString("status"));
    assertTrue(beside.getBoolean("bookable"));
    JsonObject person = beside.getJsonObject("person");
    assertEquals(citizen.subject(), person.getString("id"));
    assertEquals("Utente desk.dipendente", person.getString("name"));
    assertEquals(CatalogFixture.BERGAMO, person.getString("municipality"));
    assertEquals("Bergamo", person.getString("municipalityName"));
    assertTrue(person.getBoolean("employee"));
    assertEquals("Azienda di prova", person.getJsonObject("company").getString("name"));
    assertEquals(0, beside.getJsonArray("upcomingBookings").size());

    // Booking from the chat, with the same hold and confirm the phone side uses.
    HttpResponse<Buffer> held = hold(manager.token(), citizen.subject(), slots.get(0));
    assertEquals(201, held.statusCode(), held.bodyAsString());
    String booking = held.bodyAsJsonObject().getString("id");
    assertEquals(citizen.subject(), held.bodyAsJsonObject().getString("person"));
    assertEquals(200, await(http.post("/api/v1/bookings/" + booking + "/confirm", manager.token(), new JsonObject())).statusCode());
    JsonObject upcoming = get("/api/v1/people/" + citizen.subject() + "/upcoming-bookings", manager.token()).bodyAsJsonObject();
    assertEquals(citizen.subject(), upcoming.getString("personId"));
    assertEquals(booking, upcoming.getJsonArray("items").getJsonObject(0).getString("id"));
    assertEquals("confirmed", upcoming.getJsonArray("items").getJsonObject(0).getString("status"));
    assertEquals(booking, get(context, manager.token()).bodyAsJsonObject().getJsonArray("upcomingBookings")
        .getJsonObject(0).getString("id"));

    // The citizen's own booking too: the manager may cancel it for them, saying why, as an operator does.
    String own = hold(citizen.token(), null, slots.get(1)).bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> cancelled = await(http.post("/api/v1/bookings/" + own + "/cancel", manager.token(),
        new JsonObject().put("reason", "Il cittadino in chat chiede di annullare")));
    assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());
    assertEquals("cancelled", cancelled.bodyAsJsonObject().getString("status"));

    // Once the conversation is closed, the manager no longer acts for the citizen.
    manager.command(ChatAddresses.CLOSE, conversation);
    assertEquals(403, hold(manager.token(), citizen.subject(), slots.get(1)).statusCode());
    assertEquals(404, await(http.post("/api/v1/bookings/" + booking + "/cancel", manager.token(),
        new JsonObject().put("reason", "non più in chat"))).statusCode());
    assertEquals(404, get("/api/v1/people/" + citizen.subject() + "/upcoming-bookings", manager.token()).statusCode());
  }

  @Test
  void aManagerBooksForNobodyButTheCitizensOfTheirConversations() {
    Person citizen = people.create("desk.cittadino", "citizen");
    Person manager = people.manager("desk.gestore", "nl");
    String conversation = offered(citizen, manager, "nl");
    manager.command(ChatAddresses.ACCEPT, conversation);
    Person stranger = people.create("desk.estraneo", "citizen");
    String strangers = hold(stranger.token(), null, slots.get(0)).bodyAsJsonObject().getString("id");

    // Someone who is not their citizen, and an id no account has: the same 403.
    HttpResponse<Buffer> forStranger = hold(manager.token(), stranger.subject(), slots.get(0));
    assertEquals(403, forStranger.statusCode(), forStranger.bodyAsString());
    assertEquals("/problems/not-your-citizen", forStranger.bodyAsJsonObject().getString("type"));
    HttpResponse<Buffer> forNobody = hold(manager.token(), UUID.randomUUID().toString(), slots.get(0));
    assertEquals(403, forNobody.statusCode());
    assertEquals(forStranger.bodyAsJsonObject().getString("detail"), forNobody.bodyAsJsonObject().getString("detail"));
    assertEquals(403, await(http.post("/api/v1/bookings/waitlist", manager.token(), new JsonObject()
        .put("slotId", slots.get(0)).put("forPerson", stranger.subject()))).statusCode());
    // Their bookings and upcoming bookings are as unknown ones.
    for (String path : new String[] {"/api/v1/bookings/" + strangers, "/api/v1/bookings/" + UUID.randomUUID()}) {
      assertEquals(404, get(path, manager.token()).statusCode(), path);
    }
    assertEquals(404, await(http.post("/api/v1/bookings/" + strangers + "/cancel", manager.token(),
        new JsonObject().put("reason", "non è il mio cittadino"))).statusCode());
    assertEquals(404, await(http.post("/api/v1/bookings/" + strangers + "/confirm", manager.token(), new JsonObject())).statusCode());
    assertEquals("held", get("/api/v1/bookings/" + strangers, stranger.token()).bodyAsJsonObject().getString("status"));
    HttpResponse<Buffer> theirs = get("/api/v1/people/" + stranger.subject() + "/upcoming-bookings", manager.token());
    HttpResponse<Buffer> nobodys = get("/api/v1/people/" + UUID.randomUUID() + "/upcoming-bookings", manager.token());
    assertEquals(404, theirs.statusCode());
    assertEquals(404, nobodys.statusCode());
    assertEquals(theirs.bodyAsJsonObject().getString("detail"), nobodys.bodyAsJsonObject().getString("detail"));

    // Another manager may neither read this citizen beside the chat nor book for them.
    Person colleague = people.manager("desk.collega", "sv");
    String context = "/api/v1/chat/conversations/" + conversation + "/citizen";
    HttpResponse<Buffer> notTheirs = get(context, colleague.token());
    HttpResponse<Buffer> unknown = get("/api/v1/chat/conversations/" + UUID.randomUUID() + "/citizen", colleague.token());
    assertEquals(404, notTheirs.statusCode());
    assertEquals(404, unknown.statusCode());
    assertEquals(notTheirs.bodyAsJsonObject().getString("detail"), unknown.bodyAsJsonObject().getString("detail"));
    assertEquals(403, hold(colleague.token(), citizen.subject(), slots.get(0)).statusCode());
    assertEquals(403, get(context, citizen.token()).statusCode(), "the citizen reads their own chat, not the desk");

    // A supervisor reads anyone's upcoming bookings; a citizen nobody's.
    await(TestAccounts.create(vertx, app.pool(), "desk.supervisore", "supervisor"));
    String supervisor = await(http.accessToken("desk.supervisore"));
    assertEquals(strangers, get("/api/v1/people/" + stranger.subject() + "/upcoming-bookings", supervisor).bodyAsJsonObject()
        .getJsonArray("items").getJsonObject(0).getString("id"));
    assertEquals(403, get("/api/v1/people/" + stranger.subject() + "/upcoming-bookings", stranger.token()).statusCode());
  }

  @Test
  void colleaguesAreChosenByNameWithTheirPresenceLoadAndTopics() {
    Person anna = people.manager("desk.anna", "pt");
    Person bruno = people.manager("desk.bruno", "pt");
    anna.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
    bruno.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", false));

    HttpResponse<Buffer> listed = get("/api/v1/chat/colleagues", anna.token());
    assertEquals(200, listed.statusCode(), listed.bodyAsString());
    JsonArray items = listed.bodyAsJsonObject().getJsonArray("items");
    JsonObject self = find(items, anna.subject());
    JsonObject colleague = find(items, bruno.subject());
    assertTrue(self.getBoolean("you"));
    assertFalse(colleague.getBoolean("you"));
    assertEquals("Manager desk.bruno", colleague.getString("name"));
    assertEquals("online", self.getString("presence"));
    assertTrue(self.getBoolean("canTake"));
    assertEquals("paused", colleague.getString("presence"), "connected, taking no chats");
    assertFalse(colleague.getBoolean("canTake"));
    assertEquals(0, colleague.getInteger("activeChats"));
    assertEquals(4, colleague.getInteger("maxChats"));
    JsonObject elderly = colleague.getJsonArray("topics").stream().map(JsonObject.class::cast)
        .filter(t -> "elderly".equals(t.getString("code"))).findFirst().orElseThrow();
    assertEquals("Anziani e fragilità", elderly.getString("label"));
    assertEquals(new JsonArray().add("pt"), colleague.getJsonArray("languages"));

    // Someone whose profile exists but who never connected is offline.
    Person carla = people.manager("desk.carla", "pt");
    assertEquals("offline", find(get("/api/v1/chat/colleagues", anna.token()).bodyAsJsonObject().getJsonArray("items"),
        carla.subject()).getString("presence"));
    assertEquals(403, get("/api/v1/chat/colleagues", people.create("desk.curioso", "citizen").token()).statusCode());
  }

  private static JsonObject find(JsonArray items, String subject) {
    return items.stream().map(JsonObject.class::cast).filter(i -> subject.equals(i.getString("subject"))).findFirst()
        .orElseThrow(() -> new AssertionError(subject + " not among " + items.encode()));
  }
}
