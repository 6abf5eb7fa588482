package coop.sportello.platform.bridge;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.http.JsonBody;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.EnumSet;
import java.util.Set;

/**
 * One command a browser sends over the bridge ("send" with a reply address): its address, the
 * roles that may send it, the schema its body must meet, and what it does for the verified
 * caller. The module's bridge rules and its consumers are both read off the same list of these
 * ({@link BusCommands}), so the two gates cannot drift apart.
 */
public record BusCommand(String address, Set<Role> roles, JsonBody schema, Handler handler) {

  /** The command's work: the caller the bridge stamped and the validated body, answered with JSON. */
  @FunctionalInterface
  public interface Handler {
    Future<JsonObject> handle(Identity who, JsonObject body);
  }

  public BusCommand {
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("a bus command lets at least one role in: " + address);
    }
    roles = Set.copyOf(EnumSet.copyOf(roles));
  }
}
