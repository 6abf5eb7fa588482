package coop.sportello.calls.domain;

import coop.sportello.platform.domain.Refusal;

/**
 * Thrown by {@link CallCenter} when its rules turn a request down, before anything changed; it
 * carries the shared {@link Refusal}, which the owner answers as a problem.
 */
public final class CallRefused extends RuntimeException {

  private final transient Refusal refusal;

  public CallRefused(Refusal refusal) {
    super(refusal.detail(), null, false, false);
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }
}
