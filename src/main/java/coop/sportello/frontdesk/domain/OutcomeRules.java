package coop.sportello.frontdesk.domain;

import coop.sportello.platform.domain.Refusal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What an outcome may say. A booking named with it must be one the contact's handler made for
 * its person during it ({@code madeDuring}, read from the bookings, never taken from the client);
 * only a "booking" outcome names one. The suggestion for the form: the booking outcome with the
 * latest such booking, if there is one.
 */
public final class OutcomeRules {

  /** Someone else's contact and an unknown one get the same answer. */
  public static final Refusal NOT_FOUND = Refusal.notFound("contact-not-found",
      "Nessun contatto gestito da te con questo identificativo.");

  private OutcomeRules() { }

  public static Optional<Refusal> check(Outcome outcome, UUID booking, List<UUID> madeDuring) {
    if (booking == null) {
      return Optional.empty();
    }
    if (outcome != Outcome.BOOKING) {
      return Optional.of(Refusal.invalid("booking-without-booking-outcome",
          "Una prenotazione si indica solo con l'esito «prenotazione fatta»."));
    }
    if (!madeDuring.contains(booking)) {
      return Optional.of(Refusal.invalid("booking-not-made-during-contact",
          "Questa prenotazione non è tra quelle fatte durante il contatto da chi lo ha gestito."));
    }
    return Optional.empty();
  }

  /** The outcome to offer first: a booking when one was made during the contact (the latest), else none. */
  public static Optional<UUID> suggestedBooking(List<UUID> madeDuring) {
    return madeDuring.isEmpty() ? Optional.empty() : Optional.of(madeDuring.get(madeDuring.size() - 1));
  }
}
