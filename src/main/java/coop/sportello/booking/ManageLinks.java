package coop.sportello.booking;

import coop.sportello.platform.links.SignedLinks;

import java.time.Instant;
import java.util.Optional;

/**
 * Links sent in messages that act on one booking without signing in: {@link #BOOKING} views,
 * cancels or reschedules that booking (and nothing else), {@link #WAITLIST_OFFER} confirms the
 * place a waiting line offered. The token travels in the page's fragment ({@code #t=}), which
 * browsers never send to a server, so it is in no access log; the page hands it to the API in a
 * header. The booking API's own rules (deadlines, statuses) still decide what the link may do.
 */
public final class ManageLinks {

  public static final String BOOKING = "booking";
  public static final String WAITLIST_OFFER = "waitlist-offer";
  /** The page that opens a link, relative to the public URL. */
  public static final String PAGE = "/gestisci.html#t=";

  private final SignedLinks links;

  public ManageLinks(SignedLinks links) {
    this.links = links;
  }

  /** A token for {@code purpose} on that booking, valid until {@code until}. */
  public String token(String purpose, String bookingId, Instant until) {
    return links.sign(purpose, bookingId, until);
  }

  /** The page address a message carries. */
  public String url(String publicUrl, String purpose, String bookingId, Instant until) {
    return publicUrl + PAGE + token(purpose, bookingId, until);
  }

  /** The booking id the token names, if it is valid for {@code purpose} now. */
  public Optional<String> bookingOf(String token, String purpose, Instant now) {
    return links.verify(token, purpose, now).map(SignedLinks.Claim::subject);
  }
}
