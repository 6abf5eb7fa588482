package coop.sportello.platform.bridge;

import coop.sportello.platform.auth.Identity;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * The identity the bridge stamps on every message a browser sends. Consumers read who sent a
 * message only from here: the bridge overwrites every header the client supplied.
 */
public final class BridgeIdentity {

  public static final String HEADER = "x-sportello-identity";

  private BridgeIdentity() { }

  public static Optional<Identity> of(Message<?> message) {
    String raw = message.headers().get(HEADER);
    return raw == null ? Optional.empty() : Optional.of(Identity.fromJson(new JsonObject(raw)));
  }

  /** For server-side senders that act for someone (tests, other modules). */
  public static DeliveryOptions as(Identity identity) {
    return new DeliveryOptions().addHeader(HEADER, identity.toJson().encode());
  }
}
