package coop.sportello.accounts.domain;

import coop.sportello.platform.domain.Refusal;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NIST SP 800-63B's rules for chosen passwords: length, not a common one, not the person's own name or address. */
class PasswordPolicyTest {

  private static final PasswordPolicy SHIPPED = PasswordPolicy.shipped();

  private static Optional<Refusal> check(String password) {
    return SHIPPED.check(password, "giulia.neri@esempio.it", "Giulia Neri");
  }

  private static void refused(String password, String because) {
    Optional<Refusal> refusal = check(password);
    assertTrue(refusal.isPresent(), password + " should be refused: " + because);
    assertEquals("weak-password", refusal.get().type());
    assertEquals(422, refusal.get().status());
  }

  @Test
  void atLeastTenCharactersAndAtMostTwoHundred() {
    refused("corto-9ch", "9 characters");
    assertEquals(Optional.empty(), check("lunghezza!"), "10 characters of anything");
    assertTrue(check("x".repeat(201)).get().detail().contains("200"));
    assertEquals(Optional.empty(), check("ä".repeat(10) + "b".repeat(190)), "200 characters, counted as people count them");
    assertTrue(check("corto").get().detail().contains("almeno 10 caratteri"), "the page says the minimum");
  }

  @Test
  void spacesAndAnyKindOfCharacterAreWelcomeWithoutRulesAboutMixingThem() {
    assertEquals(Optional.empty(), check("tutte lettere minuscole"));
    assertEquals(Optional.empty(), check("città d'autunno ☂"));
  }

  @Test
  void theMostUsedPasswordsAreRefusedWhateverTheCaseOrDigitsAdded() {
    refused("1234567890", "in the list");
    refused("qwertyuiop", "in the list");
    refused("Password123", "a common word with digits after it");
    refused("SUNSHINE2024!", "a common word, upper case, digits and a mark after it");
    refused("iloveyou12345", "a common phrase with digits");
  }

  @Test
  void theShippedListIsTheWellKnownOne() {
    PasswordPolicy none = new PasswordPolicy(Set.of());
    assertEquals(Optional.empty(), none.check("1234567890", null, null), "refused above only because of the list");
    refused("basketball", "the list has 47,023 entries, this one far from the top");
  }

  @Test
  void notTheEmailsNameNorThePersonsName() {
    refused("giulianeri-2025", "the e-mail's local part");
    refused("GIULIA.NERI.2025", "the e-mail's local part, other case");
    refused("la casa di Neri", "the surname");
    refused("giúlia-e-il-mare", "the name, with an accent");
    assertEquals(Optional.empty(), SHIPPED.check("la casa di Neri", "x@esempio.it", "Al Li"),
        "a name's parts shorter than 3 letters do not count");
  }
}
