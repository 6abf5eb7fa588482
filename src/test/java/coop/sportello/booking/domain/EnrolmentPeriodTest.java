package coop.sportello.booking.domain;

import coop.sportello.pricing.domain.TariffUnit;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An enrolment's period is whole weeks (Monday to Sunday) or whole calendar months, in Italy. */
class EnrolmentPeriodTest {

  @Test
  void twoWeeksFromAMondayEndOnTheSecondSunday() {
    EnrolmentPeriod period = new EnrolmentPeriod(TariffUnit.WEEK, LocalDate.of(2027, 6, 14), 2);
    assertEquals(LocalDate.of(2027, 6, 27), period.lastDay());
    assertEquals(List.of(LocalDate.of(2027, 6, 14), LocalDate.of(2027, 6, 21)), period.periodStarts());
    assertEquals("2027-06-13T22:00:00Z", period.startsAt().toString(), "midnight in Rome, summer time");
    assertEquals("2027-06-27T22:00:00Z", period.endsAt().toString());
  }

  @Test
  void monthsAreCalendarMonthsWhateverTheirLength() {
    EnrolmentPeriod period = new EnrolmentPeriod(TariffUnit.MONTH, LocalDate.of(2027, 1, 1), 2);
    assertEquals(LocalDate.of(2027, 2, 28), period.lastDay());
    EnrolmentPeriod overTheClockChange = new EnrolmentPeriod(TariffUnit.MONTH, LocalDate.of(2027, 3, 1), 1);
    assertEquals(Duration.ofDays(31).minusHours(1), Duration.between(overTheClockChange.startsAt(), overTheClockChange.endsAt()),
        "March loses an hour in Italy");
  }

  @Test
  void onlyWholePeriodsOfWeekOrMonthServicesAreEnrolments() {
    assertEquals("invalid-period", EnrolmentPeriod.refusal(TariffUnit.WEEK, LocalDate.of(2027, 6, 15), 1).orElseThrow().type());
    assertEquals("invalid-period", EnrolmentPeriod.refusal(TariffUnit.MONTH, LocalDate.of(2027, 6, 2), 1).orElseThrow().type());
    assertEquals("invalid-period", EnrolmentPeriod.refusal(TariffUnit.WEEK, LocalDate.of(2027, 6, 14), 0).orElseThrow().type());
    assertEquals("invalid-period", EnrolmentPeriod.refusal(TariffUnit.WEEK, LocalDate.of(2027, 6, 14),
        EnrolmentPeriod.MAX_WEEKS + 1).orElseThrow().type());
    assertEquals("invalid-period", EnrolmentPeriod.refusal(TariffUnit.MONTH, LocalDate.of(2027, 6, 1),
        EnrolmentPeriod.MAX_MONTHS + 1).orElseThrow().type());
    assertEquals("not-an-enrolment", EnrolmentPeriod.refusal(TariffUnit.HOUR, LocalDate.of(2027, 6, 14), 1).orElseThrow().type());
    assertEquals(422, EnrolmentPeriod.refusal(TariffUnit.SESSION, LocalDate.of(2027, 6, 14), 1).orElseThrow().status());
    assertThrows(IllegalArgumentException.class, () -> new EnrolmentPeriod(TariffUnit.WEEK, LocalDate.of(2027, 6, 16), 1));
  }

  @Test
  void aPeriodMustNotHaveBegunNorEndPastTheHorizon() {
    EnrolmentPeriod june = new EnrolmentPeriod(TariffUnit.MONTH, LocalDate.of(2027, 6, 1), 1);
    assertTrue(june.begunBy(LocalDate.of(2027, 6, 1)));
    assertFalse(june.begunBy(LocalDate.of(2027, 5, 31)));
    assertFalse(june.beyondHorizon(LocalDate.of(2027, 5, 1), 60));
    assertTrue(june.beyondHorizon(LocalDate.of(2027, 5, 1), 59));
  }

  /** Property: any valid period covers exactly its whole weeks or months, back to back, and nothing around them. */
  @Test
  void everyPeriodIsWholeContiguousWeeksOrMonths() {
    Random random = new Random(21);
    for (int i = 0; i < 5_000; i++) {
      LocalDate someDay = LocalDate.of(2026, 1, 1).plusDays(random.nextInt(3 * 365));
      boolean weeks = random.nextBoolean();
      TariffUnit unit = weeks ? TariffUnit.WEEK : TariffUnit.MONTH;
      LocalDate first = weeks ? someDay.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : someDay.withDayOfMonth(1);
      int count = 1 + random.nextInt(weeks ? EnrolmentPeriod.MAX_WEEKS : EnrolmentPeriod.MAX_MONTHS);
      EnrolmentPeriod period = new EnrolmentPeriod(unit, first, count);
      String seen = unit + " " + first + " × " + count;

      assertTrue(period.covers(first) && period.covers(period.lastDay()), seen);
      assertFalse(period.covers(first.minusDays(1)) || period.covers(period.lastDay().plusDays(1)), seen);
      assertEquals(count, period.periodStarts().size(), seen);
      if (weeks) {
        assertEquals(DayOfWeek.SUNDAY, period.lastDay().getDayOfWeek(), seen);
        assertEquals(7L * count, ChronoUnit.DAYS.between(first, period.endExclusive()), seen);
      } else {
        assertEquals(period.lastDay().lengthOfMonth(), period.lastDay().getDayOfMonth(), seen);
        assertEquals(count, ChronoUnit.MONTHS.between(first, period.endExclusive()), seen);
      }
      for (int p = 1; p < count; p++) {
        LocalDate start = period.periodStarts().get(p);
        assertEquals(weeks ? DayOfWeek.MONDAY : start.getDayOfWeek(), start.getDayOfWeek(), seen);
        assertEquals(weeks ? 7 : period.periodStarts().get(p - 1).lengthOfMonth(),
            ChronoUnit.DAYS.between(period.periodStarts().get(p - 1), start), seen);
      }
      assertEquals(first, period.startsAt().atZone(EnrolmentPeriod.ROME).toLocalDate(), seen);
      assertEquals(period.endExclusive(), period.endsAt().atZone(EnrolmentPeriod.ROME).toLocalDate(), seen);
      assertEquals(0, period.endsAt().atZone(EnrolmentPeriod.ROME).getHour(), seen);
    }
  }
}
