package coop.sportello.testing;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loose comparisons of how long answers take: medians over rounds, a tolerance well above the
 * noise of a loaded machine, never a tight bound on one measurement.
 */
public final class Timings {

  private Timings() { }

  /** Sends {@code count} requests one after the other; the milliseconds each took to be answered. */
  public static Future<List<Long>> oneAfterAnother(int count, IntFunction<Future<?>> request) {
    List<Long> took = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      int n = i;
      chain = chain.compose(v -> {
        long start = System.nanoTime();
        return request.apply(n).map(answer -> {
          took.add((System.nanoTime() - start) / 1_000_000);
          return null;
        });
      });
    }
    return chain.map(v -> took);
  }

  /**
   * Runs {@code rounds} rounds of two sequences side by side and asserts that, step by step, the
   * median of their differences round by round is under {@code toleranceMillis}. Side by side and
   * paired, so that whatever else loads the machine at that moment weighs on both and cancels out.
   * Each function gets the round's number. Returns the first's times.
   */
  public static List<List<Long>> assertAlike(int rounds, IntFunction<Future<List<Long>>> one, IntFunction<Future<List<Long>>> other,
                                             long toleranceMillis) {
    List<List<Long>> ones = new ArrayList<>();
    List<List<Long>> others = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      Future<List<Long>> first = one.apply(round);
      Future<List<Long>> second = other.apply(round);
      ones.add(AppTestBase.await(first));
      others.add(AppTestBase.await(second));
    }
    for (int step = 0; step < ones.get(0).size(); step++) {
      int at = step;
      List<Long> differences = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        differences.add(ones.get(round).get(at) - others.get(round).get(at));
      }
      long difference = medianOf(differences);
      assertTrue(Math.abs(difference) < toleranceMillis, "answer " + (step + 1) + ": the median difference is "
          + difference + " ms; rounds " + ones + " against " + others);
    }
    return ones;
  }

  /** The median, over rounds, of the step-th time of each round. */
  public static long median(List<List<Long>> rounds, int step) {
    return medianOf(rounds.stream().map(round -> round.get(step)).toList());
  }

  private static long medianOf(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
