package coop.sportello.calls.domain;

import java.time.Instant;
import java.util.Map;

/**
 * One line of the append-only call log (as Asterisk's queue_log): every KPI is a fold over these.
 *
 * @param event    ENTER, OFFER, NOANSWER, CONNECT, COMPLETE, ABANDON, OVERFLOW, CALLBACK, CLOSED,
 *                 FULL, EMPTY, LEAVEEMPTY, WRAPUP, STATE
 * @param waitMs   CONNECT, ABANDON, OVERFLOW, LEAVEEMPTY: how long the caller had waited
 * @param talkMs   COMPLETE: from answer to hang-up
 * @param wrapMs   WRAPUP: the wrap-up that just ended
 * @param position ENTER, ABANDON: the caller's place in the queue
 * @param data     small extras: STATE {from, to, durationMs, reason?}, OVERFLOW {to}, ENTER {from?},
 *                 CALLBACK {callbackAt?: when a closed queue opens again, ISO offset date-time}
 */
public record LogEntry(Instant at, String callId, String queueId, String operator, String event,
                       Long waitMs, Long talkMs, Long wrapMs, Integer position, Map<String, String> data) {

  /** In a CALLBACK's data (the moment a call-back is scheduled): not before when the caller may expect the call. */
  public static final String CALLBACK_AT = "callbackAt";

  static LogEntry of(Instant at, String callId, String queueId, String operator, String event) {
    return new LogEntry(at, callId, queueId, operator, event, null, null, null, null, Map.of());
  }
}
