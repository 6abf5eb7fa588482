package coop.sportello.pricing.domain;

import coop.sportello.platform.domain.Refusal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A purchase of tickets for one time of an event: how many of each type. {@link #price} checks it
 * against the event's ticket types and makes the quote the purchase is held and paid with: one line
 * per type ("2 × Intero"), the total their sum, as many places as tickets.
 */
public record TicketOrder(Map<String, Integer> counts) {

  /** Tickets one purchase may hold: a class or a large group buys once, the seats stay for the rest. */
  public static final int MAX_TICKETS = 60;

  public TicketOrder {
    counts = Map.copyOf(new LinkedHashMap<>(counts));
  }

  /** The tickets of the order. */
  public int tickets() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** What was ordered, priced: the quote and, per type, how many (in the types' order). */
  public record Priced(Quote quote, List<Line> lines) { }

  /** So many tickets of one type at its price each. */
  public record Line(TicketType type, int count) { }

  /** The order priced with the event's {@code types} (in their order), or why it cannot be. */
  public Result price(List<TicketType> types) {
    if (counts.isEmpty()) {
      return refused("no-tickets", "Scegli almeno un biglietto.");
    }
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (types.stream().noneMatch(t -> t.code().equals(e.getKey()))) {
        return refused("unknown-ticket-type", "Questo evento non ha biglietti di tipo «" + e.getKey() + "».");
      }
      if (e.getValue() == null || e.getValue() < 0) {
        return refused("invalid-ticket-count", "Il numero di biglietti non può essere negativo.");
      }
    }
    int tickets = tickets();
    if (tickets == 0) {
      return refused("no-tickets", "Scegli almeno un biglietto.");
    }
    if (tickets > MAX_TICKETS) {
      return refused("too-many-tickets", "Un acquisto comprende al massimo " + MAX_TICKETS + " biglietti.");
    }
    List<Line> lines = new ArrayList<>();
    List<QuoteLine> quoteLines = new ArrayList<>();
    long total = 0;
    for (TicketType type : types) {
      int count = counts.getOrDefault(type.code(), 0);
      if (count == 0) {
        continue;
      }
      if (type.minGroup() != null && count < type.minGroup()) {
        return refused("group-too-small", "Il biglietto «" + type.label() + "» vale per gruppi di almeno " + type.minGroup()
            + " persone.");
      }
      long cents = Math.multiplyExact(type.priceCents(), count);
      lines.add(new Line(type, count));
      quoteLines.add(new QuoteLine(count + " × " + type.label(), cents));
      total = Math.addExact(total, cents);
    }
    long firstPrice = lines.get(0).type().priceCents();
    Quote quote = new Quote(total, TariffUnit.PLACE, BigDecimal.ONE, firstPrice, tickets, quoteLines, Optional.empty(), 0,
        Optional.empty(), "Biglietti: il prezzo di ogni tipo per il numero di biglietti.");
    return new Result(new Priced(quote, lines), null);
  }

  /** Either the priced order or the refusal (422) saying what is wrong. */
  public record Result(Priced priced, Refusal refusal) { }

  private static Result refused(String type, String detail) {
    return new Result(null, new Refusal(422, type, detail));
  }
}
