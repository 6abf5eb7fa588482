package coop.sportello.bandi;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One application per household and the receive order, with many submissions at once. */
class BandiConcurrencyTest extends AppTestBase {

  private BandiFixture fixture;
  private String officer;

  @BeforeAll
  void setUp() {
    CatalogFixture.municipalities(app.pool());
    fixture = new BandiFixture(vertx, app.pool(), http);
    officer = fixture.officer("ufficio.concorrenza");
  }

  private static JsonObject withoutDocuments(String title) {
    return BandiFixture.definition(title).put("documents", new JsonArray());
  }

  /** Five members of one household, each with an account, send 50 applications at once: exactly one is stored. */
  @Test
  void fiftyApplicationsFromOneHouseholdStoreExactlyOne() {
    String bando = fixture.published(officer, withoutDocuments("Buoni spesa una famiglia"));
    List<String[]> family = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      family.add(fixture.citizen("famiglia.uno." + i, LocalDate.of(1970 + i, 1 + i, 10 + i)));
    }
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String[] me = family.get(i % 5);
      JsonArray members = new JsonArray();
      // Each lists the others in its own order: the statement sorts them, so no two deadlock.
      for (int j = 4; j >= 0; j--) {
        if (!family.get((i + j) % 5)[1].equals(me[1])) {
          members.add(BandiFixture.member(family.get((i + j) % 5)[1], "other"));
        }
      }
      sent.add(http.post("/api/v1/bandi/" + bando + "/applications", me[0], BandiFixture.application(members)));
    }
    List<HttpResponse<Buffer>> answers = await(Future.all(sent), 120).list();
    Map<Integer, Long> byStatus = answers.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
    assertEquals(Map.of(201, 1L, 409, 49L), byStatus, answers.stream().filter(r -> r.statusCode() != 201 && r.statusCode() != 409)
        .map(HttpResponse::bodyAsString).findFirst().orElse(""));
    for (HttpResponse<Buffer> r : answers) {
      if (r.statusCode() == 409) {
        JsonObject problem = r.bodyAsJsonObject();
        assertEquals("/problems/household-already-applied", problem.getString("type"));
        for (String[] member : family) {
          assertTrue(!r.bodyAsString().contains(member[1]) && !r.bodyAsString().contains(member[2]), "nobody's data in the answer");
        }
      }
    }
    Row stored = await(app.pool().preparedQuery("""
        SELECT count(*), (SELECT count(*) FROM bando_household_members WHERE bando_id = $1) FROM bando_applications WHERE bando_id = $1""")
        .execute(Tuple.of(UUID.fromString(bando)))).iterator().next();
    assertEquals(1L, stored.getLong(0));
    assertEquals(5L, stored.getLong(1));
  }

  /** Forty households at once: protocol order is receive order, and every receipt is the one stored. */
  @Test
  void protocolOrderFollowsTheReceiveTimeUnderConcurrency() {
    String bando = fixture.published(officer, withoutDocuments("Buoni spesa giorno di apertura"));
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String[] me = fixture.citizen("ordine." + i, LocalDate.of(1960 + i, 2, 1 + i % 28));
      sent.add(http.post("/api/v1/bandi/" + bando + "/applications", me[0], BandiFixture.application(new JsonArray())));
    }
    List<HttpResponse<Buffer>> answers = await(Future.all(sent), 120).list();
    Map<Long, Instant> receipts = new java.util.HashMap<>();
    for (HttpResponse<Buffer> r : answers) {
      assertEquals(201, r.statusCode(), r.bodyAsString());
      receipts.put(r.bodyAsJsonObject().getLong("protocol"), Instant.parse(r.bodyAsJsonObject().getString("receivedAtUtc")));
    }
    List<Row> rows = new ArrayList<>();
    await(app.pool().preparedQuery("SELECT protocol, received_at FROM bando_applications WHERE bando_id = $1 ORDER BY protocol")
        .execute(Tuple.of(UUID.fromString(bando)))).forEach(rows::add);
    assertEquals(40, rows.size());
    Instant previous = Instant.MIN;
    for (Row row : rows) {
      Instant at = row.getOffsetDateTime(1).toInstant();
      assertTrue(at.isAfter(previous), "protocol " + row.getLong(0) + " received at " + at + " after " + previous);
      assertEquals(receipts.get(row.getLong(0)), at, "the receipt says what is stored");
      previous = at;
    }
  }
}
