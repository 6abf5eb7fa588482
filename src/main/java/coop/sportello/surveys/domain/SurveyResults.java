package coop.sportello.surveys.domain;

import coop.sportello.privacy.domain.SmallGroups;
import coop.sportello.privacy.domain.SuppressedGrid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A survey's results for one audience (a company's HR: its own employees' answers; the network: all),
 * never per person: how many answered; the areas and the services wished by municipality, as tables
 * with totals where every figure of fewer than {@link SmallGroups#MIN_PEOPLE} answers is hidden with
 * its complements ({@link SuppressedGrid}); the times; the answers per company (the network only);
 * the free texts only when at least {@link SmallGroups#MIN_PEOPLE} answers are in the audience.
 */
public record SurveyResults(long answers, Table areas, Table services, List<Count> times, Table companies,
                            List<String> freeTexts) {

  /** The column of everything with fewer than {@link SmallGroups#MIN_PEOPLE} answers. */
  public static final String OTHER = "other";

  /** One answer as stored: no person. */
  public record Row(String company, String municipality, List<String> areas, List<String> services, List<String> times,
                    String freeText) {
  }

  /** A figure: a count, or hidden (count 0). */
  public record Count(String code, boolean hidden, long count) {
  }

  /** Rows (codes) x columns (codes): cells, each row's total, each column's total, the grand total. */
  public record Table(List<String> rows, List<String> columns, Count[][] cells, Count[] rowTotals, Count[] columnTotals,
                      Count total) {
  }

  public static SurveyResults of(List<Row> answers, List<String> areaOrder, boolean withCompanies) {
    long n = answers.size();
    Table areas = table(answers, Row::areas, areaOrder);
    Table services = table(answers, Row::services, ServiceKind.codes());
    List<Count> times = new ArrayList<>();
    for (String time : SurveyAnswer.TIMES) {
      times.add(count(time, answers.stream().filter(a -> a.times().contains(time)).count()));
    }
    Table companies = withCompanies ? table(answers, a -> List.of("answers"), List.of("answers"), Row::company) : null;
    List<String> texts = SmallGroups.shown(n)
        ? answers.stream().map(Row::freeText).filter(t -> t != null).sorted().toList()
        : List.of();
    return new SurveyResults(n, areas, services, times, companies, texts);
  }

  private static Count count(String code, long count) {
    return SmallGroups.hidden(count) ? new Count(code, true, 0) : new Count(code, false, count);
  }

  private static Table table(List<Row> answers, Function<Row, List<String>> wished, List<String> order) {
    return table(answers, wished, order, Row::municipality);
  }

  /**
   * Rows: every value of {@code order}, wished or not (a row only for what someone wished would say
   * so, hidden or not); columns: the values of {@code column} with at least {@link SmallGroups#MIN_PEOPLE}
   * answers, by code, then {@link #OTHER} for all the others together (there whenever someone answered,
   * so that no column's presence says that someone chose a place).
   */
  private static Table table(List<Row> answers, Function<Row, List<String>> wished, List<String> order,
                             Function<Row, String> column) {
    List<String> rows = order;
    Map<String, Long> sizes = new java.util.TreeMap<>();
    answers.forEach(a -> sizes.merge(column.apply(a), 1L, Long::sum));
    Map<String, Integer> columns = new LinkedHashMap<>();
    sizes.forEach((code, n) -> {
      if (SmallGroups.shown(n)) {
        columns.put(code, columns.size());
      }
    });
    if (!answers.isEmpty()) {
      columns.put(OTHER, columns.size());
    }
    Function<Row, String> placed = a -> columns.containsKey(column.apply(a)) ? column.apply(a) : OTHER;
    long[][] people = new long[rows.size()][columns.size()];
    long[] rowPeople = new long[rows.size()];
    long[] columnPeople = new long[columns.size()];
    for (Row a : answers) {
      int c = columns.get(placed.apply(a));
      columnPeople[c]++;
      for (int r = 0; r < rows.size(); r++) {
        if (wished.apply(a).contains(rows.get(r))) {
          people[r][c]++;
          rowPeople[r]++;
        }
      }
    }
    boolean[][] hidden = SuppressedGrid.hidden(people, rowPeople, columnPeople, answers.size());
    List<String> columnCodes = List.copyOf(columns.keySet());
    Count[][] cells = new Count[rows.size()][columns.size()];
    Count[] rowTotals = new Count[rows.size()];
    Count[] columnTotals = new Count[columns.size()];
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < columns.size(); c++) {
        cells[r][c] = figure(columnCodes.get(c), hidden[r][c], people[r][c]);
      }
      rowTotals[r] = figure(rows.get(r), hidden[r][columns.size()], rowPeople[r]);
    }
    for (int c = 0; c < columns.size(); c++) {
      columnTotals[c] = figure(columnCodes.get(c), hidden[rows.size()][c], columnPeople[c]);
    }
    Count total = figure("total", hidden[rows.size()][columns.size()], answers.size());
    return new Table(rows, columnCodes, cells, rowTotals, columnTotals, total);
  }

  private static Count figure(String code, boolean hidden, long count) {
    return hidden ? new Count(code, true, 0) : new Count(code, false, count);
  }
}
