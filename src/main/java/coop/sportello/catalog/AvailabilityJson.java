package coop.sportello.catalog;

import coop.sportello.catalog.domain.SlotGenerator;
import coop.sportello.pricing.QuoteJson;
import coop.sportello.pricing.domain.TariffUnit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Availability as screens read it: times in Europe/Rome with their offset, free places per slot and
 * per day, and each slot's price for one place ({@link QuoteJson#listPrice}).
 */
final class AvailabilityJson {

  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private AvailabilityJson() { }

  static String local(Instant instant) {
    return instant.atZone(SlotGenerator.ROME).toOffsetDateTime().format(ISO);
  }

  /** The slot's price for one place as everyone sees it, from the row's {@code tariff_cents, tariff_unit}. */
  static JsonObject price(Row r, Instant start, Instant end) {
    return QuoteJson.listPrice(TariffUnit.fromWire(r.getString("tariff_unit")).orElseThrow(), r.getInteger("tariff_cents"),
        start, end);
  }

  static JsonObject of(String serviceId, LocalDate from, LocalDate to, RowSet<Row> rows) {
    JsonArray slots = new JsonArray();
    Map<LocalDate, int[]> days = new LinkedHashMap<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      days.put(d, new int[2]);
    }
    for (Row r : rows) {
      Instant start = r.getOffsetDateTime("starts_at").toInstant();
      Instant end = r.getOffsetDateTime("ends_at").toInstant();
      int free = r.getInteger("free");
      slots.add(new JsonObject()
          .put("id", r.getUUID("id").toString())
          .put("resourceId", r.getUUID("resource_id").toString())
          .put("start", local(start))
          .put("end", local(end))
          .put("capacity", r.getInteger("capacity"))
          .put("free", free)
          .put("price", price(r, start, end)));
      int[] day = days.get(start.atZone(SlotGenerator.ROME).toLocalDate());
      if (day != null) {
        day[0] += free;
        day[1]++;
      }
    }
    JsonArray perDay = new JsonArray();
    days.forEach((date, totals) -> perDay.add(new JsonObject()
        .put("date", date.toString()).put("free", totals[0]).put("slots", totals[1])));
    return new JsonObject()
        .put("serviceId", serviceId)
        .put("timezone", SlotGenerator.ROME.getId())
        .put("from", from.toString())
        .put("to", to.toString())
        .put("days", perDay)
        .put("slots", slots);
  }
}
