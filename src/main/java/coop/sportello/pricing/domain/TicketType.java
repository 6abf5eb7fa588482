package coop.sportello.pricing.domain;

import java.util.UUID;

/**
 * One kind of ticket of an event, as its organiser sets it: its price per ticket, who qualifies for
 * it (a ridotto's condition, shown to the buyer and checked at the door, null when anyone does), the
 * age under which it is meant (a gratuito's, null when none) and the tickets a group must buy at
 * least (null when it is not a group ticket).
 */
public record TicketType(UUID id, String code, String label, long priceCents, String whoQualifies, Integer underAge,
                         Integer minGroup) {
}
