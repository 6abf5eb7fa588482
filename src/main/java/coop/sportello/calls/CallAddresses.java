package coop.sportello.calls;

/**
 * The call queue's event-bus addresses and message shapes, in one place. docs/TELEPHONY.md
 * explains how a PBX connects; docs/ARCHITECTURE.md how the distributor keeps one owner.
 * <pre>
 * PBX side (server internal, never bridged; a PBX reaches them through the signed webhook
 * POST /api/v1/telephony/events or through a PBX adapter such as the Asterisk ARI one, which
 * runs on the owner's node, see CallOwnership):
 *
 *   calls.control       request/reply to the distribution owner (the elected leader). Body: one
 *                       call event, the same JSON the webhook takes:
 *     {eventId, type: "call.arrived", callId, queue, from?, priority?, skills?[]}
 *        reply {callId, action: "queued" | "closed" | "full" | "empty", position?, estimatedWaitSeconds?, text?}
 *     {eventId, type: "call.answered", callId, operator}            reply {callId, status}
 *     {eventId, type: "call.ring-failed", callId, operator}         reply {callId, status}   (busy, unreachable, no answer)
 *     {eventId, type: "call.callback-requested", callId, number}    reply {callId, status}   (keeps the caller's place)
 *     {eventId, type: "call.ended", callId}                         reply {callId, status}   (either side hung up)
 *     eventId is the PBX's own id of the event: a repeated eventId changes nothing and gets the
 *     same kind of reply. callId is the PBX's id of the caller's leg (for ARI, the channel id).
 *     Failure replies: failureCode = HTTP status, message = RFC 9457 problem JSON.
 *     Phone numbers (from, number) are kept in E.164 (PhoneNumber); a from that is no number counts
 *     as withheld, a number that is none is refused (422).
 *     {type: "read.calls"}   reply {items: [{callId, queue, from, status, callback, ...}]}: the live
 *                            calls, which the ARI adapter compares with Asterisk's channels after connecting
 *
 *   calls.pbx.command   published by the owner after the change is stored; PBX adapters consume it:
 *     {command: "route", callId, operator, endpoint, ringSeconds, callback, number?}
 *           ring the operator's endpoint; for a queued call-back (callback=true) the caller has hung
 *           up: call the operator, report call.answered when the operator answers, then dial number
 *           (a citizen who does not answer the call-back is reported as call.ended)
 *     {command: "cancel-ring", callId, operator, endpoint}   stop ringing (ring-all: someone else answered)
 *     {command: "announce", callId, position, estimatedWaitSeconds, text}   tell the caller where they are
 *     {command: "hangup", callId, reason, text?}   reason: closed | full | empty | callback-registered
 *
 * Operators and supervisors (bridge; each command is defined once in OperatorCommands, which also
 * gives its REST route):
 *   calls.operator.login    operator  {queues?[]} (default: every queue they belong to) -> operator
 *   calls.operator.pause    operator  {reason}  -> operator
 *   calls.operator.resume   operator  {}        -> operator
 *   calls.operator.logout   operator  {}        -> operator
 *   calls.operator.answer   operator  {callId}  answer the call offered to them from the console -> {callId, status}
 *   calls.operator.wrapped  operator  {}        end wrap-up early -> operator
 *   calls.operator.status   operator  {}        -> {operator, memberOf[], call?}
 *   where operator = {subject, name, endpoint, skills[], state, since, pauseReason?, wrapUntil?, currentCall?,
 *                     callsTaken, queues[]}
 *   calls.operator.feed.&lt;subject&gt; only that operator: {kind: offer, call, caller}, {kind: offer-withdrawn, callId},
 *                          {kind: state, operator}
 *   where caller = {number (E.164 or null), numberDisplay ("347 123 4567"; foreign with +cc), person? {id, name,
 *                   municipality (ISTAT), municipalityName, employee, company {id, name} | null}, matches?,
 *                   bookings[] (upcoming), chats[{conversationId, topic, status}], openConversationId}
 *   calls.wall             supervisors and operators: {kind: kpi, queues[], operators[], at}, pushed when they change
 * </pre>
 */
public final class CallAddresses {

  public static final String CONTROL = "calls.control";
  public static final String PBX_COMMAND = "calls.pbx.command";

  // The operators' commands are defined once, in OperatorCommands; these only name their addresses.
  public static final String OPERATOR_LOGIN = OperatorCommands.Command.LOGIN.address();
  public static final String OPERATOR_PAUSE = OperatorCommands.Command.PAUSE.address();
  public static final String OPERATOR_RESUME = OperatorCommands.Command.RESUME.address();
  public static final String OPERATOR_LOGOUT = OperatorCommands.Command.LOGOUT.address();
  public static final String OPERATOR_ANSWER = OperatorCommands.Command.ANSWER.address();
  public static final String OPERATOR_WRAPPED = OperatorCommands.Command.WRAPPED.address();

  public static final String OPERATOR_FEED_PREFIX = "calls.operator.feed.";
  public static final String WALL = "calls.wall";

  private CallAddresses() { }

  public static String operatorFeed(String subject) {
    return OPERATOR_FEED_PREFIX + subject;
  }
}
