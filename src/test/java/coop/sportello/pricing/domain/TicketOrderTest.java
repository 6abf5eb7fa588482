package coop.sportello.pricing.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TicketOrderTest {

  private static final TicketType INTERO = new TicketType(UUID.randomUUID(), "intero", "Intero", 1_000, null, null, null);
  private static final TicketType RIDOTTO = new TicketType(UUID.randomUUID(), "ridotto", "Ridotto", 600, "Over 65 e studenti", null, null);
  private static final TicketType GRATUITO = new TicketType(UUID.randomUUID(), "gratuito", "Gratuito", 0, null, 6, null);
  private static final TicketType GRUPPO = new TicketType(UUID.randomUUID(), "gruppo", "Gruppo", 700, null, null, 10);
  private static final List<TicketType> TYPES = List.of(INTERO, RIDOTTO, GRATUITO, GRUPPO);

  @Test
  void twoInteroAndOneRidottoAreThreePlacesAtTheirPrices() {
    TicketOrder.Result r = new TicketOrder(Map.of("ridotto", 1, "intero", 2)).price(TYPES);
    assertNull(r.refusal());
    assertEquals(2_600, r.priced().quote().totalCents());
    assertEquals(3, r.priced().quote().places());
    assertEquals(List.of("2 × Intero", "1 × Ridotto"), r.priced().quote().lines().stream().map(l -> l.label()).toList(),
        "lines in the types' order");
    assertEquals(List.of(2_000L, 600L), r.priced().quote().lines().stream().map(l -> l.cents()).toList());
  }

  @Test
  void refusalsSayWhatIsWrong() {
    assertEquals("no-tickets", new TicketOrder(Map.of()).price(TYPES).refusal().type());
    assertEquals("no-tickets", new TicketOrder(Map.of("intero", 0)).price(TYPES).refusal().type());
    assertEquals("unknown-ticket-type", new TicketOrder(Map.of("vip", 1)).price(TYPES).refusal().type());
    assertEquals("invalid-ticket-count", new TicketOrder(Map.of("intero", -1)).price(TYPES).refusal().type());
    assertEquals("group-too-small", new TicketOrder(Map.of("gruppo", 9)).price(TYPES).refusal().type());
    assertNull(new TicketOrder(Map.of("gruppo", 10)).price(TYPES).refusal());
    assertEquals("too-many-tickets", new TicketOrder(Map.of("intero", TicketOrder.MAX_TICKETS, "ridotto", 1)).price(TYPES).refusal().type());
    assertEquals(422, new TicketOrder(Map.of("vip", 1)).price(TYPES).refusal().status());
  }

  /** Any valid order: the total is the sum of price × count, the places the tickets, the free tickets cost nothing. */
  @Test
  void anyOrderCostsItsTicketsAndTakesOnePlaceEach() {
    Random random = new Random(24);
    for (int i = 0; i < 1_000; i++) {
      int intero = random.nextInt(5);
      int ridotto = random.nextInt(5);
      int gratuito = random.nextInt(5);
      int gruppo = random.nextBoolean() ? 0 : 10 + random.nextInt(20);
      TicketOrder order = new TicketOrder(Map.of("intero", intero, "ridotto", ridotto, "gratuito", gratuito, "gruppo", gruppo));
      TicketOrder.Result r = order.price(TYPES);
      int tickets = intero + ridotto + gratuito + gruppo;
      if (tickets == 0) {
        assertEquals("no-tickets", r.refusal().type());
        continue;
      }
      assertNull(r.refusal(), order.toString());
      assertEquals(intero * 1_000L + ridotto * 600L + gruppo * 700L, r.priced().quote().totalCents());
      assertEquals(tickets, r.priced().quote().places());
      assertEquals(tickets, r.priced().lines().stream().mapToInt(TicketOrder.Line::count).sum());
    }
  }
}
