package coop.sportello.calendar.domain;

/**
 * What a calendar says in words, in the language of whoever reads it (accounts.language):
 * Italian first, English for those who chose it.
 */
public enum FeedWords {

  IT("Le mie prenotazioni", "Annullata", "Spostata", "Codice prenotazione", "posti", "posto", "Biglietti"),
  EN("My bookings", "Cancelled", "Moved", "Booking code", "places", "place", "Tickets");

  /** The name of a person's own calendar (the brand follows it). */
  final String myBookings;
  final String cancelled;
  final String moved;
  final String code;
  final String places;
  final String place;
  final String tickets;

  FeedWords(String myBookings, String cancelled, String moved, String code, String places, String place, String tickets) {
    this.myBookings = myBookings;
    this.cancelled = cancelled;
    this.moved = moved;
    this.code = code;
    this.places = places;
    this.place = place;
    this.tickets = tickets;
  }

  /** The words for a language code ('it', 'en'); Italian for anything else. */
  public static FeedWords of(String language) {
    return "en".equals(language) ? EN : IT;
  }

  /** The name a phone shows for a person's calendar. */
  public String personalCalendar() {
    return myBookings + " – Sportello";
  }

  /** The name a phone shows for a resource's calendar (a carer, a room). */
  public String resourceCalendar(String resourceName) {
    return resourceName + " – Sportello";
  }
}
