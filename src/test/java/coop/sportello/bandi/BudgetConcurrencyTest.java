package coop.sportello.bandi;

import coop.sportello.testing.AppTestBase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The budget is never exceeded, whatever the officers do at once: 200 applications admitted
 * concurrently by several officers against a budget that fits 57 admit exactly 57; random admits,
 * rejections and revocations (concurrent, with batches in ranking order among them) always keep
 * granted_cents equal to the sum of the admitted and paid amounts and within the budget.
 */
class BudgetConcurrencyTest extends AppTestBase {

  private static final int AMOUNT = 15_000;

  private ReviewFixture f;
  private List<String> officers;
  private WebClient client;
  private UUID citizen;

  @BeforeAll
  void setUp() {
    f = new ReviewFixture(vertx, app.pool(), http);
    officers = List.of(f.officer("budget.officer1"), f.officer("budget.officer2"), f.officer("budget.officer3"),
        f.officer("budget.officer4"));
    citizen = f.account("budget.citizen", "citizen");
    // Many connections, so the requests really reach the server at once.
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()),
        new PoolOptions().setHttp1MaxSize(64));
  }

  private Future<HttpResponse<Buffer>> post(String path, String token, JsonObject body) {
    return client.post(path).bearerTokenAuthentication(token).putHeader("Idempotency-Key", UUID.randomUUID().toString())
        .sendJsonObject(body);
  }

  @Test
  void twoHundredConcurrentAdmissionsAgainstABudgetForFiftySevenAdmitExactlyFiftySeven() {
    UUID bando = f.bando(f.comune, "contributo", "first_come", 57L * AMOUNT + AMOUNT - 1);
    List<UUID> applications = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      applications.add(f.application(bando, citizen, AMOUNT, 2, 1, null));
    }
    List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
    for (int i = 0; i < applications.size(); i++) {
      requests.add(post(ReviewFixture.path(bando, applications.get(i), "admit"), officers.get(i % officers.size()), new JsonObject()));
      // Half of them admitted twice at once by another officer: the second finds it decided.
      if (i % 2 == 0) {
        requests.add(post(ReviewFixture.path(bando, applications.get(i), "admit"), officers.get((i + 1) % officers.size()),
            new JsonObject()));
      }
    }
    await(Future.join(requests), 120);
    int admitted = 0;
    int exhausted = 0;
    int decided = 0;
    for (Future<HttpResponse<Buffer>> r : requests) {
      HttpResponse<Buffer> response = r.result();
      if (response.statusCode() == 200) {
        admitted++;
      } else {
        assertEquals(409, response.statusCode(), response.bodyAsString());
        JsonObject problem = response.bodyAsJsonObject();
        if (problem.getString("type").endsWith("budget-exhausted")) {
          exhausted++;
          assertTrue(problem.getLong("residualCents") < AMOUNT, problem.encode());
        } else {
          assertEquals("/problems/application-admitted", problem.getString("type"), problem.encode());
          decided++;
        }
      }
    }
    assertEquals(57, admitted, "exactly the budget's worth admitted");
    assertEquals(300, admitted + exhausted + decided);
    Row b = f.bandoRow(bando);
    assertEquals(57L, b.getLong("admitted"));
    assertEquals(57L * AMOUNT, b.getLong("granted_cents"));
    assertEquals(b.getLong("admitted_sum"), b.getLong("granted_cents"));
    assertTrue(b.getLong("granted_cents") <= b.getLong("budget_cents"));
    long events = applications.stream().mapToLong(f::events).sum();
    assertEquals(57, events, "one history row per admission, none for a refusal");
  }

  @Test
  void randomAdmitsRejectionsRevocationsAndBatchesKeepGrantedEqualToTheAdmittedAmountsWithinTheBudget() {
    Random random = new Random(2212);
    UUID bando = f.bando(f.comune, "contributo", "score", 400_000);
    List<UUID> applications = new ArrayList<>();
    Map<UUID, Integer> amounts = new ConcurrentHashMap<>();
    for (int i = 0; i < 80; i++) {
      int amount = 5_000 + random.nextInt(25) * 1_000;
      UUID id = f.application(bando, citizen, amount, 1 + random.nextInt(5), 0, random.nextBoolean() ? (long) random.nextInt(40_000_00) : null);
      applications.add(id);
      amounts.put(id, amount);
    }
    JsonObject reason = new JsonObject().put("reason", "Requisiti non soddisfatti.");
    for (int round = 0; round < 25; round++) {
      List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        UUID a = applications.get(random.nextInt(applications.size()));
        String officer = officers.get(random.nextInt(officers.size()));
        int op = random.nextInt(10);
        requests.add(op < 5 ? post(ReviewFixture.path(bando, a, "admit"), officer, new JsonObject())
            : op < 8 ? post(ReviewFixture.path(bando, a, "reject"), officer, reason)
            : op < 9 ? post(ReviewFixture.path(bando, a, "paid"), officer, new JsonObject())
            : post("/api/v1/comune/bandi/" + bando + "/admit-in-ranking", officer, new JsonObject()));
      }
      await(Future.join(requests), 60);
      for (Future<HttpResponse<Buffer>> r : requests) {
        int status = r.result().statusCode();
        assertTrue(status == 200 || status == 409, r.result().bodyAsString());
      }
      Row b = f.bandoRow(bando);
      assertEquals(b.getLong("admitted_sum"), b.getLong("granted_cents"), "round " + round);
      assertTrue(b.getLong("granted_cents") <= b.getLong("budget_cents"), "round " + round);
      // A rejected application is out of its household's way: it may apply again.
      if (round % 5 == 4) {
        UUID again = applications.get(random.nextInt(applications.size()));
        if (f.status(again).equals("rejected")) {
          assertEquals(0L, await(app.pool().preparedQuery("""
                  SELECT count(*) FROM bando_household_members WHERE application_id = $1 AND live""")
              .execute(io.vertx.sqlclient.Tuple.of(again))).iterator().next().getLong(0));
        }
      }
    }
    // The run did what it claims: admissions up against the budget, and admissions revoked.
    Row seen = await(app.pool().preparedQuery("""
            SELECT count(*) FILTER (WHERE e.status = 'rejected' AND EXISTS (SELECT 1 FROM bando_application_events x
                                      WHERE x.application_id = e.application_id AND x.status = 'admitted' AND x.id < e.id)),
                   count(*) FILTER (WHERE e.status = 'admitted')
              FROM bando_application_events e JOIN bando_applications a ON a.id = e.application_id WHERE a.bando_id = $1""")
        .execute(io.vertx.sqlclient.Tuple.of(bando))).iterator().next();
    assertTrue(seen.getLong(0) > 0, "some admissions were revoked");
    assertTrue(seen.getLong(1) > 400_000 / 30_000, "more admissions over the run than the budget holds at once");
    Collections.shuffle(applications, random);
    long admittedSum = applications.stream().filter(a -> List.of("admitted", "paid").contains(f.status(a)))
        .mapToLong(amounts::get).sum();
    assertEquals(admittedSum, f.bandoRow(bando).getLong("granted_cents"));
  }
}
