package coop.sportello.reporting.domain;

import coop.sportello.platform.auth.Role;

import java.util.Optional;
import java.util.Set;

/**
 * Who may read which report (deny by default): a supervisor every scope; a cooperative's admin
 * its own cooperative and its own projects; a municipal officer their Comune's municipality; a
 * company's HR their own company, with small groups hidden. An unknown entity and another's are
 * the same 404 in a scope the caller may read at all; a scope they may never read is a 403.
 */
public final class ReportAccess {

  /** What was found under the entity: its name and, for a project, its cooperative. */
  public record Entity(String name, String providerId) { }

  /** The caller's ties: their cooperative (or Comune), company and, for an officer, the Comune's ISTAT code. */
  public record Caller(Set<Role> roles, String providerId, String companyId, String officerMunicipality) { }

  public enum Decision { ALLOWED, ALLOWED_HIDING_SMALL_GROUPS, NOT_FOUND, FORBIDDEN }

  private ReportAccess() { }

  public static Decision decide(Caller caller, ReportScope scope, String entity, Optional<Entity> found) {
    if (caller.roles().contains(Role.SUPERVISOR)) {
      return found.isPresent() ? Decision.ALLOWED : Decision.NOT_FOUND;
    }
    boolean mayReadScope = false;
    if (caller.roles().contains(Role.PROVIDER_ADMIN) && caller.providerId() != null) {
      if (scope == ReportScope.PROVIDERS) {
        mayReadScope = true;
        if (found.isPresent() && entity.equals(caller.providerId())) {
          return Decision.ALLOWED;
        }
      }
      if (scope == ReportScope.PROJECTS) {
        mayReadScope = true;
        if (found.isPresent() && caller.providerId().equals(found.get().providerId())) {
          return Decision.ALLOWED;
        }
      }
    }
    if (caller.roles().contains(Role.MUNICIPAL_OFFICER) && scope == ReportScope.MUNICIPALITIES) {
      mayReadScope = true;
      if (found.isPresent() && entity.equals(caller.officerMunicipality())) {
        return Decision.ALLOWED;
      }
    }
    if (caller.roles().contains(Role.HR_ADMIN) && caller.companyId() != null && scope == ReportScope.COMPANIES) {
      mayReadScope = true;
      if (found.isPresent() && entity.equals(caller.companyId())) {
        return Decision.ALLOWED_HIDING_SMALL_GROUPS;
      }
    }
    return mayReadScope ? Decision.NOT_FOUND : Decision.FORBIDDEN;
  }
}
