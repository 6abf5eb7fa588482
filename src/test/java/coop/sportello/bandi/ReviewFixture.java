package coop.sportello.bandi;

import coop.sportello.testing.Http;
import coop.sportello.testing.TestAccounts;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static coop.sportello.testing.AppTestBase.await;

/**
 * Bandi and applications written straight into the V46 tables (as the citizens' side would store
 * them), the officers who review them, and the checks of the budget's invariant.
 */
final class ReviewFixture {

  private static final AtomicLong CODES = new AtomicLong(System.nanoTime() % 1_000_000_000L);

  final Pool pool;
  final Http http;
  final Vertx vertx;
  final UUID comune;
  final UUID otherComune;

  ReviewFixture(Vertx vertx, Pool pool, Http http) {
    this.vertx = vertx;
    this.pool = pool;
    this.http = http;
    await(TestAccounts.create(vertx, pool, "review.fixture.officer." + UUID.randomUUID(), "municipal_officer"));
    this.comune = await(pool.query("SELECT id FROM providers WHERE kind = 'municipality' AND municipality = '016024'").execute())
        .iterator().next().getUUID(0);
    await(pool.query("""
        INSERT INTO providers (name, vat_number, municipality, kind)
        VALUES ('Comune di Piazzola sul Brenta', '80009690289', '028063', 'municipality') ON CONFLICT DO NOTHING""").execute());
    this.otherComune = await(pool.query("SELECT id FROM providers WHERE kind = 'municipality' AND municipality = '028063'").execute())
        .iterator().next().getUUID(0);
  }

  /** A signed-in officer of the Comune (016024). */
  String officer(String username) {
    await(TestAccounts.create(vertx, pool, username, "municipal_officer"));
    return await(http.accessToken(username));
  }

  /** A signed-in officer of the other Comune (028063). */
  String otherOfficer(String username) {
    UUID id = await(TestAccounts.create(vertx, pool, username, "municipal_officer"));
    await(pool.preparedQuery("UPDATE accounts SET provider_id = $2, municipality = '028063' WHERE id = $1")
        .execute(Tuple.of(id, otherComune)));
    return await(http.accessToken(username));
  }

  UUID account(String username, String... roles) {
    return await(TestAccounts.create(vertx, pool, username, roles));
  }

  /** A published bando of {@code comune}, open now. */
  UUID bando(UUID comune, String kind, String ranking, long budgetCents) {
    return await(pool.preparedQuery("""
            INSERT INTO bandi (comune_id, municipality, title, summary, body, kind, amount_base_cents, budget_cents,
                               opens_at, closes_at, ranking, voucher_valid_until, status, published_at, created_by)
            SELECT $1, p.municipality, 'Bando di prova ' || $2, 'Un bando per le prove della revisione.',
                   'Il testo completo del bando di prova.', $2, 15000, $3, now() - interval '1 hour', now() + interval '1 day',
                   $4, CASE WHEN $2 = 'buoni_spesa' THEN current_date + 90 END, 'published', now(), 'test'
              FROM providers p WHERE p.id = $1
            RETURNING id""")
        .execute(Tuple.of(comune, kind, budgetCents, ranking))).iterator().next().getUUID(0);
  }

  /** A submitted application of {@code person} with its applicant's codice fiscale; answers its id. */
  UUID application(UUID bando, UUID person, int amountCents, int householdSize, int children, Long iseeCents) {
    return application(bando, person, amountCents, householdSize, children, iseeCents, nextCode());
  }

  UUID application(UUID bando, UUID person, int amountCents, int householdSize, int children, Long iseeCents, String cf) {
    UUID id = await(pool.preparedQuery("""
            INSERT INTO bando_applications (bando_id, person, filed_by, answers, household_size, children, amount_cents, isee_cents)
            VALUES ($1, $2, $2, '{}', $3, $4, $5, $6) RETURNING id""")
        .execute(Tuple.of(bando, person.toString(), householdSize, children, amountCents, iseeCents)))
        .iterator().next().getUUID(0);
    await(pool.preparedQuery("""
            INSERT INTO bando_household_members (application_id, bando_id, codice_fiscale, relation) VALUES ($1, $2, $3, 'applicant')""")
        .execute(Tuple.of(id, bando, cf)));
    return id;
  }

  static String nextCode() {
    return "TSTRVW" + String.format("%010d", CODES.incrementAndGet() % 10_000_000_000L);
  }

  Row bandoRow(UUID bando) {
    return await(pool.preparedQuery("""
            SELECT budget_cents, granted_cents,
                   (SELECT coalesce(sum(amount_cents), 0) FROM bando_applications
                     WHERE bando_id = b.id AND status IN ('admitted', 'paid')) AS admitted_sum,
                   (SELECT count(*) FROM bando_applications WHERE bando_id = b.id AND status IN ('admitted', 'paid')) AS admitted
              FROM bandi b WHERE id = $1""").execute(Tuple.of(bando))).iterator().next();
  }

  String status(UUID application) {
    return await(pool.preparedQuery("SELECT status FROM bando_applications WHERE id = $1").execute(Tuple.of(application)))
        .iterator().next().getString(0);
  }

  long events(UUID application) {
    return await(pool.preparedQuery("SELECT count(*) FROM bando_application_events WHERE application_id = $1")
        .execute(Tuple.of(application))).iterator().next().getLong(0);
  }

  long outbox(UUID application, String topic) {
    return await(pool.preparedQuery("SELECT count(*) FROM outbox WHERE topic = $2 AND payload ->> 'applicationId' = $1")
        .execute(Tuple.of(application.toString(), topic))).iterator().next().getLong(0);
  }

  static String path(UUID bando, UUID application, String action) {
    return "/api/v1/comune/bandi/" + bando + "/applications/" + application + (action.isEmpty() ? "" : "/" + action);
  }
}
