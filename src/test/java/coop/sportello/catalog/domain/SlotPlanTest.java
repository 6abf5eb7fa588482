package coop.sportello.catalog.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotPlanTest {

  private static final UUID ROOM = UUID.randomUUID();
  private static final Instant NINE = Instant.parse("2026-12-01T08:00:00Z");

  private static ExistingSlot stored(int hour, int capacity, int taken) {
    Instant start = NINE.plusSeconds(3600L * hour);
    return new ExistingSlot(UUID.randomUUID(), ROOM, start, start.plusSeconds(3600), capacity, taken);
  }

  private static SlotSpec wanted(int hour, int capacity) {
    Instant start = NINE.plusSeconds(3600L * hour);
    return new SlotSpec(ROOM, start, start.plusSeconds(3600), capacity);
  }

  @Test
  void freeSlotsAreAddedRemovedAndResizedFreely() {
    ExistingSlot keep = stored(0, 4, 0);
    ExistingSlot drop = stored(1, 4, 0);
    ExistingSlot shrink = stored(2, 4, 1);
    SlotPlan plan = SlotPlan.between(List.of(keep, drop, shrink), List.of(wanted(0, 4), wanted(2, 2), wanted(3, 4)));
    assertTrue(plan.conflicts().isEmpty());
    assertEquals(List.of(wanted(3, 4)), plan.toInsert());
    assertEquals(List.of(drop), plan.toDelete());
    assertEquals(2, plan.toResize().get(shrink));
  }

  @Test
  void slotsWithHoldsOrBookingsAreNeverDroppedNorShrunkBelowWhatIsTaken() {
    ExistingSlot booked = stored(0, 4, 3);
    ExistingSlot bookedAndGone = stored(1, 4, 1);
    SlotPlan plan = SlotPlan.between(List.of(booked, bookedAndGone), List.of(wanted(0, 2)));
    assertEquals(List.of(booked, bookedAndGone), plan.conflicts());
  }

  @Test
  void applyingAPlanToItsOwnInputGivesTheDesiredSet() {
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      List<ExistingSlot> existing = new ArrayList<>();
      List<SlotSpec> desired = new ArrayList<>();
      for (int hour = 0; hour < 12; hour++) {
        if (random.nextBoolean()) {
          existing.add(stored(hour, 1 + random.nextInt(5), random.nextInt(3) == 0 ? random.nextInt(3) : 0));
        }
        if (random.nextBoolean()) {
          desired.add(wanted(hour, 1 + random.nextInt(5)));
        }
      }
      SlotPlan plan = SlotPlan.between(existing, desired);
      if (!plan.conflicts().isEmpty()) {
        plan.conflicts().forEach(c -> assertTrue(c.taken() > 0, "only taken slots conflict"));
        continue;
      }
      List<String> after = new ArrayList<>();
      for (ExistingSlot s : existing) {
        if (!plan.toDelete().contains(s)) {
          after.add(s.start() + "/" + plan.toResize().getOrDefault(s, s.capacity()));
        }
      }
      plan.toInsert().forEach(s -> after.add(s.start() + "/" + s.capacity()));
      List<String> want = new ArrayList<>(desired.stream().map(s -> s.start() + "/" + s.capacity()).toList());
      after.sort(null);
      want.sort(null);
      assertEquals(want, after);
    }
  }
}
