package coop.sportello.calls.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Erlang C against DOMAIN.md's factorial formula, computed here independently, and published figures. */
class ErlangCTest {

  private static final MathContext MC = MathContext.DECIMAL128;

  /** Pw = (A^N/N! * N/(N-A)) / (sum_{k<N} A^k/k! + A^N/N! * N/(N-A)), term by term in BigDecimal. */
  static double pwByFactorials(double traffic, int agents) {
    BigDecimal a = new BigDecimal(traffic);
    BigDecimal sum = BigDecimal.ZERO;
    for (int k = 0; k < agents; k++) {
      sum = sum.add(a.pow(k, MC).divide(factorial(k), MC), MC);
    }
    BigDecimal last = a.pow(agents, MC).divide(factorial(agents), MC)
        .multiply(BigDecimal.valueOf(agents).divide(BigDecimal.valueOf(agents).subtract(a, MC), MC), MC);
    return last.divide(sum.add(last, MC), MC).doubleValue();
  }

  private static BigDecimal factorial(int n) {
    BigDecimal f = BigDecimal.ONE;
    for (int i = 2; i <= n; i++) {
      f = f.multiply(BigDecimal.valueOf(i));
    }
    return f;
  }

  @Test
  void probabilityOfWaitingMatchesTheFactorialFormula() {
    double[] traffics = {0.1, 0.5, 1, 2.5, 5, 7.75, 10, 17.3, 25, 39.9};
    for (double a : traffics) {
      for (int n = (int) Math.floor(a) + 1; n <= (int) Math.floor(a) + 12; n++) {
        double expected = pwByFactorials(a, n);
        assertEquals(expected, ErlangC.probabilityOfWaiting(a, n), 1e-12 * Math.max(1, expected),
            "Pw for A=" + a + " N=" + n);
      }
    }
  }

  /**
   * The usual 10-Erlang example: 100 calls in 30 minutes with a 3-minute handle time; target 80/20.
   * Erlang C tables give Pw 68.2, 44.9, 28.5, 17.4 % for 11..14 agents, so 13 agents reach SL 79.6 %
   * and 14 reach 88.8 % (ASA 17.1 s and 7.8 s). The figures below are those, to four places.
   */
  @Test
  void theTextbookTenErlangExample() {
    double rate = 100 / 1800.0;
    double handle = 180;
    double[][] published = { // agents, Pw, SL(20 s), ASA s
        {11, 0.6821, 0.3896, 122.8},
        {12, 0.4494, 0.6402, 40.4},
        {13, 0.2853, 0.7956, 17.1},
        {14, 0.1741, 0.8884, 7.8},
        {15, 0.1020, 0.9415, 3.7},
    };
    for (double[] row : published) {
      int n = (int) row[0];
      ErlangC.Prediction p = ErlangC.predict(rate, handle, n, 20);
      assertEquals(10.0, p.traffic(), 1e-12);
      assertEquals(row[1], p.probabilityOfWaiting(), 5e-5, "Pw, N=" + n);
      assertEquals(row[2], p.serviceLevel(), 5e-5, "SL, N=" + n);
      assertEquals(row[3], p.asaSeconds(), 0.05, "ASA, N=" + n);
      assertEquals(10.0 / n, p.occupancy(), 1e-12);

      // And exactly DOMAIN.md's ASA and SL from the factorial Pw.
      double pw = pwByFactorials(10, n);
      assertEquals(pw * handle / (n - 10), p.asaSeconds(), 1e-9);
      assertEquals(1 - pw * Math.exp(-(n - 10) * 20 / handle), p.serviceLevel(), 1e-12);
    }
    ErlangC.Staffing s = ErlangC.staffing(rate, handle, 20, 0.80);
    assertEquals(14, s.agents());
    assertEquals(0.8884, s.prediction().serviceLevel(), 5e-5);
  }

