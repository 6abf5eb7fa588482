package coop.sportello.surveys.domain;

import coop.sportello.platform.domain.Refusal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One employee's answer to the needs survey, checked: the questions are fixed in kind (areas of
 * interest among the service areas, services wished among {@link ServiceKind}, preferred times,
 * the ISTAT code of the municipality where they would use them, a free text of at most
 * {@value #FREE_TEXT_MAX} characters without control characters). It carries nothing of the person.
 */
public record SurveyAnswer(List<String> areas, List<String> services, List<String> times, String municipality,
                           String freeText) {

  public static final int FREE_TEXT_MAX = 1000;
  public static final List<String> TIMES = List.of("weekday_morning", "weekday_afternoon", "weekday_evening", "weekend");
  private static final Pattern ISTAT = Pattern.compile("[0-9]{6}");
  /** C0 controls but tab, line feed and carriage return; DEL; NUL (which PostgreSQL cannot store anyway). */
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

  public SurveyAnswer {
    areas = List.copyOf(areas);
    services = List.copyOf(services);
    times = List.copyOf(times);
  }

  /** The answer, or the refusal of its first wrong field; the lists lose repeats, the free text its outer blanks. */
  public static Result check(List<String> areas, Set<String> knownAreas, List<String> services, List<String> times,
                             String municipality, String freeText) {
    if (areas.isEmpty() && services.isEmpty()) {
      return refused("answer-empty", "Indica almeno un'area o un servizio che useresti.");
    }
    if (!knownAreas.containsAll(areas)) {
      return refused("unknown-area", "Un'area indicata non è tra le aree dei servizi.");
    }
    if (!services.stream().allMatch(s -> ServiceKind.fromWire(s).isPresent())) {
      return refused("unknown-service", "Un servizio indicato non è tra quelli proposti.");
    }
    if (!TIMES.containsAll(times)) {
      return refused("unknown-time", "Una fascia oraria indicata non è tra quelle proposte.");
    }
    if (municipality == null || !ISTAT.matcher(municipality).matches()) {
      return refused("invalid-municipality", "Indica il Comune con il suo codice ISTAT (6 cifre).");
    }
    String text = freeText == null ? null : freeText.strip();
    if (text != null && text.isEmpty()) {
      text = null;
    }
    if (text != null && (text.length() > FREE_TEXT_MAX || CONTROL.matcher(text).find())) {
      return refused("invalid-free-text", "Il testo libero ha al massimo " + FREE_TEXT_MAX
          + " caratteri e nessun carattere di controllo.");
    }
    return new Result(new SurveyAnswer(distinct(areas), distinct(services), distinct(times), municipality, text), null);
  }

  private static List<String> distinct(List<String> values) {
    return List.copyOf(new LinkedHashSet<>(values));
  }

  private static Result refused(String type, String detail) {
    return new Result(null, Refusal.invalid(type, detail));
  }

  /** Either an answer or a refusal. */
  public record Result(SurveyAnswer answer, Refusal refusal) {
  }
}
