package coop.sportello.privacy.domain;

import java.util.Optional;

/**
 * What a member of staff read about a person, as the read log names it, and the channel it came
 * through. The log keeps which, never what was shown.
 */
public enum ReadKind {
  /** The caller recognised by their number, shown to the operator the call is offered to. */
  SCREEN_POP("screen-pop", "call"),
  /** The citizen beside a conversation, shown to its welfare manager. */
  CHAT_CONTEXT("chat-context", "chat"),
  /** One booking of someone else (with its intake answers and history). */
  BOOKING_DETAILS("booking-details", "web"),
  /** A person's upcoming bookings, read again by whoever serves them. */
  PERSON_BOOKINGS("person-bookings", "web"),
  /** The bookings of a cooperative's services, with their intake answers, one page of them. */
  PROVIDER_BOOKINGS("provider-bookings", "web"),
  /** A receipt or credit note of someone else (their name and codice fiscale), read by its provider's admin. */
  RECEIPT("receipt", "web"),
  /** A cooperative's receipts of a year, with the names of the people they are for. */
  PROVIDER_RECEIPTS("provider-receipts", "web"),
  /** A page of a bando's applications (the applicants' names and codici fiscali), read by an officer of its Comune. */
  BANDO_APPLICATIONS("bando-applications", "web"),
  /** One application to a bando (answers, household, documents' list), read by an officer of its Comune. */
  BANDO_APPLICATION("bando-application", "web");

  private final String wireName;
  private final String via;

  ReadKind(String wireName, String via) {
    this.wireName = wireName;
    this.via = via;
  }

  public String wireName() {
    return wireName;
  }

  public String via() {
    return via;
  }

  public static Optional<ReadKind> fromWire(String name) {
    for (ReadKind k : values()) {
      if (k.wireName.equals(name)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
