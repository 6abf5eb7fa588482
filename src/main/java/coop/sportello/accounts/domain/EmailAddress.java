package coop.sportello.accounts.domain;

import coop.sportello.platform.domain.Refusal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An e-mail address as accounts keep it: trimmed and lower-cased (the database's uniqueness is on
 * {@code lower(email)} too), shaped as V24's CHECK wants. Whether it is the person's is proved
 * only by a link sent to it.
 */
public final class EmailAddress {

  /** The shape of V24's CHECK on {@code accounts.email}. */
  private static final Pattern SHAPE = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final int MAX_LENGTH = 254;

  private EmailAddress() { }

  /** The address as stored, or empty when it cannot be one. */
  public static Optional<String> parse(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String address = raw.strip().toLowerCase(Locale.ROOT);
    return address.length() <= MAX_LENGTH && SHAPE.matcher(address).matches() ? Optional.of(address) : Optional.empty();
  }

  public static Refusal refusal() {
    return Refusal.invalid("invalid-email", "Scrivi un indirizzo e-mail completo, per esempio nome@esempio.it.");
  }
}
