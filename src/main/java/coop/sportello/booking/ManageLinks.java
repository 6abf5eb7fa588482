package coop.sportello.booking;

import coop.sportello.platform.links.SignedLinks;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

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

  /**
   * What a token valid for {@code purpose} now says: the booking it names, as a UUID, and until
   * when it is valid (a booking's successor, after a reschedule, gets a token that ends then too).
   * Empty for anything else, alike.
   */
  public Optional<Link> link(String token, String purpose, Instant now) {
    return links.verify(token, purpose, now).flatMap(claim -> canonicalUuid(claim.subject())
        .map(booking -> new Link(claim.purpose(), booking, claim.expiresAt())));
  }

  /** A valid link: its purpose, the booking it acts on, when it stops working. */
  public record Link(String purpose, UUID booking, Instant expiresAt) { }

  /** {@code text} as a UUID if it is one written canonically (as ids are signed and stored), else empty. */
  static Optional<UUID> canonicalUuid(String text) {
    try {
      UUID id = UUID.fromString(text);
      return id.toString().equals(text) ? Optional.of(id) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
