package coop.sportello.privacy;

import coop.sportello.calls.CallAddresses;
import coop.sportello.calls.CallCenterFixture;
import coop.sportello.catalog.CatalogFixture;
import coop.sportello.chat.ChatAddresses;
import coop.sportello.chat.ChatPeople;
import coop.sportello.chat.ChatPeople.Person;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "the read log shows a screen pop": a call from a known person's number is offered to
 * an operator; the person then sees that an operator of the network read their data, and the
 * privacy officer sees which operator. Also the chat's citizen context, a person's upcoming
 * bookings, someone else's booking, and what is not logged (reading one's own).
 */
class ReadLogTest extends AppTestBase {

  private CallCenterFixture center;
  private ChatPeople people;
  private List<String> slots;
  private String officer;

  @Override
  protected JsonObject overrides() {
    return CallCenterFixture.alwaysOpen().mergeIn(ChatPeople.alwaysOpen());
  }

  @BeforeAll
  void fixture() {
    center = new CallCenterFixture(vertx, app.pool(), http, app.port(), "registro");
    people = new ChatPeople(vertx, app.pool(), http, app.port());
    CatalogFixture.municipalities(app.pool());
    LocalDate day = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(5);
    await(TestAccounts.create(vertx, app.pool(), "registro.admin", "provider_admin"));
    slots = new CatalogFixture(http, await(http.accessToken("registro.admin"))).homeCareOn(day).slotsOn(day);
    await(TestAccounts.create(vertx, app.pool(), "registro.dpo", "privacy_officer"));
    officer = await(http.accessToken("registro.dpo"));
  }

  private JsonArray readsOf(String token) {
    HttpResponse<Buffer> r = await(http.get("/api/v1/me/data-reads", token));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonArray("items");
  }

  private JsonArray officerSearch(JsonObject filter) {
    HttpResponse<Buffer> r = await(http.post("/api/v1/privacy/reads/search", officer, filter));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonArray("items");
  }

  private static List<JsonObject> of(JsonArray items, String what) {
    return items.stream().map(JsonObject.class::cast).filter(i -> what.equals(i.getString("what"))).toList();
  }

