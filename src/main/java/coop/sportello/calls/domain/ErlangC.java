package coop.sportello.calls.domain;

/**
 * Erlang C as DOMAIN.md writes it: arrival rate L (calls per second), handle time H (seconds),
 * N agents, traffic A = L*H, defined only while A < N. Computed with the Erlang B recursion, which
 * gives the same Pw without factorials, so it stays exact for hundreds of agents.
 */
public final class ErlangC {

  /** What the formula predicts for one staffing level. */
  public record Prediction(int agents, double traffic, double probabilityOfWaiting, double asaSeconds,
                           double serviceLevel, double occupancy) { }

  /** The fewest agents that reach the target, with what they would give. */
  public record Staffing(int agents, Prediction prediction) { }

  private static final int MAX_AGENTS = 10_000;

  private ErlangC() { }

  /** Probability that a caller waits; 1 when the queue cannot keep up (A >= N). */
  public static double probabilityOfWaiting(double traffic, int agents) {
    if (agents <= 0 || traffic >= agents) {
      return 1.0;
    }
    if (traffic <= 0) {
      return 0.0;
    }
    double erlangB = 1.0;
    for (int k = 1; k <= agents; k++) {
      erlangB = traffic * erlangB / (k + traffic * erlangB);
    }
    return agents * erlangB / (agents - traffic * (1 - erlangB));
  }

  public static Prediction predict(double arrivalsPerSecond, double handleSeconds, int agents, double thresholdSeconds) {
    double traffic = arrivalsPerSecond * handleSeconds;
    double pw = probabilityOfWaiting(traffic, agents);
    if (agents <= 0 || traffic >= agents) {
      return new Prediction(agents, traffic, 1.0, Double.POSITIVE_INFINITY, 0.0, agents <= 0 ? 0.0 : 1.0);
    }
    double asa = pw * handleSeconds / (agents - traffic);
    double sl = 1 - pw * Math.exp(-(agents - traffic) * thresholdSeconds / handleSeconds);
    return new Prediction(agents, traffic, pw, asa, sl, traffic / agents);
  }

  /** The smallest N whose service level within {@code thresholdSeconds} reaches {@code targetServiceLevel} (0..1). */
  public static Staffing staffing(double arrivalsPerSecond, double handleSeconds, double thresholdSeconds,
                                  double targetServiceLevel) {
    if (arrivalsPerSecond < 0 || handleSeconds <= 0 || thresholdSeconds < 0 || targetServiceLevel <= 0 || targetServiceLevel >= 1) {
      throw new IllegalArgumentException("arrivals >= 0, handle time > 0, threshold >= 0 and 0 < target < 1");
    }
    int agents = Math.max(1, (int) Math.floor(arrivalsPerSecond * handleSeconds) + 1);
    for (; agents <= MAX_AGENTS; agents++) {
      Prediction p = predict(arrivalsPerSecond, handleSeconds, agents, thresholdSeconds);
      if (p.serviceLevel() >= targetServiceLevel) {
        return new Staffing(agents, p);
      }
    }
    throw new IllegalArgumentException("more than " + MAX_AGENTS + " agents would be needed");
  }
}
