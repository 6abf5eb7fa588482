package coop.sportello.platform.http;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.domain.Refusal;
import io.vertx.core.Future;

import java.util.Optional;

/**
 * A module's answer to "may this caller act on the person this request concerns?", asked for
 * every route whose {@link Rule} names a {@link Concern} beyond the caller. The kiosk module
 * answers for kiosks (only the person identified there, only while that session lives); every
 * other caller is let through here and checked again by the service that owns the record.
 */
@FunctionalInterface
public interface ConcernCheck {

  /**
   * @param value the booking, entry or conversation id (canonical UUID text) or the person's
   *              subject from the body; null when a body field is absent
   * @return why not, in the module's own words; empty when the caller may go on
   */
  Future<Optional<Refusal>> check(Identity who, Concern concern, String value);
}
