package coop.sportello.bandi.domain;

import coop.sportello.pricing.domain.Isee;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the rules are evaluated on: the applicant's account (residency, declared ISEE, birth date
 * from the codice fiscale), the household they list, their answers to the bando's declarations,
 * and the day of the application (Europe/Rome).
 */
public record Applicant(Optional<String> municipality, Optional<Isee> isee, Optional<LocalDate> birthDate,
                        List<Household.Member> household, Map<String, Boolean> answers, LocalDate day) {

  public Applicant {
    household = List.copyOf(household);
    answers = Map.copyOf(answers);
  }

  /** The applicant and the members they listed. */
  public int householdSize() {
    return household.size();
  }

  public int children() {
    return (int) household.stream().filter(m -> m.relation() == Household.Relation.CHILD).count();
  }
}
