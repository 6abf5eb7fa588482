package coop.sportello.calls.domain;

import coop.sportello.chat.domain.BusinessHours;

/**
 * One phone queue's policy.
 *
 * @param priority        callers of a higher-priority queue go first when an operator serves several
 * @param maxLength       callers beyond this are refused ("full")
 * @param joinWhenEmpty   whether callers may join while no operator is logged in
 * @param leaveWhenEmpty  whether waiting callers are let go when the last operator logs out
 * @param overflowQueue   where callers move after {@code overflowSeconds} of waiting here (null: none)
 * @param slSeconds       the T of SL(T), e.g. 20 for "80/20"
 * @param slTargetPercent the 80 of "80/20"
 * @param autoPauseAfter  offers left unanswered in a row before an operator is paused (0: never)
 * @param announceSeconds how often each waiting caller is told their position
 * @param closedCallback  when closed, keep the caller's number for a call-back instead of only announcing
 */
public record QueueSettings(String id, String name, int priority, Strategy strategy, int maxLength,
                            boolean joinWhenEmpty, boolean leaveWhenEmpty, String overflowQueue, int overflowSeconds,
                            int slSeconds, int slTargetPercent, int wrapUpSeconds, int ringSeconds, int autoPauseAfter,
                            int announceSeconds, BusinessHours hours, boolean closedCallback, String closedMessage,
                            long defaultHandleSeconds) { }
