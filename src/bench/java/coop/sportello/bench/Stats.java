package coop.sportello.bench;

import java.util.Arrays;

/** Percentiles of a set of measurements (nanoseconds in, milliseconds out). */
public final class Stats {

  private final long[] sorted;

  public Stats(long[] nanos) {
    this.sorted = nanos.clone();
    Arrays.sort(this.sorted);
  }

  public double percentileMs(double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1_000_000.0;
  }

  public int count() {
    return sorted.length;
  }

  public String summary() {
    return String.format("n=%d p50=%.2f ms p95=%.2f ms p99=%.2f ms max=%.2f ms",
        count(), percentileMs(50), percentileMs(95), percentileMs(99), percentileMs(100));
  }
}
