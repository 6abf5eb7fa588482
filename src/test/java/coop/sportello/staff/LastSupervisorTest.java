package coop.sportello.staff;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static coop.sportello.staff.StaffApiTest.assertProblem;
import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * There is always an enabled supervisor (V33's trigger): on a database of its own, with exactly
 * two supervisors, whose only way to lose the last one is two changes at once.
 */
class LastSupervisorTest extends AppTestBase {

  @Test
  void twoSupervisorsDisabledAtOnceLeaveOneAndTheLastCannotStepDown() {
    UUID anna = await(TestAccounts.create(vertx, app.pool(), "sup.anna", "supervisor"));
    UUID bruno = await(TestAccounts.create(vertx, app.pool(), "sup.bruno", "supervisor"));

    // Two transactions interleaved as two nodes could run them: each disables one supervisor, and
    // the second one's check runs while the first has not committed yet.
    SqlConnection first = await(app.pool().getConnection());
    SqlConnection second = await(app.pool().getConnection());
    try {
      Transaction one = await(first.begin());
      Transaction two = await(second.begin());
      await(first.preparedQuery("UPDATE accounts SET disabled_at = now() WHERE id = $1").execute(Tuple.of(anna)));
      Future<?> secondUpdate = second.preparedQuery("UPDATE accounts SET disabled_at = now() WHERE id = $1")
          .execute(Tuple.of(bruno));
      // Either the second one waits for the first (the rule's lock), or it finished without waiting.
      waitFor(() -> secondUpdate.isComplete() || waitingOnALock(), "the second disable to run or wait");
      await(one.commit());
      boolean refused = secondUpdate.transform(ar -> Future.succeededFuture(ar.failed())).toCompletionStage()
          .toCompletableFuture().join();
      Future<Void> secondEnd = refused ? two.rollback() : two.commit();
      boolean committed = secondEnd.transform(ar -> Future.succeededFuture(ar.succeeded())).toCompletionStage()
          .toCompletableFuture().join();
      assertTrue(refused || !committed, "the second disable must not commit");
    } finally {
      first.close();
      second.close();
    }
    long enabled = await(app.pool().query("""
        SELECT count(*) FROM accounts WHERE 'supervisor' = ANY (roles) AND disabled_at IS NULL""").execute())
        .iterator().next().getLong(0);
    assertEquals(1, enabled);

    // Through the API: Bruno is the last; he may not disable himself nor give up the role.
    String token = await(http.accessToken("sup.bruno"));
    assertProblem(409, "own-account", await(http.post("/api/v1/staff/" + bruno + "/disable", token, new JsonObject())));
    assertProblem(409, "last-supervisor", await(http.put("/api/v1/staff/" + bruno, token, new JsonObject()
        .put("displayName", "Bruno").put("roles", new JsonArray().add("privacy_officer")))));
    // Anna comes back: now Bruno may step down, and nothing was audited for the refusals.
    assertEquals(200, await(http.post("/api/v1/staff/" + anna + "/enable", token, new JsonObject())).statusCode());
    assertEquals(200, await(http.put("/api/v1/staff/" + bruno, token, new JsonObject()
        .put("displayName", "Bruno").put("roles", new JsonArray().add("privacy_officer")))).statusCode());
    long audited = await(app.pool().query("SELECT count(*) FROM staff_audit").execute()).iterator().next().getLong(0);
    assertEquals(2, audited);
    assertFalse(await(app.pool().preparedQuery("SELECT 'supervisor' = ANY (roles) FROM accounts WHERE id = $1")
        .execute(Tuple.of(bruno))).iterator().next().getBoolean(0));
  }

  private boolean waitingOnALock() {
    return await(app.pool().query("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'").execute())
        .iterator().next().getLong(0) > 0;
  }
}
