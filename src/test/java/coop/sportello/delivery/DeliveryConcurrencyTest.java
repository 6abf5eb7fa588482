package coop.sportello.delivery;

import coop.sportello.testing.Responses;
import coop.sportello.statements.MoneyRows.Booking;
import coop.sportello.testing.AppTestBase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static coop.sportello.testing.Responses.ok;
import static coop.sportello.delivery.DeliveryTest.rome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two admins of one cooperative recording and correcting the same booking at once: every accepted
 * change has exactly one history row (versions 1..n without gaps), and the record is the last one
 * accepted; a month closed while records are being written lets through only what committed before it.
 */
class DeliveryConcurrencyTest extends AppTestBase {

  private DeliveryFixture coop;
  private String admin;
  private String colleague;

  @BeforeAll
  void cooperative() {
    coop = DeliveryFixture.create(vertx, app.pool(), http, "conc", "51515151515");
    admin = coop.admin;
    colleague = coop.colleague;
  }

  @Test
  void concurrentRecordingsEachLeaveOneHistoryRowAndTheLastAcceptedWins() {
    Booking b = coop.booking(rome("2025-06-10T09:00"), rome("2025-06-10T10:00"));
    List<HttpResponse<Buffer>> answers = all(IntStream.rangeClosed(1, 12).mapToObj(i ->
        send("PUT", "/api/v1/provider/bookings/" + b.id() + "/delivery", i % 2 == 0 ? admin : colleague,
            new JsonObject().put("outcome", "partial").put("minutes", i).put("note", "Richiesta " + i))).toList());
    answers.forEach(Responses::ok);
    assertHistoryIsEveryAcceptedChange(b, 12);
  }

  @Test
  void concurrentCorrectionsEachLeaveOneHistoryAndOneCorrectionRow() {
    Booking b = coop.booking(rome("2025-05-10T09:00"), rome("2025-05-10T10:00"));
    ok(await(send("PUT", "/api/v1/provider/bookings/" + b.id() + "/delivery", admin, new JsonObject().put("outcome", "delivered"))));
    ok(await(send("POST", "/api/v1/provider/periods/2025-05/close", admin, new JsonObject())));
    List<HttpResponse<Buffer>> answers = all(IntStream.rangeClosed(1, 8).mapToObj(i ->
        send("POST", "/api/v1/provider/bookings/" + b.id() + "/delivery/corrections", i % 2 == 0 ? admin : colleague,
            new JsonObject().put("outcome", "partial").put("minutes", 10 + i).put("reason", "Correzione " + i))).toList());
    answers.forEach(Responses::ok);
    assertHistoryIsEveryAcceptedChange(b, 9);
    assertEquals(8L, one("SELECT count(*) FROM delivery_corrections WHERE booking_id = $1", b));
    // Each correction's "before" is the state the previous version left: none was lost between two of them.
    assertEquals(0L, one("""
        SELECT count(*) FROM delivery_corrections k JOIN delivery_history h ON h.booking_id = k.booking_id AND h.version = k.version - 1
         WHERE k.booking_id = $1 AND (k.before ->> 'minutes')::int <> h.minutes""", b));
  }

  @Test
  void aMonthClosedWhileRecordsAreWrittenKeepsOnlyWhatCameBefore() {
    Booking b = coop.booking(rome("2025-04-10T09:00"), rome("2025-04-10T10:00"));
    List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      requests.add(send("PUT", "/api/v1/provider/bookings/" + b.id() + "/delivery", i % 2 == 0 ? admin : colleague,
          new JsonObject().put("outcome", "partial").put("minutes", i)));
      if (i == 5) {
        requests.add(send("POST", "/api/v1/provider/periods/2025-04/close", admin, new JsonObject()));
      }
    }
    List<HttpResponse<Buffer>> answers = all(requests);
    long accepted = answers.stream().filter(r -> r.statusCode() == 200 && r.bodyAsJsonObject().containsKey("bookingId")).count();
    answers.forEach(r -> assertTrue(r.statusCode() == 200 || (r.statusCode() == 409
        && r.bodyAsJsonObject().getString("type").endsWith("month-closed")), r.bodyAsString()));
    assertEquals(1L, one("SELECT count(*) FROM delivery_periods WHERE month = '2025-04-01' AND $1::uuid IS NOT NULL", b));
    assertEquals(10, answers.stream().filter(r -> r.bodyAsJsonObject().containsKey("bookingId")
        || r.bodyAsJsonObject().getString("type", "").endsWith("month-closed")).count(), "each recording accepted or refused");
    if (accepted > 0) {
      assertHistoryIsEveryAcceptedChange(b, (int) accepted);
    }
    assertEquals(409, await(send("PUT", "/api/v1/provider/bookings/" + b.id() + "/delivery", admin,
        new JsonObject().put("outcome", "no_show"))).statusCode(), "closed now");
  }

  private void assertHistoryIsEveryAcceptedChange(Booking b, int changes) {
    List<Row> history = new ArrayList<>();
    await(app.pool().preparedQuery("SELECT version, outcome, minutes, note FROM delivery_history WHERE booking_id = $1 ORDER BY version")
        .execute(Tuple.of(b.id()))).forEach(history::add);
    assertEquals(IntStream.rangeClosed(1, changes).boxed().toList(), history.stream().map(r -> r.getInteger("version")).toList());
    Row last = history.get(history.size() - 1);
    Row record = await(app.pool().preparedQuery("SELECT version, outcome, minutes, note FROM delivery_records WHERE booking_id = $1")
        .execute(Tuple.of(b.id()))).iterator().next();
    assertEquals(List.of(last.getInteger(0), last.getString(1), last.getInteger(2), String.valueOf(last.getString(3))),
        List.of(record.getInteger(0), record.getString(1), record.getInteger(2), String.valueOf(record.getString(3))),
        "the record is the last accepted change");
    assertEquals(history.stream().map(r -> r.getInteger("minutes")).distinct().count(), (long) changes,
        "every request's change is one row: none lost, none twice");
  }

  private Future<HttpResponse<Buffer>> send(String method, String path, String token, JsonObject body) {
    var request = method.equals("PUT") ? http.client().put(path) : http.client().post(path);
    return request.bearerTokenAuthentication(token).putHeader("Idempotency-Key", UUID.randomUUID().toString()).sendJsonObject(body);
  }

  private List<HttpResponse<Buffer>> all(List<Future<HttpResponse<Buffer>>> requests) {
    await(Future.all(requests), 60);
    return requests.stream().map(Future::result).toList();
  }

  private long one(String sql, Booking b) {
    return await(app.pool().preparedQuery(sql).execute(Tuple.of(b.id()))).iterator().next().getLong(0);
  }
}
