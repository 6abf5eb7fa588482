package coop.sportello.catalog.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What must change in the stored slots for them to match the schedule. Slots with holds or
 * bookings are never dropped or shrunk below what is taken: they come back as conflicts, and the
 * change is refused with the list of them.
 */
public record SlotPlan(List<SlotSpec> toInsert, List<ExistingSlot> toDelete, Map<ExistingSlot, Integer> toResize,
                       List<ExistingSlot> conflicts) {

  public boolean isEmpty() {
    return toInsert.isEmpty() && toDelete.isEmpty() && toResize.isEmpty();
  }

  public static SlotPlan between(List<ExistingSlot> existing, List<SlotSpec> desired) {
    Map<Key, ExistingSlot> stored = new HashMap<>();
    existing.forEach(s -> stored.put(new Key(s.resourceId(), s.start().toEpochMilli()), s));
    List<SlotSpec> inserts = new ArrayList<>();
    Map<ExistingSlot, Integer> resizes = new HashMap<>();
    List<ExistingSlot> conflicts = new ArrayList<>();
    for (SlotSpec want : desired) {
      ExistingSlot have = stored.remove(new Key(want.resourceId(), want.start().toEpochMilli()));
      if (have == null) {
        inserts.add(want);
      } else if (!Objects.equals(have.end(), want.end())) {
        // Same start, other length: replace it, which a booked slot cannot survive.
        if (have.taken() > 0) {
          conflicts.add(have);
        } else {
          resizes.put(have, -1);
          inserts.add(want);
        }
      } else if (have.capacity() != want.capacity()) {
        if (have.taken() > want.capacity()) {
          conflicts.add(have);
        } else {
          resizes.put(have, want.capacity());
        }
      }
    }
    List<ExistingSlot> deletes = new ArrayList<>();
    resizes.entrySet().removeIf(e -> {
      if (e.getValue() < 0) {
        deletes.add(e.getKey());
        return true;
      }
      return false;
    });
    for (ExistingSlot leftover : stored.values()) {
      if (leftover.taken() > 0) {
        conflicts.add(leftover);
      } else {
        deletes.add(leftover);
      }
    }
    conflicts.sort((a, b) -> a.start().compareTo(b.start()));
    return new SlotPlan(inserts, deletes, resizes, conflicts);
  }

  private record Key(java.util.UUID resource, long startMillis) { }
}
