package coop.sportello.bandi.domain;

import coop.sportello.platform.domain.CodiceFiscale;
import coop.sportello.platform.domain.Refusal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A household as an application lists it: the applicant first, then each member by codice fiscale
 * and relation. Every code is checked ({@link CodiceFiscale}); a code twice, or the applicant's own
 * code among the members, is refused. Birth dates are read from the codes (the day of a woman's
 * code is +40; a two-digit year is the latest one not after the day of the application).
 */
public final class Household {

  public enum Relation {
    APPLICANT, PARTNER, CHILD, OTHER;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Relation> fromWire(String name) {
      for (Relation r : values()) {
        if (r.wireName().equals(name)) {
          return Optional.of(r);
        }
      }
      return Optional.empty();
    }
  }

  /** One person of the household; {@code birthDate} as read from the codice fiscale. */
  public record Member(String codiceFiscale, Relation relation, Optional<LocalDate> birthDate) { }

  /** A member as typed: a codice fiscale (not yet normalised) and a relation. */
  public record Listed(String codiceFiscale, Relation relation) { }

  private static final String MONTHS = "ABCDEHLMPRST";

  private Household() { }

  /**
   * The household of {@code applicantCf} with {@code listed} members, or the refusal naming the
   * first thing wrong (in words for the applicant, never someone else's data but the code they typed).
   */
  public static Result of(String applicantCf, List<Listed> listed, LocalDate day) {
    if (listed.size() + 1 > EligibilityRule.MAX_HOUSEHOLD) {
      return Result.refused(Refusal.invalid("household-too-large",
          "Un nucleo familiare ha al massimo " + EligibilityRule.MAX_HOUSEHOLD + " persone."));
    }
    List<Member> members = new ArrayList<>();
    members.add(new Member(applicantCf, Relation.APPLICANT, birthDate(applicantCf, day)));
    Set<String> seen = new HashSet<>();
    seen.add(applicantCf);
    int position = 0;
    for (Listed l : listed) {
      position++;
      if (l.relation() == Relation.APPLICANT) {
        return Result.refused(Refusal.invalid("household-applicant",
            "Chi presenta la domanda è già nel nucleo: indichi solo gli altri componenti."));
      }
      Optional<String> code = CodiceFiscale.parse(l.codiceFiscale());
      if (code.isEmpty()) {
        Refusal why = CodiceFiscale.refusal(CodiceFiscale.check(CodiceFiscale.normalize(l.codiceFiscale())).orElseThrow());
        return Result.refused(Refusal.invalid("invalid-codice-fiscale",
            "Componente " + position + ": " + why.detail()));
      }
      if (!seen.add(code.get())) {
        return Result.refused(Refusal.invalid("household-duplicate",
            "Componente " + position + ": questo codice fiscale è già nel nucleo (anche chi presenta la domanda ne fa parte)."));
      }
      members.add(new Member(code.get(), l.relation(), birthDate(code.get(), day)));
    }
    return new Result(Optional.of(List.copyOf(members)), Optional.empty());
  }

  /** The household, or why it is refused. */
  public record Result(Optional<List<Member>> members, Optional<Refusal> refusal) {
    static Result refused(Refusal r) {
      return new Result(Optional.empty(), Optional.of(r));
    }
  }

  /**
   * The birth date a codice fiscale states, the century being the latest that puts it on or before
   * {@code day}; empty when the code is not well formed or names no real date.
   */
  public static Optional<LocalDate> birthDate(String code, LocalDate day) {
    if (code == null || !CodiceFiscale.isValid(code)) {
      return Optional.empty();
    }
    String digits = CodiceFiscale.withDigits(code);
    int yy = Integer.parseInt(digits.substring(6, 8));
    int month = MONTHS.indexOf(digits.charAt(8)) + 1;
    int dd = Integer.parseInt(digits.substring(9, 11));
    int dayOfMonth = dd > 40 ? dd - 40 : dd;
    int century = day.getYear() / 100 * 100;
    try {
      LocalDate date = LocalDate.of(century + yy, month, dayOfMonth);
      return Optional.of(date.isAfter(day) ? LocalDate.of(century - 100 + yy, month, dayOfMonth) : date);
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** Whole years from {@code birth} to {@code day}. */
  public static int age(LocalDate birth, LocalDate day) {
    return java.time.Period.between(birth, day).getYears();
  }
}
