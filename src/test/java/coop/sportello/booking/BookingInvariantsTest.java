package coop.sportello.booking;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10,000 random holds, confirmations (some paid with welfare credit), cancellations, reschedules
 * and expiries over 40 small slots, 25 at a time through HTTP; afterwards every slot's counter
 * equals its live bookings and never exceeds capacity, and every wallet equals its ledger.
 */
class BookingInvariantsTest extends AppTestBase {

  private static final LocalDate DAY = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(8);
  private static final int OPERATIONS = 10_000;
  private static final int IN_FLIGHT = 25;

  private final List<String> slots = new ArrayList<>();
  private String employee;
  private String citizen;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("booking", new JsonObject().put("holdSeconds", 2))
        .put("database", new JsonObject().put("poolSize", 16));
  }

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    await(TestAccounts.create(vertx, app.pool(), "admin.random", "provider_admin"));
    String employeeId = await(TestAccounts.create(vertx, app.pool(), "dipendente.random", "employee")).toString();
    await(TestAccounts.create(vertx, app.pool(), "cittadino.random", "citizen"));
    await(app.pool().preparedQuery("""
        WITH g AS (INSERT INTO employee_groups (company_id, name)
                   SELECT company_id, 'Tutti' FROM accounts WHERE id = $1 RETURNING id, company_id),
             e AS (INSERT INTO employees (account_id, company_id, group_id)
                   SELECT $1, company_id, id FROM g),
             p AS (INSERT INTO welfare_plans (company_id, group_id, plan_year, credit_per_employee_cents, starts_on, ends_on,
                                              unused_credit)
                   SELECT company_id, id, $2, 500000, make_date($2, 1, 1), make_date($2, 12, 31), 'expires' FROM g
                   RETURNING id),
             w AS (INSERT INTO wallets (account_id, plan_id, balance_cents) SELECT $1, id, 500000 FROM p RETURNING plan_id)
        INSERT INTO wallet_ledger (account_id, plan_id, amount_cents, kind, actor) SELECT $1, plan_id, 500000, 'fund', 'test' FROM w""")
        .execute(Tuple.of(UUID.fromString(employeeId), DAY.getYear())));
    employee = await(http.accessToken("dipendente.random"));
    citizen = await(http.accessToken("cittadino.random"));
    CatalogFixture.Service service = new CatalogFixture(http, await(http.accessToken("admin.random"))).create(
        CatalogFixture.serviceBody("health", "Ginnastica posturale", "Piccoli gruppi con un fisioterapista.")
            .tariff(700, "session").audience("adults").welfareLetter("f").at("Via Locatelli 1, Bergamo")
            .policy(new JsonObject().put("cancelWindowHours", 0))
            // Two test people stand for everyone: the counters, not the per-person limits, are tested here.
            .withoutPersonalLimits());
    for (int r = 0; r < 2; r++) {
      service.resource("Palestra " + r, "room", 5).openOn(DAY, "08:00", "18:00", 30);
    }
    slots.addAll(service.slotsOn(DAY));
    assertEquals(40, slots.size());
  }

  @Test
  void tenThousandRandomOperationsKeepEveryCounterAndEveryWalletExact() {
    Random random = new Random(2026);
    List<String[]> live = new CopyOnWriteArrayList<>(); // {bookingId, token}
    int done = 0;
    int accepted = 0;
    while (done < OPERATIONS) {
      List<Future<HttpResponse<Buffer>>> batch = new ArrayList<>();
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < IN_FLIGHT && done < OPERATIONS; i++, done++) {
        String token = random.nextBoolean() ? employee : citizen;
        int op = random.nextInt(10);
        String[] target = live.isEmpty() ? null : live.get(random.nextInt(live.size()));
        if (op < 4 || target == null) {
          batch.add(http.post("/api/v1/bookings/holds", token, new JsonObject()
              .put("slotId", slots.get(random.nextInt(slots.size()))).put("places", 1 + random.nextInt(2))));
          tokens.add(token);
        } else if (op < 7) {
          batch.add(http.post("/api/v1/bookings/" + target[0] + "/confirm", target[1],
              new JsonObject().put("payWithWelfare", target[1].equals(employee) && random.nextBoolean())));
          tokens.add(null);
        } else if (op < 9) {
          batch.add(http.post("/api/v1/bookings/" + target[0] + "/cancel", target[1], new JsonObject()));
          tokens.add(null);
        } else {
          batch.add(http.post("/api/v1/bookings/" + target[0] + "/reschedule", target[1],
              new JsonObject().put("slotId", slots.get(random.nextInt(slots.size())))));
          tokens.add(target[1]);
        }
      }
      await(Future.join(batch));
      for (int i = 0; i < batch.size(); i++) {
        var f = batch.get(i);
        if (!f.succeeded()) {
          continue;
        }
        int status = f.result().statusCode();
        assertTrue(status < 500, "no server error: " + f.result().bodyAsString());
        if (status < 300) {
          accepted++;
          JsonObject body = f.result().bodyAsJsonObject();
          if (tokens.get(i) != null && body.containsKey("code")) {
            live.add(new String[] {body.getString("id"), tokens.get(i)});
          }
        }
      }
      if (live.size() > 300) {
        live.subList(0, 150).clear();
      }
    }
    assertTrue(accepted > OPERATIONS / 5, "a good share of operations went through: " + accepted);

    for (Row r : await(app.pool().query("""
        SELECT s.id, s.taken, s.capacity,
               COALESCE((SELECT sum(places) FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('held', 'confirmed')), 0)
          FROM slots s""").execute())) {
      assertEquals(r.getLong(3).intValue(), r.getInteger(1), "slot " + r.getUUID(0) + ": counter = live bookings and holds");
      assertTrue(r.getInteger(1) <= r.getInteger(2), "never above capacity");
    }
    for (Row r : await(app.pool().query("""
        SELECT w.balance_cents, (SELECT sum(amount_cents) FROM wallet_ledger l WHERE l.account_id = w.account_id
                                   AND l.plan_id = w.plan_id),
               (SELECT COALESCE(sum(paid_cents), 0) FROM bookings b WHERE b.person = w.account_id::text)
          FROM wallets w""").execute())) {
      assertEquals(r.getLong(1).intValue(), r.getInteger(0), "wallet = its ledger");
      assertEquals(500000 - r.getLong(2).intValue(), r.getInteger(0), "what is spent is what live bookings paid");
    }
  }
}
