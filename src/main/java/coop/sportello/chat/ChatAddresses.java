package coop.sportello.chat;

/**
 * The chat's event-bus addresses, all reachable through the bridge. The full protocol, with
 * examples and the resume procedure, is in docs/CHAT-PROTOCOL.md.
 * <pre>
 * Commands (bridge "send" with a reply address; the reply is the acknowledgement, sent only after
 * the change is stored; a failure reply carries failureCode = HTTP status and message = an
 * RFC 9457 problem as JSON). clientId: 8-64 characters the client picks per command; repeating
 * it repeats the first answer ("replayed": true) and changes nothing. A kiosk adds kioskSession to
 * every command and acts as the person identified in it (ChatCallers).
 *
 *   chat.start     citizen, employee, kiosk  {clientId, topic, language?, fields?, callback{phone, when?}?}
 *                  -> {conversation, event, replayed, availability{open, staffOnline, nextOpening?, hours, alternatives?}}
 *   chat.send      participants              {conversationId, clientId, text, private?}  -> {event, conversation, replayed}
 *   chat.resume    anyone who sees it        {conversationId, after}  -> {conversation, events[], complete, receipts}
 *   chat.list      signed in                 {}  -> {conversations[]}
 *   chat.typing    participants              {conversationId}  -> {ok}
 *   chat.receipt   participants              {conversationId, delivered?, read?}  -> {delivered, read}
 *   chat.callback  owner                     {conversationId, clientId, phone, when?}  -> {event, conversation, replayed}
 *   chat.rate      owner, after closing      {conversationId, clientId, score 1-5, comment?}  -> same
 *   chat.close     owner, manager, joined supervisor  {conversationId, clientId}  -> same
 *   chat.presence  welfare_manager           {available}  -> {profile, heartbeatSeconds}
 *   chat.accept    welfare_manager (offered) {conversationId, clientId}  -> same as send
 *   chat.pass      welfare_manager (offered) {conversationId, clientId}  -> same
 *   chat.transfer  manager or joined supervisor {conversationId, clientId, note, toManager | toTopic}  -> same
 *   chat.join      supervisor                {conversationId, clientId}  -> same
 *
 * Feeds (bridge "register"):
 *   chat.inbox.&lt;subject&gt;  only that person: the events of their conversations, each
 *                          {conversationId, seq, kind, ...} in their own sequence, plus signals
 *                          without seq: {kind: typing | receipt | queue, conversationId, ...}
 *   chat.supervision       supervisors: every event in the staff view, and every signal
 *   chat.queue             welfare managers and supervisors: {kind: queue-summary, waiting, byTopic}
 *
 * Server internal (never bridged):
 *   chat.queue.changed     {} published to every node after a change to the queue: each node
 *                          recomputes positions and tells its own sockets (see QueuePositions)
 * </pre>
 */
public final class ChatAddresses {

  public static final String START = "chat.start";
  public static final String SEND = "chat.send";
  public static final String RESUME = "chat.resume";
  public static final String LIST = "chat.list";
  public static final String TYPING = "chat.typing";
  public static final String RECEIPT = "chat.receipt";
  public static final String CALLBACK = "chat.callback";
  public static final String RATE = "chat.rate";
  public static final String CLOSE = "chat.close";
  public static final String PRESENCE = "chat.presence";
  public static final String ACCEPT = "chat.accept";
  public static final String PASS = "chat.pass";
  public static final String TRANSFER = "chat.transfer";
  public static final String JOIN = "chat.join";

  public static final String INBOX_PREFIX = "chat.inbox.";
  public static final String SUPERVISION = "chat.supervision";
  public static final String QUEUE = "chat.queue";
  public static final String QUEUE_CHANGED = "chat.queue.changed";

  private ChatAddresses() { }

  public static String inbox(String subject) {
    return INBOX_PREFIX + subject;
  }
}
