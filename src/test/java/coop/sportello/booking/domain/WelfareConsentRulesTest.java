package coop.sportello.booking.domain;

import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.auth.Role;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whose word spends a person's welfare credit, in the pure core. */
class WelfareConsentRulesTest {

  private static Identity who(String subject, Role role) {
    return new Identity(subject, Set.of(role), null, "Nome", null, null, null);
  }

  @Test
  void onlyThePersonOrAKioskWhereTheyIdentifiedSpendsWithoutAsking() {
    assertTrue(WelfareConsent.ownSpending(who("luca", Role.EMPLOYEE), "luca"));
    assertTrue(WelfareConsent.ownSpending(who("kiosk:device", Role.KIOSK), "luca"), "the PIN was given at identify");
    assertFalse(WelfareConsent.ownSpending(who("federica", Role.OPERATOR), "luca"));
    assertFalse(WelfareConsent.ownSpending(who("alessia", Role.WELFARE_MANAGER), "luca"));
    assertFalse(WelfareConsent.ownSpending(who("roberto", Role.SUPERVISOR), "luca"));
    assertFalse(WelfareConsent.ownSpending(who("sara", Role.EMPLOYEE), "luca"), "a colleague is someone else");
  }

  @Test
  void aDirectDecisionIsTheKiosksOrThePortals() {
    assertEquals(WelfareConsent.How.KIOSK, WelfareConsent.directly(who("kiosk:device", Role.KIOSK)));
    assertEquals(WelfareConsent.How.PORTAL, WelfareConsent.directly(who("luca", Role.EMPLOYEE)));
    assertEquals("pin", WelfareConsent.How.PIN.wireName());
  }
}
