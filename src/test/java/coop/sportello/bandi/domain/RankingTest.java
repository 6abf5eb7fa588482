package coop.sportello.bandi.domain;

import coop.sportello.bandi.domain.Ranking.Candidate;
import coop.sportello.bandi.domain.Ranking.Household;
import coop.sportello.bandi.domain.Ranking.Kind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankingTest {

  private static Household isee(long cents, int size, int children) {
    return new Household(OptionalLong.of(cents), size, children);
  }

  @Test
  void aLowerIseeAndMoreChildrenEarnMorePoints() {
    assertEquals(50, Ranking.points(isee(0, 1, 0)));
    assertEquals(25, Ranking.points(isee(15_000_00, 1, 0)));
    assertEquals(0, Ranking.points(isee(30_000_00, 1, 0)));
    assertEquals(0, Ranking.points(isee(90_000_00, 1, 0)));
    assertEquals(0, Ranking.points(new Household(OptionalLong.empty(), 1, 0)), "no ISEE declared, no ISEE points");
    assertEquals(45 + 20 + 3, Ranking.points(isee(3_000_00, 4, 2)));
    assertEquals(30 + 9, Ranking.points(isee(40_000_00, 10, 5)), "children and other members are capped");
    assertEquals(89, Ranking.points(isee(-5, 20, 13)), "at most 89");
  }

  @Test
  void pointsNeverFallWhenTheIseeFallsOrTheHouseholdGrows() {
    Random random = new Random(22);
    for (int i = 0; i < 20_000; i++) {
      int size = 1 + random.nextInt(19);
      int children = random.nextInt(size);
      long cents = random.nextInt(50_000_00);
      int points = Ranking.points(isee(cents, size, children));
      assertTrue(points >= 0 && points <= 89);
      assertTrue(Ranking.points(isee(Math.max(0, cents - random.nextInt(5_000_00)), size, children)) >= points);
      if (size < 20) {
        assertTrue(Ranking.points(isee(cents, size + 1, children + 1)) >= points, "one more child");
        assertTrue(Ranking.points(isee(cents, size + 1, children)) >= points, "one more member");
      }
    }
  }

  @Test
  void aHouseholdIsItsApplicantPlusMembersWithFewerChildrenThanPeople() {
    assertThrows(IllegalArgumentException.class, () -> isee(0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> isee(0, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> isee(0, 2, -1));
  }

  @Test
  void firstComeIsProtocolOrderAndScoreIsPointsThenProtocolWhateverTheInputOrder() {
    List<Candidate<String>> list = new ArrayList<>(List.of(new Candidate<>("c", 30, 70, 100), new Candidate<>("a", 10, 20, 100),
        new Candidate<>("d", 40, 70, 100), new Candidate<>("b", 20, 90, 100)));
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      Collections.shuffle(list, random);
      assertEquals(List.of("a", "b", "c", "d"), Ranking.order(Kind.FIRST_COME, list).stream().map(Candidate::id).toList());
      assertEquals(List.of("b", "c", "d", "a"), Ranking.order(Kind.SCORE, list).stream().map(Candidate::id).toList());
    }
  }

  @Test
  void theBudgetAdmitsTheLongestPrefixThatFitsAndStopsAtTheFirstThatDoesNot() {
    List<Candidate<String>> ordered = List.of(new Candidate<>("a", 1, 0, 300), new Candidate<>("b", 2, 0, 500),
        new Candidate<>("c", 3, 0, 100));
    assertEquals(List.of("a", "b"), Ranking.withinBudget(ordered, 850).stream().map(Candidate::id).toList(),
        "c does not fit the 50 left after a and b");
    assertEquals(List.of("a"), Ranking.withinBudget(ordered, 799).stream().map(Candidate::id).toList(),
        "b does not fit: c, ranked lower, is not admitted ahead of it");
    assertEquals(List.of("a", "b", "c"), Ranking.withinBudget(ordered, 900).stream().map(Candidate::id).toList());
    assertEquals(List.of(), Ranking.withinBudget(ordered, 0));
  }

  @Test
  void kindsAreReadFromTheirWireNames() {
    assertEquals(Kind.SCORE, Kind.of("score"));
    assertEquals(Kind.FIRST_COME, Kind.of("first_come"));
    assertThrows(IllegalArgumentException.class, () -> Kind.of("lottery"));
  }

  @Test
  void theBudgetRefusalSaysWhatIsLeftInEuro() {
    assertEquals("Il budget del bando non basta: restano 120,05 €, la domanda ne chiede 150,00 €.",
        Ranking.budgetExhausted(12_005, 15_000).detail());
    assertEquals(409, Ranking.budgetExhausted(0, 1).status());
  }
}
