package coop.sportello.platform.http;

import io.vertx.ext.web.RoutingContext;

/** Query parameters as typed values; a value that is not what the route takes is a 400 problem. */
public final class QueryParams {

  private QueryParams() { }

  /** A whole number from 1 to {@code max} (a page, a page size); {@code fallback} when absent. */
  public static int count(RoutingContext ctx, String name, int fallback, int max) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return fallback;
    }
    if (!value.matches("^[0-9]{1,6}$") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > max) {
      throw Problem.badRequest(name + " è un numero intero da 1 a " + max + ".");
    }
    return Integer.parseInt(value);
  }

  /** The required {@code year} parameter, 2020 to 2100. */
  public static int year(RoutingContext ctx) {
    String text = ctx.queryParams().get("year");
    if (text == null || !text.matches("20[2-9][0-9]|2100")) {
      throw Problem.badRequest("Indica l'anno: year=AAAA (2020-2100).");
    }
    return Integer.parseInt(text);
  }
}
