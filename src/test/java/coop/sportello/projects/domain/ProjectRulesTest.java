package coop.sportello.projects.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A project's rules without a database: the draft's checks, the period's days, the share of a budget used. */
class ProjectRulesTest {

  private static final LocalDate JAN = LocalDate.of(2026, 1, 1);
  private static final LocalDate DEC = LocalDate.of(2026, 12, 31);

  @Test
  void aDraftIsTrimmedAndItsServicesKeptOnce() {
    UUID service = UUID.randomUUID();
    ProjectRules.Checked checked = ProjectRules.check("  Conciliamo 2026 ", " Regione Lombardia", JAN, DEC, 600, null,
        List.of(service, service));
    assertFalse(checked.refused());
    assertEquals("Conciliamo 2026", checked.draft().name());
    assertEquals("Regione Lombardia", checked.draft().funder());
    assertEquals(List.of(service), checked.draft().services());
  }

  @Test
  void eachWrongDraftSaysWhy() {
    assertEquals("invalid-name", ProjectRules.check("ab", "Cariplo", JAN, DEC, 600, null, List.of()).refusal().type());
    assertEquals("invalid-name", ProjectRules.check("x".repeat(201), "Cariplo", JAN, DEC, 600, null, List.of()).refusal().type());
    assertEquals("invalid-funder", ProjectRules.check("Progetto", " ", JAN, DEC, 600, null, List.of()).refusal().type());
    assertEquals("invalid-period", ProjectRules.check("Progetto", "Cariplo", DEC, JAN, 600, null, List.of()).refusal().type());
    assertEquals("budget-required", ProjectRules.check("Progetto", "Cariplo", JAN, DEC, null, null, List.of()).refusal().type());
    assertEquals("budget-required", ProjectRules.check("Progetto", "Cariplo", JAN, DEC, 600, 100L, List.of()).refusal().type());
    assertEquals("budget-required", ProjectRules.check("Progetto", "Cariplo", JAN, DEC, 0, null, List.of()).refusal().type());
    assertEquals(422, ProjectRules.check("Progetto", "Cariplo", JAN, DEC, null, -1L, List.of()).refusal().status());
    assertFalse(ProjectRules.check("Progetto", "Cariplo", JAN, JAN, null, 1L, List.of()).refused(), "one day is a period");
  }

  @Test
  void aPeriodCoversBothItsDays() {
    ProjectPeriod year = new ProjectPeriod(JAN, DEC);
    assertTrue(year.covers(JAN));
    assertTrue(year.covers(DEC));
    assertFalse(year.covers(JAN.minusDays(1)));
    assertFalse(year.covers(DEC.plusDays(1)));
  }

  @Test
  void theShareUsedIsRoundedDownAndMayPassAHundred() {
    assertEquals(Optional.of(15L), ProjectRules.usedPercent(90, 600));
    assertEquals(Optional.of(0L), ProjectRules.usedPercent(5, 600));
    assertEquals(Optional.of(60L), ProjectRules.usedPercent(6_041, 10_000));
    assertEquals(Optional.of(125L), ProjectRules.usedPercent(750, 600), "overspent");
    assertEquals(Optional.empty(), ProjectRules.usedPercent(1, 0));
  }
}
