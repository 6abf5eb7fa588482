package coop.sportello.catalog.domain;

import java.util.EnumMap;
import java.util.Map;

/** A booking's answers to its service's intake questions, checked: trimmed, within length, only those asked. */
public record IntakeAnswers(Map<IntakeKind, String> values) {

  public static final IntakeAnswers NONE = new IntakeAnswers(Map.of());

  public IntakeAnswers {
    values = values.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(values));
  }

  /** The answer to {@code kind}, or null when it was not given. */
  public String get(IntakeKind kind) {
    return values.get(kind);
  }
}
