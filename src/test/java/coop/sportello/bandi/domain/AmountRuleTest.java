package coop.sportello.bandi.domain;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AmountRuleTest {

  @Test
  void oneHundredFiftyEurosPlusFiftyPerChild() {
    AmountRule rule = new AmountRule(15_000, 0, 5_000, Optional.empty());
    assertEquals(15_000, rule.amountFor(1, 0));
    assertEquals(25_000, rule.amountFor(4, 2));
    assertEquals("150,00 € più 50,00 € per ogni figlio per nucleo familiare", rule.describe());
  }

  /** Property: the amount never falls as the household grows, never passes the cap, and is exact below it. */
  @Test
  void amountsGrowWithTheHouseholdUpToTheCap() {
    Random random = new Random(3);
    for (int round = 0; round < 1000; round++) {
      int base = random.nextInt(50_000);
      int perMember = random.nextInt(10_000);
      int perChild = random.nextInt(10_000);
      Optional<Integer> max = random.nextBoolean() ? Optional.of(base + random.nextInt(100_000)) : Optional.empty();
      AmountRule rule = new AmountRule(base, perMember, perChild, max);
      int size = 1 + random.nextInt(20);
      int children = random.nextInt(size);
      long amount = rule.amountFor(size, children);
      assertTrue(amount >= 0);
      assertTrue(amount <= rule.amountFor(size + 1, children));
      assertTrue(amount <= rule.amountFor(size + 1, children + 1));
      max.ifPresent(m -> assertTrue(amount <= m));
      long uncapped = base + (long) perMember * (size - 1) + (long) perChild * children;
      assertEquals(max.map(m -> Math.min(uncapped, m)).orElse(uncapped), amount);
    }
  }

  @Test
  void refusals() {
    assertEquals("amount-zero", new AmountRule(0, 0, 0, Optional.empty()).problem().orElseThrow().type());
    assertEquals("amount-max-below-base", new AmountRule(10_000, 0, 0, Optional.of(5_000)).problem().orElseThrow().type());
    assertEquals("amount-negative", new AmountRule(-1, 0, 0, Optional.empty()).problem().orElseThrow().type());
    assertEquals(Optional.empty(), new AmountRule(0, 0, 5_000, Optional.of(20_000)).problem());
  }
}
