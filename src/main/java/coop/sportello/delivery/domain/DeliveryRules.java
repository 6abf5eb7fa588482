package coop.sportello.delivery.domain;

import coop.sportello.platform.domain.Refusal;

import java.time.LocalDate;

/**
 * The rules of recording a delivery, without I/O: which bookings may be recorded and how many
 * minutes each outcome counts. {@code delivered} counts the booked minutes unless minutes are
 * given (1 to the booked minutes); {@code partial} requires minutes (1 to the booked minutes);
 * {@code no_show} counts 0 and takes no minutes; a note is at most {@link #NOTE_MAX} characters;
 * only a confirmed booking starting today or earlier (Europe/Rome) is recorded.
 */
public final class DeliveryRules {

  public static final int NOTE_MAX = 500;
  public static final int REASON_MAX = 500;

  /**
   * The month of the delivery is closed: its records change only by a correction, and what it
   * counted (a booking's project too) stays as closed.
   */
  public static final Refusal MONTH_CLOSED = Refusal.conflict("month-closed",
      "Il mese di questa prestazione è chiuso: si può solo correggere, indicando il motivo.");

  /** The constraint name V53's {@code delivery_refuse_if_closed} raises a closed month's refusal under. */
  public static final String CLOSED_MONTH_CONSTRAINT = "delivery_month_closed";

  private DeliveryRules() { }

  /** The booking a delivery is recorded for, as the rules need it. */
  public record Booked(String status, LocalDate startDay, int bookedMinutes) {
  }

  /** The answer of the rules: a delivery to record, or why not. */
  public sealed interface Decision permits Accepted, Refused { }

  public record Accepted(Delivery delivery) implements Decision { }

  public record Refused(Refusal refusal) implements Decision { }

  /**
   * Whether {@code outcome} with {@code minutes} (null when not given) and {@code note} may be
   * recorded for {@code booked} on {@code today}, and what it counts.
   */
  public static Decision decide(Booked booked, LocalDate today, DeliveryOutcome outcome, Integer minutes, String note) {
    if (!"confirmed".equals(booked.status())) {
      return refuse(Refusal.conflict("booking-not-confirmed",
          "Si registra l'erogazione solo di una prenotazione confermata."));
    }
    if (booked.startDay().isAfter(today)) {
      return refuse(Refusal.conflict("booking-in-future",
          "La prestazione non è ancora avvenuta: si registra dal giorno in cui inizia."));
    }
    if (note != null && note.length() > NOTE_MAX) {
      return refuse(Refusal.invalid("validation", "La nota è lunga al massimo " + NOTE_MAX + " caratteri."));
    }
    String cleanNote = note == null || note.isBlank() ? null : note.strip();
    return switch (outcome) {
      case NO_SHOW -> minutes != null && minutes != 0
          ? refuse(Refusal.invalid("invalid-minutes", "Per una persona non presentata non si indicano minuti."))
          : new Accepted(new Delivery(outcome, 0, cleanNote));
      case DELIVERED -> minutes == null
          ? new Accepted(new Delivery(outcome, booked.bookedMinutes(), cleanNote))
          : withinBooked(booked, outcome, minutes, cleanNote);
      case PARTIAL -> minutes == null
          ? refuse(Refusal.invalid("invalid-minutes", "Per un'erogazione parziale indica i minuti svolti."))
          : withinBooked(booked, outcome, minutes, cleanNote);
    };
  }

  /** Whether a correction's reason is given and short enough; null when it is. */
  public static Refusal reasonRefusal(String reason) {
    if (reason == null || reason.isBlank()) {
      return Refusal.invalid("reason-required", "Indica il motivo della correzione.");
    }
    if (reason.length() > REASON_MAX) {
      return Refusal.invalid("validation", "Il motivo è lungo al massimo " + REASON_MAX + " caratteri.");
    }
    return null;
  }

  private static Decision withinBooked(Booked booked, DeliveryOutcome outcome, int minutes, String note) {
    if (minutes < 1 || minutes > booked.bookedMinutes()) {
      return refuse(Refusal.invalid("invalid-minutes",
          "I minuti svolti vanno da 1 a " + booked.bookedMinutes() + ", la durata prenotata."));
    }
    return new Accepted(new Delivery(outcome, minutes, note));
  }

  private static Decision refuse(Refusal refusal) {
    return new Refused(refusal);
  }
}
