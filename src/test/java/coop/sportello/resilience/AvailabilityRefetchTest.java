package coop.sportello.resilience;

import coop.sportello.catalog.CatalogAddresses;
import coop.sportello.catalog.CatalogModule;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.BridgeClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static coop.sportello.testing.Waits.holdsFor;
import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Notifications sent while the availability feed was not listening are lost; a screen whose own
 * socket stayed open would never know. When the feed listens again, every screen connected to this
 * node is told to read again what it shows.
 */
class AvailabilityRefetchTest extends AppTestBase {

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("catalog", new JsonObject().put("feedReconnectMinMillis", 20).put("feedReconnectMaxMillis", 200));
  }

  @Test
  void afterTheFeedReconnectsAConnectedScreenIsToldToRefetch() {
    var ticket = await(http.client().post("/api/v1/auth/bridge-ticket/guest").send());
    BridgeClient screen = await(BridgeClient.connect(vertx, app.port(), ticket.bodyAsJsonObject().getString("ticket")));
    screen.register(CatalogAddresses.REFETCH).register(CatalogAddresses.area("childhood")).handledForGuest();
    holdsFor(Duration.ofMillis(300), () -> screen.received(CatalogAddresses.REFETCH).isEmpty(),
        "no refetch while the feed has been listening all along");

    long attemptsBefore = app.module(CatalogModule.class).feed().reconnectAttempts();
    // The feed's connection dies (as in a restart of PostgreSQL or a network cut); the screen's does not.
    int terminated = await(app.pool().query("""
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN%'""").execute()).size();
    assertEquals(1, terminated, "the feed's LISTEN connection");

    waitFor(() -> !screen.received(CatalogAddresses.REFETCH).isEmpty(), "the refetch signal after the feed listens again");
    assertEquals("reconnected", screen.received(CatalogAddresses.REFETCH).get(0).getString("reason"));
    assertTrue(app.module(CatalogModule.class).feed().reconnectAttempts() > attemptsBefore);
    assertTrue(!screen.closed(), "the screen's socket stayed open throughout");

    // And the feed is live again: a change reaches the same screen.
    JsonObject change = new JsonObject().put("serviceId", "00000000-0000-0000-0000-000000000001").put("area", "childhood")
        .put("municipalities", new JsonArray()).put("after", true);
    await(app.pool().preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CatalogAddresses.PG_CHANNEL, change.encode())));
    waitFor(() -> !screen.received(CatalogAddresses.area("childhood")).isEmpty(), "a change after the reconnect");
    assertEquals(1, screen.received(CatalogAddresses.REFETCH).size(), "one signal per reconnect");
  }
}
