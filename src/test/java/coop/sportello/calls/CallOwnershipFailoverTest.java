package coop.sportello.calls;

import coop.sportello.Application;
import coop.sportello.platform.SportelloVertx;
import coop.sportello.testing.Http;
import coop.sportello.testing.TestApp;
import coop.sportello.testing.TestPostgres;
import coop.sportello.calls.domain.Changes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static coop.sportello.testing.AppTestBase.await;
import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes on one database, each with its own Vert.x (no clustered event bus): exactly one owns
 * call distribution; when it stops, the other takes over within seconds and recovers every call
 * in flight from PostgreSQL, with nobody offered twice and nobody losing their place.
 */
class CallOwnershipFailoverTest {

  @Test
  void theOtherNodeTakesOverWithEveryCallInFlight() {
    String database = TestPostgres.freshDatabaseUrl();
    JsonObject shared = CallCenterFixture.alwaysOpen().put("database", new JsonObject().put("url", database).put("poolSize", 4));
    Vertx vertxA = SportelloVertx.create();
    Vertx vertxB = SportelloVertx.create();
    Application a = await(TestApp.start(vertxA, shared.copy()));
    Application b = null;
    try {
      b = await(TestApp.start(vertxB, shared.copy()));
      assertTrue(a.module(coop.sportello.calls.CallModule.class).ownsDistribution());
      assertFalse(b.module(coop.sportello.calls.CallModule.class).ownsDistribution());

      Http httpA = new Http(vertxA, a.port());
      Http httpB = new Http(vertxB, b.port());
      CallCenterFixture onA = new CallCenterFixture(vertxA, a.pool(), httpA, a.port(), "nodoa");
      onA.queue("failover", "longest_idle", new JsonObject());
      CallCenterFixture.Operator op = onA.operator("failover.operatrice", "failover");
      op.ask(CallAddresses.OPERATOR_LOGIN, new JsonObject());
      String talking = CallCenterFixture.callId();
      String second = CallCenterFixture.callId();
      String third = CallCenterFixture.callId();
      onA.arrive(talking, "failover", "+393470000201");
      waitFor(() -> !onA.commands("route", talking).isEmpty(), "the first offer");
      onA.event("call.answered", talking, new JsonObject().put("operator", op.subject()));
      assertEquals(1, onA.arrive(second, "failover", "+393470000202").getInteger("position"));
      assertEquals(2, onA.arrive(third, "failover", "+393470000203").getInteger("position"));

      // A node that does not own distribution, without a clustered bus, sends the PBX elsewhere.
      CallCenterFixture onB = new CallCenterFixture(vertxB, b.pool(), httpB, b.port(), "nodob");
      HttpResponse<Buffer> notOwner = onB.pbx(new JsonObject().put("eventId", "x-" + second).put("type", "call.ended")
          .put("callId", second));
      assertEquals(503, notOwner.statusCode());
      assertEquals("1", notOwner.getHeader("Retry-After"));
      assertEquals("application/problem+json", notOwner.getHeader("Content-Type"));

      long stopping = System.nanoTime();
      await(a.stop());
      Application nodeB = b;
      waitFor(() -> nodeB.module(coop.sportello.calls.CallModule.class).ownsDistribution(), "node B to take over");
      double seconds = (System.nanoTime() - stopping) / 1e9;
      assertTrue(seconds < 5, "took over in " + seconds + " s");

      // Node B recovered the queue as it was: the same places, the call in progress, the day's KPIs.
      List<JsonObject> live = await(httpB.get("/api/v1/calls/live", onB.supervisorToken())).bodyAsJsonObject()
          .getJsonArray("items").stream().map(JsonObject.class::cast).toList();
      assertEquals(3, live.size());
      assertEquals("on_call", live.get(0).getString("status"));
      assertEquals(1, live.get(1).getInteger("position"));
      assertEquals(second, live.get(1).getString("callId"));
      assertEquals(2, live.get(2).getInteger("position"));
      assertEquals(3L, onB.queueOnWall("failover").getLong("offered"));

      // The call in progress ends on B; the operator's wrap-up is 0, so B offers the next caller.
      onB.event("call.ended", talking, new JsonObject());
      waitFor(() -> !onB.commands("route", second).isEmpty(), "node B to offer the next caller");
      assertEquals(1, onB.commands("route", second).size());
      assertTrue(onA.commands("route", second).isEmpty(), "the old owner must not have offered it");
      assertTrue(onB.commands("route", third).isEmpty());

      // Whoever claims ownership next fences out every earlier epoch: an owner that has not yet
      // noticed it lost the lock stores nothing more.
      CallRepository repository = new CallRepository(nodeB.pool());
      PgConnection connection = await(PgConnection.connect(vertxB, PgConnectOptions.fromUri(database)));
      try {
        long first = await(repository.claimOwnership(connection, "vecchio"));
        long next = await(repository.claimOwnership(connection, "nuovo"));
        assertTrue(next > first);
        Throwable refused = await(new CallStore(nodeB.pool(), repository, new coop.sportello.people.PeopleService(nodeB.pool())).store(first, new CallRepository.Batch(List.of(new Changes()),
                List.of(new CallRepository.PbxEventId("evento-del-vecchio", "x")), Map.of()))
            .transform(ar -> Future.succeededFuture(ar.cause())));
        assertInstanceOf(CallRepository.Fenced.class, refused);
        long kept = await(nodeB.pool().query("SELECT count(*) FROM call_pbx_events WHERE event_id = 'evento-del-vecchio'")
            .execute()).iterator().next().getLong(0);
        assertEquals(0, kept);
      } finally {
        await(connection.close());
      }
    } finally {
      if (b != null) {
        await(b.stop());
      }
      await(vertxA.close());
      await(vertxB.close());
    }
  }
}
