package coop.sportello.payments;

import coop.sportello.payments.card.StripeSettings;

import java.util.UUID;

/** Where a card checkout sends the person back: to the booking once paid, or when they go back without paying. */
public record CheckoutPages(String publicUrl, String successPath, String cancelPath) {

  /** The pages {@code payments.stripe} names, on the site's public address. */
  public static CheckoutPages of(String publicUrl, StripeSettings stripe) {
    return new CheckoutPages(publicUrl, stripe.successPath(), stripe.cancelPath());
  }

  /** "Le mie prenotazioni" on {@code publicUrl}, saying how the checkout went. */
  public static CheckoutPages under(String publicUrl) {
    return new CheckoutPages(publicUrl, "/prenotazioni.html?pagamento=completato", "/prenotazioni.html?pagamento=annullato");
  }

  public String success(UUID bookingId) {
    return withBooking(publicUrl + successPath, bookingId);
  }

  public String cancel(UUID bookingId) {
    return withBooking(publicUrl + cancelPath, bookingId);
  }

  private static String withBooking(String url, UUID bookingId) {
    return url + (url.contains("?") ? "&" : "?") + "prenotazione=" + bookingId;
  }
}
