package coop.sportello.calls.ari;

import java.util.List;

/**
 * One event from ARI's events socket, reduced to the fields the adapter reads. The wire shape is
 * ARI's: {@code {type, timestamp, application, asterisk_id, channel{id, name, state, caller{name,
 * number}, connected, accountcode, dialplan{context, exten, priority}, creationtime, language},
 * args[], digit, playback{id, media_uri, target_uri, state}}}; {@link AriJson#event} reads it.
 *
 * @param channelId    {@code channel.id}, null for events without a channel (playbacks)
 * @param callerNumber {@code channel.caller.number}, null when withheld
 * @param exten        {@code channel.dialplan.exten}: the number the caller dialled
 * @param args         StasisStart's application arguments, empty for other events
 * @param digit        ChannelDtmfReceived's key
 * @param playbackId   {@code playback.id} of Playback* events
 */
record AriEvent(String type, String timestamp, String channelId, String callerNumber, String exten,
                List<String> args, String digit, String playbackId) {

  AriEvent {
    args = args == null ? List.of() : List.copyOf(args);
  }

  /**
   * The id Sportello gives the call event this ARI event causes. Asterisk stamps each event with a
   * millisecond timestamp, so the same event delivered twice yields the same id and the distributor
   * recognises the repeat.
   */
  String eventId() {
    return "ari:" + type + ":" + (channelId != null ? channelId : playbackId) + ":" + timestamp;
  }
}
