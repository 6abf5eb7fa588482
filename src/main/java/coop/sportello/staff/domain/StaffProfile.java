package coop.sportello.staff.domain;

import coop.sportello.platform.auth.Role;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a staff account is for: its staff roles and the settings each role needs, as a supervisor
 * or a cooperative's admin asked for it (already checked by {@link StaffPolicy#check}). Settings a
 * role does not use are empty.
 *
 * @param providerId the cooperative of a provider admin, the Comune of a municipal officer
 * @param companyId  the company of an HR admin
 * @param queues     an operator's call queues with their level (1 first)
 * @param areas      a welfare manager's service areas
 * @param languages  a welfare manager's chat languages
 * @param maxChats   how many chats a welfare manager handles at once
 */
public record StaffProfile(Set<Role> roles, UUID providerId, UUID companyId, Map<String, Integer> queues,
                           List<String> areas, List<String> languages, int maxChats) {

  /** A welfare manager's chats at once when nobody says otherwise (V11's default). */
  public static final int DEFAULT_MAX_CHATS = 4;

  public StaffProfile {
    roles = Set.copyOf(roles);
    queues = Map.copyOf(queues);
    areas = List.copyOf(areas);
    languages = List.copyOf(languages);
  }

  public boolean operator() {
    return roles.contains(Role.OPERATOR);
  }

  public boolean officer() {
    return roles.contains(Role.MUNICIPAL_OFFICER);
  }

  public boolean manager() {
    return roles.contains(Role.WELFARE_MANAGER);
  }
}
