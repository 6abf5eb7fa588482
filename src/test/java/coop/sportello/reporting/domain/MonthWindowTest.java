package coop.sportello.reporting.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonthWindowTest {

  @Test
  void aWholeYearIsTwelveMonthsWithNoEdges() {
    MonthWindow w = MonthWindow.of(new ReportPeriod(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)));
    assertEquals(2026, w.windowYear());
    assertEquals(0xFFF, w.fullMonths());
    assertEquals(0, w.shift());
    assertEquals(LocalDate.of(2026, 1, 1), w.fullFrom());
    assertEquals(LocalDate.of(2027, 1, 1), w.fullUntil());
  }

  @Test
  void theLast365DaysAreElevenWholeMonthsBetweenTwoEdges() {
    MonthWindow w = MonthWindow.of(new ReportPeriod(LocalDate.of(2025, 12, 5), LocalDate.of(2026, 12, 4)));
    assertEquals(2025, w.windowYear());
    assertEquals(0x7FF << 12, w.fullMonths(), "January to November 2026");
    assertEquals(11, w.shift(), "December 2025 is the period's month 0");
    assertEquals(LocalDate.of(2026, 1, 1), w.fullFrom());
    assertEquals(LocalDate.of(2026, 12, 1), w.fullUntil());
  }

  @Test
  void daysWithinOneMonthAreAllEdge() {
    MonthWindow w = MonthWindow.of(new ReportPeriod(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 30)));
    assertEquals(0, w.fullMonths());
    assertEquals(LocalDate.of(2026, 3, 31), w.fullFrom(), "the first edge holds the whole period");
    assertEquals(LocalDate.of(2026, 3, 31), w.fullUntil(), "the last edge is empty");
  }

  /** Every day of any period is in exactly one of: the first edge, a whole month of the mask, the last edge. */
  @Test
  void everyDayOfAnyPeriodIsCountedOnce() {
    Random random = new Random(64);
    for (int i = 0; i < 2_000; i++) {
      LocalDate from = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(1_500));
      LocalDate to = from.plusDays(random.nextInt(ReportPeriod.MAX_DAYS));
      MonthWindow w = MonthWindow.of(new ReportPeriod(from, to));
      assertTrue(w.fullMonths() >= 0, "never the sign bit");
      for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
        boolean firstEdge = day.isBefore(w.fullFrom());
        boolean lastEdge = !day.isBefore(w.fullUntil());
        boolean inMask = (w.fullMonths() & 1 << MonthWindow.bit(YearMonth.from(day), w.windowYear())) != 0;
        assertEquals(1, (firstEdge ? 1 : 0) + (lastEdge ? 1 : 0) + (inMask ? 1 : 0), day + " of " + from + " to " + to);
        if (inMask) {
          assertTrue(!YearMonth.from(day).atDay(1).isBefore(from) && !YearMonth.from(day).atEndOfMonth().isAfter(to), "whole month");
        }
      }
      assertEquals(MonthWindow.bit(YearMonth.from(from), w.windowYear()), w.shift());
    }
  }
}
