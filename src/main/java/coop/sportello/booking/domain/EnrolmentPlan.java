package coop.sportello.booking.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Which slots an enrolment takes: every slot its period covers of ONE of the service's resources
 * (a child is in one group of the camp, a family has one carer for the month), the resource that
 * can give the places on all of them; among several, the one with the most slots, then the one
 * listed first. When none can, the dates that are full are those of the resource missing the
 * fewest dates.
 */
public final class EnrolmentPlan {

  /** One slot of the service in the period, with its free places. */
  public record Candidate(UUID slotId, UUID resourceId, Instant start, Instant end, int free) {
    LocalDate day() {
      return start.atZone(EnrolmentPeriod.ROME).toLocalDate();
    }
  }

  /** The choice: the resource and its slots by start (empty when none fits), or the full dates of the nearest one. */
  public record Choice(Optional<UUID> resourceId, List<Candidate> slots, List<LocalDate> fullDates) {
    public boolean fits() {
      return resourceId.isPresent() && !slots.isEmpty();
    }

    /** No slot at all in the period. */
    public boolean empty() {
      return slots.isEmpty() && fullDates.isEmpty();
    }

    public List<LocalDate> dates() {
      return slots.stream().map(Candidate::day).distinct().toList();
    }
  }

  private EnrolmentPlan() { }

  /** The slots of {@code candidates} that {@code places} take, in the order the candidates list them per resource. */
  public static Choice choose(List<Candidate> candidates, int places) {
    Map<UUID, List<Candidate>> byResource = new LinkedHashMap<>();
    candidates.stream().sorted(Comparator.comparing(Candidate::start).thenComparing(Candidate::slotId))
        .forEach(c -> byResource.computeIfAbsent(c.resourceId(), r -> new ArrayList<>()).add(c));
    Choice best = null;
    for (Map.Entry<UUID, List<Candidate>> resource : byResource.entrySet()) {
      List<LocalDate> full = resource.getValue().stream().filter(c -> c.free() < places).map(Candidate::day).distinct().toList();
      Choice choice = full.isEmpty()
          ? new Choice(Optional.of(resource.getKey()), List.copyOf(resource.getValue()), List.of())
          : new Choice(Optional.empty(), List.copyOf(resource.getValue()), full);
      if (best == null || better(choice, best)) {
        best = choice;
      }
    }
    if (best == null) {
      return new Choice(Optional.empty(), List.of(), List.of());
    }
    return best.fits() ? best : new Choice(Optional.empty(), List.of(), best.fullDates());
  }

  /** A fitting choice beats one that does not; then fewer full dates, then more slots; ties keep the earlier. */
  private static boolean better(Choice a, Choice b) {
    if (a.fits() != b.fits()) {
      return a.fits();
    }
    if (a.fullDates().size() != b.fullDates().size()) {
      return a.fullDates().size() < b.fullDates().size();
    }
    return a.slots().size() > b.slots().size();
  }
}
