package coop.sportello.calendar.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Which bookings a feed carries: those starting from a month ago to six months ahead (a phone
 * keeps what it already has; older ones need not be sent again), at most {@link #MAX_EVENTS},
 * the upcoming ones first. Clients are asked to fetch again every {@link #REFRESH}.
 */
public record FeedWindow(Instant from, Instant until) {

  public static final Duration BACK = Duration.ofDays(30);
  public static final Duration AHEAD = Duration.ofDays(180);
  /** A room with many places can have thousands of bookings in six months; a file stays readable. */
  public static final int MAX_EVENTS = 2_000;
  public static final Duration REFRESH = Duration.ofHours(1);

  public static FeedWindow around(Instant now) {
    return new FeedWindow(now.minus(BACK), now.plus(AHEAD));
  }
}
