package coop.sportello.bandi.domain;

import coop.sportello.bandi.domain.EligibilityRule.ApplicantAge;
import coop.sportello.bandi.domain.EligibilityRule.ChildUnder;
import coop.sportello.bandi.domain.EligibilityRule.Declaration;
import coop.sportello.bandi.domain.EligibilityRule.HouseholdSize;
import coop.sportello.bandi.domain.EligibilityRule.IseeMax;
import coop.sportello.bandi.domain.EligibilityRule.Residency;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one function that says who may apply: a bando's rules evaluated on an applicant's facts.
 * Every rule is evaluated (not only the first unmet), so the applicant learns at once all that is
 * missing, each in plain Italian. Pure.
 */
public final class Eligibility {

  /** A rule the applicant does not meet, and why in words for them. */
  public record Unmet(EligibilityRule rule, String reason) { }

  private Eligibility() { }

  /** The rules of {@code rules} that {@code applicant} does not meet; empty when they may apply. */
  public static List<Unmet> check(List<EligibilityRule> rules, String bandoMunicipality, Applicant applicant) {
    List<Unmet> unmet = new ArrayList<>();
    for (EligibilityRule rule : rules) {
      reason(rule, bandoMunicipality, applicant).ifPresent(why -> unmet.add(new Unmet(rule, why)));
    }
    return unmet;
  }

  private static Optional<String> reason(EligibilityRule rule, String municipality, Applicant a) {
    if (rule instanceof Residency) {
      return a.municipality().filter(municipality::equals).isPresent() ? Optional.empty()
          : Optional.of(a.municipality().isEmpty()
              ? "Il bando è per chi risiede nel Comune: nel suo profilo manca il comune di residenza."
              : "Il bando è per chi risiede nel Comune, e il suo profilo indica un altro comune di residenza.");
    }
    if (rule instanceof IseeMax r) {
      if (a.isee().isEmpty()) {
        return Optional.of("Serve un ISEE valido: lo dichiari nel suo profilo (valore e scadenza dell'attestazione).");
      }
      if (!a.isee().get().validOn(a.day())) {
        return Optional.of("Il suo ISEE dichiarato è scaduto: dichiari quello della nuova attestazione.");
      }
      return a.isee().get().valueCents() <= r.maxCents() ? Optional.empty()
          : Optional.of("Il bando è per chi ha un ISEE fino a " + Money.euro(r.maxCents()) + ", e il suo è più alto.");
    }
    if (rule instanceof HouseholdSize r) {
      int size = a.householdSize();
      if (r.min().filter(min -> size < min).isPresent()) {
        return Optional.of("Il bando chiede un nucleo di almeno " + people(r.min().get()) + ", e il suo ne ha " + size + ".");
      }
      return r.max().filter(max -> size > max).isPresent()
          ? Optional.of("Il bando è per nuclei di al massimo " + people(r.max().get()) + ", e il suo ne ha " + size + ".")
          : Optional.empty();
    }
    if (rule instanceof ChildUnder r) {
      return a.household().stream().anyMatch(m -> m.relation() == Household.Relation.CHILD
          && m.birthDate().filter(b -> Household.age(b, a.day()) < r.age()).isPresent()) ? Optional.empty()
          : Optional.of("Il bando è per nuclei con almeno un figlio sotto i " + r.age()
              + " anni: nessun figlio indicato ha meno di " + r.age() + " anni.");
    }
    if (rule instanceof ApplicantAge r) {
      if (a.birthDate().isEmpty()) {
        return Optional.of("Non è possibile leggere la sua età dal codice fiscale del suo profilo.");
      }
      int age = Household.age(a.birthDate().get(), a.day());
      if (r.min().filter(min -> age < min).isPresent()) {
        return Optional.of("Il bando è per chi ha almeno " + r.min().get() + " anni.");
      }
      return r.max().filter(max -> age > max).isPresent()
          ? Optional.of("Il bando è per chi ha al massimo " + r.max().get() + " anni.") : Optional.empty();
    }
    Declaration d = (Declaration) rule;
    return Boolean.TRUE.equals(a.answers().get(d.id())) ? Optional.empty()
        : Optional.of("Serve la sua dichiarazione: «" + d.text() + "».");
  }

  /** The rule in plain words, as the bando's page lists who may apply. */
  public static String describe(EligibilityRule rule) {
    if (rule instanceof Residency) {
      return "Risiedere nel Comune.";
    }
    if (rule instanceof IseeMax r) {
      return "Avere un ISEE valido non superiore a " + Money.euro(r.maxCents()) + ".";
    }
    if (rule instanceof HouseholdSize r) {
      return r.min().isPresent() && r.max().isPresent()
          ? "Un nucleo familiare da " + r.min().get() + " a " + people(r.max().get()) + "."
          : r.min().isPresent() ? "Un nucleo familiare di almeno " + people(r.min().get()) + "."
          : "Un nucleo familiare di al massimo " + people(r.max().orElse(EligibilityRule.MAX_HOUSEHOLD)) + ".";
    }
    if (rule instanceof ChildUnder r) {
      return "Avere almeno un figlio con meno di " + r.age() + " anni.";
    }
    if (rule instanceof ApplicantAge r) {
      return r.min().isPresent() && r.max().isPresent()
          ? "Avere tra " + r.min().get() + " e " + r.max().get() + " anni."
          : r.min().isPresent() ? "Avere almeno " + r.min().get() + " anni."
          : "Avere al massimo " + r.max().orElse(EligibilityRule.MAX_AGE) + " anni.";
    }
    return "Dichiarare: «" + ((Declaration) rule).text() + "».";
  }

  private static String people(int n) {
    return n == 1 ? "1 persona" : n + " persone";
  }
}
