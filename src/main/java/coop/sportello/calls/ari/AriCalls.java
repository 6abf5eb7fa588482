package coop.sportello.calls.ari;

import coop.sportello.calls.ari.AriStep.Arrive;
import coop.sportello.calls.ari.AriStep.Connect;
import coop.sportello.calls.ari.AriStep.HangUp;
import coop.sportello.calls.ari.AriStep.Hold;
import coop.sportello.calls.ari.AriStep.Notify;
import coop.sportello.calls.ari.AriStep.Originate;
import coop.sportello.calls.ari.AriStep.Play;
import coop.sportello.calls.ari.AriStep.Release;
import coop.sportello.calls.ari.AriStep.RemoveBridge;
import coop.sportello.calls.ari.AriStep.ResumeHold;
import coop.sportello.calls.ari.AriStep.Ring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What the adapter knows of the calls it carries, and what each ARI event or distributor command
 * means for them. Pure: no I/O and no Vert.x; every answer is a list of {@link AriStep}s for the
 * verticle to carry out. Not thread-safe: the verticle calls it from its own event loop only.
 * <p>
 * Who is who comes from the Stasis arguments, not from memory alone, so that a Sportello that
 * restarted while Asterisk kept the calls can pick them up again: the dialplan hands a caller over
 * with {@code [queue]}; the adapter originates operator legs with {@code [operator, callId, operator]}
 * (plus {@code callback, number} for a call-back) and the citizen's leg of a call-back with
 * {@code [callback, callId, operator, operatorChannel]}. Channels and bridges the adapter creates
 * carry the {@link #OWN_PREFIX}; a bridge is named after its call.
 */
final class AriCalls {

  static final String OWN_PREFIX = "sportello-";
  static final String OPERATOR_ARG = "operator";
  static final String CALLBACK_ARG = "callback";
  /** How long a citizen's phone rings for a call-back: a person, not a desk phone, may need a while. */
  static final int CALLBACK_RING_SECONDS = 40;

  private static final Pattern SOUND_NAME = Pattern.compile("[a-z0-9-]{1,40}");
  private static final int TOMBSTONES = 10_000;

  enum Phase {
    /** call.arrived sent, reply awaited: the caller still hears ringing. */
    ARRIVING,
    /** queued (or a call-back waiting for an operator): music on hold, operators may be ringing. */
    WAITING,
    /** a call-back whose operator answered: the citizen's phone is ringing. */
    DIALING_BACK,
    /** bridged with an operator. */
    TALKING,
    /** being played a good-bye and hung up by the adapter: nothing more is reported. */
    RELEASING
  }

  private static final class Call {
    final String callId;
    final boolean callback;
    Phase phase;
    String queue;
    String number;        // inbound: the caller's number; call-back: the number to dial
    String customerLeg;   // inbound: callId itself; call-back: the citizen's leg, once dialled
    String operatorLeg;   // the operator leg that answered
    String bridgeId;
    String endedWhileArriving; // eventId of a hang-up that came before the distributor's reply
    boolean callbackRequested;
    /**
     * Rings the distributor asked for before its reply to call.arrived reached the adapter: it
     * publishes a route as soon as the call is stored, before it replies, so an operator who is
     * free is routed to while the call is still ARRIVING. Originated once the reply is queued.
     */
    final List<HeldRing> ringsOnHold = new ArrayList<>();

    Call(String callId, boolean callback, Phase phase) {
      this.callId = callId;
      this.callback = callback;
      this.phase = phase;
      this.customerLeg = callback ? null : callId;
    }
  }

  /** A channel the adapter originated: an operator's phone, or the citizen's for a call-back. */
  private static final class Leg {
    final String channelId;
    final String callId;
    final String operator;
    final boolean customer;
    boolean answered;
    boolean quiet; // hung up by the adapter on purpose: its end reports nothing

    Leg(String channelId, String callId, String operator, boolean customer) {
      this.channelId = channelId;
      this.callId = callId;
      this.operator = operator;
      this.customer = customer;
    }
  }

  private record Playback(String channelId, boolean thenHangUp) { }

  /** An operator's ring waiting for its call to be queued. */
  private record HeldRing(String operator, Originate originate) { }

  private final String callbackDtmf;
  private final String callbackDialPattern;
  private final Supplier<String> ids;

  private final Map<String, Call> calls = new HashMap<>();
  private final Map<String, Leg> legs = new HashMap<>();
  private final Map<String, Playback> playbacks = new HashMap<>();
  /** Caller channels the adapter is hanging up: their end is not the caller's doing. */
  private final Set<String> releasing = new HashSet<>();
  /** Calls already over, so that late commands and events about them change nothing. */
  private final Map<String, Boolean> ended = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > TOMBSTONES;
    }
  };

  /**
   * @param callbackDtmf        the key that asks for a call-back; empty or null disables it
   * @param callbackDialPattern {@link String#format} pattern for the citizen's endpoint
   * @param ids                 unique id source (random UUIDs in production)
   */
  AriCalls(String callbackDtmf, String callbackDialPattern, Supplier<String> ids) {
    this.callbackDtmf = callbackDtmf == null ? "" : callbackDtmf;
    this.callbackDialPattern = callbackDialPattern;
    this.ids = ids;
  }

  // ---------------------------------------------------------------- ARI events

  List<AriStep> onEvent(AriEvent event) {
    if (event.type() == null) {
      return List.of();
    }
    return switch (event.type()) {
      case "StasisStart" -> event.channelId() == null ? List.of() : stasisStart(event);
      case "StasisEnd" -> event.channelId() == null ? List.of() : channelGone(event.channelId(), event.eventId(), true);
      case "ChannelDestroyed" -> event.channelId() == null ? List.of() : channelGone(event.channelId(), event.eventId(), false);
      case "ChannelDtmfReceived" -> event.channelId() == null ? List.of() : dtmf(event);
      case "PlaybackFinished" -> event.playbackId() == null ? List.of() : playbackDone(event.playbackId());
      default -> List.of();
    };
  }

  private List<AriStep> stasisStart(AriEvent event) {
    List<String> args = event.args();
    String first = args.isEmpty() ? "" : args.get(0);
    if (OPERATOR_ARG.equals(first) && args.size() >= 3) {
      String callbackNumber = args.size() >= 5 && CALLBACK_ARG.equals(args.get(3)) ? args.get(4) : null;
      return operatorAnswered(event, args.get(1), args.get(2), callbackNumber);
    }
    if (CALLBACK_ARG.equals(first) && args.size() >= 4) {
      return citizenAnswered(event.channelId(), args.get(1), args.get(2), args.get(3));
    }
    // A caller: the dialplan names the queue, Stasis(app,queue); without it, the number dialled.
    String queue = first.isBlank() ? event.exten() : first;
    return callerArrived(event, queue == null ? "" : queue);
  }

  private List<AriStep> callerArrived(AriEvent event, String queue) {
    String callId = event.channelId();
    if (calls.containsKey(callId) || legs.containsKey(callId) || ended.containsKey(callId)) {
      return List.of(); // the same StasisStart again
    }
    Call call = new Call(callId, false, Phase.ARRIVING);
    call.queue = queue;
    call.number = blankToNull(event.callerNumber());
    calls.put(callId, call);
    return List.of(new Arrive(CallEvent.arrived(event.eventId(), callId, queue, call.number)));
  }

  /** The distributor's answer to call.arrived: its {@code action}, or null when none came. */
  List<AriStep> arrivalReply(String callId, String action) {
    Call call = calls.get(callId);
    if (call == null || call.phase != Phase.ARRIVING) {
      return List.of();
    }
    List<HeldRing> rings = dropRingsOnHold(call);
    if (call.endedWhileArriving != null) {
      // The caller hung up while the distributor was deciding: now that it knows of the call, tell it.
      String eventId = call.endedWhileArriving;
      forget(call);
      return "queued".equals(action) ? List.of(new Notify(CallEvent.ended(eventId, callId))) : List.of();
    }
    if ("queued".equals(action)) {
      call.phase = Phase.WAITING;
      List<AriStep> steps = new ArrayList<>();
      steps.add(new Hold(callId));
      rings.forEach(ring -> {
        legs.put(ring.originate().channelId(), new Leg(ring.originate().channelId(), callId, ring.operator(), false));
        steps.add(ring.originate());
      });
      return steps;
    }
    call.phase = Phase.RELEASING;
    releasing.add(callId);
    // closed-callback: closed, but the caller's number is kept for a call-back; the distributor's
    // hangup (callback-registered) may come before or after this reply, whichever plays the message.
    String reason = "closed-callback".equals(action) ? "callback-registered"
        : action != null && List.of("closed", "full", "empty").contains(action) ? action : "unavailable";
    return List.of(release(callId, "sportello-" + reason, true));
  }

  private List<AriStep> operatorAnswered(AriEvent event, String callId, String operator, String callbackNumber) {
    String legId = event.channelId();
    Leg leg = legs.get(legId);
    if (leg == null) {
      // Originated before this adapter started: its arguments say what it is for.
      leg = new Leg(legId, callId, operator, false);
      legs.put(legId, leg);
    }
    if (leg.answered) {
      return List.of();
    }
    leg.answered = true;
    Call call = calls.get(callId);
    if (call == null && !ended.containsKey(callId)) {
      call = adopt(callId, callbackNumber);
    }
    if (call == null || leg.quiet || call.phase != Phase.WAITING) {
      // Too late: the caller left, or another operator of a ring-all answered first.
      leg.quiet = true;
      return List.of(new HangUp(legId));
    }
    call.operatorLeg = legId;
    CallEvent answered = CallEvent.answered(event.eventId(), callId, operator);
    if (!call.callback) {
      call.phase = Phase.TALKING;
      call.bridgeId = bridgeFor(callId);
      return List.of(new Connect(callId, call.bridgeId, callId, legId, true, answered));
    }
    // A call-back: the operator is there, now dial the citizen.
    call.phase = Phase.DIALING_BACK;
    String citizenLeg = newChannelId();
    call.customerLeg = citizenLeg;
    legs.put(citizenLeg, new Leg(citizenLeg, callId, operator, true));
    return List.of(new Notify(answered), new Ring(legId),
        new Originate(citizenLeg, String.format(callbackDialPattern, call.number),
            List.of(CALLBACK_ARG, callId, operator, legId), CALLBACK_RING_SECONDS, null));
  }

  private List<AriStep> citizenAnswered(String citizenLeg, String callId, String operator, String operatorLeg) {
    Leg leg = legs.get(citizenLeg);
    if (leg == null) {
      leg = new Leg(citizenLeg, callId, operator, true);
      legs.put(citizenLeg, leg);
    }
    if (leg.answered) {
      return List.of();
    }
    leg.answered = true;
    Call call = calls.get(callId);
    if (call == null && !ended.containsKey(callId)) {
      call = new Call(callId, true, Phase.DIALING_BACK);
      call.operatorLeg = operatorLeg;
      call.customerLeg = citizenLeg;
      calls.put(callId, call);
    }
    if (call == null || leg.quiet || call.phase != Phase.DIALING_BACK || !citizenLeg.equals(call.customerLeg)) {
      leg.quiet = true;
      return List.of(new HangUp(citizenLeg));
    }
    call.phase = Phase.TALKING;
    call.bridgeId = bridgeFor(callId);
    return List.of(new Connect(callId, call.bridgeId, citizenLeg, call.operatorLeg, false, null));
  }

  /**
   * A channel left Stasis or was destroyed. Asterisk sends both for a channel that was in Stasis and
   * only ChannelDestroyed for an originated one that never answered; the first one counts.
   */
  private List<AriStep> channelGone(String channelId, String eventId, boolean leftStasis) {
    playbacks.values().removeIf(p -> p.channelId().equals(channelId));
    if (releasing.remove(channelId)) {
      Call call = calls.get(channelId);
      if (call != null && !call.callback) {
        return endQuietly(call);
      }
      return List.of();
    }
    Leg leg = legs.remove(channelId);
    if (leg != null) {
      return legGone(leg, eventId);
    }
    Call call = calls.get(channelId);
    if (call != null && !call.callback) {
      return callerGone(call, eventId);
    }
    if (leftStasis && !channelId.startsWith(OWN_PREFIX) && !ended.containsKey(channelId)) {
      // A caller this adapter has not seen arrive (it started later): the distributor may know it.
      ended.put(channelId, Boolean.TRUE);
      return List.of(new Notify(CallEvent.ended(eventId, channelId)));
    }
    return List.of();
  }

  private List<AriStep> callerGone(Call call, String eventId) {
    return switch (call.phase) {
      case ARRIVING -> {
        if (call.endedWhileArriving == null) {
          call.endedWhileArriving = eventId;
        }
        yield List.of();
      }
      case WAITING, TALKING -> endCall(call, eventId, call.callId, null);
      default -> List.of();
    };
  }

  private List<AriStep> legGone(Leg leg, String eventId) {
    if (leg.quiet) {
      return List.of();
    }
    Call call = calls.get(leg.callId);
    if (!leg.customer && !leg.answered) {
      // The operator's phone did not answer: busy, unreachable, or ringSeconds ran out.
      return List.of(new Notify(CallEvent.ringFailed(eventId, leg.callId, leg.operator)));
    }
    if (call == null) {
      return List.of();
    }
    if (leg.customer && leg.channelId.equals(call.customerLeg)) {
      if (call.phase == Phase.DIALING_BACK) {
        return endCall(call, eventId, leg.channelId, "sportello-callback-failed");
      }
      return call.phase == Phase.TALKING ? endCall(call, eventId, leg.channelId, null) : List.of();
    }
    if (!leg.customer && leg.channelId.equals(call.operatorLeg)) {
      return endCall(call, eventId, leg.channelId, null);
    }
    return List.of();
  }

  private List<AriStep> dtmf(AriEvent event) {
    String channelId = event.channelId();
    if (callbackDtmf.isEmpty() || !callbackDtmf.equals(event.digit())) {
      return List.of();
    }
    Call call = calls.get(channelId);
    if (call == null) {
      if (legs.containsKey(channelId) || channelId.startsWith(OWN_PREFIX) || ended.containsKey(channelId)
          || releasing.contains(channelId)) {
        return List.of();
      }
      call = adopt(channelId, null); // a caller from before this adapter started
    }
    if (call.callback || call.phase != Phase.WAITING || call.callbackRequested) {
      return List.of();
    }
    String number = blankToNull(event.callerNumber());
    if (number == null) {
      number = call.number;
    }
    if (number == null) {
      return List.of(); // withheld number: there is nobody to call back
    }
    call.callbackRequested = true;
    return List.of(new Notify(CallEvent.callbackRequested(event.eventId(), channelId, number)));
  }

  /** A playback ended (PlaybackFinished), could not start, or a good-bye ran out of time. */
  List<AriStep> playbackDone(String playbackId) {
    Playback playback = playbacks.remove(playbackId);
    if (playback == null) {
      return List.of();
    }
    if (playback.thenHangUp()) {
      return List.of(new HangUp(playback.channelId()));
    }
    Call call = calls.get(playback.channelId());
    boolean waiting = call == null ? !ended.containsKey(playback.channelId()) : call.phase == Phase.WAITING;
    return waiting ? List.of(new ResumeHold(playback.channelId())) : List.of();
  }

  // ---------------------------------------------------------------- distributor commands

  /** {@code route}: ring an operator's endpoint for a waiting call, or for a call-back. */
  List<AriStep> route(String callId, String operator, String endpoint, int ringSeconds, boolean callback, String number) {
    Call call = calls.get(callId);
    if (callback) {
      if (blankToNull(number) == null) {
        return List.of();
      }
      if (call == null || !call.callback) {
        // The caller who asked for it hung up long ago: the call-back is a call of its own.
        call = new Call(callId, true, Phase.WAITING);
        call.number = number;
        calls.put(callId, call);
        ended.remove(callId);
      }
    } else if (call == null) {
      if (ended.containsKey(callId)) {
        return List.of();
      }
      call = adopt(callId, null);
    }
    boolean arriving = call.phase == Phase.ARRIVING;
    if (!arriving && call.phase != Phase.WAITING || ringingLeg(callId, operator) != null
        || call.ringsOnHold.stream().anyMatch(ring -> ring.operator().equals(operator))) {
      return List.of(); // answered already, being released, or this operator's phone is ringing
    }
    List<String> args = callback
        ? List.of(OPERATOR_ARG, callId, operator, CALLBACK_ARG, number)
        : List.of(OPERATOR_ARG, callId, operator);
    Originate ring = new Originate(newChannelId(), endpoint, args, ringSeconds, callerId(call));
    if (arriving) {
      // The distributor routes before its reply to call.arrived arrives: ring once the caller is queued.
      call.ringsOnHold.add(new HeldRing(operator, ring));
      return List.of();
    }
    legs.put(ring.channelId(), new Leg(ring.channelId(), callId, operator, false));
    return List.of(ring);
  }

  /** {@code cancel-ring}: stop ringing this operator (someone else answered). */
  List<AriStep> cancelRing(String callId, String operator) {
    Call call = calls.get(callId);
    if (call != null && call.ringsOnHold.removeIf(ring -> ring.operator().equals(operator))) {
      return List.of(); // cancelled before it rang
    }
    Leg leg = ringingLeg(callId, operator);
    if (leg == null || leg.answered) {
      return List.of(); // never ringing, already gone, or this operator's call is on: not a ring to cancel
    }
    leg.quiet = true;
    return List.of(new HangUp(leg.channelId));
  }

  /** {@code announce}: tell a waiting caller their position with Asterisk's stock queue sounds. */
  List<AriStep> announce(String callId, int position) {
    Call call = calls.get(callId);
    boolean waiting = call == null
        ? !ended.containsKey(callId) && !callId.startsWith(OWN_PREFIX) && !releasing.contains(callId)
        : call.phase == Phase.WAITING && !call.callback;
    if (!waiting || position < 1) {
      return List.of();
    }
    String playbackId = newId();
    playbacks.put(playbackId, new Playback(callId, false));
    return List.of(new Play(callId, playbackId,
        "sound:queue-thereare,digits:" + position + ",sound:queue-callswaiting"));
  }

  /** {@code hangup}: play {@code sound:sportello-<reason>} to the caller, then hang up. */
  List<AriStep> hangup(String callId, String reason) {
    Call call = calls.get(callId);
    List<AriStep> steps = new ArrayList<>();
    if (call != null && call.callback) {
      // No caller channel to talk to: just let go of whatever rings for it.
      steps.addAll(endQuietly(call));
      return steps;
    }
    if (call == null && ended.containsKey(callId) || releasing.contains(callId)) {
      return List.of();
    }
    if (call != null) {
      dropRingsOnHold(call);
      for (Leg leg : legsOf(callId)) {
        leg.quiet = true;
        steps.add(new HangUp(leg.channelId));
      }
      if (call.bridgeId != null) {
        steps.add(new RemoveBridge(call.bridgeId));
      }
      call.phase = Phase.RELEASING;
    }
    releasing.add(callId);
    String sound = reason != null && SOUND_NAME.matcher(reason).matches() ? reason : "unavailable";
    steps.add(release(callId, "sportello-" + sound, false));
    return steps;
  }

  // ---------------------------------------------------------------- outcomes of the verticle's requests

  /** Whether {@code operatorLeg} is still the one talking on the call (the answer may be reported). */
  boolean isTalking(String callId, String operatorLeg) {
    Call call = calls.get(callId);
    return call != null && call.phase == Phase.TALKING && operatorLeg.equals(call.operatorLeg);
  }

  /** Bridging failed, usually because the caller's channel is gone: the call is over. */
  List<AriStep> connectFailed(String callId, String operatorLeg) {
    Call call = calls.get(callId);
    if (call == null || call.phase != Phase.TALKING || !operatorLeg.equals(call.operatorLeg)) {
      Leg leg = legs.get(operatorLeg);
      if (leg != null) {
        leg.quiet = true;
      }
      return List.of(new HangUp(operatorLeg));
    }
    return endCall(call, "ari:connect-failed:" + operatorLeg, null, null);
  }

  /** Asterisk refused to create a channel: an operator's endpoint is a failed ring, a citizen's ends the call-back. */
  List<AriStep> originateFailed(String channelId) {
    Leg leg = legs.remove(channelId);
    if (leg == null || leg.quiet) {
      return List.of();
    }
    String eventId = "ari:originate-failed:" + channelId;
    if (!leg.customer) {
      return List.of(new Notify(CallEvent.ringFailed(eventId, leg.callId, leg.operator)));
    }
    Call call = calls.get(leg.callId);
    return call != null && call.phase == Phase.DIALING_BACK
        ? endCall(call, eventId, channelId, "sportello-callback-failed")
        : List.of();
  }

  /**
   * After the events socket (re)connects: events missed while it was down are lost, so compare with
   * what Asterisk has. Known channels that no longer exist ended; bridges this adapter made for calls
   * it does not know (it restarted) are taken back, or cleared if one side left meanwhile.
   *
   * Callers the distributor holds (it recovered them from the database) whose channel Asterisk no
   * longer has hung up while nobody listened: they are reported ended too.
   *
   * @param checked      {@link #knownChannels()} taken before Asterisk was asked: a channel that
   *                     arrived after the question is missing from the answer, not gone
   * @param heldCallers  the callers' channels the distributor holds calls for (not call-backs),
   *                     asked before Asterisk was: each one existed when Asterisk was asked
   * @param liveChannels ids of every channel Asterisk has
   * @param bridges      every bridge's id and the ids of the channels in it
   */
  List<AriStep> resync(Set<String> checked, Set<String> heldCallers, Set<String> liveChannels,
                       Map<String, List<String>> bridges) {
    List<AriStep> steps = new ArrayList<>();
    Set<String> stillKnown = knownChannels();
    for (String channelId : checked) {
      if (stillKnown.contains(channelId) && !liveChannels.contains(channelId)) {
        steps.addAll(channelGone(channelId, "ari:resync:" + channelId, false));
      }
    }
    bridges.forEach((bridgeId, members) -> {
      if (!bridgeId.startsWith(OWN_PREFIX)) {
        return;
      }
      String callId = bridgeId.substring(OWN_PREFIX.length());
      if (calls.containsKey(callId)) {
        return;
      }
      List<String> present = members.stream().filter(liveChannels::contains).toList();
      if (present.size() < 2) {
        // One side hung up while nobody listened.
        present.forEach(id -> steps.add(new HangUp(id)));
        steps.add(new RemoveBridge(bridgeId));
        if (!ended.containsKey(callId)) {
          ended.put(callId, Boolean.TRUE);
          steps.add(new Notify(CallEvent.ended("ari:resync:" + bridgeId, callId)));
        }
        return;
      }
      boolean inbound = present.contains(callId);
      Call call = new Call(callId, !inbound, Phase.TALKING);
      call.bridgeId = bridgeId;
      call.customerLeg = inbound ? callId : present.get(1);
      call.operatorLeg = present.stream().filter(id -> !id.equals(call.customerLeg)).findFirst().orElseThrow();
      calls.put(callId, call);
      legs.put(call.operatorLeg, answeredLeg(call.operatorLeg, callId, false));
      if (!inbound) {
        legs.put(call.customerLeg, answeredLeg(call.customerLeg, callId, true));
      }
    });
    // A caller this adapter follows is the comparison above's, or its own events' to end.
    Set<String> followed = knownChannels();
    followed.addAll(checked);
    followed.addAll(calls.keySet());
    for (String callId : heldCallers) {
      if (!liveChannels.contains(callId) && !callId.startsWith(OWN_PREFIX) && !followed.contains(callId)
          && !ended.containsKey(callId)) {
        ended.put(callId, Boolean.TRUE);
        steps.add(new Notify(CallEvent.ended("ari:resync:" + callId, callId)));
      }
    }
    return steps;
  }

  /** The channels the adapter is following: its legs, and the callers it knows of. */
  Set<String> knownChannels() {
    Set<String> known = new HashSet<>(legs.keySet());
    known.addAll(releasing);
    calls.values().stream().filter(c -> !c.callback).forEach(c -> known.add(c.callId));
    return known;
  }

  // ---------------------------------------------------------------- helpers

  /** How many calls the adapter is carrying (for tests and logs). */
  int activeCalls() {
    return calls.size();
  }

  private List<AriStep> endCall(Call call, String eventId, String goneChannel, String farewellSound) {
    List<AriStep> steps = new ArrayList<>();
    steps.add(new Notify(CallEvent.ended(eventId, call.callId)));
    for (Leg leg : legsOf(call.callId)) {
      if (leg.channelId.equals(goneChannel)) {
        continue;
      }
      leg.quiet = true;
      steps.add(farewellSound != null && leg.answered && !leg.customer
          ? release(leg.channelId, farewellSound, false)
          : new HangUp(leg.channelId));
    }
    if (!call.callback && !call.callId.equals(goneChannel)) {
      releasing.add(call.callId);
      steps.add(new HangUp(call.callId));
    }
    if (call.bridgeId != null) {
      steps.add(new RemoveBridge(call.bridgeId));
    }
    forget(call);
    return steps;
  }

  /** The adapter ended the call itself (a good-bye): clear up without reporting. */
  private List<AriStep> endQuietly(Call call) {
    List<AriStep> steps = new ArrayList<>();
    for (Leg leg : legsOf(call.callId)) {
      leg.quiet = true;
      steps.add(new HangUp(leg.channelId));
    }
    if (call.bridgeId != null) {
      steps.add(new RemoveBridge(call.bridgeId));
    }
    forget(call);
    return steps;
  }

  private void forget(Call call) {
    calls.remove(call.callId);
    ended.put(call.callId, Boolean.TRUE);
  }

  /** A call this adapter never saw arrive (it started after Asterisk handed the caller over). */
  private Call adopt(String callId, String callbackNumber) {
    Call call = new Call(callId, callbackNumber != null, Phase.WAITING);
    call.number = callbackNumber;
    calls.put(callId, call);
    return call;
  }

  /** The rings the call was waiting to make, taken out of it. */
  private static List<HeldRing> dropRingsOnHold(Call call) {
    List<HeldRing> rings = List.copyOf(call.ringsOnHold);
    call.ringsOnHold.clear();
    return rings;
  }

  private List<Leg> legsOf(String callId) {
    return legs.values().stream().filter(l -> l.callId.equals(callId) && !l.quiet).toList();
  }

  private Leg ringingLeg(String callId, String operator) {
    return legs.values().stream()
        .filter(l -> !l.customer && !l.quiet && l.callId.equals(callId) && l.operator.equals(operator))
        .findFirst().orElse(null);
  }

  private Release release(String channelId, String sound, boolean answerFirst) {
    String playbackId = newId();
    playbacks.put(playbackId, new Playback(channelId, true));
    return new Release(channelId, playbackId, "sound:" + sound, answerFirst);
  }

  private static Leg answeredLeg(String channelId, String callId, boolean customer) {
    Leg leg = new Leg(channelId, callId, "", customer);
    leg.answered = true;
    return leg;
  }

  /** What the operator's phone shows: the queue, and who is calling or will be called. */
  private static String callerId(Call call) {
    String name = "Sportello" + (call.queue == null || call.queue.isBlank() ? "" : " " + call.queue);
    name = name.replaceAll("[\"<>]", "");
    String number = call.number == null ? null : call.number.replaceAll("[^0-9+*#]", "");
    return number == null || number.isEmpty() ? "\"" + name + "\"" : "\"" + name + "\" <" + number + ">";
  }

  private static String bridgeFor(String callId) {
    return OWN_PREFIX + callId;
  }

  private String newChannelId() {
    return OWN_PREFIX + newId();
  }

  private String newId() {
    return ids.get();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
