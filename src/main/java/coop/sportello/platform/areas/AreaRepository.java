package coop.sportello.platform.areas;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The SQL of the service areas. */
final class AreaRepository {

  private AreaRepository() { }

  /** Whether the network offers culture and leisure, as its configuration says (every node says the same). */
  static Future<Void> offerCulture(SqlClient client, boolean offered) {
    return client.preparedQuery("UPDATE service_areas SET offered = $1 WHERE code = 'culture' AND offered <> $1")
        .execute(Tuple.of(offered)).mapEmpty();
  }

  /** The table in its order, checked against {@link Area}. */
  static Future<Areas> load(SqlClient client) {
    return client.query("SELECT code, label_it, label_en, offered FROM service_areas ORDER BY position").execute().map(rows -> {
      List<String> codes = new ArrayList<>();
      List<Map<String, String>> labels = new ArrayList<>();
      Set<String> offered = new HashSet<>();
      rows.forEach(r -> {
        codes.add(r.getString("code"));
        if (r.getBoolean("offered")) {
          offered.add(r.getString("code"));
        }
        Map<String, String> byLanguage = new LinkedHashMap<>();
        byLanguage.put("it", r.getString("label_it"));
        byLanguage.put("en", r.getString("label_en"));
        labels.add(byLanguage);
      });
      return Areas.check(codes, labels, offered);
    });
  }
}
