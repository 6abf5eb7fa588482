package coop.sportello.notifications.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one announcement into the messages its person gets: by the channels they chose (e-mail,
 * SMS, none), not at all for an optional kind they unsubscribed from, and not during their quiet
 * hours — those wait for the end of the quiet period, unless what they announce would be over by
 * then (a place offered for five minutes, a reminder for a booking at dawn): then the silent
 * channel, e-mail, goes at once and the SMS, which would wake them, is dropped. A transactional
 * kind (an account's link or notice) goes by e-mail, at once, whatever they chose.
 */
public final class Planner {

  /** One message to write: channel, address, words, and the earliest time it may leave. */
  public record Planned(Channel channel, String address, Recipient.Language language, Content content, Instant notBefore) { }

  private Planner() { }

  public static List<Planned> plan(Announcement a, Recipient r, Instant now, Links links, String network) {
    if (a.kind().transactional()) {
      return r.email().map(address -> List.of(new Planned(Channel.EMAIL, address, r.language(),
          Templates.render(a, r.language(), r.accountId(), links, network), now))).orElse(List.of());
    }
    if (!a.kind().essential() && r.optionalMuted()) {
      return List.of();
    }
    Instant deadline = a.deadline().orElse(a.booking().map(b -> b.start().toInstant()).orElse(Instant.MAX));
    if (!deadline.isAfter(now)) {
      return List.of();
    }
    Optional<Instant> quietEnd = r.quiet().flatMap(q -> q.endOfQuiet(now));
    boolean overBeforeQuietEnds = quietEnd.isPresent() && !deadline.isAfter(quietEnd.get());
    Instant notBefore = quietEnd.filter(end -> !overBeforeQuietEnds).orElse(now);
    Content content = Templates.render(a, r.language(), r.accountId(), links, network);
    List<Planned> out = new ArrayList<>(2);
    if (r.channels().contains(Channel.EMAIL) && r.email().isPresent()) {
      out.add(new Planned(Channel.EMAIL, r.email().get(), r.language(), content, notBefore));
    }
    if (r.channels().contains(Channel.SMS) && r.phone().isPresent() && !overBeforeQuietEnds) {
      out.add(new Planned(Channel.SMS, r.phone().get(), r.language(), content, notBefore));
    }
    return out;
  }
}
