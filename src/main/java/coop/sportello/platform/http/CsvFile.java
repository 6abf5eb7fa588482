package coop.sportello.platform.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** A CSV file as a route's answer: UTF-8, a download under {@code fileName}, never cached; a failure as a problem. */
public final class CsvFile {

  private CsvFile() { }

  public static void send(RoutingContext ctx, String fileName, Future<String> file) {
    file.onSuccess(text -> ctx.response()
            .putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
            .putHeader("Cache-Control", "no-store")
            .end(text))
        .onFailure(ctx::fail);
  }
}
