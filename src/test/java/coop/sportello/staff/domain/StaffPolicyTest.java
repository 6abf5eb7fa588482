package coop.sportello.staff.domain;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaffPolicyTest {

  private static final UUID COOP = UUID.randomUUID();
  private static final UUID OTHER_COOP = UUID.randomUUID();
  private static final Identity SUPERVISOR = new Identity(UUID.randomUUID().toString(), Set.of(Role.SUPERVISOR), null, "S",
      null, null, null);
  private static final Identity COOP_ADMIN = new Identity(UUID.randomUUID().toString(), Set.of(Role.PROVIDER_ADMIN), null, "A",
      COOP.toString(), null, null);
  private static final Identity OPERATOR = new Identity(UUID.randomUUID().toString(), Set.of(Role.OPERATOR), null, "O",
      null, null, null);

  @Test
  void rolesAreKnownStaffRoles() {
    assertEquals("unknown-role", StaffPolicy.roles(List.of("capo")).refusal().type());
    assertEquals("not-a-staff-role", StaffPolicy.roles(List.of("citizen")).refusal().type());
    assertEquals("not-a-staff-role", StaffPolicy.roles(List.of("kiosk")).refusal().type());
    assertEquals("roles-required", StaffPolicy.roles(List.of()).refusal().type());
    assertEquals(Set.of(Role.OPERATOR, Role.HR_ADMIN), StaffPolicy.roles(List.of("operator", "hr_admin")).value());
  }

  @Test
  void aSupervisorGrantsEveryStaffRoleACooperativesAdminOnlyTheirOwnAdminsAndStaffAndOthersNothing() {
    assertEquals(StaffPolicy.STAFF_ROLES, StaffPolicy.grantableBy(SUPERVISOR));
    assertEquals(Set.of(Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF), StaffPolicy.grantableBy(COOP_ADMIN));
    assertTrue(StaffPolicy.grantableBy(OPERATOR).isEmpty());

    var operator = StaffPolicy.check(COOP_ADMIN, Set.of(Role.OPERATOR), null, null, Map.of("q", 1), List.of(), List.of(), null);
    assertEquals(403, operator.refusal().status());
    var elsewhere = StaffPolicy.check(COOP_ADMIN, Set.of(Role.PROVIDER_ADMIN), OTHER_COOP, null, Map.of(), List.of(), List.of(), null);
    assertEquals("role-not-grantable", elsewhere.refusal().type());
    var own = StaffPolicy.check(COOP_ADMIN, Set.of(Role.PROVIDER_ADMIN), null, null, Map.of(), List.of(), List.of(), null);
    assertEquals(COOP, own.value().providerId(), "the cooperative comes from the admin's token");
    var staff = StaffPolicy.check(COOP_ADMIN, Set.of(Role.PROVIDER_STAFF), null, null, Map.of(), List.of(), List.of(), null);
    assertEquals(COOP, staff.value().providerId(), "a cooperative's staff belong to the admin's cooperative");
    var staffElsewhere = StaffPolicy.check(COOP_ADMIN, Set.of(Role.PROVIDER_STAFF), OTHER_COOP, null, Map.of(), List.of(), List.of(), null);
    assertEquals("role-not-grantable", staffElsewhere.refusal().type());
    assertTrue(StaffPolicy.manages(COOP_ADMIN, Set.of(Role.PROVIDER_STAFF), COOP));
    assertFalse(StaffPolicy.manages(COOP_ADMIN, Set.of(Role.PROVIDER_STAFF), OTHER_COOP));
    var noCooperative = StaffPolicy.check(SUPERVISOR, Set.of(Role.PROVIDER_STAFF), null, null, Map.of(), List.of(), List.of(), null);
    assertEquals("cooperative-required", noCooperative.refusal().type());
  }

  @Test
  void eachRoleSaysWhatItNeedsAndSettingsOfOtherRolesAreDropped() {
    assertEquals("queues-required", StaffPolicy.check(SUPERVISOR, Set.of(Role.OPERATOR), null, null, Map.of(), List.of(),
        List.of(), null).refusal().type());
    assertEquals("areas-required", StaffPolicy.check(SUPERVISOR, Set.of(Role.WELFARE_MANAGER), null, null, Map.of(), List.of(),
        List.of(), null).refusal().type());
    assertEquals("cooperative-required", StaffPolicy.check(SUPERVISOR, Set.of(Role.PROVIDER_ADMIN), null, null, Map.of(),
        List.of(), List.of(), null).refusal().type());
    assertEquals("company-required", StaffPolicy.check(SUPERVISOR, Set.of(Role.HR_ADMIN), null, null, Map.of(), List.of(),
        List.of(), null).refusal().type());
    StaffProfile manager = StaffPolicy.check(SUPERVISOR, Set.of(Role.WELFARE_MANAGER), COOP, null, Map.of("q", 1),
        List.of("elderly"), List.of(), null).value();
    assertNull(manager.providerId());
    assertTrue(manager.queues().isEmpty());
    assertEquals(List.of("it"), manager.languages());
    assertEquals(StaffProfile.DEFAULT_MAX_CHATS, manager.maxChats());
  }

  @Test
  void whoManagesWhom() {
    assertTrue(StaffPolicy.manages(SUPERVISOR, Set.of(Role.PROVIDER_ADMIN), OTHER_COOP));
    assertFalse(StaffPolicy.manages(SUPERVISOR, Set.of(Role.CITIZEN), null), "citizens are not staff");
    assertTrue(StaffPolicy.manages(COOP_ADMIN, Set.of(Role.PROVIDER_ADMIN), COOP));
    assertFalse(StaffPolicy.manages(COOP_ADMIN, Set.of(Role.PROVIDER_ADMIN), OTHER_COOP));
    assertFalse(StaffPolicy.manages(COOP_ADMIN, Set.of(Role.PROVIDER_ADMIN, Role.SUPERVISOR), COOP),
        "an admin who is also a supervisor is the supervisors' to manage");
    assertFalse(StaffPolicy.manages(OPERATOR, Set.of(Role.OPERATOR), null));
    assertEquals("own-account", StaffPolicy.mayDisable(SUPERVISOR, UUID.fromString(SUPERVISOR.subject())).orElseThrow().type());
    assertTrue(StaffPolicy.mayDisable(SUPERVISOR, UUID.randomUUID()).isEmpty());
  }

  @Test
  void aMunicipalOfficerHasAComuneAndOnlyASupervisorMakesOne() {
    UUID comune = UUID.randomUUID();
    assertTrue(StaffPolicy.STAFF_ROLES.contains(Role.MUNICIPAL_OFFICER));
    assertEquals("comune-required", StaffPolicy.check(SUPERVISOR, Set.of(Role.MUNICIPAL_OFFICER), null, null, Map.of(),
        List.of(), List.of(), null).refusal().type());
    assertEquals(comune, StaffPolicy.check(SUPERVISOR, Set.of(Role.MUNICIPAL_OFFICER), comune, null, Map.of(), List.of(),
        List.of(), null).value().providerId());
    assertEquals("role-not-grantable", StaffPolicy.check(COOP_ADMIN, Set.of(Role.MUNICIPAL_OFFICER), comune, null, Map.of(),
        List.of(), List.of(), null).refusal().type());
  }
}
