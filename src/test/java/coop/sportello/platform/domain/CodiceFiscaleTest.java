package coop.sportello.platform.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check character of the codice fiscale, with omocodia, against codes computed by hand and by others. */
class CodiceFiscaleTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "RSSMRA85T10A562S",   // the textbook Mario Rossi, Rome, 10 December 1985
      "RSSMRA45D25F205N",   // Mario Rossi, Milan, 25 April 1945 (a JavaScript library's README)
      "FRRLCU86C14A794T",   // demo employees (the demo file says their check characters were computed)
      "LCTSRA90L62I628W",   // a woman: day 22 + 40
      "RTOLNE94B68L400O",
      "PPSNIO87S61Z129M",   // born abroad (Z...)
      "RGGNNA85C47G224E",
  })
  void wellFormedCodesPass(String code) {
    assertEquals(Optional.empty(), CodiceFiscale.check(code), code);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "RSSMRA85T10A56NH",   // omocodia: the last digit (2) became N, and the check character follows (S -> H)
      "RSSMRA85T10A5SNT",   // two digits replaced, from the right
      "RSSMRAURTMLARSNL",   // all seven digits replaced
  })
  void omocodicCodesPassWithTheirOwnCheckCharacter(String code) {
    assertTrue(CodiceFiscale.isValid(code), code);
    assertEquals("RSSMRA85T10A562", CodiceFiscale.withDigits(code).substring(0, 15), "the same person's data");
  }

  @Test
  void theCheckCharacterIsComputedOnTheCharactersAsWritten() {
    assertEquals('S', CodiceFiscale.checkCharacter("RSSMRA85T10A562"));
    assertEquals('H', CodiceFiscale.checkCharacter("RSSMRA85T10A56N"));
    assertEquals('L', CodiceFiscale.checkCharacter("RSSMRAURTMLARSN"));
    // Odd and even positions use different tables: swapping two characters changes the result.
    assertNotEquals(CodiceFiscale.checkCharacter("RSSMRA85T10A562"), CodiceFiscale.checkCharacter("SRSMRA85T10A562"));
  }

  @Test
  void everySingleWrongCharacterIsCaught() {
    // Both tables give 26 different values to the 26 letters, and an omocode letter never weighs
    // what a digit weighs in the same position, so no single substitution keeps the check character.
    String good = "FRRLCU86C14A794T";
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    int tried = 0;
    for (int i = 0; i < 16; i++) {
      for (char c : alphabet.toCharArray()) {
        if (c == good.charAt(i)) {
          continue;
        }
        String typo = good.substring(0, i) + c + good.substring(i + 1);
        tried++;
        assertFalse(CodiceFiscale.isValid(typo), typo);
      }
    }
    assertEquals(16 * 35, tried);
  }

  @Test
  void theWrongCheckCharacterIsRefusedAsSuch() {
    assertEquals(Optional.of(CodiceFiscale.Problem.CHECK_CHARACTER), CodiceFiscale.check("RSSMRA85T10A562X"));
    assertEquals(Optional.of(CodiceFiscale.Problem.CHECK_CHARACTER), CodiceFiscale.check("BNCLCU80A01A794X"),
        "a code other tests store (only the format is checked there): its check character would be F");
    assertEquals(Optional.of(CodiceFiscale.Problem.CHECK_CHARACTER), CodiceFiscale.check("RSSMRA85T10A56NS"),
        "an omocodic code carrying the plain code's check character");
  }

  @Test
  void structureMistakesAreNamed() {
    assertEquals(Optional.of(CodiceFiscale.Problem.LENGTH), CodiceFiscale.check("RSSMRA85T10A562"));
    assertEquals(Optional.of(CodiceFiscale.Problem.LENGTH), CodiceFiscale.check(""));
    assertEquals(Optional.of(CodiceFiscale.Problem.CHARACTERS), CodiceFiscale.check("RSSMRA85T10A5A2S"),
        "A is not an omocode letter");
    assertEquals(Optional.of(CodiceFiscale.Problem.CHARACTERS), CodiceFiscale.check("RSSMR485T10A562S"),
        "a digit among the name letters");
    assertEquals(Optional.of(CodiceFiscale.Problem.CHARACTERS), CodiceFiscale.check("rssmra85t10a562s"),
        "lower case is for normalize");
    assertEquals(Optional.of(CodiceFiscale.Problem.MONTH), CodiceFiscale.check("RSSMRA85F10A562S"),
        "F is not a month letter");
    assertEquals(Optional.of(CodiceFiscale.Problem.DAY), CodiceFiscale.check("RSSMRA85T35A562S"));
    assertEquals(Optional.of(CodiceFiscale.Problem.DAY), CodiceFiscale.check("RSSMRA85T00A562S"));
    assertEquals(Optional.of(CodiceFiscale.Problem.DAY), CodiceFiscale.check("RSSMRA85T72A562S"));
  }

  @Test
  void peopleTypeItWithSpacesAndSmallLetters() {
    assertEquals("RSSMRA85T10A562S", CodiceFiscale.normalize(" rss mra 85t10 a562s "));
    assertTrue(CodiceFiscale.isValid(CodiceFiscale.normalize("rssmra85t10a562s")));
    assertFalse(CodiceFiscale.isValid(CodiceFiscale.normalize(null)));
  }

  @Test
  void identityProvidersSendItAsATaxIdWithItsCountry() {
    assertEquals(Optional.of("RSSMRA85T10A562S"), CodiceFiscale.parse("TINIT-RSSMRA85T10A562S"));
    assertEquals(Optional.of("RSSMRA85T10A562S"), CodiceFiscale.parse(" rssmra85t10a562s "));
    assertEquals(Optional.empty(), CodiceFiscale.parse("TINIT-RSSMRA85T10A562X"));
    assertEquals(Optional.empty(), CodiceFiscale.parse(null));
  }
}
