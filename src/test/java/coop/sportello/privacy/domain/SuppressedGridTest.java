package coop.sportello.privacy.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property tests of {@link SuppressedGrid} over random tables: every small group hidden, totals
 * included; no line with exactly one hidden cell; and no hidden value fixed by any combination of
 * the line equations (checked by rank, independently of the graph the rule reasons on).
 */
class SuppressedGridTest {

  private static final long PRIME = 1_000_000_007L;

  @Test
  void anAreaOfThreePeopleInOneMonthIsHiddenAndCannotBeSubtractedOut() {
    // Two areas x two months: "childhood" has 3 people in March only.
    long[][] people = {{6, 7}, {3, 0}};
    boolean[][] hidden = SuppressedGrid.hidden(people, new long[] {9, 3}, new long[] {9, 7}, 12);
    assertTrue(hidden[1][0], "the cell of 3 people");
    assertTrue(hidden[1][2], "its row total has 3 people too");
    assertTrue(hidden[0][0] || hidden[2][0], "March's column needs a second hidden cell");
    assertNoLineWithOneHidden(hidden);
    assertNothingRecoverable(hidden);
  }

  @Test
  void aTableWithoutSmallGroupsHidesNothing() {
    boolean[][] hidden = SuppressedGrid.hidden(new long[][] {{5, 0}, {8, 12}}, new long[] {5, 15}, new long[] {11, 12}, 18);
    for (boolean[] row : hidden) {
      assertArrayEquals(new boolean[] {false, false, false}, row);
    }
  }

  @Test
  void randomTablesNeverGiveAHiddenValueBack() {
    Random random = new Random(20261205L);
    int withHidden = 0;
    for (int round = 0; round < 1500; round++) {
      int rows = 1 + random.nextInt(6);
      int columns = 1 + random.nextInt(12);
      long[][] people = new long[rows][columns];
      long[] rowPeople = new long[rows];
      long[] columnPeople = new long[columns];
      long all = 0;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < columns; c++) {
          people[r][c] = random.nextInt(4) == 0 ? 0 : random.nextInt(round % 3 == 0 ? 6 : 14);
          rowPeople[r] += people[r][c];
          columnPeople[c] += people[r][c];
          all += people[r][c];
        }
      }
      // Distinct people of a line are at least its largest cell and at most the sum; take something between.
      for (int r = 0; r < rows; r++) {
        rowPeople[r] = between(random, max(people[r]), rowPeople[r]);
      }
      for (int c = 0; c < columns; c++) {
        long largest = 0;
        for (int r = 0; r < rows; r++) {
          largest = Math.max(largest, people[r][c]);
        }
        columnPeople[c] = between(random, largest, columnPeople[c]);
      }
      all = between(random, Math.max(max(rowPeople), max(columnPeople)), all);
      boolean[][] hidden = SuppressedGrid.hidden(people, rowPeople, columnPeople, all);
      for (int r = 0; r <= rows; r++) {
        for (int c = 0; c <= columns; c++) {
          long p = r < rows && c < columns ? people[r][c] : r < rows ? rowPeople[r] : c < columns ? columnPeople[c] : all;
          if (p > 0 && p < SmallGroups.MIN_PEOPLE) {
            assertTrue(hidden[r][c], "round " + round + ": a group of " + p + " is hidden");
          }
          withHidden += hidden[r][c] ? 1 : 0;
        }
      }
      assertNoLineWithOneHidden(hidden);
      assertNothingRecoverable(hidden);
    }
    assertNotEquals(0, withHidden, "the random tables did hide something");
  }

  private static long between(Random random, long low, long high) {
    return high <= low ? low : low + (long) (random.nextDouble() * (high - low + 1));
  }

  private static long max(long[] values) {
    long m = 0;
    for (long v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  private static void assertNoLineWithOneHidden(boolean[][] hidden) {
    for (int r = 0; r < hidden.length; r++) {
      int n = 0;
      for (boolean h : hidden[r]) {
        n += h ? 1 : 0;
      }
      assertNotEquals(1, n, "row " + r + " would give its hidden cell back by subtraction");
    }
    for (int c = 0; c < hidden[0].length; c++) {
      int n = 0;
      for (boolean[] row : hidden) {
        n += row[c] ? 1 : 0;
      }
      assertNotEquals(1, n, "column " + c + " would give its hidden cell back by subtraction");
    }
  }

  /**
   * The line equations over the hidden cells (the shown ones are known, so they move to the other
   * side): a hidden cell is recoverable exactly when its unit vector lies in the span of the equations,
   * that is when adding it does not raise their rank.
   */
  private static void assertNothingRecoverable(boolean[][] hidden) {
    int rows = hidden.length;
    int columns = hidden[0].length;
    List<int[]> unknowns = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        if (hidden[r][c]) {
          unknowns.add(new int[] {r, c});
        }
      }
    }
    if (unknowns.isEmpty()) {
      return;
    }
    List<long[]> equations = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      long[] eq = new long[unknowns.size()];
      for (int u = 0; u < unknowns.size(); u++) {
        if (unknowns.get(u)[0] == r) {
          eq[u] = unknowns.get(u)[1] == columns - 1 ? PRIME - 1 : 1;
        }
      }
      equations.add(eq);
    }
    for (int c = 0; c < columns; c++) {
      long[] eq = new long[unknowns.size()];
      for (int u = 0; u < unknowns.size(); u++) {
        if (unknowns.get(u)[1] == c) {
          eq[u] = unknowns.get(u)[0] == rows - 1 ? PRIME - 1 : 1;
        }
      }
      equations.add(eq);
    }
    int rank = rank(equations);
    for (int u = 0; u < unknowns.size(); u++) {
      List<long[]> with = new ArrayList<>(equations);
      long[] unit = new long[unknowns.size()];
      unit[u] = 1;
      with.add(unit);
      assertFalse(rank(with) == rank, "hidden cell " + unknowns.get(u)[0] + "," + unknowns.get(u)[1] + " is recoverable");
    }
  }

  private static int rank(List<long[]> source) {
    List<long[]> m = new ArrayList<>();
    source.forEach(r -> m.add(r.clone()));
    int width = m.get(0).length;
    int rank = 0;
    for (int col = 0; col < width && rank < m.size(); col++) {
      int pivot = -1;
      for (int r = rank; r < m.size(); r++) {
        if (m.get(r)[col] != 0) {
          pivot = r;
          break;
        }
      }
      if (pivot < 0) {
        continue;
      }
      long[] p = m.get(pivot);
      m.set(pivot, m.get(rank));
      m.set(rank, p);
      long inverse = power(p[col], PRIME - 2);
      for (int r = 0; r < m.size(); r++) {
        long[] row = m.get(r);
        if (r != rank && row[col] != 0) {
          long factor = row[col] * inverse % PRIME;
          for (int k = 0; k < width; k++) {
            row[k] = Math.floorMod(row[k] - factor * p[k] % PRIME, PRIME);
          }
        }
      }
      rank++;
    }
    return rank;
  }

  private static long power(long base, long exponent) {
    long result = 1;
    long b = base % PRIME;
    for (long e = exponent; e > 0; e >>= 1) {
      if ((e & 1) == 1) {
        result = result * b % PRIME;
      }
      b = b * b % PRIME;
    }
    return result;
  }
}
