package coop.sportello.catalog.domain;

import coop.sportello.platform.domain.Refusal;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@link IntakeDeclaration#check} found: the answers to keep, the required questions left
 * unanswered and the fields that are wrong. {@link #refusal} says no when either list has anything.
 */
public record IntakeCheck(IntakeAnswers answers, List<IntakeKind> missing, List<Invalid> invalid) {

  /** Why a field was refused; {@link #wireName()} is how it travels in a problem. */
  public enum Reason {
    /** Not one of the kinds. */
    UNKNOWN,
    /** Not a string. */
    NOT_TEXT,
    /** A kind this service does not ask. */
    NOT_ASKED,
    /** A control character (a line break in a one-line answer is a space, not this). */
    CONTROL_CHARACTERS,
    /** Longer than the kind allows ({@code max}). */
    TOO_LONG;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** A refused field, as the client named it; {@code max} only for {@link Reason#TOO_LONG}. */
  public record Invalid(String field, Reason reason, Integer max) { }

  public IntakeCheck {
    missing = List.copyOf(missing);
    invalid = List.copyOf(invalid);
  }

  /**
   * Empty when the answers may be kept. Otherwise 400 {@code intake-missing} when a required
   * question is unanswered (the person has something left to say), else 422 {@code intake-invalid}.
   */
  public Optional<Refusal> refusal() {
    if (!missing.isEmpty()) {
      return Optional.of(new Refusal(400, "intake-missing", "Per questo servizio serve sapere anche "
          + missing.stream().map(IntakeKind::named).collect(Collectors.joining(", ")) + "."));
    }
    if (!invalid.isEmpty()) {
      return Optional.of(new Refusal(422, "intake-invalid", "Alcune risposte non vanno bene: "
          + invalid.stream().map(i -> i.field() + " (" + explain(i) + ")").collect(Collectors.joining(", ")) + "."));
    }
    return Optional.empty();
  }

  private static String explain(Invalid invalid) {
    return switch (invalid.reason()) {
      case UNKNOWN -> "domanda sconosciuta";
      case NOT_TEXT -> "va scritta come testo";
      case NOT_ASKED -> "questo servizio non la chiede";
      case CONTROL_CHARACTERS -> "contiene caratteri di controllo";
      case TOO_LONG -> "al massimo " + invalid.max() + " caratteri";
    };
  }
}
