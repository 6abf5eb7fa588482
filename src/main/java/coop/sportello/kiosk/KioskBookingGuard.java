package coop.sportello.kiosk;

import java.util.UUID;

/**
 * Which check a kiosk's request under /api/v1/bookings needs before the booking routes see it.
 * A kiosk acts only for the person identified at it in the last minutes, so every booking call
 * it makes names that person, in the body ({@code forPerson}) or through the booking or waiting
 * place in the path. Pure: a function of the method and the path after {@code /bookings}.
 */
record KioskBookingGuard(Check check, UUID id) {

  enum Check {
    /** Nothing to check (the booking routes refuse what is not theirs to do). */
    NONE,
    /** A kiosk does not list bookings: it would list everyone it ever booked for. */
    REFUSE_LIST,
    /** The person is {@code forPerson} in the JSON body. */
    BODY_PERSON,
    /** The person is the booking's. */
    BOOKING,
    /** The person is the waiting-line entry's. */
    WAITLIST_ENTRY
  }

  static KioskBookingGuard of(String method, String pathAfterBookings) {
    String[] segments = pathAfterBookings.replaceAll("^/+|/+$", "").split("/+");
    if (segments.length == 1 && segments[0].isEmpty()) {
      return new KioskBookingGuard("GET".equals(method) ? Check.REFUSE_LIST : Check.NONE, null);
    }
    String first = segments[0];
    if (segments.length == 1 && ("holds".equals(first) || "waitlist".equals(first) || "recurring".equals(first))) {
      return new KioskBookingGuard("POST".equals(method) ? Check.BODY_PERSON : Check.NONE, null);
    }
    if ("waitlist".equals(first) && segments.length == 3) {
      UUID entry = uuid(segments[1]);
      return entry == null ? none() : new KioskBookingGuard(Check.WAITLIST_ENTRY, entry);
    }
    UUID booking = uuid(first);
    return booking == null ? none() : new KioskBookingGuard(Check.BOOKING, booking);
  }

  private static KioskBookingGuard none() {
    return new KioskBookingGuard(Check.NONE, null);
  }

  private static UUID uuid(String text) {
    try {
      return text.length() == 36 ? UUID.fromString(text) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
