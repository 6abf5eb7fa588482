package coop.sportello.chat;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One sender's commands on one conversation run one after another, in the order they reached
 * this node. A client may send several messages without waiting for each acknowledgement; each
 * command reads the conversation and then writes on whichever pooled connection is free, so two
 * commands run side by side could be stored the other way round. A socket's frames reach the
 * consumers in the order the client sent them, so queueing them here, before anything
 * asynchronous happens, keeps that order all the way to the sequence numbers.
 */
final class CommandLines {

  /** The last command queued per line; a line with nothing left to run is removed. */
  private final Map<String, Future<Void>> tails = new ConcurrentHashMap<>();

  /** The line of {@code sender}'s commands on {@code conversationId}. */
  static String line(String conversationId, String sender) {
    return conversationId + " " + sender;
  }

  /** Runs {@code work} once every command queued on {@code line} before it has finished (either way). */
  <T> Future<T> inOrder(String line, Supplier<Future<T>> work) {
    Promise<Void> finished = Promise.promise();
    Future<Void> mine = finished.future();
    Future<Void> before = tails.put(line, mine);
    Future<T> result = (before == null ? Future.<Void>succeededFuture() : before).transform(ignored -> {
      try {
        return work.get();
      } catch (RuntimeException thrown) {
        return Future.failedFuture(thrown);
      }
    });
    result.onComplete(done -> {
      tails.remove(line, mine);
      finished.complete();
    });
    return result;
  }
}
