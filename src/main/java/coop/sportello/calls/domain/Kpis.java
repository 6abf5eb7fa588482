package coop.sportello.calls.domain;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * The KPIs of DOMAIN.md as a fold over the call log: the live wall feeds it each line as it is
 * written, and the same fold over the stored log gives the same figures (that is the test).
 */
public final class Kpis {

  /** Totals of one queue; the figures are derived from them. */
  public static final class QueueTotals {
    long offered;
    long answered;
    long answeredWithinThreshold;
    long abandoned;
    long overflowed;
    long callbacks;
    long closed;
    long refused;
    long totalAnsweredWaitMs;
    long longestAnsweredWaitMs;
    long handled;
    long talkMs;
    long wrapMs;

    public long offered() { return offered; }
    public long answered() { return answered; }
    public long abandoned() { return abandoned; }
    public long overflowed() { return overflowed; }
    public long callbacks() { return callbacks; }
    public long closed() { return closed; }
    public long refused() { return refused; }
    public long handled() { return handled; }
    public long longestAnsweredWaitMs() { return longestAnsweredWaitMs; }

    /** SL(T) = answered within T / answered; null before the first answer. */
    public Double serviceLevel() {
      return answered == 0 ? null : (double) answeredWithinThreshold / answered;
    }

    /** The variant that counts abandoned calls: answered within T / (answered + abandoned). */
    public Double serviceLevelWithAbandoned() {
      return answered + abandoned == 0 ? null : (double) answeredWithinThreshold / (answered + abandoned);
    }

    /** ASA in seconds = total wait of answered calls / answered calls. */
    public Double asaSeconds() {
      return answered == 0 ? null : totalAnsweredWaitMs / 1000.0 / answered;
    }

    /** AHT in seconds = (talk + wrap-up) / handled. */
    public Double ahtSeconds() {
      return handled == 0 ? null : (talkMs + wrapMs) / 1000.0 / handled;
    }

    public Double abandonRate() {
      return offered == 0 ? null : (double) abandoned / offered;
    }
  }

  /** Totals of one operator. */
  public static final class OperatorTotals {
    long answered;
    long unanswered;
    long talkMs;
    long wrapMs;
    long handlingMs;
    long idleMs;
    long pausedMs;

    public long answered() { return answered; }
    public long unanswered() { return unanswered; }
    public long talkMs() { return talkMs; }
    public long wrapMs() { return wrapMs; }
    public long pausedMs() { return pausedMs; }

    /** Occupancy = handling time / (handling + idle), over states that have ended. */
    public Double occupancy() {
      return handlingMs + idleMs == 0 ? null : (double) handlingMs / (handlingMs + idleMs);
    }
  }

  private final ToIntFunction<String> thresholdSeconds;
  private final Map<String, QueueTotals> queues = new TreeMap<>();
  private final Map<String, OperatorTotals> operators = new TreeMap<>();

  /** @param thresholdSeconds each queue's T of SL(T) */
  public Kpis(ToIntFunction<String> thresholdSeconds) {
    this.thresholdSeconds = thresholdSeconds;
  }

  public void apply(LogEntry e) {
    QueueTotals q = e.queueId() == null ? null : queues.computeIfAbsent(e.queueId(), k -> new QueueTotals());
    OperatorTotals o = e.operator() == null ? null : operators.computeIfAbsent(e.operator(), k -> new OperatorTotals());
    switch (e.event()) {
      case "ENTER" -> q.offered++;
      case "CONNECT" -> {
        q.answered++;
        q.totalAnsweredWaitMs += e.waitMs();
        q.longestAnsweredWaitMs = Math.max(q.longestAnsweredWaitMs, e.waitMs());
        if (e.waitMs() <= thresholdSeconds.applyAsInt(e.queueId()) * 1000L) {
          q.answeredWithinThreshold++;
        }
        o.answered++;
      }
      case "COMPLETE" -> {
        q.handled++;
        q.talkMs += e.talkMs();
        o.talkMs += e.talkMs();
      }
      case "WRAPUP" -> {
        if (q != null) {
          q.wrapMs += e.wrapMs();
        }
        o.wrapMs += e.wrapMs();
      }
      case "ABANDON", "LEAVEEMPTY" -> q.abandoned++;
      case "OVERFLOW" -> q.overflowed++;
      case "CALLBACK" -> q.callbacks++;
      case "CLOSED" -> q.closed++;
      case "FULL", "EMPTY" -> q.refused++;
      case "NOANSWER" -> o.unanswered++;
      case "STATE" -> {
        OperatorState from = OperatorState.fromWire(e.data().get("from"));
        long duration = Long.parseLong(e.data().getOrDefault("durationMs", "0"));
        if (from.handling()) {
          o.handlingMs += duration;
        } else if (from.idle()) {
          o.idleMs += duration;
        } else if (from == OperatorState.PAUSED) {
          o.pausedMs += duration;
        }
      }
      default -> { }
    }
  }

  public Map<String, QueueTotals> queues() {
    return queues;
  }

  public Map<String, OperatorTotals> operators() {
    return operators;
  }

  public QueueTotals queue(String id) {
    return queues.computeIfAbsent(id, k -> new QueueTotals());
  }

  public OperatorTotals operator(String subject) {
    return operators.computeIfAbsent(subject, k -> new OperatorTotals());
  }
}
