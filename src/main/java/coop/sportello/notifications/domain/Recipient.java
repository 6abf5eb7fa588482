package coop.sportello.notifications.domain;

import java.util.Optional;
import java.util.Set;

/**
 * Whom a message goes to and how they want to hear: addresses from their account, channels and
 * quiet hours from their preferences. {@code accountId} is empty for a caller without an account
 * (a phone call-back), reached by SMS only.
 */
public record Recipient(Optional<String> accountId, Optional<String> email, Optional<String> phone, Language language,
                        Set<Channel> channels, Optional<QuietHours> quiet, boolean optionalMuted) {

  /** The two languages messages are written in; Italian first. */
  public enum Language {
    IT, EN;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Language of(String code) {
      return "en".equals(code) ? EN : IT;
    }
  }

  /** A caller known only by the number they called from. */
  public static Recipient callerOnly(String phone) {
    return new Recipient(Optional.empty(), Optional.empty(), Optional.of(phone), Language.IT, Set.of(Channel.SMS),
        Optional.empty(), false);
  }
}
