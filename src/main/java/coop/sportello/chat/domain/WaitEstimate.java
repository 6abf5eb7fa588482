package coop.sportello.chat.domain;

import java.util.OptionalLong;

/**
 * The wait a person in the chat queue is told. Conversations end at about
 * {@code busySlots / averageHandleSeconds} per second; someone at position p waits until p
 * places open, minus the places already free. Unknown (empty) when nobody able to answer is online.
 */
public final class WaitEstimate {

  private WaitEstimate() { }

  /**
   * @param position             1 for the head of the queue
   * @param onlineCapacity       the sum of the caps of matching managers who are online
   * @param freeSlots            places free right now among them
   * @param averageHandleSeconds mean conversation length of recent closed conversations
   */
  public static OptionalLong seconds(int position, int onlineCapacity, int freeSlots, long averageHandleSeconds) {
    if (position < 1) {
      throw new IllegalArgumentException("position starts at 1");
    }
    if (onlineCapacity <= 0) {
      return OptionalLong.empty();
    }
    int mustEnd = position - Math.max(0, freeSlots);
    if (mustEnd <= 0) {
      return OptionalLong.of(0);
    }
    // Rounded up to whole minutes: people read "about 3 minutes", not "161 seconds".
    long raw = (long) Math.ceil((double) mustEnd * averageHandleSeconds / onlineCapacity);
    return OptionalLong.of(((raw + 59) / 60) * 60);
  }
}
