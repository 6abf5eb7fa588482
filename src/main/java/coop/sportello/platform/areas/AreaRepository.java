package coop.sportello.platform.areas;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL of the service areas. */
final class AreaRepository {

  private AreaRepository() { }

  /** The table in its order, checked against {@link Area}. */
  static Future<Areas> load(SqlClient client) {
    return client.query("SELECT code, label_it, label_en FROM service_areas ORDER BY position").execute().map(rows -> {
      List<String> codes = new ArrayList<>();
      List<Map<String, String>> labels = new ArrayList<>();
      rows.forEach(r -> {
        codes.add(r.getString("code"));
        Map<String, String> byLanguage = new LinkedHashMap<>();
        byLanguage.put("it", r.getString("label_it"));
        byLanguage.put("en", r.getString("label_en"));
        labels.add(byLanguage);
      });
      return Areas.check(codes, labels);
    });
  }
}
