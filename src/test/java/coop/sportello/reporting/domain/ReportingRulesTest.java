package coop.sportello.reporting.domain;

import coop.sportello.platform.auth.Role;
import coop.sportello.reporting.domain.ReportAccess.Caller;
import coop.sportello.reporting.domain.ReportAccess.Decision;
import coop.sportello.reporting.domain.ReportAccess.Entity;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reports' pure rules: periods, working days, pseudonyms, who reads what, small groups. */
class ReportingRulesTest {

  private static final String COOP = "11111111-1111-1111-1111-111111111111";
  private static final String OTHER = "22222222-2222-2222-2222-222222222222";
  private static final String COMPANY = "33333333-3333-3333-3333-333333333333";

  @Test
  void aPeriodIsAtMost400DaysAndEndsAfterItBegins() {
    assertEquals(new ReportPeriod(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31)),
        ReportPeriod.parse("2025-01-01", "2025-12-31").period());
    assertEquals(LocalDate.of(2025, 1, 1), ReportPeriod.parse("2025-01-01", "2025-01-01").period().to(), "one day");
    assertNull(ReportPeriod.parse("2025-01-01", "2026-02-04").refusal(), "400 days");
    assertEquals(400, ReportPeriod.parse("2025-01-01", "2026-02-05").refusal().status(), "401 days");
    assertEquals(400, ReportPeriod.parse("2025-02-01", "2025-01-31").refusal().status());
    assertEquals(400, ReportPeriod.parse("2025-02-30", "2025-03-31").refusal().status());
    assertEquals(400, ReportPeriod.parse(null, "2025-03-31").refusal().status());
    ReportPeriod march = ReportPeriod.parse("2025-03-01", "2025-03-31").period();
    assertEquals("2025-02-28T23:00:00Z", march.start().toString(), "Rome's midnight");
    assertEquals("2025-03-31T22:00:00Z", march.end().toString(), "summer time began on 30 March");
  }

  @Test
  void workingDaysSkipWeekendsAndNationalHolidaysEasterMondayIncluded() {
    assertEquals(LocalDate.of(2025, 4, 20), WorkingDays.easter(2025));
    assertEquals(LocalDate.of(2024, 3, 31), WorkingDays.easter(2024));
    assertEquals(LocalDate.of(2026, 4, 5), WorkingDays.easter(2026));
    assertEquals(5, WorkingDays.between(LocalDate.of(2025, 3, 17), LocalDate.of(2025, 3, 23)), "a plain week");
    // 21-27 April 2025: Easter Monday (21) and 25 April (Friday) are holidays.
    assertEquals(3, WorkingDays.between(LocalDate.of(2025, 4, 21), LocalDate.of(2025, 4, 27)));
    // August 2025: 21 weekdays, 15 August a Friday.
    assertEquals(20, WorkingDays.between(LocalDate.of(2025, 8, 1), LocalDate.of(2025, 8, 31)));
    assertEquals(0, WorkingDays.between(LocalDate.of(2025, 3, 2), LocalDate.of(2025, 3, 1)));
  }

  @Test
  void aPseudonymIsStableWithinAScopeAndDiffersAcrossScopes() {
    Pseudonyms p = new Pseudonyms(new byte[32]);
    String a = p.of(ReportScope.PROJECTS, COOP, "person-1");
    assertEquals(a, p.of(ReportScope.PROJECTS, COOP, "person-1"));
    assertEquals(12, a.length());
    assertTrue(a.matches("[A-Za-z0-9_-]{12}"));
    assertNotEquals(a, p.of(ReportScope.PROJECTS, OTHER, "person-1"), "another funder's file");
    assertNotEquals(a, p.of(ReportScope.PROVIDERS, COOP, "person-1"), "another scope");
    assertNotEquals(a, p.of(ReportScope.PROJECTS, COOP, "person-2"));
    byte[] other = new byte[32];
    other[0] = 1;
    assertNotEquals(a, new Pseudonyms(other).of(ReportScope.PROJECTS, COOP, "person-1"), "another key");
  }

  @Test
  void eachRoleReadsOnlyItsOwnAndForeignIsLikeUnknown() {
    Optional<Entity> coop = Optional.of(new Entity("Coop", COOP));
    Optional<Entity> other = Optional.of(new Entity("Altra", OTHER));
    Caller supervisor = new Caller(Set.of(Role.SUPERVISOR), null, null, null);
    assertEquals(Decision.ALLOWED, ReportAccess.decide(supervisor, ReportScope.NETWORK, "all", Optional.of(new Entity("Rete", null))));
    assertEquals(Decision.ALLOWED, ReportAccess.decide(supervisor, ReportScope.COMPANIES, COMPANY, Optional.of(new Entity("A", null))),
        "a supervisor sees a company's small groups");
    assertEquals(Decision.NOT_FOUND, ReportAccess.decide(supervisor, ReportScope.PROVIDERS, OTHER, Optional.empty()));

    Caller admin = new Caller(Set.of(Role.PROVIDER_ADMIN), COOP, null, null);
    assertEquals(Decision.ALLOWED, ReportAccess.decide(admin, ReportScope.PROVIDERS, COOP, coop));
    assertEquals(Decision.NOT_FOUND, ReportAccess.decide(admin, ReportScope.PROVIDERS, OTHER, other));
    assertEquals(Decision.NOT_FOUND, ReportAccess.decide(admin, ReportScope.PROVIDERS, COOP, Optional.empty()));
    assertEquals(Decision.ALLOWED, ReportAccess.decide(admin, ReportScope.PROJECTS, OTHER, Optional.of(new Entity("P", COOP))));
    assertEquals(Decision.NOT_FOUND, ReportAccess.decide(admin, ReportScope.PROJECTS, OTHER, Optional.of(new Entity("P", OTHER))));
    assertEquals(Decision.NOT_FOUND, ReportAccess.decide(admin, ReportScope.PROJECTS, OTHER, Optional.empty()));
    assertEquals(Decision.FORBIDDEN, ReportAccess.decide(admin, ReportScope.NETWORK, "all", Optional.of(new Entity("Rete", null))));
    assertEquals(Decision.FORBIDDEN, ReportAccess.decide(admin, ReportScope.AREAS, "elderly", Optional.of(new Entity("Anziani", null))));

    Caller officer = new Caller(Set.of(Role.MUNICIPAL_OFFICER), OTHER, null, "016024");
    assertEquals(Decision.ALLOWED, ReportAccess.decide(officer, ReportScope.MUNICIPALITIES, "016024", Optional.of(new Entity("Bergamo", null))));
    assertEquals(Decision.NOT_FOUND, ReportAccess.decide(officer, ReportScope.MUNICIPALITIES, "028063", Optional.of(new Entity("P", null))));
    assertEquals(Decision.FORBIDDEN, ReportAccess.decide(officer, ReportScope.PROVIDERS, OTHER, other), "the Comune's own provider report is not theirs");

    Caller hr = new Caller(Set.of(Role.HR_ADMIN), null, COMPANY, null);
    assertEquals(Decision.ALLOWED_HIDING_SMALL_GROUPS,
        ReportAccess.decide(hr, ReportScope.COMPANIES, COMPANY, Optional.of(new Entity("A", null))));
    assertEquals(Decision.NOT_FOUND, ReportAccess.decide(hr, ReportScope.COMPANIES, OTHER, Optional.of(new Entity("B", null))));
    assertEquals(Decision.FORBIDDEN, ReportAccess.decide(hr, ReportScope.NETWORK, "all", Optional.of(new Entity("Rete", null))));

    Caller citizen = new Caller(Set.of(Role.CITIZEN), null, null, null);
    assertEquals(Decision.FORBIDDEN, ReportAccess.decide(citizen, ReportScope.PROVIDERS, COOP, coop));
  }

  @Test
  void smallGroupsAreHiddenAndASingleHiddenCellTakesTheNextSmallestWithIt() {
    List<Report.Cell> months = List.of(cell("2025-01", 12), cell("2025-02", 3), cell("2025-03", 7), cell("2025-04", 30));
    List<Report.Cell> hidden = Report.hideCells(months);
    assertEquals(List.of(false, true, true, false), hidden.stream().map(Report.Cell::hidden).toList(),
        "February alone hidden could be read off the total: March (the next smallest) goes too");
    assertEquals(0, hidden.get(1).bookings());
    List<Report.Cell> two = Report.hideCells(List.of(cell("a", 2), cell("b", 4), cell("c", 50)));
    assertEquals(List.of(true, true, false), two.stream().map(Report.Cell::hidden).toList());
    assertFalse(Report.hideCells(List.of(cell("a", 5))).get(0).hidden(), "5 people are shown");

    ReportPeriod period = ReportPeriod.parse("2025-01-01", "2025-12-31").period();
    Report small = new Report(ReportScope.COMPANIES, COMPANY, "A", period, cell("total", 4), months, List.of(),
        List.of(new Report.Channel("card", 9, 9, 900, false), new Report.Channel("voucher", 1, 1, 100, false)),
        new Report.Waiting(10, 2.0, 5.0, false), new Report.Impact(60, 1, 0, 10, 6, 50, 300, 5, false, false, false), null, false)
        .hideSmallGroups();
    assertTrue(small.smallGroupsHidden());
    assertTrue(small.total().hidden());
    assertTrue(small.waiting().hidden(), "the waiting times of 4 people");
    assertEquals(List.of(true, true), small.channels().stream().map(Report.Channel::hidden).toList());
    assertTrue(small.impact().homeCareHidden());
    assertFalse(small.impact().campsHidden());
    assertEquals(50, small.impact().freedWorkingDays());
    assertFalse(small.impact().conciliationHidden());
  }

  private static Report.Cell cell(String key, long people) {
    return new Report.Cell(key, people, people * 2, people, people, people * 60, 0, people, false);
  }
}
