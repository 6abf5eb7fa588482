package coop.sportello.catalog.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The questions a service may ask when a booking is confirmed, in the order screens ask them: who
 * receives the service, where it is delivered, notes for the cooperative. A fixed set on purpose:
 * the provider sees the same three answers for every booking, and V21 checks the same lengths.
 */
public enum IntakeKind {
  /** The name of who receives the service (a child, a parent), one line. */
  BENEFICIARY(120, false, "chi riceve il servizio"),
  /** Where an at-home service is delivered, one line. */
  ADDRESS(300, false, "l'indirizzo dove svolgere il servizio"),
  /** Free text for the cooperative, line breaks kept. */
  NOTES(1000, true, "le note per la cooperativa");

  private final int maxLength;
  private final boolean multiline;
  private final String named;

  IntakeKind(int maxLength, boolean multiline, String named) {
    this.maxLength = maxLength;
    this.multiline = multiline;
    this.named = named;
  }

  /** How the kind travels in JSON and SQL: beneficiary, address, notes. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The most characters (code points) an answer may have. */
  public int maxLength() {
    return maxLength;
  }

  /** Whether an answer keeps its line breaks (otherwise every run of white space becomes one space). */
  public boolean multiline() {
    return multiline;
  }

  /** The question in Italian words, for refusals: "chi riceve il servizio". */
  public String named() {
    return named;
  }

  public static Optional<IntakeKind> fromWire(String wireName) {
    return Arrays.stream(values()).filter(k -> k.wireName().equals(wireName)).findFirst();
  }
}
