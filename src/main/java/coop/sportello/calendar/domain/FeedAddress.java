package coop.sportello.calendar.domain;

/**
 * The two forms of a feed's address, shown once when the feed is made: {@code https://...} to
 * paste into a calendar (Google Calendar's "From URL"), {@code webcal://...} that a phone opens
 * as a subscription. The token is the last segment of the path, never a query parameter.
 */
public record FeedAddress(String httpsUrl, String webcalUrl) {

  /** Where the feeds answer, under the public URL. */
  public static final String PATH = "/api/v1/calendar/";

  /** The addresses of {@code token} under {@code publicUrl} (without a trailing slash). */
  public static FeedAddress of(String publicUrl, String token) {
    String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    String url = base + PATH + token;
    return new FeedAddress(url, url.replaceFirst("^(?i)https?://", "webcal://"));
  }
}
