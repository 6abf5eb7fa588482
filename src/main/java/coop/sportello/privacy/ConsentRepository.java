package coop.sportello.privacy;

import coop.sportello.privacy.domain.Purpose;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * All of the SQL of the privacy notice and the consents (privacy_notice_versions, privacy_consents).
 * Rows are never deleted: an answer ends the live row (withdrawn, or superseded by a newer notice)
 * and adds a new one; the partial unique index keeps one live row per person and purpose.
 */
public final class ConsentRepository {

  private static final String CURRENT = "(SELECT version FROM privacy_notice_versions ORDER BY published_at DESC LIMIT 1)";

  private ConsentRepository() {
  }

  /**
   * Inside the caller's transaction: the person read the current notice ({@code via}: 'sign-up',
   * 'portal' or 'demo'). Sign-up calls it in the transaction that creates the account:
   * {@code ConsentRepository.acknowledgeCurrentNotice(tx, accountId, "sign-up")}.
   */
  public static Future<Void> acknowledgeCurrentNotice(SqlClient c, UUID account, String via) {
    return answer(c, account, Purpose.NOTICE_READ, true, via);
  }

  /**
   * One answer: given (under the current notice; a live answer under an older one is superseded)
   * or withdrawn. Giving what is already given under the current version, or withdrawing what is
   * not given, changes nothing.
   */
  static Future<Void> answer(SqlClient c, UUID account, Purpose purpose, boolean given, String via) {
    return c.preparedQuery("""
            UPDATE privacy_consents SET ended_at = now(), ended_how = CASE WHEN $3 THEN 'superseded' ELSE 'withdrawn' END
             WHERE account_id = $1 AND purpose = $2 AND ended_at IS NULL AND (NOT $3 OR notice_version <> %s)"""
            .formatted(CURRENT))
        .execute(Tuple.of(account, purpose.wireName(), given))
        .compose(ended -> !given ? Future.succeededFuture() : c.preparedQuery("""
                INSERT INTO privacy_consents (account_id, purpose, notice_version, given_via)
                SELECT $1, $2, %s, $3
                ON CONFLICT (account_id, purpose) WHERE ended_at IS NULL DO NOTHING""".formatted(CURRENT))
            .execute(Tuple.of(account, purpose.wireName(), via)).mapEmpty());
  }

  /** The current notice: {version, publishedAt, summary}. */
  static Future<JsonObject> currentNotice(SqlClient c) {
    return c.query("""
            SELECT jsonb_build_object('version', version, 'publishedAt', utc_iso(published_at), 'summary', summary)
              FROM privacy_notice_versions ORDER BY published_at DESC LIMIT 1""").execute()
        .map(rows -> rows.iterator().next().getJsonObject(0));
  }

  /** Every answer of the person, live ones first, newest first: [{purpose, noticeVersion, givenAt, givenVia, endedAt?, endedHow?}]. */
  static Future<JsonArray> answers(SqlClient c, UUID account) {
    return c.preparedQuery("""
            SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('purpose', purpose, 'noticeVersion', notice_version,
                     'givenAt', utc_iso(given_at), 'givenVia', given_via, 'endedAt', utc_iso(ended_at), 'endedHow', ended_how))
                     ORDER BY ended_at IS NOT NULL, given_at DESC, id DESC), '[]'::jsonb)
              FROM privacy_consents WHERE account_id = $1""")
        .execute(Tuple.of(account))
        .map(rows -> rows.iterator().next().getJsonArray(0));
  }
}
