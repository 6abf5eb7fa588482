package coop.sportello.calendar;

import coop.sportello.calendar.domain.FeedBooking;
import coop.sportello.calendar.domain.FeedWindow;
import coop.sportello.platform.database.Rows;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All of the SQL of calendar feeds (V25): making, revoking and finding them, and the bookings they show. */
final class CalendarRepository {

  /** What a live feed shows: a person's bookings (in their language) or a resource's (with its name). */
  record Feed(String person, String language, UUID resourceId, String resourceName) { }

  /** A resource of the caller's cooperative, and since when it has a live feed (null: none). */
  record OwnResource(UUID id, boolean retired, Instant feedSince) { }

  /**
   * The bookings a feed carries: confirmed ones, and cancelled or moved ones that had been
   * confirmed (a hold let go was never in anyone's calendar), in the window, nearest upcoming
   * first so that a cap drops the oldest past ones. {@code %s} is the column the feed is about.
   * Where: the service's address, or for a service at home the address the person gave for it
   * (the carer's agenda says where to go; the person's own feed shows their answer). $6: whether
   * the feed is the person's own, the only one to carry their tickets' codes.
   */
  private static final String BOOKINGS = """
      SELECT b.id, b.code, sv.title, coalesce(sv.address, b.intake_address) AS address, b.starts_at, b.ends_at, b.places, b.status,
             greatest(b.updated_at, sv.updated_at) AS changed_at,
             (SELECT count(*) FROM booking_audit a WHERE a.booking_id = b.id)::integer AS revision,
             CASE WHEN $6 THEN ARRAY(SELECT tt.label || ' ' || t.code FROM tickets t JOIN ticket_types tt ON tt.id = t.ticket_type_id
                                      WHERE t.booking_id = b.id ORDER BY t.seq) END AS tickets
        FROM bookings b JOIN services sv ON sv.id = b.service_id
       WHERE b.%s = $1 AND b.starts_at >= $2 AND b.starts_at < $3
         AND (b.status = 'confirmed'
              OR (b.status IN ('cancelled', 'rescheduled')
                  AND EXISTS (SELECT 1 FROM booking_audit a WHERE a.booking_id = b.id AND a.action = 'confirmed')))
       ORDER BY b.starts_at < $4, abs(extract(epoch FROM b.starts_at - $4))
       LIMIT $5""";

  private final Pool pool;

  CalendarRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  // ---- a person's feed --------------------------------------------------------------------------

