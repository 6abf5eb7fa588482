package coop.sportello.bandi.domain;

import coop.sportello.bandi.CodiciFiscali;
import coop.sportello.bandi.domain.EligibilityRule.ApplicantAge;
import coop.sportello.bandi.domain.EligibilityRule.ChildUnder;
import coop.sportello.bandi.domain.EligibilityRule.Declaration;
import coop.sportello.bandi.domain.EligibilityRule.HouseholdSize;
import coop.sportello.bandi.domain.EligibilityRule.IseeMax;
import coop.sportello.bandi.domain.EligibilityRule.Residency;
import coop.sportello.pricing.domain.Isee;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EligibilityTest {

  private static final LocalDate DAY = LocalDate.of(2026, 12, 10);
  private static final String PIAZZOLA = "028063";
  private static final String APPLICANT = CodiciFiscali.of(1, LocalDate.of(1985, 3, 14), false);

  private static Applicant applicant(String municipality, Optional<Isee> isee, List<Household.Member> members,
                                     Map<String, Boolean> answers) {
    List<Household.Member> household = new ArrayList<>();
    household.add(new Household.Member(APPLICANT, Household.Relation.APPLICANT, Household.birthDate(APPLICANT, DAY)));
    household.addAll(members);
    return new Applicant(Optional.ofNullable(municipality), isee, Household.birthDate(APPLICANT, DAY), household, answers, DAY);
  }

  private static Household.Member child(int seed, LocalDate birth) {
    String cf = CodiciFiscali.of(seed, birth, seed % 2 == 0);
    return new Household.Member(cf, Household.Relation.CHILD, Household.birthDate(cf, DAY));
  }

  @Test
  void aResidentWithALowIseeAndAYoungChildMeetsEveryRule() {
    List<EligibilityRule> rules = List.of(new Residency(), new IseeMax(1_500_000),
        new HouseholdSize(Optional.of(2), Optional.of(6)), new ChildUnder(14), new ApplicantAge(Optional.of(18), Optional.empty()),
        new Declaration("no_other_support", "Non ricevo altri sostegni alimentari"));
    Applicant a = applicant(PIAZZOLA, Optional.of(new Isee(900_000, DAY.plusDays(20))), List.of(child(2, LocalDate.of(2016, 5, 1))),
        Map.of("no_other_support", true));
    assertEquals(List.of(), Eligibility.check(rules, PIAZZOLA, a));
  }

  @Test
  void everyUnmetRuleIsNamedWithItsReasonNotOnlyTheFirst() {
    List<EligibilityRule> rules = List.of(new Residency(), new IseeMax(1_500_000), new ChildUnder(14),
        new Declaration("no_other_support", "Non ricevo altri sostegni alimentari"));
    Applicant a = applicant("016024", Optional.of(new Isee(2_000_000, DAY.plusDays(20))), List.of(child(2, LocalDate.of(2008, 5, 1))),
        Map.of());
    List<Eligibility.Unmet> unmet = Eligibility.check(rules, PIAZZOLA, a);
    assertEquals(rules, unmet.stream().map(Eligibility.Unmet::rule).toList());
    assertTrue(unmet.get(1).reason().contains("15.000,00 €"), unmet.get(1).reason());
    assertTrue(unmet.get(2).reason().contains("14 anni"));
    assertTrue(unmet.get(3).reason().contains("Non ricevo altri sostegni alimentari"));
  }

  @Test
  void anIseeThatExpiredBeforeTheApplicationDayDoesNotCount() {
    List<EligibilityRule> rules = List.of(new IseeMax(1_500_000));
    assertEquals("Il suo ISEE dichiarato è scaduto: dichiari quello della nuova attestazione.",
        Eligibility.check(rules, PIAZZOLA, applicant(PIAZZOLA, Optional.of(new Isee(1, DAY.minusDays(1))), List.of(), Map.of()))
            .get(0).reason());
    assertEquals(List.of(), Eligibility.check(rules, PIAZZOLA,
        applicant(PIAZZOLA, Optional.of(new Isee(1_500_000, DAY)), List.of(), Map.of())), "valid on its expiry day, threshold inclusive");
    assertEquals(1, Eligibility.check(rules, PIAZZOLA, applicant(PIAZZOLA, Optional.empty(), List.of(), Map.of())).size());
  }

  @Test
  void aChildTurningTheAgeOnTheApplicationDayIsNoLongerUnderIt() {
    List<EligibilityRule> rules = List.of(new ChildUnder(14));
    assertEquals(1, Eligibility.check(rules, PIAZZOLA, applicant(PIAZZOLA, Optional.empty(),
        List.of(child(3, DAY.minusYears(14))), Map.of())).size());
    assertEquals(0, Eligibility.check(rules, PIAZZOLA, applicant(PIAZZOLA, Optional.empty(),
        List.of(child(3, DAY.minusYears(14).plusDays(1))), Map.of())).size());
  }

  /** Property: the unmet rules of a list are exactly the rules that fail alone, in order (rules do not interact). */
  @Test
  void rulesAreEvaluatedIndependently() {
    Random random = new Random(22);
    for (int round = 0; round < 500; round++) {
      List<EligibilityRule> rules = new ArrayList<>();
      if (random.nextBoolean()) {
        rules.add(new Residency());
      }
      if (random.nextBoolean()) {
        rules.add(new IseeMax(1 + random.nextInt(3_000_000)));
      }
      if (random.nextBoolean()) {
        int min = 1 + random.nextInt(5);
        rules.add(new HouseholdSize(Optional.of(min), random.nextBoolean() ? Optional.of(min + random.nextInt(5)) : Optional.empty()));
      }
      if (random.nextBoolean()) {
        rules.add(new ChildUnder(1 + random.nextInt(18)));
      }
      if (random.nextBoolean()) {
        rules.add(new ApplicantAge(Optional.of(random.nextInt(60)), Optional.empty()));
      }
      List<Household.Member> members = new ArrayList<>();
      int n = random.nextInt(6);
      for (int i = 0; i < n; i++) {
        members.add(child(10 + i, DAY.minusDays(1 + random.nextInt(25 * 365))));
      }
      Applicant a = applicant(random.nextBoolean() ? PIAZZOLA : "016024",
          random.nextBoolean() ? Optional.of(new Isee(random.nextInt(3_000_000), DAY.plusDays(random.nextInt(5) - 2))) : Optional.empty(),
          members, Map.of());
      List<EligibilityRule> failingAlone = rules.stream()
          .filter(r -> !Eligibility.check(List.of(r), PIAZZOLA, a).isEmpty()).toList();
      assertEquals(failingAlone, Eligibility.check(rules, PIAZZOLA, a).stream().map(Eligibility.Unmet::rule).toList());
    }
  }

  @Test
  void rulesReadInPlainWords() {
    assertEquals("Avere un ISEE valido non superiore a 15.000,00 €.", Eligibility.describe(new IseeMax(1_500_000)));
    assertEquals("Un nucleo familiare da 2 a 6 persone.", Eligibility.describe(new HouseholdSize(Optional.of(2), Optional.of(6))));
    assertEquals("Avere almeno un figlio con meno di 14 anni.", Eligibility.describe(new ChildUnder(14)));
  }
}
