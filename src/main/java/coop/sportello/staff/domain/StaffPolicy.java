package coop.sportello.staff.domain;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import coop.sportello.platform.domain.Refusal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who manages whose staff account, and what a staff account must say. A supervisor grants every
 * staff role, to anyone's staff account; a cooperative's admin (provider_admin) only the
 * cooperative's roles (provider_admin, provider_staff), and only within their own cooperative (taken from their token): another
 * cooperative's admins do not exist for them (404, as for an unknown id). Nobody disables their
 * own account. Citizens, employees and kiosks are not staff: their accounts come from sign-up,
 * company onboarding and kiosk registration.
 */
public final class StaffPolicy {

  /** The roles a staff account may hold. */
  public static final Set<Role> STAFF_ROLES = Set.copyOf(EnumSet.of(Role.OPERATOR, Role.WELFARE_MANAGER, Role.SUPERVISOR,
      Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF, Role.PRIVACY_OFFICER, Role.HR_ADMIN, Role.MUNICIPAL_OFFICER));

  /** The roles of a cooperative's own people: a cooperative's admin grants them within it. */
  public static final Set<Role> COOPERATIVE_ROLES = Set.copyOf(EnumSet.of(Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF));

  public static final Refusal NOT_FOUND = Refusal.notFound("staff-not-found",
      "Nessun account del personale con questo identificativo tra quelli che puoi gestire.");

  private StaffPolicy() { }

  /** The roles {@code actor} may give or take away. */
  public static Set<Role> grantableBy(Identity actor) {
    if (actor.hasRole(Role.SUPERVISOR)) {
      return STAFF_ROLES;
    }
    if (actor.hasRole(Role.PROVIDER_ADMIN) && actor.providerId() != null) {
      return COOPERATIVE_ROLES;
    }
    return Set.of();
  }

  /** Whether {@code actor} manages the account with these roles and cooperative (else: it is not found). */
  public static boolean manages(Identity actor, Collection<Role> targetRoles, UUID targetProvider) {
    Set<Role> grantable = grantableBy(actor);
    if (targetRoles.stream().noneMatch(STAFF_ROLES::contains)) {
      return false;
    }
    if (actor.hasRole(Role.SUPERVISOR)) {
      return true;
    }
    return !grantable.isEmpty() && grantable.containsAll(targetRoles)
        && targetProvider != null && targetProvider.toString().equals(actor.providerId());
  }

  /** The cooperative whose admins {@code actor} sees only, or empty for a supervisor who sees everyone. */
  public static Optional<UUID> ownCooperativeOnly(Identity actor) {
    return actor.hasRole(Role.SUPERVISOR) || actor.providerId() == null ? Optional.empty()
        : Optional.of(UUID.fromString(actor.providerId()));
  }

  /** Roles as they travel (wire names): each known and a staff role, at least one. */
  public static Result<Set<Role>> roles(List<String> wireNames) {
    if (wireNames.isEmpty()) {
      return Result.refused(Refusal.invalid("roles-required", "Scegli almeno un ruolo."));
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : wireNames) {
      Optional<Role> role = Role.fromWire(name);
      if (role.isEmpty()) {
        return Result.refused(Refusal.invalid("unknown-role", "Ruolo sconosciuto: " + name + "."));
      }
      if (!STAFF_ROLES.contains(role.get())) {
        return Result.refused(Refusal.invalid("not-a-staff-role", "Il ruolo " + name + " non è del personale: "
            + "cittadini e dipendenti entrano da soli o tramite la loro azienda, i totem si registrano a parte."));
      }
      roles.add(role.get());
    }
    return Result.ok(roles);
  }

  /**
   * The profile {@code actor} asks for, checked: the roles are theirs to grant, a provider admin
   * has a cooperative (a cooperative's admin: always their own), a municipal officer a provider
   * (which must be a Comune: the service checks, V45's trigger is the backstop), an HR admin a company, an
   * operator at least one queue, a welfare manager at least one area. Settings of roles the
   * account will not have are dropped.
   */
  public static Result<StaffProfile> check(Identity actor, Set<Role> roles, UUID providerId, UUID companyId,
                                           Map<String, Integer> queues, List<String> areas, List<String> languages,
                                           Integer maxChats) {
    Set<Role> grantable = grantableBy(actor);
    for (Role role : roles) {
      if (!grantable.contains(role)) {
        return Result.refused(new Refusal(403, "role-not-grantable", "Non puoi dare il ruolo " + role.wireName()
            + (grantable.isEmpty() ? "." : ": puoi dare solo " + names(grantable) + ".")));
      }
    }
    UUID cooperative = null;
    if (roles.stream().anyMatch(COOPERATIVE_ROLES::contains)) {
      Optional<UUID> own = ownCooperativeOnly(actor);
      if (own.isPresent() && providerId != null && !own.get().equals(providerId)) {
        return Result.refused(new Refusal(403, "role-not-grantable",
            "Puoi creare amministratori e operatori solo per la tua cooperativa."));
      }
      cooperative = own.orElse(providerId);
      if (cooperative == null) {
        return Result.refused(Refusal.invalid("cooperative-required", "Scegli la cooperativa dell'amministratore o dell'operatore."));
      }
    }
    if (roles.contains(Role.MUNICIPAL_OFFICER)) {
      if (providerId == null) {
        return Result.refused(Refusal.invalid("comune-required", "Scegli il Comune del funzionario."));
      }
      // Only a supervisor grants it (grantableBy), so the provider is the one they chose.
      cooperative = providerId;
    }
    UUID company = null;
    if (roles.contains(Role.HR_ADMIN)) {
      if (companyId == null) {
        return Result.refused(Refusal.invalid("company-required", "Scegli l'azienda del responsabile del personale."));
      }
      company = companyId;
    }
    Map<String, Integer> seats = new LinkedHashMap<>();
    if (roles.contains(Role.OPERATOR)) {
      if (queues.isEmpty()) {
        return Result.refused(Refusal.invalid("queues-required", "Scegli almeno una coda telefonica per l'operatore."));
      }
      seats.putAll(queues);
    }
    List<String> managerAreas = new ArrayList<>();
    List<String> managerLanguages = new ArrayList<>();
    int chats = StaffProfile.DEFAULT_MAX_CHATS;
    if (roles.contains(Role.WELFARE_MANAGER)) {
      if (areas.isEmpty()) {
        return Result.refused(Refusal.invalid("areas-required", "Scegli almeno un'area per il welfare manager."));
      }
      managerAreas.addAll(areas);
      managerLanguages.addAll(languages.isEmpty() ? List.of("it") : languages);
      chats = maxChats == null ? StaffProfile.DEFAULT_MAX_CHATS : maxChats;
    }
    return Result.ok(new StaffProfile(roles, cooperative, company, seats, managerAreas, managerLanguages, chats));
  }

  /** Refuses {@code actor} disabling their own account (they would lock themselves out at once). */
  public static Optional<Refusal> mayDisable(Identity actor, UUID target) {
    return actor.subject().equals(target.toString())
        ? Optional.of(Refusal.conflict("own-account", "Non puoi disattivare il tuo account: chiedilo a un altro supervisore."))
        : Optional.empty();
  }

  private static String names(Set<Role> roles) {
    return String.join(", ", roles.stream().map(Role::wireName).sorted().toList());
  }

  /** A checked value, or why not. */
  public record Result<T>(T value, Refusal refusal) {

    static <T> Result<T> ok(T value) {
      return new Result<>(value, null);
    }

    static <T> Result<T> refused(Refusal refusal) {
      return new Result<>(null, refusal);
    }

    public boolean refused() {
      return refusal != null;
    }
  }
}
