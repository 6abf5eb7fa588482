package coop.sportello.calls.domain;

/** What the distributor asks the PBX to do, sent only after the change behind it is stored. */
public sealed interface PbxCommand {

  String callId();

  /** Ring an operator; for a queued call-back the caller has hung up and {@code number} is dialled once the operator answers. */
  record Route(String callId, String operator, String endpoint, int ringSeconds, boolean callback, String number) implements PbxCommand { }

  record CancelRing(String callId, String operator, String endpoint) implements PbxCommand { }

  record Announce(String callId, int position, long estimatedWaitSeconds) implements PbxCommand { }

  /** reason: closed, full, empty, callback-registered. */
  record Hangup(String callId, String reason, String text) implements PbxCommand { }
}
