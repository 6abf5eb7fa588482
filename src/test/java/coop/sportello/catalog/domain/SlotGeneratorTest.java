package coop.sportello.catalog.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotGeneratorTest {

  private static final UUID CARER = UUID.randomUUID();
  private static final UUID ROOM = UUID.randomUUID();

  private static List<SlotSpec> everyHourOf(LocalDate day) {
    WeeklyRule rule = new WeeklyRule(day.getDayOfWeek(), new Opening(CARER, LocalTime.of(0, 0), LocalTime.of(23, 59), 60, 1),
        day, day);
    WeeklyRule lastHour = new WeeklyRule(day.getDayOfWeek(), new Opening(ROOM, LocalTime.of(23, 0), LocalTime.MIDNIGHT, 60, 1),
        day, day);
    return SlotGenerator.generate(List.of(rule, lastHour), List.of(), List.of(), day, day);
  }

  /** Spring forward in Europe/Rome: 02:00 CET jumps to 03:00 CEST (2026-03-29, 2027-03-28). */
  @ParameterizedTest
  @ValueSource(strings = {"2026-03-29", "2027-03-28"})
  void onTheSpringChangeDayEveryHourButTheSkippedOneIsOfferedAtItsRightInstant(String date) {
    LocalDate day = LocalDate.parse(date);
    List<SlotSpec> slots = everyHourOf(day);
    assertEquals(23, slots.size(), "24 wall-clock hours minus the one that does not exist");
    for (int hour = 0; hour < 24; hour++) {
      int h = hour;
      List<SlotSpec> atThisHour = slots.stream()
          .filter(s -> s.start().atZone(SlotGenerator.ROME).toLocalTime().getHour() == h).toList();
      if (hour == 2) {
        assertTrue(atThisHour.isEmpty(), "02:00 does not exist on " + date);
        continue;
      }
      ZoneOffset offset = hour < 2 ? ZoneOffset.ofHours(1) : ZoneOffset.ofHours(2);
      assertEquals(List.of(day.atTime(hour, 0).toInstant(offset)), atThisHour.stream().map(SlotSpec::start).toList(),
          "hour " + hour + " at " + offset);
    }
    slots.forEach(s -> assertEquals(Duration.ofHours(1), Duration.between(s.start(), s.end())));
  }

  /** Fall back in Europe/Rome: 03:00 CEST goes back to 02:00 CET (2026-10-25, 2027-10-31). */
  @ParameterizedTest
  @ValueSource(strings = {"2026-10-25", "2027-10-31"})
  void onTheAutumnChangeDayEveryHourIsOfferedOnceAndTheRepeatedHourAtItsFirstOccurrence(String date) {
    LocalDate day = LocalDate.parse(date);
    List<SlotSpec> slots = everyHourOf(day);
    assertEquals(24, slots.size(), "every wall-clock hour once");
    for (int hour = 0; hour < 24; hour++) {
      ZoneOffset offset = hour <= 2 ? ZoneOffset.ofHours(2) : ZoneOffset.ofHours(1);
      Instant expected = day.atTime(hour, 0).toInstant(offset);
      assertTrue(slots.stream().anyMatch(s -> s.start().equals(expected)), "hour " + hour + " at " + offset);
    }
    slots.forEach(s -> assertEquals(Duration.ofHours(1), Duration.between(s.start(), s.end()), "real hour long"));
  }

  @Test
  void slotsOfOneResourceNeverOverlapEvenAcrossTheChanges() {
    for (String date : new String[] {"2026-03-29", "2026-10-25", "2027-03-28", "2027-10-31"}) {
      LocalDate day = LocalDate.parse(date);
      for (int minutes : new int[] {15, 30, 45, 60, 90, 120}) {
        WeeklyRule rule = new WeeklyRule(day.getDayOfWeek(),
            new Opening(CARER, LocalTime.of(0, 0), LocalTime.of(23, 59), minutes, 1), day, day);
        List<SlotSpec> slots = SlotGenerator.generate(List.of(rule), List.of(), List.of(), day, day);
        for (int i = 1; i < slots.size(); i++) {
          assertFalse(slots.get(i).start().isBefore(slots.get(i - 1).end()), date + " every " + minutes + " min");
        }
      }
    }
  }

  @Test
  void weeklyRulesApplyOnTheirWeekdayWithinTheirValidity() {
    WeeklyRule tuesdays = new WeeklyRule(DayOfWeek.TUESDAY, new Opening(ROOM, LocalTime.of(15, 0), LocalTime.of(17, 0), 60, 12),
        LocalDate.of(2026, 9, 1), LocalDate.of(2026, 9, 30));
    List<SlotSpec> slots = SlotGenerator.generate(List.of(tuesdays), List.of(), List.of(),
        LocalDate.of(2026, 8, 1), LocalDate.of(2026, 10, 31));
    assertEquals(5 * 2, slots.size(), "five Tuesdays in September 2026, two slots each");
    assertTrue(slots.stream().allMatch(s -> s.capacity() == 12));
    assertEquals(Instant.parse("2026-09-01T13:00:00Z"), slots.get(0).start(), "15:00 CEST");
  }

  @Test
  void anExceptionReplacesTheDayAndAClosureEmptiesIt() {
    LocalDate monday = LocalDate.of(2026, 12, 7);
    WeeklyRule mondays = new WeeklyRule(DayOfWeek.MONDAY, new Opening(ROOM, LocalTime.of(9, 0), LocalTime.of(12, 0), 60, 4),
        LocalDate.of(2026, 1, 1), null);
    DayException shorter = new DayException(ROOM, monday, new Opening(ROOM, LocalTime.of(9, 0), LocalTime.of(10, 0), 60, 2));
    List<SlotSpec> withException = SlotGenerator.generate(List.of(mondays), List.of(shorter), List.of(), monday, monday);
    assertEquals(1, withException.size());
    assertEquals(2, withException.get(0).capacity());

    DayException closed = new DayException(ROOM, monday, null);
    assertTrue(SlotGenerator.generate(List.of(mondays), List.of(closed), List.of(), monday, monday).isEmpty());

    Closure christmas = new Closure(null, LocalDate.of(2026, 12, 21), LocalDate.of(2026, 12, 31));
    List<SlotSpec> december = SlotGenerator.generate(List.of(mondays), List.of(), List.of(christmas),
        LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31));
    assertEquals(2 * 3, december.size(), "Mondays 7 and 14 open, 21 and 28 closed");
  }

  @Test
  void generatedSlotsAlwaysFitTheirOpeningAndCountMatchesTheArithmetic() {
    Random random = new Random(42);
    for (int i = 0; i < 500; i++) {
      int opensMinute = random.nextInt(20 * 60);
      int length = 5 + random.nextInt(240);
      int closesMinute = Math.min(23 * 60 + 59, opensMinute + length * (1 + random.nextInt(6)) + random.nextInt(length));
      LocalDate day = LocalDate.of(2026, 1, 5).plusDays(random.nextInt(700));
      Opening opening = new Opening(ROOM, LocalTime.of(opensMinute / 60, opensMinute % 60),
          LocalTime.of(closesMinute / 60, closesMinute % 60), length, 3);
      List<SlotSpec> slots = SlotGenerator.generate(List.of(new WeeklyRule(day.getDayOfWeek(), opening, day, day)),
          List.of(), List.of(), day, day);
      int expected = (closesMinute - opensMinute) / length;
      boolean changeDay = day.equals(LocalDate.of(2026, 3, 29)) || day.equals(LocalDate.of(2027, 3, 28));
      if (!changeDay) {
        assertEquals(expected, slots.size(), opening + " on " + day);
      }
      slots.forEach(s -> assertEquals(Duration.ofMinutes(length), Duration.between(s.start(), s.end())));
    }
  }
}
