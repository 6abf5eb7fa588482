package coop.sportello.booking;

import coop.sportello.booking.domain.WelfareConsent;
import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Every SQL statement of welfare consent requests (V20). Each answer is the request as
 * {@code welfare_consent_json} shows it. Who may see a request: its person, a kiosk while the
 * person is identified there, and whoever asked for it.
 */
public final class WelfareConsentRepository {

  /** A request just approved: whose credit pays which booking, and how much. */
  public record Approved(UUID person, UUID bookingId, int amountCents) { }

  /** $1 is the viewer's subject; the consent table is {@code c}. */
  private static final String VISIBLE = """
      (c.account_id::text = $1 OR c.requested_by = $1
       OR ($1 LIKE 'kiosk:%' AND kiosk_may_act_for($1, c.account_id::text)))""";

  /**
   * Who decides, by how ($3): the person as themselves ($2), a kiosk where the person is identified
   * now, or whoever asked, with the PIN the person told them (checked before). The V20 trigger says
   * the same, so a wrong decider finds nothing here and could not write it anyway.
   */
  private static final String DECIDER = """
      CASE $3 WHEN 'portal' THEN c.account_id::text = $2
              WHEN 'kiosk' THEN $2 LIKE 'kiosk:%' AND kiosk_may_act_for($2, c.account_id::text)
              ELSE c.requested_by = $2 END""";

  private final Pool pool;

  public WelfareConsentRepository(Pool pool) {
    this.pool = pool;
  }

  /** Records a pending request to pay the booking with its person's credit; it waits until the booking starts at most. */
  public Future<JsonObject> request(SqlClient c, UUID bookingId, int amountCents, String requestedBy, Duration within) {
    return c.preparedQuery("""
            INSERT INTO welfare_consents (account_id, booking_id, amount_cents, requested_by, expires_at)
            SELECT b.person::uuid, b.id, $2, $3, least(b.starts_at, now() + make_interval(secs => $4))
              FROM bookings b WHERE b.id = $1
            RETURNING welfare_consent_json(welfare_consents)""")
        .execute(Tuple.of(bookingId, amountCents, requestedBy, (double) within.toSeconds()))
        .map(rows -> rows.iterator().next().getJsonObject(0));
  }

  /** Approves a pending request in time, if {@code decider} may decide it this way; empty otherwise. */
  public Future<Optional<Approved>> approve(SqlClient c, UUID consentId, String decider, WelfareConsent.How how) {
    return c.preparedQuery("""
            UPDATE welfare_consents c SET status = 'approved', decided_by = $2, decided_how = $3, decided_at = now()
             WHERE c.id = $1 AND c.status = 'pending' AND c.expires_at > now() AND\s""" + DECIDER + """

            RETURNING c.account_id, c.booking_id, c.amount_cents""")
        .execute(Tuple.of(consentId, decider, how.wireName()))
        .map(rows -> Rows.first(rows, r -> new Approved(r.getUUID(0), r.getUUID(1), r.getInteger(2))));
  }

  /** Refuses a pending request, if {@code decider} is its person (or their kiosk); the booking answered, or empty. */
  public Future<Optional<UUID>> refuse(SqlClient c, UUID consentId, String decider, WelfareConsent.How how) {
    return c.preparedQuery("""
            UPDATE welfare_consents c SET status = 'refused', decided_by = $2, decided_how = $3, decided_at = now()
             WHERE c.id = $1 AND c.status = 'pending' AND $3 <> 'pin' AND\s""" + DECIDER + """

            RETURNING c.booking_id""")
        .execute(Tuple.of(consentId, decider, how.wireName()))
        .map(rows -> Rows.first(rows, r -> r.getUUID(0)));
  }

  /** The request as {@code viewer} may see it. */
  public Future<Optional<JsonObject>> find(SqlClient c, UUID consentId, String viewer) {
    return c.preparedQuery("SELECT welfare_consent_json(c) FROM welfare_consents c WHERE c.id = $2 AND " + VISIBLE)
        .execute(Tuple.of(viewer, consentId))
        .map(rows -> Rows.first(rows, r -> r.getJsonObject(0)));
  }

  /** The requests {@code viewer} may see, those still waiting first, then the latest. */
  public Future<JsonArray> visibleTo(String viewer) {
    return pool.preparedQuery("""
            SELECT welfare_consent_json(c) FROM welfare_consents c JOIN bookings b ON b.id = c.booking_id
             WHERE\s""" + VISIBLE + """

             ORDER BY (c.status = 'pending' AND c.expires_at > now() AND b.status = 'confirmed' AND b.paid_cents = 0) DESC,
                      c.requested_at DESC
             LIMIT 100""")
        .execute(Tuple.of(viewer))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(r.getJsonObject(0)));
          return items;
        });
  }
}
