package coop.sportello.platform.database;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.Optional;
import java.util.function.Function;

/** Small readers for result sets that every repository needs. */
public final class Rows {

  private Rows() { }

  public static Optional<Row> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
  }

  public static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
    return first(rows).map(mapper);
  }
}
