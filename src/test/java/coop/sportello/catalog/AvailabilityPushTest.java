package coop.sportello.catalog;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.BridgeClient;
import coop.sportello.testing.TestAccounts;
import coop.sportello.testing.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Screens subscribed through the bridge see availability change without polling, and cannot fake it. */
class AvailabilityPushTest extends AppTestBase {

  private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(7);

  private CatalogFixture admin;
  private String service;
  private String room;

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.push", "provider_admin"));
    admin = new CatalogFixture(http, await(http.accessToken("admin.push")));
    service = admin.createService(CatalogFixture.service("Nido d'infanzia Arcobaleno",
        "Accoglienza dei bambini da 1 a 3 anni.", "childhood", "at_place", CatalogFixture.BERGAMO));
    room = admin.createResource("Sezione piccoli", "group", 12);
    assertEquals(201, admin.ruleOn(service, room, DAY, "08:00", "12:00", 240, 12).statusCode());
  }

  private BridgeClient guestWatching(String... addresses) {
    BridgeClient client = guestSocket();
    for (String address : addresses) {
      client.register(address);
    }
    return client.handledForGuest();
  }

  private BridgeClient guestSocket() {
    var ticket = await(http.client().post("/api/v1/auth/bridge-ticket/guest").send());
    assertEquals(200, ticket.statusCode());
    return await(BridgeClient.connect(vertx, app.port(), ticket.bodyAsJsonObject().getString("ticket")));
  }

  @Test
  void aScheduleChangeThroughTheApiReachesServiceAreaAndMunicipalityFeeds() {
    BridgeClient screen = guestWatching(CatalogAddresses.service(service), CatalogAddresses.area("childhood"),
        CatalogAddresses.municipality(CatalogFixture.BERGAMO));
    var change = admin.post("/provider/services/" + service + "/exceptions", new JsonObject().put("resourceId", room)
        .put("date", DAY.toString()).put("opens", "08:00").put("closes", "12:00").put("slotMinutes", 240).put("places", 9));
    assertEquals(201, change.statusCode(), change.bodyAsString());
    for (String address : List.of(CatalogAddresses.service(service), CatalogAddresses.area("childhood"),
        CatalogAddresses.municipality(CatalogFixture.BERGAMO))) {
      JsonObject pushed = waitForMessage(screen, address,
          body -> body.getJsonArray("slots").getJsonObject(0).getInteger("capacity") == 9);
      assertEquals(service, pushed.getString("serviceId"));
    }
  }

  @Test
  void aChangeCommittedElsewhereAlsoReachesTheScreens() {
    BridgeClient screen = guestWatching(CatalogAddresses.service(service));
    // Another node (here: another connection pool) takes a place; only the database links them.
    Pool otherNode = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(
        app.config().getJsonObject("database").getString("url"))).using(vertx).build();
    try {
      int before = currentFree();
      await(otherNode.preparedQuery("""
          UPDATE slots SET taken = taken + 1 WHERE id = (SELECT id FROM slots WHERE service_id = $1 ORDER BY starts_at LIMIT 1)""")
          .execute(Tuple.of(UUID.fromString(service))));
      JsonObject pushed = waitForMessage(screen, CatalogAddresses.service(service), body -> freeOfFirstSlot(body) == before - 1);
      assertEquals(1, pushed.getInteger("count"));
    } finally {
      await(otherNode.close());
    }
  }

  @Test
  void aPushedSlotIsNamedAsTheAvailabilityAnswerNamesIt() {
    BridgeClient screen = guestWatching(CatalogAddresses.service(service));
    JsonObject slot = admin.availability(service, DAY, DAY).getJsonArray("slots").getJsonObject(0);
    await(app.pool().preparedQuery("UPDATE slots SET taken = taken + 1 WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(slot.getString("id")))));
    JsonObject pushed = waitForMessage(screen, CatalogAddresses.service(service), body -> body.getJsonArray("slots") != null
        && freeOfFirstSlot(body) == slot.getInteger("free") - 1);
    JsonObject change = pushed.getJsonArray("slots").getJsonObject(0);
    assertEquals(slot.getString("id"), change.getString("id"), "one name for a slot's id: " + change.encode());
    // The price is not live data: it does not change when places do, and a screen keeps the one the
    // answer gave (a push only moves free places); every other field has the answer's name.
    java.util.Set<String> live = new java.util.HashSet<>(slot.fieldNames());
    live.remove("price");
    assertTrue(change.fieldNames().containsAll(live), "the push names every field as the answer does: "
        + change.fieldNames() + " against " + live);
  }

  @Test
  void nothingIsPushedForAChangeThatRolledBack() {
    BridgeClient screen = guestWatching(CatalogAddresses.service(service));
    var refused = await(app.pool().withTransaction(conn -> conn.preparedQuery(
            "UPDATE slots SET taken = taken + 1 WHERE service_id = $1").execute(Tuple.of(UUID.fromString(service)))
        .compose(v -> io.vertx.core.Future.failedFuture("rolled back on purpose")))
        .recover(e -> io.vertx.core.Future.succeededFuture("ok")));
    assertEquals("ok", refused);
    // PostgreSQL delivers notifications in commit order: one from the aborted transaction would come
    // before this one, sent after it.
    JsonObject later = new JsonObject().put("serviceId", service).put("area", "childhood")
        .put("municipalities", new JsonArray()).put("later", true);
    await(app.pool().preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CatalogAddresses.PG_CHANNEL, later.encode())));
    waitForMessage(screen, CatalogAddresses.service(service), body -> body.getBoolean("later", false));
    assertEquals(1, received(screen).size(), "no notification leaves an aborted transaction");
  }

  @Test
  void noClientCanPublishIntoAnAvailabilityFeedOrForgeAChange() {
    BridgeClient watcher = guestWatching(CatalogAddresses.service(service), CatalogAddresses.area("childhood"));
    await(TestAccounts.create(vertx, app.pool(), "furbetto", "citizen"));
    String token = await(http.accessToken("furbetto"));
    String ticket = await(http.post("/api/v1/auth/bridge-ticket", token, new JsonObject())).bodyAsJsonObject().getString("ticket");
    BridgeClient attacker = await(BridgeClient.connect(vertx, app.port(), ticket));
    JsonObject forged = new JsonObject().put("serviceId", service).put("count", 1)
        .put("slots", new io.vertx.core.json.JsonArray().add(new JsonObject().put("free", 0)));
    attacker.send(CatalogAddresses.service(service), forged, null, null);
    attacker.send(CatalogAddresses.area("childhood"), forged, null, null);
    attacker.send(CatalogAddresses.PG_CHANNEL, forged, null, null);
    // A refused frame goes no further than the bridge.
    waitFor(() -> attacker.frames().stream().filter(f -> "err".equals(f.getString("type"))).count() >= 3, "the refusals");
    assertTrue(received(watcher).isEmpty(), "the watcher saw nothing forged");
    assertEquals(3, attacker.frames().stream().filter(f -> "err".equals(f.getString("type"))).count());
    assertEquals(403, await(http.post("/api/v1/provider/services/" + service + "/exceptions", token,
        new JsonObject().put("resourceId", room).put("date", DAY.toString()))).statusCode());
  }

  @Test
  void aGuestSeesPublicFeedsButNothingPersonal() {
    BridgeClient guest = guestWatching();
    guest.send("platform.whoami", new JsonObject(), null, "who");
    guest.register("platform.user.someone");
    guest.register("platform.announcements");
    waitFor(() -> guest.frames().stream().filter(f -> "err".equals(f.getString("type"))).count() >= 3, "the refusals");
    assertEquals(3, guest.frames().stream().filter(f -> "err".equals(f.getString("type"))).count(),
        "announcements are for people who signed in");
  }

  private int currentFree() {
    return admin.availability(service, DAY, DAY).getJsonArray("slots").getJsonObject(0).getInteger("free");
  }

  private static int freeOfFirstSlot(JsonObject body) {
    return body.getJsonArray("slots").getJsonObject(0).getInteger("free");
  }

  private static List<JsonObject> received(BridgeClient client) {
    return client.frames().stream().filter(f -> "rec".equals(f.getString("type"))).toList();
  }

  private static JsonObject waitForMessage(BridgeClient client, String address, Predicate<JsonObject> matches) {
    return Waits.eventually("a matching message on " + address).atMost(Duration.ofSeconds(5))
        .until(() -> client.received(address).stream().filter(matches).findFirst(), Optional::isPresent).orElseThrow();
  }
}
