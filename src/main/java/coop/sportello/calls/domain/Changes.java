package coop.sportello.calls.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one step of the distributor changed: rows to store, log lines to append, and what to tell
 * the PBX and the operators once that is stored. Drained by the caller after every step.
 */
public final class Changes {

  /** An operator-facing notice: kind offer, offer-withdrawn or state. */
  public record Notice(String operator, String kind, String callId) { }

  final Map<String, LiveCall.View> calls = new LinkedHashMap<>();
  final Map<String, Operator.View> operators = new LinkedHashMap<>();
  final Set<String> queues = new LinkedHashSet<>();
  final List<LogEntry> log = new ArrayList<>();
  final List<PbxCommand> commands = new ArrayList<>();
  final List<Notice> notices = new ArrayList<>();

  public Map<String, LiveCall.View> calls() {
    return calls;
  }

  public Map<String, Operator.View> operators() {
    return operators;
  }

  /** Queues whose round-robin memory moved. */
  public Set<String> queues() {
    return queues;
  }

  public List<LogEntry> log() {
    return log;
  }

  public List<PbxCommand> commands() {
    return commands;
  }

  public List<Notice> notices() {
    return notices;
  }

  public boolean isEmpty() {
    return calls.isEmpty() && operators.isEmpty() && queues.isEmpty() && log.isEmpty() && commands.isEmpty()
        && notices.isEmpty();
  }
}
