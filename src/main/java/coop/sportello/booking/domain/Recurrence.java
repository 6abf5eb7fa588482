package coop.sportello.booking.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A weekly pattern such as "every Tuesday and Thursday at 15:00 until June", matched against the
 * service's slots: which dates can be had, which clash, and which resource (the same carer
 * throughout) serves the most of them.
 */
public final class Recurrence {

  /** One stored slot as the matcher needs it. */
  public record Candidate(UUID slotId, UUID resourceId, LocalDate date, LocalTime start, int free) { }

  /** One wanted date: its slot, or why it clashes ({@code no-slot} or {@code full}). */
  public record Occurrence(LocalDate date, UUID slotId, String clash) {
    public boolean clashes() {
      return clash != null;
    }
  }

  public record Plan(UUID resourceId, List<Occurrence> occurrences) {
    public List<Occurrence> clashes() {
      return occurrences.stream().filter(Occurrence::clashes).toList();
    }
  }

  private Recurrence() { }

  public static List<LocalDate> dates(LocalDate from, LocalDate until, Set<DayOfWeek> weekdays) {
    List<LocalDate> dates = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(until); d = d.plusDays(1)) {
      if (weekdays.contains(d.getDayOfWeek())) {
        dates.add(d);
      }
    }
    return dates;
  }

  /**
   * @param resource the carer asked for, or null to pick the resource that serves most dates
   */
  public static Plan plan(List<LocalDate> dates, LocalTime start, int places, List<Candidate> candidates, UUID resource) {
    List<UUID> resources = resource != null ? List.of(resource)
        : candidates.stream().map(Candidate::resourceId).distinct().sorted().toList();
    Plan best = new Plan(resource, dates.stream().map(d -> new Occurrence(d, null, "no-slot")).toList());
    for (UUID r : resources) {
      List<Occurrence> occurrences = new ArrayList<>();
      for (LocalDate date : dates) {
        Candidate slot = candidates.stream()
            .filter(c -> c.resourceId().equals(r) && c.date().equals(date) && c.start().equals(start))
            .findFirst().orElse(null);
        occurrences.add(slot == null ? new Occurrence(date, null, "no-slot")
            : slot.free() < places ? new Occurrence(date, slot.slotId(), "full")
            : new Occurrence(date, slot.slotId(), null));
      }
      Plan plan = new Plan(r, occurrences);
      if (plan.clashes().size() < best.clashes().size() || best.resourceId() == null && resource == null
          && plan.clashes().size() == best.clashes().size()) {
        best = plan;
      }
    }
    return best;
  }
}
