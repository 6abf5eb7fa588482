package coop.sportello.bandi.domain;

import java.util.Optional;

/**
 * One typed condition of a bando (stored in {@code bandi.rules}, evaluated by {@link Eligibility}).
 * The wire form is {@code {"type": ..., fields}}; {@link #type()} is that name.
 */
public sealed interface EligibilityRule {

  /** The largest household a rule may ask for (the table's check on household_size). */
  int MAX_HOUSEHOLD = 20;
  /** The oldest age a rule may name. */
  int MAX_AGE = 120;

  String type();

  /** The applicant lives in the bando's municipality ({@code accounts.municipality}). */
  record Residency() implements EligibilityRule {
    public String type() {
      return "residency";
    }
  }

  /** The applicant's declared ISEE, valid on the day of the application, is at most {@code maxCents}. */
  record IseeMax(long maxCents) implements EligibilityRule {
    public String type() {
      return "isee_max";
    }
  }

  /** The household (the applicant and the members they list) has between {@code min} and {@code max} people. */
  record HouseholdSize(Optional<Integer> min, Optional<Integer> max) implements EligibilityRule {
    public String type() {
      return "household_size";
    }
  }

  /** At least one child of the household is younger than {@code age} years on the day of the application. */
  record ChildUnder(int age) implements EligibilityRule {
    public String type() {
      return "child_under";
    }
  }

  /** The applicant's age (read from their codice fiscale) is between {@code min} and {@code max}, inclusive. */
  record ApplicantAge(Optional<Integer> min, Optional<Integer> max) implements EligibilityRule {
    public String type() {
      return "applicant_age";
    }
  }

  /**
   * A statement the applicant must confirm (answers[{@code id}] = true), in the bando's words:
   * "Dichiaro di non ricevere altri sostegni alimentari".
   */
  record Declaration(String id, String text) implements EligibilityRule {
    public String type() {
      return "declaration";
    }
  }
}
