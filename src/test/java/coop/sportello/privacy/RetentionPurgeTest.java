package coop.sportello.privacy;

import coop.sportello.catalog.CatalogFixture;
import coop.sportello.testing.AppTestBase;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retention purge, one record type at a time: rows older than their period go (or lose their
 * personal columns), younger ones stay; the append-only logs still refuse every other change, and
 * the wallet ledger is never purged.
 */
class RetentionPurgeTest extends AppTestBase {

  private UUID person;
  private UUID booking;

  @BeforeAll
  void fixture() {
    CatalogFixture.municipalities(app.pool());
    person = await(TestAccounts.create(vertx, app.pool(), "conserva.persona", "citizen"));
    await(TestAccounts.create(vertx, app.pool(), "conserva.admin", "provider_admin"));
    LocalDate day = LocalDate.now(ZoneId.of("Europe/Rome")).plusDays(3);
    String slot = new CatalogFixture(http, await(http.accessToken("conserva.admin"))).homeCareOn(day).slotsOn(day).get(0);
    booking = UUID.fromString(await(http.post("/api/v1/bookings/holds", await(http.accessToken("conserva.persona")),
        new JsonObject().put("slotId", slot))).bodyAsJsonObject().getString("id"));
  }

  private long count(String sql, Object... args) {
    return await(app.pool().preparedQuery(sql).execute(Tuple.from(args))).iterator().next().getLong(0);
  }

  private void run(String sql, Object... args) {
    await(app.pool().preparedQuery(sql).execute(Tuple.from(args)));
  }

  private void purge() {
    await(app.module(PrivacyModule.class).purgeOnce());
  }

  @Test
  void chatTranscriptsOlderThanTheirPeriodLoseWordsAndNames() {
    UUID old = conversation("vecchia", "800 days");
    UUID young = conversation("giovane", "10 days");
    purge();
    assertEquals(0, count("SELECT count(*) FROM chat_events WHERE conversation_id = $1", old));
    Row kept = await(app.pool().preparedQuery("SELECT owner_name, transcript_purged_at FROM chat_conversations WHERE id = $1")
        .execute(Tuple.of(old))).iterator().next();
    assertEquals("", kept.getString(0));
    assertFalse(kept.getValue(1) == null);
    assertEquals(1, count("SELECT count(*) FROM chat_events WHERE conversation_id = $1", young));
  }

  private UUID conversation(String name, String age) {
    return await(app.pool().preparedQuery("""
            WITH c AS (INSERT INTO chat_conversations (owner, owner_name, owner_request, topic, language, status, closed_at, queued_at)
                       VALUES ($1, $2, $3, 'health', 'it', 'closed', now() - $4::text::interval, now() - $4::text::interval) RETURNING id),
                 e AS (INSERT INTO chat_events (conversation_id, seq, public_seq, kind, author, author_role, author_name, body)
                       SELECT id, 1, 1, 'message', $1, 'citizen', $2, '{"text":"Ho il diabete"}' FROM c)
            SELECT id FROM c""").execute(Tuple.of(person.toString(), "Persona " + name, "richiesta-" + name, age)))
        .iterator().next().getUUID(0);
  }

  @Test
  void callRecordsAndTheCallLogOlderThanTheirPeriodArePurged() {
    run("INSERT INTO call_queues (id, name) VALUES ('conserva', 'Coda conserva') ON CONFLICT DO NOTHING");
    for (String[] call : new String[][] {{"vecchia", "400 days"}, {"giovane", "10 days"}}) {
      run("""
          INSERT INTO calls (id, queue_id, caller_number, person, status, arrived_at, queue_entered_at, sequence, ended_at,
                             notes, notes_by, notes_at)
          VALUES ($1, 'conserva', '+393470000999', $2, 'ended', now() - $3::text::interval, now() - $3::text::interval, 1, now() - $3::text::interval,
                  'Chiede per la madre malata', 'op', now() - $3::text::interval)""", "conserva-" + call[0], person, call[1]);
      run("INSERT INTO call_log (at, call_id, queue_id, event, data) VALUES (now() - $1::text::interval, $2, 'conserva', 'ENTER', $3)",
          call[1], "conserva-" + call[0], new JsonObject().put("from", "+393470000999"));
    }
    purge();
    Row old = await(app.pool().query("SELECT caller_number, person, notes FROM calls WHERE id = 'conserva-vecchia'").execute())
        .iterator().next();
    assertNull(old.getValue(0));
    assertNull(old.getValue(1));
    assertNull(old.getValue(2));
    assertEquals(0, count("SELECT count(*) FROM call_log WHERE call_id = 'conserva-vecchia'"));
    assertEquals(1, count("SELECT count(*) FROM calls WHERE id = 'conserva-giovane' AND caller_number IS NOT NULL AND notes IS NOT NULL"));
    assertEquals(1, count("SELECT count(*) FROM call_log WHERE call_id = 'conserva-giovane'"));
  }

