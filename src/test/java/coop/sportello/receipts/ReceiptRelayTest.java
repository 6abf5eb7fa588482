package coop.sportello.receipts;

import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay: every ledger row gets one document, numbered per provider, year and series from 1
 * with no gap and no repeat, whatever runs at once and whatever fails. The module's own relay is
 * slowed to once an hour here, so the test drives every batch.
 */
class ReceiptRelayTest extends AppTestBase {

  private ReceiptsFixture fixture;
  private ReceiptService relay;
  private UUID first;
  private UUID second;
  private String firstSlot;
  private String secondSlot;
  private String person;

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("receipts", new JsonObject().put("relayMillis", 3_600_000));
  }

  @BeforeAll
  void setUp() {
    fixture = new ReceiptsFixture(app.pool());
    relay = app.module(ReceiptsModule.class).service();
    await(TestAccounts.create(vertx, app.pool(), "admin.germoglio", "provider_admin"));
    await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), "admin.lanterna", "33188460167"));
    person = await(TestAccounts.create(vertx, app.pool(), "giulia.rossi", "citizen")).toString();
    first = fixture.legalDataOf("admin.germoglio", "Il Germoglio Soc. Coop. Sociale", "Via Borgo Palazzo 88, Bergamo");
    second = fixture.legalDataOf("admin.lanterna", "La Lanterna Soc. Coop. Sociale", "Via Roma 1, Seriate");
    firstSlot = ReceiptsFixture.slotOf(http, await(http.accessToken("admin.germoglio")), "Assistenza domiciliare");
    secondSlot = ReceiptsFixture.slotOf(http, await(http.accessToken("admin.lanterna")), "Centro diurno");
  }

  /** Relays at once, as on that many nodes, each with its batch, round after round until a round finds nothing. */
  private int relayUntilDone(int relays, int batch) {
    int claimed = 0;
    while (true) {
      List<Future<Integer>> round = IntStream.range(0, relays).mapToObj(i -> relay.issueBatch(batch)).toList();
      int thisRound = await(Future.all(round), 120).<Integer>list().stream().mapToInt(Integer::intValue).sum();
      if (thisRound == 0) {
        return claimed;
      }
      claimed += thisRound;
    }
  }

  private static List<Integer> oneTo(int n) {
    return IntStream.rangeClosed(1, n).boxed().toList();
  }

  @Test
  void manyConcurrentIssuersNumberEachProviderFromOneWithNoGapAndNoRepeatEvenWhenSomeDocumentsFail() {
    Random random = new Random(2126);
    int before1 = fixture.numbers(first, "receipt").size();
    int before2 = fixture.numbers(second, "receipt").size();
    List<UUID> poisoned = new ArrayList<>();
    Map<UUID, UUID> paymentOf = new HashMap<>();
    for (int i = 0; i < 120; i++) {
      UUID booking = fixture.booking(i % 2 == 0 ? firstSlot : secondSlot, person, 2100);
      paymentOf.put(booking, fixture.paidAtProvider(booking, 100 + random.nextInt(50_000)));
      if (random.nextInt(8) == 0) {
        poisoned.add(booking);
      }
    }
    // Some documents fail after their number was taken: the number must come back.
    await(app.pool().preparedQuery("""
        CREATE FUNCTION pg_temp_refuse_receipt() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.booking_id = ANY (string_to_array(current_setting('sportello.test_poisoned', true), ',')::uuid[])
            OR NEW.booking_id::text = ANY (ARRAY[%s]) THEN
            RAISE EXCEPTION 'refused by the test';
          END IF;
          RETURN NEW;
        END $$""".formatted(String.join(",", poisoned.stream().map(b -> "'" + b + "'").toList()))).execute());
    await(app.pool().query("CREATE TRIGGER test_refuse BEFORE INSERT ON receipts FOR EACH ROW EXECUTE FUNCTION pg_temp_refuse_receipt()").execute());
    try {
      relayUntilDone(6, 7);
    } finally {
      await(app.pool().query("DROP TRIGGER test_refuse ON receipts; DROP FUNCTION pg_temp_refuse_receipt()").execute());
    }
    List<Integer> firstNumbers = fixture.numbers(first, "receipt");
    List<Integer> secondNumbers = fixture.numbers(second, "receipt");
    assertEquals(oneTo(firstNumbers.size()), firstNumbers, "gapless, no repeat");
    assertEquals(oneTo(secondNumbers.size()), secondNumbers, "gapless, no repeat");
    assertEquals(120 - poisoned.size(), firstNumbers.size() - before1 + secondNumbers.size() - before2);
    Row waiting = await(app.pool().query("SELECT count(*), count(last_error) FROM receipts_due").execute()).iterator().next();
    assertEquals(poisoned.size(), waiting.getLong(0).intValue(), "the failed rows wait for a later try");
    assertEquals(poisoned.size(), waiting.getLong(1).intValue());

    // Their try comes: they are documented after the others, still without a gap.
    await(app.pool().query("UPDATE receipts_due SET next_try_at = now()").execute());
    relayUntilDone(3, 5);
    assertEquals(oneTo(before1 + 60), fixture.numbers(first, "receipt"));
    assertEquals(oneTo(before2 + 60), fixture.numbers(second, "receipt"));

    // Refunds of a random half: credit notes, their own series, each referring to its payment's receipt.
    Set<UUID> refunded = new HashSet<>();
    for (UUID booking : paymentOf.keySet()) {
      if (random.nextBoolean()) {
        fixture.refunded(paymentOf.get(booking), 50);
        refunded.add(booking);
      }
    }
    int notesBefore = fixture.numbers(first, "credit_note").size() + fixture.numbers(second, "credit_note").size();
    relayUntilDone(6, 4);
    List<Integer> firstNotes = fixture.numbers(first, "credit_note");
    List<Integer> secondNotes = fixture.numbers(second, "credit_note");
    assertEquals(oneTo(firstNotes.size()), firstNotes);
    assertEquals(oneTo(secondNotes.size()), secondNotes);
    assertEquals(refunded.size(), firstNotes.size() + secondNotes.size() - notesBefore);
    long wrongReferences = await(app.pool().query("""
        SELECT count(*) FROM receipts n JOIN money_ledger nl ON nl.id = n.ledger_id
          JOIN receipts r ON r.id = n.refers_to JOIN money_ledger rl ON rl.id = r.ledger_id
         WHERE n.series = 'credit_note' AND (rl.payment_id <> nl.payment_id OR rl.kind <> 'payment' OR n.amount_cents <> 50)""")
        .execute()).iterator().next().getLong(0);
    assertEquals(0, wrongReferences, "each credit note refers to the receipt of the payment it refunds, for the amount refunded");
    assertEquals(0, await(app.pool().query("SELECT count(*) FROM receipts_due").execute()).iterator().next().getLong(0));
  }

  @Test
  void twoRelaysAtOnceClaimDisjointRowsSoEachRowGetsOneDocument() {
    await(app.pool().query("UPDATE receipts_due SET next_try_at = now()").execute());
    relayUntilDone(1, 100);
    List<UUID> bookings = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      UUID booking = fixture.booking(firstSlot, person, 2100);
      fixture.paidAtProvider(booking, 2100);
      bookings.add(booking);
    }
    List<Integer> claimed = await(Future.all(relay.issueBatch(40), relay.issueBatch(40)), 60).list();
    assertEquals(80, claimed.get(0) + claimed.get(1), "no row claimed by both: " + claimed);
    Row counts = await(app.pool().preparedQuery("SELECT count(*), count(DISTINCT ledger_id) FROM receipts WHERE booking_id = ANY ($1)")
        .execute(Tuple.of(bookings.toArray(UUID[]::new)))).iterator().next();
    assertEquals(80, counts.getLong(0).intValue(), "every row documented in that one round");
    assertEquals(80, counts.getLong(1).intValue());
    assertEquals(0, await(app.pool().query("SELECT count(*) FROM receipts_due").execute()).iterator().next().getLong(0));
    List<Integer> numbers = fixture.numbers(first, "receipt");
    assertEquals(oneTo(numbers.size()), numbers);
  }

  /** The database's refusal of the statement, or the empty text when it ran. */
  private String refusal(String sql, UUID booking) {
    return await(app.pool().preparedQuery(sql).execute(Tuple.of(booking)).map(r -> "")
        .recover(e -> Future.succeededFuture(String.valueOf(e.getMessage()))));
  }

  @Test
  void aProviderWithoutLegalDataWaitsAndADocumentNeverChanges() {
    String thirdAdmin = "admin.sentiero";
    await(TestAccounts.adminOfAnotherCooperative(vertx, app.pool(), thirdAdmin, "36751200167"));
    String slot = ReceiptsFixture.slotOf(http, await(http.accessToken(thirdAdmin)), "Orientamento");
    UUID booking = fixture.booking(slot, person, 3000);
    fixture.paidAtProvider(booking, 3000);
    relayUntilDone(2, 10);
    assertEquals(0, await(app.pool().preparedQuery("SELECT count(*) FROM receipts WHERE booking_id = $1").execute(Tuple.of(booking)))
        .iterator().next().getLong(0), "no document without the issuer's legal data");
    UUID provider = fixture.legalDataOf(thirdAdmin, "Il Sentiero Soc. Coop.", "Via Roma 2, Treviglio");
    relayUntilDone(2, 10);
    assertEquals(List.of(1), fixture.numbers(provider, "receipt"));
    assertTrue(refusal("UPDATE receipts SET amount_cents = 1 WHERE booking_id = $1", booking).contains("append-only"),
        "a fiscal document is never changed");
    assertTrue(refusal("DELETE FROM receipts WHERE booking_id = $1", booking).contains("append-only"));
    assertEquals(1, await(app.pool().preparedQuery("SELECT count(*) FROM receipts WHERE booking_id = $1").execute(Tuple.of(booking)))
        .iterator().next().getLong(0), "nor deleted");
  }
}
