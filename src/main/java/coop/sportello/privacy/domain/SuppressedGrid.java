package coop.sportello.privacy.domain;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Which cells of a table with row and column totals to hide so that no figure counted from fewer
 * than {@link SmallGroups#MIN_PEOPLE} people is shown, nor can be worked out from what is shown.
 *
 * <p>The table has {@code R} rows and {@code C} columns of cells, a total per row (column index
 * {@code C}), a total per column (row index {@code R}) and the grand total at {@code [R][C]}. Its
 * additive figures (money) satisfy one equation per line: the cells of a row add up to the row's
 * total, those of a column to the column's, the row totals and the column totals to the grand total.
 * <ol>
 *   <li><b>Primary</b>: every cell, total included, counted from 1 to {@code MIN_PEOPLE - 1}
 *       distinct people is hidden (0 people shows 0: nobody is nobody's secret).</li>
 *   <li><b>Complementary</b>: a hidden cell's value is fixed by those equations exactly when, in the
 *       graph whose nodes are the lines and whose edges are the hidden cells (a cell joins its row and
 *       its column), that edge lies on no cycle (a bridge): along a cycle one can add and subtract the
 *       same amount and every line's sum still holds. So while some hidden cell is a bridge, the
 *       rectangle through it with the fewest new cells, then the fewest people, is hidden too.
 *       Every line then holds no hidden cell or at least two, and no combination of lines gives a
 *       hidden value back (the property tests check both, the second by the rank of the equations).</li>
 * </ol>
 * People are distinct counts (a row total's people is the distinct people of the row, not a sum),
 * so they are not additive and a hidden cell's people cannot be subtracted out either.
 */
public final class SuppressedGrid {

  private SuppressedGrid() {
  }

  /**
   * The cells to hide, as {@code hidden[R + 1][C + 1]} (index {@code R} the column totals, {@code C}
   * the row totals).
   *
   * @param people        distinct people of each cell, {@code [R][C]}
   * @param rowPeople     distinct people of each row
   * @param columnPeople  distinct people of each column
   * @param allPeople     distinct people of the whole table
   */
  public static boolean[][] hidden(long[][] people, long[] rowPeople, long[] columnPeople, long allPeople) {
    int rows = rowPeople.length;
    int columns = columnPeople.length;
    long[][] all = new long[rows + 1][columns + 1];
    for (int r = 0; r < rows; r++) {
      if (people[r].length != columns) {
        throw new IllegalArgumentException("every row has " + columns + " cells");
      }
      System.arraycopy(people[r], 0, all[r], 0, columns);
      all[r][columns] = rowPeople[r];
    }
    System.arraycopy(columnPeople, 0, all[rows], 0, columns);
    all[rows][columns] = allPeople;
    boolean[][] hidden = new boolean[rows + 1][columns + 1];
    for (int r = 0; r <= rows; r++) {
      for (int c = 0; c <= columns; c++) {
        hidden[r][c] = SmallGroups.hidden(all[r][c]);
      }
    }
    int[] bridge;
    while ((bridge = aBridge(hidden)) != null) {
      hideRectangle(hidden, all, bridge[0], bridge[1]);
    }
    return hidden;
  }

  /** A hidden cell whose value the line equations give back, or null when there is none. */
  static int[] aBridge(boolean[][] hidden) {
    for (int r = 0; r < hidden.length; r++) {
      for (int c = 0; c < hidden[r].length; c++) {
        if (hidden[r][c] && !connectedWithout(hidden, r, c)) {
          return new int[] {r, c};
        }
      }
    }
    return null;
  }

  /** Whether row {@code r} still reaches column {@code c} through hidden cells other than {@code [r][c]}. */
  private static boolean connectedWithout(boolean[][] hidden, int r0, int c0) {
    int rows = hidden.length;
    int columns = hidden[0].length;
    boolean[] seenRow = new boolean[rows];
    boolean[] seenColumn = new boolean[columns];
    Deque<int[]> next = new ArrayDeque<>();
    seenRow[r0] = true;
    next.add(new int[] {0, r0});
    while (!next.isEmpty()) {
      int[] node = next.poll();
      if (node[0] == 0) {
        int r = node[1];
        for (int c = 0; c < columns; c++) {
          if (hidden[r][c] && !(r == r0 && c == c0) && !seenColumn[c]) {
            if (c == c0) {
              return true;
            }
            seenColumn[c] = true;
            next.add(new int[] {1, c});
          }
        }
      } else {
        int c = node[1];
        for (int r = 0; r < rows; r++) {
          if (hidden[r][c] && !(r == r0 && c == c0) && !seenRow[r]) {
            seenRow[r] = true;
            next.add(new int[] {0, r});
          }
        }
      }
    }
    return false;
  }

  /** Hides the cheapest rectangle {@code [r][c], [r][c2], [r2][c], [r2][c2]}: fewest new cells, then fewest people. */
  private static void hideRectangle(boolean[][] hidden, long[][] people, int r, int c) {
    long best = Long.MAX_VALUE;
    int bestRow = -1;
    int bestColumn = -1;
    for (int r2 = 0; r2 < hidden.length; r2++) {
      for (int c2 = 0; c2 < hidden[0].length; c2++) {
        if (r2 == r || c2 == c) {
          continue;
        }
        long cost = cost(hidden, people, r, c2) + cost(hidden, people, r2, c) + cost(hidden, people, r2, c2);
        if (cost < best) {
          best = cost;
          bestRow = r2;
          bestColumn = c2;
        }
      }
    }
    if (bestRow < 0) {
      throw new IllegalStateException("a table with totals has at least two rows and two columns");
    }
    hidden[r][bestColumn] = true;
    hidden[bestRow][c] = true;
    hidden[bestRow][bestColumn] = true;
  }

  private static long cost(boolean[][] hidden, long[][] people, int r, int c) {
    return hidden[r][c] ? 0 : 1_000_000_000L + people[r][c];
  }
}
