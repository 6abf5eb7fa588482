package coop.sportello.calls.ari;

/**
 * A call event for {@code calls.control}, in the shape {@link coop.sportello.calls.CallAddresses}
 * documents; null fields are left out of the JSON ({@link AriJson#callEvent}).
 */
record CallEvent(String eventId, String type, String callId, String queue, String from, String operator, String number) {

  static final String ARRIVED = "call.arrived";
  static final String ANSWERED = "call.answered";
  static final String RING_FAILED = "call.ring-failed";
  static final String CALLBACK_REQUESTED = "call.callback-requested";
  static final String ENDED = "call.ended";

  static CallEvent arrived(String eventId, String callId, String queue, String from) {
    return new CallEvent(eventId, ARRIVED, callId, queue, from, null, null);
  }

  static CallEvent answered(String eventId, String callId, String operator) {
    return new CallEvent(eventId, ANSWERED, callId, null, null, operator, null);
  }

  static CallEvent ringFailed(String eventId, String callId, String operator) {
    return new CallEvent(eventId, RING_FAILED, callId, null, null, operator, null);
  }

  static CallEvent callbackRequested(String eventId, String callId, String number) {
    return new CallEvent(eventId, CALLBACK_REQUESTED, callId, null, null, null, number);
  }

  static CallEvent ended(String eventId, String callId) {
    return new CallEvent(eventId, ENDED, callId, null, null, null, null);
  }
}
