package coop.sportello.frontdesk.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How a front-desk contact ended, as V55's {@code contact_outcomes.outcome} holds it. */
public enum Outcome {
  /** A booking was made for the person during the contact. */
  BOOKING,
  /** The person is to be called back. */
  CALLBACK,
  /** The person was given information. */
  INFORMATION,
  OTHER;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Outcome> fromWire(String text) {
    return Arrays.stream(values()).filter(o -> o.wire().equals(text)).findFirst();
  }

  /** The wire names, for a JSON Schema {@code enum}. */
  public static List<String> wires() {
    return Arrays.stream(values()).map(Outcome::wire).toList();
  }
}
