package coop.sportello.statements.domain;

import coop.sportello.privacy.domain.SmallGroups;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The welfare credit a company's employees spent in a month, by service area, in aggregate only:
 * a cell (an area) counted from fewer than {@link #MIN_PEOPLE} distinct people would let the HR
 * admin guess what a colleague used, so such areas are merged into one cell {@link #OTHER}; when
 * "altro" itself has fewer than {@link #MIN_PEOPLE} people it is suppressed (not shown, and not in
 * the totals either, so no difference gives it away) and {@code suppressed} says that something was left out.
 */
public record CreditUse(StatementMonth month, List<Cell> cells, boolean suppressed) {

  public static final int MIN_PEOPLE = SmallGroups.MIN_PEOPLE;
  public static final String OTHER = "altro";

  /**
   * One person's credit movements in one area in the month.
   *
   * @param person a number standing for the person within one computation only (never an id)
   */
  public record Spending(String area, long person, long spentCents, long refundedCents) {
  }

  /** An area (or {@link #OTHER}): how many distinct people, credit spent, credit refunded. */
  public record Cell(String area, long people, long spentCents, long refundedCents) {
    public long netCents() {
      return spentCents - refundedCents;
    }
  }

  public CreditUse {
    cells = List.copyOf(cells);
  }

  /** The cells from each person's movements, areas in the order they come. */
  public static CreditUse of(StatementMonth month, List<Spending> spending) {
    Map<String, List<Spending>> byArea = new LinkedHashMap<>();
    for (Spending s : spending) {
      byArea.computeIfAbsent(s.area(), a -> new ArrayList<>()).add(s);
    }
    List<Cell> cells = new ArrayList<>();
    List<Spending> small = new ArrayList<>();
    for (Map.Entry<String, List<Spending>> area : byArea.entrySet()) {
      if (people(area.getValue()) >= MIN_PEOPLE) {
        cells.add(cell(area.getKey(), area.getValue()));
      } else {
        small.addAll(area.getValue());
      }
    }
    boolean suppressed = false;
    if (!small.isEmpty()) {
      if (people(small) >= MIN_PEOPLE) {
        cells.add(cell(OTHER, small));
      } else {
        suppressed = true;
      }
    }
    return new CreditUse(month, cells, suppressed);
  }

  private static long people(List<Spending> rows) {
    Set<Long> people = new HashSet<>();
    rows.forEach(r -> people.add(r.person()));
    return people.size();
  }

  private static Cell cell(String area, List<Spending> rows) {
    return new Cell(area, people(rows), rows.stream().mapToLong(Spending::spentCents).sum(),
        rows.stream().mapToLong(Spending::refundedCents).sum());
  }

  public long spentCents() {
    return cells.stream().mapToLong(Cell::spentCents).sum();
  }

  public long refundedCents() {
    return cells.stream().mapToLong(Cell::refundedCents).sum();
  }

  public long netCents() {
    return spentCents() - refundedCents();
  }
}