  /** Serialises the making of one person's feeds until the transaction ends (two taps, one live feed). */
  Future<Void> lockPerson(SqlConnection tx, String person) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(25, hashtext($1))").execute(Tuple.of(person)).mapEmpty();
  }

  /** Revokes the person's live feed, if any, and makes a new one with this token hash: when it was made. */
  Future<Instant> replacePersonFeed(SqlConnection tx, String person, byte[] tokenHash) {
    return tx.preparedQuery("UPDATE calendar_feeds SET revoked_at = now() WHERE person = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(person))
        .compose(revoked -> tx.preparedQuery("""
                INSERT INTO calendar_feeds (token_hash, person, created_by) VALUES ($1, $2, $2) RETURNING created_at""")
            .execute(Tuple.of(Buffer.buffer(tokenHash), person)))
        .map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant());
  }

  /** Since when the person has a live feed. */
  Future<Optional<Instant>> personFeedSince(String person) {
    return pool.preparedQuery("SELECT created_at FROM calendar_feeds WHERE person = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(person)).map(rows -> Rows.first(rows, r -> r.getOffsetDateTime(0).toInstant()));
  }

  /** Revokes the person's live feed; whether there was one. */
  Future<Boolean> revokePersonFeed(String person) {
    return pool.preparedQuery("UPDATE calendar_feeds SET revoked_at = now() WHERE person = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(person)).map(rows -> rows.rowCount() > 0);
  }

  // ---- a resource's feed ------------------------------------------------------------------------

  /**
   * The resource if it is the cooperative's, locked for the rest of the transaction (which
   * serialises the making of its feeds), with since when it has a live feed.
   */
  Future<Optional<OwnResource>> lockOwnResource(SqlConnection tx, UUID providerId, UUID resourceId) {
    return tx.preparedQuery("""
            SELECT r.id, r.retired_at IS NOT NULL AS retired,
                   (SELECT f.created_at FROM calendar_feeds f WHERE f.resource_id = r.id AND f.revoked_at IS NULL) AS since
              FROM resources r WHERE r.id = $1 AND r.provider_id = $2 FOR NO KEY UPDATE""")
        .execute(Tuple.of(resourceId, providerId)).map(rows -> Rows.first(rows, CalendarRepository::ownResource));
  }

  /** Revokes the resource's live feed, if any, and makes a new one with this token hash: when it was made. */
  Future<Instant> replaceResourceFeed(SqlConnection tx, UUID resourceId, byte[] tokenHash, String createdBy) {
    return tx.preparedQuery("UPDATE calendar_feeds SET revoked_at = now() WHERE resource_id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(resourceId))
        .compose(revoked -> tx.preparedQuery("""
                INSERT INTO calendar_feeds (token_hash, resource_id, created_by) VALUES ($1, $2, $3) RETURNING created_at""")
            .execute(Tuple.of(Buffer.buffer(tokenHash), resourceId, createdBy)))
        .map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant());
  }

  /** The resource if it is the cooperative's, with since when it has a live feed. */
  Future<Optional<OwnResource>> ownResource(UUID providerId, UUID resourceId) {
    return pool.preparedQuery("""
            SELECT r.id, r.retired_at IS NOT NULL AS retired,
                   (SELECT f.created_at FROM calendar_feeds f WHERE f.resource_id = r.id AND f.revoked_at IS NULL) AS since
              FROM resources r WHERE r.id = $1 AND r.provider_id = $2""")
        .execute(Tuple.of(resourceId, providerId)).map(rows -> Rows.first(rows, CalendarRepository::ownResource));
  }

  /** Revokes the live feed of the cooperative's resource: empty when the resource is not theirs, else whether there was one. */
  Future<Optional<Boolean>> revokeResourceFeed(UUID providerId, UUID resourceId) {
    return pool.preparedQuery("""
            WITH own AS (SELECT id FROM resources WHERE id = $1 AND provider_id = $2),
                 revoked AS (UPDATE calendar_feeds SET revoked_at = now()
                              WHERE resource_id IN (SELECT id FROM own) AND revoked_at IS NULL RETURNING id)
            SELECT (SELECT count(*) FROM own) AS own, (SELECT count(*) FROM revoked) AS revoked""")
        .execute(Tuple.of(resourceId, providerId))
        .map(rows -> {
          Row r = rows.iterator().next();
          return r.getLong("own") == 0 ? Optional.empty() : Optional.of(r.getLong("revoked") > 0);
        });
  }

  /** The cooperative's resources with a live feed: [{resourceId, createdAt}]. */
  Future<JsonArray> providerFeeds(UUID providerId) {
    return pool.preparedQuery("""
            SELECT f.resource_id, f.created_at FROM calendar_feeds f JOIN resources r ON r.id = f.resource_id
             WHERE r.provider_id = $1 AND f.revoked_at IS NULL ORDER BY r.name""")
        .execute(Tuple.of(providerId))
        .map(rows -> {
          JsonArray feeds = new JsonArray();
          rows.forEach(r -> feeds.add(new JsonObject().put("resourceId", r.getUUID("resource_id").toString())
              .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())));
          return feeds;
        });
  }

  // ---- reading a feed ---------------------------------------------------------------------------

  /**
   * The live feed whose token has this hash (an index lookup; no token is ever compared as text);
   * none for a person whose account was disabled.
   */
  Future<Optional<Feed>> liveFeed(byte[] tokenHash) {
    return pool.preparedQuery("""
            SELECT f.person, f.resource_id, r.name AS resource_name, a.language
              FROM calendar_feeds f
              LEFT JOIN resources r ON r.id = f.resource_id
              LEFT JOIN accounts a ON a.id = CASE
                WHEN f.person ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN f.person::uuid END
             WHERE f.token_hash = $1 AND f.revoked_at IS NULL AND a.disabled_at IS NULL""")
        .execute(Tuple.of(Buffer.buffer(tokenHash)))
        .map(rows -> Rows.first(rows, r -> new Feed(r.getString("person"), r.getString("language"),
            r.getUUID("resource_id"), r.getString("resource_name"))));
  }

  Future<List<FeedBooking>> personBookings(String person, FeedWindow window, Instant now) {
    return bookings("person", person, window, now, true);
  }

  Future<List<FeedBooking>> resourceBookings(UUID resourceId, FeedWindow window, Instant now) {
    return bookings("resource_id", resourceId, window, now, false);
  }

  private Future<List<FeedBooking>> bookings(String column, Object value, FeedWindow window, Instant now, boolean own) {
    return pool.preparedQuery(BOOKINGS.formatted(column))
        .execute(Tuple.of(value, utc(window.from()), utc(window.until()), utc(now), FeedWindow.MAX_EVENTS, own))
        .map(rows -> {
          List<FeedBooking> bookings = new ArrayList<>();
          rows.forEach(r -> bookings.add(new FeedBooking(r.getUUID("id"), r.getString("code"), r.getString("title"),
              r.getString("address"), r.getOffsetDateTime("starts_at").toInstant(), r.getOffsetDateTime("ends_at").toInstant(),
              r.getInteger("places"), r.getString("status"), r.getOffsetDateTime("changed_at").toInstant(),
              r.getInteger("revision"), r.getArrayOfStrings("tickets") == null ? List.of() : List.of(r.getArrayOfStrings("tickets")))));
          return bookings;
        });
  }

  private static OwnResource ownResource(Row r) {
    OffsetDateTime since = r.getOffsetDateTime("since");
    return new OwnResource(r.getUUID("id"), r.getBoolean("retired"), since == null ? null : since.toInstant());
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
