package coop.sportello.bandi;

import coop.sportello.bandi.domain.BandoReport.Bando;
import coop.sportello.bandi.domain.BandoReport.Received;
import coop.sportello.bandi.domain.BandoReport.StatusCount;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The SQL of the municipality's reports: counts and sums over a Comune's bandi and their
 * applications, never a person.
 */
final class BandoReportsRepository {

  Future<Map<String, StatusCount>> byStatus(SqlClient c, UUID bando) {
    return c.preparedQuery("""
            SELECT status, count(*), coalesce(sum(amount_cents), 0) FROM bando_applications
             WHERE bando_id = $1 GROUP BY status""")
        .execute(Tuple.of(bando))
        .map(rows -> {
          Map<String, StatusCount> map = new LinkedHashMap<>();
          rows.forEach(r -> map.put(r.getString(0), new StatusCount(r.getLong(1), r.getLong(2))));
          return map;
        });
  }

  /** Applications received per bucket ({@code minute}, {@code hour} or {@code day} in Europe/Rome); empty buckets left out. */
  Future<List<Received>> received(SqlClient c, UUID bando, String bucket) {
    return c.preparedQuery("""
            SELECT date_trunc($2, received_at AT TIME ZONE 'Europe/Rome') AS start, count(*) FROM bando_applications
             WHERE bando_id = $1 GROUP BY start ORDER BY start""")
        .execute(Tuple.of(bando, bucket))
        .map(rows -> {
          List<Received> list = new ArrayList<>();
          rows.forEach(r -> list.add(new Received(r.getLocalDateTime(0), r.getLong(1))));
          return list;
        });
  }

  /** Every bando of the Comune, newest window first, with its applications by status. */
  Future<List<Bando>> bandiOf(SqlClient c, UUID comune) {
    return c.preparedQuery("""
            SELECT b.id, b.title, b.kind, b.status, b.budget_cents, b.granted_cents, s.status, s.n, s.cents
              FROM bandi b
              LEFT JOIN LATERAL (SELECT a.status, count(*) AS n, sum(a.amount_cents) AS cents FROM bando_applications a
                                  WHERE a.bando_id = b.id GROUP BY a.status) s ON true
             WHERE b.comune_id = $1
             ORDER BY b.opens_at DESC, b.id, s.status""")
        .execute(Tuple.of(comune))
        .map(rows -> {
          Map<UUID, Bando> lines = new LinkedHashMap<>();
          for (Row r : rows) {
            Bando line = lines.computeIfAbsent(r.getUUID(0), id -> new Bando(id, r.getString(1), r.getString(2),
                r.getString(3), r.getLong(4), r.getLong(5), new LinkedHashMap<>(), OptionalLong.empty(), List.of()));
            if (r.getString(6) != null) {
              line.byStatus().put(r.getString(6), new StatusCount(r.getLong(7), r.getLong(8)));
            }
          }
          return List.copyOf(lines.values());
        });
  }
}
