package coop.sportello.delivery.domain;

/** A delivery as it is recorded: its outcome, the minutes it counts, an optional note. */
public record Delivery(DeliveryOutcome outcome, int minutes, String note) {
}