  /**
   * The classic step-by-step Erlang C example: 360 calls per half hour, 4-minute calls, 55 agents,
   * 15 s target: A = 48 Erlangs, occupancy 87.3 %, Pw 23.9 %, ASA 8.2 s, SL(15 s) 84.6 %.
   */
  @Test
  void theClassic48ErlangExample() {
    ErlangC.Prediction p = ErlangC.predict(360 / 1800.0, 240, 55, 15);
    assertEquals(48.0, p.traffic(), 1e-12);
    assertEquals(0.8727, p.occupancy(), 5e-5);
    assertEquals(0.2387, p.probabilityOfWaiting(), 5e-5);
    assertEquals(8.18, p.asaSeconds(), 5e-3);
    assertEquals(0.8459, p.serviceLevel(), 5e-5);
    assertEquals(pwByFactorials(48, 55), p.probabilityOfWaiting(), 1e-12);
    // 80/20 first met at 54 agents (81.7 %); 53 give 75.2 %.
    assertEquals(54, ErlangC.staffing(360 / 1800.0, 240, 20, 0.80).agents());
    assertEquals(0.7518, ErlangC.predict(360 / 1800.0, 240, 53, 20).serviceLevel(), 5e-5);
  }

  @Test
  void staffingReturnsTheFewestAgentsThatReachTheTarget() {
    Random random = new Random(42);
    for (int i = 0; i < 500; i++) {
      double rate = random.nextDouble() * 0.5;           // up to 30 calls a minute
      double handle = 30 + random.nextDouble() * 570;    // 30 s to 10 min
      double threshold = random.nextInt(61);
      double target = 0.5 + random.nextDouble() * 0.49;
      ErlangC.Staffing s = ErlangC.staffing(rate, handle, threshold, target);
      int n = s.agents();
      double a = rate * handle;
      assertTrue(n > a || (a == 0 && n == 1), "N must exceed A");
      assertTrue(s.prediction().serviceLevel() >= target);
      assertEquals(ErlangC.predict(rate, handle, n, threshold), s.prediction());
      if (n - 1 > a) {
        assertTrue(ErlangC.predict(rate, handle, n - 1, threshold).serviceLevel() < target,
            "N-1 = " + (n - 1) + " already reaches " + target + " for A=" + a);
      }
    }
  }

  @Test
  void aQueueThatCannotKeepUpIsReportedAsSuch() {
    assertEquals(1.0, ErlangC.probabilityOfWaiting(10, 10));
    assertEquals(1.0, ErlangC.probabilityOfWaiting(12.5, 10));
    assertEquals(1.0, ErlangC.probabilityOfWaiting(1, 0));
    ErlangC.Prediction p = ErlangC.predict(10 / 180.0, 180, 10, 20);
    assertEquals(1.0, p.probabilityOfWaiting());
    assertEquals(Double.POSITIVE_INFINITY, p.asaSeconds());
    assertEquals(0.0, p.serviceLevel());
    assertEquals(1.0, p.occupancy());
    ErlangC.Prediction none = ErlangC.predict(1 / 180.0, 180, 0, 20);
    assertEquals(0.0, none.serviceLevel());
    assertEquals(Double.POSITIVE_INFINITY, none.asaSeconds());

    // With exactly A = 10 the staffing starts above it.
    assertTrue(ErlangC.staffing(10 / 180.0, 180, 20, 0.01).agents() >= 11);
    // No traffic: one agent, nobody waits.
    ErlangC.Staffing idle = ErlangC.staffing(0, 180, 20, 0.8);
    assertEquals(1, idle.agents());
    assertEquals(0.0, idle.prediction().probabilityOfWaiting());
    assertEquals(1.0, idle.prediction().serviceLevel());

    assertThrows(IllegalArgumentException.class, () -> ErlangC.staffing(1, 180, 20, 1.0));
    assertThrows(IllegalArgumentException.class, () -> ErlangC.staffing(1, 0, 20, 0.8));
    assertThrows(IllegalArgumentException.class, () -> ErlangC.staffing(-1, 180, 20, 0.8));
  }

  @Test
  void largeTeamsStayFinite() {
    // A = 400 Erlangs: the factorials overflow doubles, the recursion does not.
    ErlangC.Staffing s = ErlangC.staffing(400 / 300.0, 300, 20, 0.8);
    assertTrue(s.agents() > 400 && s.agents() < 460, "agents " + s.agents());
    assertTrue(Double.isFinite(s.prediction().asaSeconds()));
    assertTrue(ErlangC.predict(400 / 300.0, 300, s.agents() - 1, 20).serviceLevel() < 0.8);
    double pw = ErlangC.probabilityOfWaiting(400, 420);
    assertTrue(pw > 0 && pw < 1);
    assertEquals(pwByFactorials(400, 420), pw, 1e-9);
  }
}
