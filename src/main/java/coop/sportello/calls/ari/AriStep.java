package coop.sportello.calls.ari;

import java.util.List;

/**
 * Something {@link AriCalls} asks the verticle to do: tell the distributor, or act on Asterisk.
 * Ids of channels, bridges and playbacks are chosen here, before the request, so that an event
 * about them can never arrive before the adapter knows what they are.
 */
sealed interface AriStep {

  /** Send a call event to calls.control; the reply only says it was taken. */
  record Notify(CallEvent event) implements AriStep { }

  /** Send call.arrived and hand the reply's action (or null on failure) to {@link AriCalls#arrivalReply}. */
  record Arrive(CallEvent event) implements AriStep { }

  /** Answer a queued caller and start music on hold. */
  record Hold(String channelId) implements AriStep { }

  /** Music on hold again, after an announcement interrupted it. */
  record ResumeHold(String channelId) implements AriStep { }

  /** Play media; when it ends (or cannot start) {@link AriCalls#playbackDone} is told. */
  record Play(String channelId, String playbackId, String media) implements AriStep { }

  /**
   * Say good-bye and hang up: answer first if asked (a refused caller is still ringing), play
   * media, and hang up when it is done, when it cannot be played, or after a time limit.
   */
  record Release(String channelId, String playbackId, String media, boolean answerFirst) implements AriStep { }

  /** Create a channel into the Stasis application; on failure {@link AriCalls#originateFailed}. */
  record Originate(String channelId, String endpoint, List<String> appArgs, int timeoutSeconds, String callerId)
      implements AriStep { }

  /**
   * Mixing bridge with both legs, music off for an inbound caller, then {@code answered} if set and
   * the call is still on ({@link AriCalls#isTalking}); on failure {@link AriCalls#connectFailed}.
   */
  record Connect(String callId, String bridgeId, String customerLeg, String operatorLeg, boolean stopHold,
                 CallEvent answered) implements AriStep { }

  /** Let an operator who answered a call-back hear ringing while the citizen's phone rings. */
  record Ring(String channelId) implements AriStep { }

  /** Hang a channel up; one already gone is fine. */
  record HangUp(String channelId) implements AriStep { }

  /** Shut a bridge down; one already gone is fine. */
  record RemoveBridge(String bridgeId) implements AriStep { }
}
