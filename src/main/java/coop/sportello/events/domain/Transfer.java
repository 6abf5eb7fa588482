package coop.sportello.events.domain;

import coop.sportello.platform.domain.Refusal;

import java.time.Instant;

/**
 * Naming a ticket for another person. The change itself is one conditional update in PostgreSQL
 * (the buyer's ticket, the organiser allowing it, before the event, not used); when it changed
 * nothing, {@link #why} says which rule refused it, from the ticket as the buyer can see it.
 */
public final class Transfer {

  private Transfer() { }

  /** The buyer's ticket as it is now: its purchase's status, when the event starts, if it may change hands, when it was used. */
  public record Ticket(String bookingStatus, Instant startsAt, boolean transferable, Instant admittedAt) { }

  /** Why the update named nothing; {@code found} null: no ticket of the caller's with that code. */
  public static Refusal why(Ticket found) {
    if (found == null) {
      return Refusal.notFound("not-found", "Nessun tuo biglietto con questo codice.");
    }
    if (!found.transferable()) {
      return Refusal.invalid("not-transferable", "Chi organizza questo evento non permette di intestare i biglietti ad altri.");
    }
    if (found.admittedAt() != null) {
      return Refusal.conflict("already-used", "Questo biglietto è già stato usato all'ingresso.");
    }
    if (!"held".equals(found.bookingStatus()) && !"confirmed".equals(found.bookingStatus())) {
      return Refusal.conflict("not-valid", "Questo biglietto non è più valido: l'acquisto è stato annullato o è scaduto.");
    }
    return Refusal.conflict("event-started", "L'evento è già iniziato: il biglietto non si può più intestare ad altri.");
  }
}
