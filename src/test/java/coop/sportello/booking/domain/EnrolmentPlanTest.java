package coop.sportello.booking.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which slots an enrolment takes: all of one resource's in the period, or none. */
class EnrolmentPlanTest {

  private static final Instant MONDAY = LocalDate.of(2027, 6, 14).atTime(8, 0).atZone(EnrolmentPeriod.ROME).toInstant();

  private static EnrolmentPlan.Candidate slot(UUID resource, int day, int free) {
    Instant start = MONDAY.plusSeconds(day * 86_400L);
    return new EnrolmentPlan.Candidate(UUID.randomUUID(), resource, start, start.plusSeconds(8 * 3600), free);
  }

  @Test
  void theGroupWithRoomEveryDayIsTakenAndAFullDayIsNamed() {
    UUID girasoli = UUID.randomUUID();
    UUID coccinelle = UUID.randomUUID();
    List<EnrolmentPlan.Candidate> week = new ArrayList<>();
    for (int day = 0; day < 5; day++) {
      week.add(slot(girasoli, day, day == 2 ? 1 : 10));
      week.add(slot(coccinelle, day, 3));
    }
    EnrolmentPlan.Choice two = EnrolmentPlan.choose(week, 2);
    assertEquals(coccinelle, two.resourceId().orElseThrow(), "Girasoli has one place on Wednesday");
    assertEquals(5, two.slots().size());
    EnrolmentPlan.Choice four = EnrolmentPlan.choose(week, 4);
    assertFalse(four.fits());
    assertEquals(List.of(LocalDate.of(2027, 6, 16)), four.fullDates(), "the group missing the fewest dates");
    assertTrue(EnrolmentPlan.choose(List.of(), 1).empty());
  }

  /** Property over random camps: never a slot short of places, never two resources, all or nothing. */
  @Test
  void aChoiceIsAllTheSlotsOfOneResourceWithThePlacesOrNone() {
    Random random = new Random(43);
    for (int i = 0; i < 5_000; i++) {
      int resources = 1 + random.nextInt(3);
      int places = 1 + random.nextInt(4);
      List<EnrolmentPlan.Candidate> slots = new ArrayList<>();
      for (int r = 0; r < resources; r++) {
        UUID resource = UUID.randomUUID();
        int days = random.nextInt(10);
        for (int day = 0; day < days; day++) {
          slots.add(slot(resource, day, random.nextInt(6)));
        }
      }
      EnrolmentPlan.Choice choice = EnrolmentPlan.choose(slots, places);
      Map<UUID, List<EnrolmentPlan.Candidate>> byResource = slots.stream()
          .collect(Collectors.groupingBy(EnrolmentPlan.Candidate::resourceId));
      Set<UUID> fitting = byResource.entrySet().stream().filter(e -> e.getValue().stream().allMatch(c -> c.free() >= places))
          .map(Map.Entry::getKey).collect(Collectors.toSet());
      String seen = "case " + i;
      if (slots.isEmpty()) {
        assertTrue(choice.empty(), seen);
      } else if (fitting.isEmpty()) {
        assertFalse(choice.fits(), seen);
        assertTrue(choice.slots().isEmpty(), "nothing taken: " + seen);
        assertFalse(choice.fullDates().isEmpty(), seen);
      } else {
        assertTrue(choice.fits(), seen);
        UUID chosen = choice.resourceId().orElseThrow();
        assertTrue(fitting.contains(chosen), seen);
        assertEquals(byResource.get(chosen).size(), choice.slots().size(), "every slot of the resource: " + seen);
        assertTrue(choice.slots().stream().allMatch(c -> c.resourceId().equals(chosen) && c.free() >= places), seen);
        int most = fitting.stream().mapToInt(r -> byResource.get(r).size()).max().orElseThrow();
        assertEquals(most, choice.slots().size(), "the fitting resource with the most slots: " + seen);
        for (int s = 1; s < choice.slots().size(); s++) {
          assertTrue(choice.slots().get(s - 1).start().isBefore(choice.slots().get(s).start()), "by start: " + seen);
        }
      }
    }
  }
}
