package coop.sportello.frontdesk.domain;

import java.time.Instant;

/**
 * One answered call or handled chat conversation, as far as its outcome needs it.
 *
 * @param channel   call or chat
 * @param id        the call's id, the conversation's id as text
 * @param at        when it began: the call's arrival, the conversation's queueing (reports go by it)
 * @param handler   the operator who answered the call, the welfare manager who last accepted the conversation
 * @param person    the person it was with, when known (the screen pop's, the conversation's owner)
 * @param from      from when a booking the handler made counts as made during it (answer, acceptance)
 * @param until     until when (end of the call plus the queue's wrap-up, the conversation's close; now while it goes on)
 * @param topic     the topic it already has (a conversation's), or null
 */
public record Contact(Channel channel, String id, Instant at, String handler, String person, Instant from, Instant until,
                      String topic) { }
