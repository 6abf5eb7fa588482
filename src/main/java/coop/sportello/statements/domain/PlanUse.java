package coop.sportello.statements.domain;

import coop.sportello.privacy.domain.SmallGroups;
import coop.sportello.privacy.domain.SuppressedGrid;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A company's welfare credit used over a year by service area and month, in aggregate only: a
 * table of areas x the twelve months with each area's total, each month's total and the year's,
 * where every figure counted from fewer than {@link SmallGroups#MIN_PEOPLE} distinct people is
 * hidden and enough other figures are hidden with it that none can be worked back from the totals
 * ({@link SuppressedGrid}). The plan's credit granted is always shown; its credit used only when at
 * least {@link SmallGroups#MIN_PEOPLE} people used it.
 */
public record PlanUse(int year, List<String> areas, Figure[][] table, Plan plan) {

  public static final int MONTHS = 12;

  /**
   * One person's credit movements in one area and month.
   *
   * @param person a number standing for the person within one computation only (never an id)
   */
  public record Spending(String area, int month, long person, long spentCents, long refundedCents) {
  }

  /** A cell or a total: people, spent, refunded; {@code hidden} when it is not shown (then all zero). */
  public record Figure(boolean hidden, long people, long spentCents, long refundedCents) {
    static final Figure HIDDEN = new Figure(true, 0, 0, 0);

    public long netCents() {
      return spentCents - refundedCents;
    }
  }

  /** The year's plans: credit granted to the wallets, and used (null when fewer than 5 people used it). */
  public record Plan(long grantedCents, Long usedCents) {
    public static Plan of(long grantedCents, long usedCents, long people) {
      return new Plan(grantedCents, SmallGroups.shown(people) ? usedCents : null);
    }
  }

  /**
   * The table from each person's movements, a row for every area of {@code areas} (in that order,
   * used or not: a row only for the areas someone used would say, hidden or not, that someone used
   * them). {@code table[a][m]} is area
   * {@code a} in month {@code m + 1}, {@code table[a][12]} the area's year, {@code table[areas][m]}
   * the month's total over the areas and {@code table[areas][12]} the year's.
   */
  public static PlanUse of(int year, List<String> areas, List<Spending> spending, Plan plan) {
    Map<String, Integer> index = new LinkedHashMap<>();
    areas.forEach(a -> index.putIfAbsent(a, index.size()));
    spending.forEach(s -> index.putIfAbsent(s.area(), index.size()));
    int rows = index.size();
    List<List<List<Spending>>> groups = new ArrayList<>();
    for (int r = 0; r <= rows; r++) {
      List<List<Spending>> line = new ArrayList<>();
      for (int c = 0; c <= MONTHS; c++) {
        line.add(new ArrayList<>());
      }
      groups.add(line);
    }
    for (Spending s : spending) {
      if (s.month() < 1 || s.month() > MONTHS) {
        throw new IllegalArgumentException("month " + s.month());
      }
      int r = index.get(s.area());
      int c = s.month() - 1;
      groups.get(r).get(c).add(s);
      groups.get(r).get(MONTHS).add(s);
      groups.get(rows).get(c).add(s);
      groups.get(rows).get(MONTHS).add(s);
    }
    long[][] people = new long[rows][MONTHS];
    long[] rowPeople = new long[rows];
    long[] columnPeople = new long[MONTHS];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < MONTHS; c++) {
        people[r][c] = people(groups.get(r).get(c));
      }
      rowPeople[r] = people(groups.get(r).get(MONTHS));
    }
    for (int c = 0; c < MONTHS; c++) {
      columnPeople[c] = people(groups.get(rows).get(c));
    }
    boolean[][] hidden = SuppressedGrid.hidden(people, rowPeople, columnPeople, people(groups.get(rows).get(MONTHS)));
    Figure[][] table = new Figure[rows + 1][MONTHS + 1];
    for (int r = 0; r <= rows; r++) {
      for (int c = 0; c <= MONTHS; c++) {
        List<Spending> g = groups.get(r).get(c);
        table[r][c] = hidden[r][c] ? Figure.HIDDEN : new Figure(false, people(g),
            g.stream().mapToLong(Spending::spentCents).sum(), g.stream().mapToLong(Spending::refundedCents).sum());
      }
    }
    return new PlanUse(year, List.copyOf(index.keySet()), table, plan);
  }

  private static long people(List<Spending> rows) {
    Set<Long> people = new HashSet<>();
    rows.forEach(r -> people.add(r.person()));
    return people.size();
  }

  /** Whether anything was left out. */
  public boolean suppressed() {
    for (Figure[] row : table) {
      for (Figure f : row) {
        if (f.hidden()) {
          return true;
        }
      }
    }
    return false;
  }
}
