package coop.sportello.platform.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling, as established by a verified token and nothing else.
 *
 * @param subject      account id or {@code kiosk:<device id>} (a SPID or CIE sign-in is an account's)
 * @param sessionId    the revocable sign-in this identity belongs to
 * @param providerId   the cooperative of a provider admin
 * @param companyId    the company of an employee, HR admin or company kiosk
 * @param municipality ISTAT code of residence (or of a Social Point kiosk)
 */
public record Identity(String subject, Set<Role> roles, String sessionId, String displayName,
                       String providerId, String companyId, String municipality) {

  public Identity {
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  /** A visitor who has not signed in: no roles, so only public bridge feeds let them in. */
  public static Identity guest() {
    return new Identity("guest:" + java.util.UUID.randomUUID(), Set.of(), null, "Ospite", null, null, null);
  }

  public boolean isGuest() {
    return roles.isEmpty();
  }

  public Identity withSession(String newSessionId) {
    return new Identity(subject, roles, newSessionId, displayName, providerId, companyId, municipality);
  }

  public boolean hasRole(Role role) {
    return roles.contains(role);
  }

  public boolean hasAnyRole(Collection<Role> wanted) {
    return wanted.stream().anyMatch(roles::contains);
  }

  /** The claims Sportello puts into its own tokens and stamps on bridge messages. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("sub", subject)
        .put("roles", new JsonArray(roles.stream().map(Role::wireName).sorted().toList()))
        .put("name", displayName);
    putIfPresent(json, "sid", sessionId);
    putIfPresent(json, "provider", providerId);
    putIfPresent(json, "company", companyId);
    putIfPresent(json, "municipality", municipality);
    return json;
  }

  public static Identity fromJson(JsonObject json) {
    JsonArray rawRoles = json.getJsonArray("roles", new JsonArray());
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (Object r : rawRoles) {
      Role.fromWire(String.valueOf(r)).ifPresent(roles::add);
    }
    return new Identity(json.getString("sub"), roles, json.getString("sid"), json.getString("name", ""),
        json.getString("provider"), json.getString("company"), json.getString("municipality"));
  }

  private static void putIfPresent(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