  @Test
  void theReadLogShowsAScreenPopToThePersonAndToThePrivacyOfficer() {
    Person caller = people.create("registro.chiamante", "citizen");
    await(app.pool().preparedQuery("UPDATE accounts SET phone = '+393470000088' WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(caller.subject()))));
    assertTrue(readsOf(caller.token()).isEmpty(), "nobody has read them yet");

    center.queue("registro-pop", "longest_idle", new JsonObject());
    CallCenterFixture.Operator olga = center.operator("registro.olga", "registro-pop");
    olga.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject());
    String call = CallCenterFixture.callId();
    center.arrive(call, "registro-pop", "347 000 0088");
    waitFor(() -> !olga.offers().isEmpty(), "the screen pop");
    assertEquals(caller.subject(), olga.offers().get(0).getJsonObject("caller").getJsonObject("person").getString("id"));

    // The person: when, the role and the organisation, what; not the operator's name.
    List<JsonObject> mine = of(readsOf(caller.token()), "screen-pop");
    assertEquals(1, mine.size(), mine.toString());
    JsonObject read = mine.get(0);
    assertEquals(new JsonArray().add("operator"), read.getJsonArray("roles"));
    assertEquals("call", read.getString("via"));
    assertEquals(app.config().getJsonObject("site").getString("network"), read.getString("organisation"));
    assertNull(read.getValue("reader"), "the person does not see who by name");
    assertNull(read.getValue("readerName"));

    // The privacy officer: which operator, on which call; by account id or by codice fiscale.
    List<JsonObject> seen = of(officerSearch(new JsonObject().put("person", caller.subject())), "screen-pop");
    assertEquals(1, seen.size(), seen.toString());
    assertEquals(olga.subject(), seen.get(0).getString("reader"));
    assertEquals("Utente registro.olga", seen.get(0).getString("readerName"));
    assertEquals(call, seen.get(0).getString("ref"));
    assertEquals(1, of(officerSearch(new JsonObject().put("reader", olga.subject())), "screen-pop").size());

    // Nobody else reads the log: not the person's operator, not the person through the officer's route.
    assertEquals(403, await(http.post("/api/v1/privacy/reads/search", olga.token(), new JsonObject())).statusCode());
    assertEquals(403, await(http.post("/api/v1/privacy/reads/search", caller.token(), new JsonObject())).statusCode());
  }

  @Test
  void theChatContextAPersonsBookingsAndSomeoneElsesBookingAreLoggedReadingOnesOwnIsNot() {
    Person citizen = people.create("registro.cittadina", "citizen");
    Person manager = people.manager("registro.manager", "it");
    String conversation = citizen.start("elderly", "it");
    manager.ask(ChatAddresses.PRESENCE, new JsonObject().put("available", true));
    waitFor(() -> manager.events(conversation).stream().anyMatch(e -> "offered".equals(e.getString("kind"))), "the offer");
    manager.command(ChatAddresses.ACCEPT, conversation);

    assertEquals(200, await(http.get("/api/v1/chat/conversations/" + conversation + "/citizen", manager.token())).statusCode());
    assertEquals(200, await(http.get("/api/v1/people/" + citizen.subject() + "/upcoming-bookings", manager.token())).statusCode());
    String booking = await(http.post("/api/v1/bookings/holds", citizen.token(), new JsonObject().put("slotId", slots.get(1))))
        .bodyAsJsonObject().getString("id");
    assertEquals(200, await(http.get("/api/v1/bookings/" + booking, citizen.token())).statusCode());
    assertTrue(of(readsOf(citizen.token()), "booking-details").isEmpty(), "reading one's own booking is not logged");
    assertEquals(200, await(http.get("/api/v1/bookings/" + booking, center.supervisorToken())).statusCode());

    JsonArray reads = readsOf(citizen.token());
    assertEquals(1, of(reads, "chat-context").size(), reads.encode());
    assertEquals("chat", of(reads, "chat-context").get(0).getString("via"));
    assertEquals(1, of(reads, "person-bookings").size(), reads.encode());
    assertEquals(new JsonArray().add("welfare_manager"), of(reads, "person-bookings").get(0).getJsonArray("roles"));
    assertEquals(1, of(reads, "booking-details").size(), reads.encode());
    assertEquals(new JsonArray().add("supervisor"), of(reads, "booking-details").get(0).getJsonArray("roles"));

    JsonArray forOfficer = officerSearch(new JsonObject().put("person", citizen.subject()));
    assertEquals(conversation, of(forOfficer, "chat-context").get(0).getString("ref"));
    assertEquals(booking, of(forOfficer, "booking-details").get(0).getString("ref"));
    assertFalse(forOfficer.stream().map(JsonObject.class::cast).anyMatch(r -> citizen.subject().equals(r.getString("reader"))));
  }

  @Test
  void aCooperativesPageOfBookingsIsLoggedForEachPersonOnIt() {
    Person citizen = people.create("registro.cliente", "citizen");
    await(http.post("/api/v1/bookings/holds", citizen.token(), new JsonObject().put("slotId", slots.get(0))));
    String admin = await(http.accessToken("registro.admin"));
    LocalDate day = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(5);
    HttpResponse<Buffer> page = await(http.get("/api/v1/provider/bookings?from=" + day + "&to=" + day, admin));
    assertEquals(200, page.statusCode(), page.bodyAsString());

    List<JsonObject> reads = of(readsOf(citizen.token()), "provider-bookings");
    assertEquals(1, reads.size(), reads.toString());
    assertEquals(new JsonArray().add("provider_admin"), reads.get(0).getJsonArray("roles"));
    assertTrue(reads.get(0).getString("organisation").startsWith("Cooperativa") || !reads.get(0).getString("organisation").isBlank());
  }
}
