package coop.sportello.notifications.domain;

import java.time.Instant;

/** The addresses a message may carry, made by the module (signed where they act without a sign-in). */
public interface Links {

  /** View, cancel or reschedule this booking without signing in, until {@code until}. */
  String manageBooking(String bookingId, Instant until);

  /** Confirm the place a waiting line offered, until {@code until}. */
  String acceptOffer(String bookingId, Instant until);

  /** Stop the optional messages of this account. */
  String unsubscribe(String accountId);

  /** A page of Sportello, e.g. {@code /chat.html}. */
  String page(String path);
}
