package coop.sportello.catalog.domain;

import coop.sportello.platform.domain.Refusal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The intake questions a service declares (issue 18: home care was booked without an address):
 * each kind at most once, kept in the kinds' fixed order whatever order the provider sent them in.
 * {@link #check} holds a booking's answers against it.
 */
public record IntakeDeclaration(List<IntakeQuestion> questions) {

  /** A service that asks nothing. */
  public static final IntakeDeclaration NONE = new IntakeDeclaration(List.of());

  /** A question as the provider sent it: the kind's wire name and whether it is required. */
  public record Asked(String kind, boolean required) { }

  public IntakeDeclaration {
    questions = questions.stream().sorted(Comparator.comparing(IntakeQuestion::kind)).toList();
    if (questions.stream().map(IntakeQuestion::kind).distinct().count() != questions.size()) {
      throw new IllegalArgumentException("a kind asked twice: " + questions);
    }
  }

  /** Empty when {@code asked} may be declared: known kinds, each at most once. */
  public static Optional<Refusal> refusal(List<Asked> asked) {
    Set<IntakeKind> seen = EnumSet.noneOf(IntakeKind.class);
    for (Asked question : asked) {
      Optional<IntakeKind> kind = IntakeKind.fromWire(question.kind());
      if (kind.isEmpty()) {
        return Optional.of(Refusal.invalid("intake-declaration", "Le domande possibili sono beneficiary, address e notes."));
      }
      if (!seen.add(kind.get())) {
        return Optional.of(Refusal.invalid("intake-declaration",
            "Ogni domanda si chiede una volta sola: " + kind.get().wireName() + " compare due volte."));
      }
    }
    return Optional.empty();
  }

  /** The declaration of {@code asked}, which {@link #refusal} accepted. */
  public static IntakeDeclaration of(List<Asked> asked) {
    refusal(asked).ifPresent(r -> {
      throw new IllegalArgumentException(r.detail());
    });
    return new IntakeDeclaration(asked.stream()
        .map(a -> new IntakeQuestion(IntakeKind.fromWire(a.kind()).orElseThrow(), a.required())).toList());
  }

  public Optional<IntakeQuestion> question(IntakeKind kind) {
    return questions.stream().filter(q -> q.kind() == kind).findFirst();
  }

  /**
   * Holds {@code given} (answer field to value, as the client sent it) against the declaration.
   * Each answer is trimmed (a one-line answer's white space runs become one space); an empty one
   * counts as not given. Refused: a field that is not a kind, a value that is not text, an answer
   * to a question the service does not ask, control characters, more than the kind's length; and
   * a required question left unanswered (missing). Everything wrong is reported at once, so a
   * screen can mark every field.
   */
  public IntakeCheck check(Map<String, ?> given) {
    Map<IntakeKind, String> answers = new LinkedHashMap<>();
    List<IntakeCheck.Invalid> invalid = new ArrayList<>();
    for (Map.Entry<String, ?> entry : given.entrySet()) {
      Optional<IntakeKind> kind = IntakeKind.fromWire(entry.getKey());
      Object value = entry.getValue();
      if (kind.isEmpty()) {
        invalid.add(new IntakeCheck.Invalid(entry.getKey(), IntakeCheck.Reason.UNKNOWN, null));
      } else if (value != null && !(value instanceof String)) {
        invalid.add(new IntakeCheck.Invalid(entry.getKey(), IntakeCheck.Reason.NOT_TEXT, null));
      } else if (value != null) {
        String answer = normalise(kind.get(), (String) value);
        if (answer.isEmpty()) {
          continue;
        }
        IntakeCheck.Reason wrong = question(kind.get()).isEmpty() ? IntakeCheck.Reason.NOT_ASKED
            : hasControlCharacters(kind.get(), answer) ? IntakeCheck.Reason.CONTROL_CHARACTERS
            : answer.codePointCount(0, answer.length()) > kind.get().maxLength() ? IntakeCheck.Reason.TOO_LONG
            : null;
        if (wrong == null) {
          answers.put(kind.get(), answer);
        } else {
          invalid.add(new IntakeCheck.Invalid(kind.get().wireName(), wrong,
              wrong == IntakeCheck.Reason.TOO_LONG ? kind.get().maxLength() : null));
        }
      }
    }
    List<IntakeKind> missing = questions.stream()
        .filter(q -> q.required() && !answers.containsKey(q.kind()) && invalid.stream().noneMatch(i -> i.field().equals(q.kind().wireName())))
        .map(IntakeQuestion::kind).toList();
    return new IntakeCheck(new IntakeAnswers(answers), missing, invalid);
  }

  /** Trimmed; one-line kinds with every run of white space (line breaks too) made one space; notes with \n line ends. */
  static String normalise(IntakeKind kind, String value) {
    String text = kind.multiline() ? value.replace("\r\n", "\n").replace('\r', '\n')
        : value.replaceAll("\\s+", " ");
    return text.strip();
  }

  private static boolean hasControlCharacters(IntakeKind kind, String answer) {
    return answer.chars().anyMatch(c -> Character.isISOControl(c) && !(kind.multiline() && (c == '\n' || c == '\t')));
  }
}