  @Test
  void bookingAuditIdempotencyKeysAndTheReadLogOlderThanTheirPeriodArePurged() {
    run("INSERT INTO booking_audit (booking_id, at, actor, action) VALUES ($1, now() - interval '4000 days', 'x', 'vecchio'), ($1, now() - interval '10 days', 'x', 'giovane')",
        booking);
    run("""
        INSERT INTO idempotency_keys (principal, idem_key, request_hash, status, response, created_at)
        VALUES ('conserva', 'chiave-vecchia', '\\x00', 200, '{}', now() - interval '40 days'),
               ('conserva', 'chiave-giovane', '\\x00', 200, '{}', now() - interval '1 hour')""");
    run("""
        INSERT INTO personal_data_reads (at, reader, reader_roles, person, what, via)
        VALUES (now() - interval '800 days', 'lettore-vecchio', '{operator}', $1, 'screen-pop', 'call'),
               (now() - interval '10 days', 'lettore-giovane', '{operator}', $1, 'screen-pop', 'call')""", person);
    purge();
    assertEquals(0, count("SELECT count(*) FROM booking_audit WHERE action = 'vecchio'"));
    assertEquals(1, count("SELECT count(*) FROM booking_audit WHERE action = 'giovane'"));
    assertEquals(0, count("SELECT count(*) FROM idempotency_keys WHERE idem_key = 'chiave-vecchia'"));
    assertEquals(1, count("SELECT count(*) FROM idempotency_keys WHERE idem_key = 'chiave-giovane'"));
    assertEquals(0, count("SELECT count(*) FROM personal_data_reads WHERE reader = 'lettore-vecchio'"));
    assertEquals(1, count("SELECT count(*) FROM personal_data_reads WHERE reader = 'lettore-giovane'"));
  }

  @Test
  void uploadsNeverSentGoAWeekAfterTheirBandoClosedAndSentOnesStay() {
    run("""
        INSERT INTO providers (name, vat_number, municipality, kind)
        VALUES ('Comune di prova', '00218450166', '016024', 'municipality') ON CONFLICT DO NOTHING""");
    UUID comune = await(app.pool().query("SELECT id FROM providers WHERE kind = 'municipality' AND municipality = '016024'")
        .execute()).iterator().next().getUUID(0);
    UUID closed = bando(comune, "chiuso da 10 giorni", 10);
    UUID recent = bando(comune, "chiuso da 2 giorni", 2);
    UUID application = await(app.pool().preparedQuery("""
        INSERT INTO bando_applications (bando_id, person, filed_by, protocol, received_at, answers, household_size, children, amount_cents)
        VALUES ($1, $2, $2, nextval('bando_protocol'), now() - interval '12 days', '{}', 1, 0, 100) RETURNING id""")
        .execute(Tuple.of(closed, person.toString()))).iterator().next().getUUID(0);
    document(closed, null, "mai-inviato.pdf");
    document(closed, application, "inviato.pdf");
    document(recent, null, "ancora-in-tempo.pdf");
    purge();
    assertEquals(0, count("SELECT count(*) FROM bando_documents WHERE filename = 'mai-inviato.pdf'"));
    assertEquals(1, count("SELECT count(*) FROM bando_documents WHERE filename = 'inviato.pdf'"), "a sent document stays");
    assertEquals(1, count("SELECT count(*) FROM bando_documents WHERE filename = 'ancora-in-tempo.pdf'"),
        "a week after the close has not passed yet");
  }

  private UUID bando(UUID comune, String title, int closedDaysAgo) {
    return await(app.pool().preparedQuery("""
        INSERT INTO bandi (comune_id, municipality, title, summary, body, kind, rules, amount_base_cents, opens_at, closes_at,
                           ranking, documents, budget_cents, status, created_by, published_at)
        VALUES ($1, '016024', $2, 'Un contributo di prova.', 'Il testo del bando di prova.', 'contributo', '[]', 100,
                now() - interval '30 days', now() - make_interval(days => $3), 'first_come', '[]', 100000, 'published', 'test',
                now() - interval '31 days') RETURNING id""")
        .execute(Tuple.of(comune, title, closedDaysAgo))).iterator().next().getUUID(0);
  }

  private void document(UUID bando, UUID application, String filename) {
    run("""
        INSERT INTO bando_documents (bando_id, application_id, kind, filename, content_type, size_bytes, sha256, content, uploaded_by)
        VALUES ($1, $2, 'isee', $3, 'application/pdf', 5, sha256('%PDF-'::bytea), '%PDF-'::bytea, $4)""", bando, application, filename,
        person.toString());
  }

  @Test
  void theAppendOnlyLogsRefuseEveryOtherChangeAndTheLedgerIsNeverPurged() {
    run("INSERT INTO booking_audit (booking_id, actor, action) VALUES ($1, 'x', 'resta')", booking);
    assertRefused("DELETE FROM booking_audit WHERE action = 'resta'");
    assertRefused("UPDATE booking_audit SET actor = 'y' WHERE action = 'resta'");
    // Even inside an erasure, only the personal column may change.
    assertRefused("SELECT set_config('sportello.privacy_work', 'erasure', true); UPDATE booking_audit SET actor = 'y' WHERE action = 'resta'");
    assertEquals(1, count("SELECT count(*) FROM pg_trigger WHERE tgname = 'wallet_ledger_append_only' AND tgfoid = 'forbid_change'::regproc"),
        "the ledger keeps the trigger without exceptions");
    run("INSERT INTO personal_data_reads (reader, reader_roles, person, what, via) VALUES ('resta', '{operator}', $1, 'screen-pop', 'call')",
        person);
    assertRefused("UPDATE personal_data_reads SET what = 'chat-context' WHERE reader = 'resta'");
    assertRefused("DELETE FROM personal_data_reads WHERE reader = 'resta'");
    assertTrue(count("SELECT count(*) FROM booking_audit WHERE action = 'resta' AND actor = 'x'") == 1);
  }

  private void assertRefused(String script) {
    boolean refused;
    try {
      await(app.pool().withTransaction(tx -> {
        io.vertx.core.Future<Void> chain = io.vertx.core.Future.succeededFuture();
        for (String statement : script.split(";")) {
          chain = chain.compose(v -> tx.query(statement).execute().mapEmpty());
        }
        return chain;
      }));
      refused = false;
    } catch (AssertionError e) {
      refused = e.getMessage().contains("append-only");
    }
    assertTrue(refused, script);
  }
}
