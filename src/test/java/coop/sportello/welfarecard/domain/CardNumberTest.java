package coop.sportello.welfarecard.domain;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of the card number over many random numbers: every number drawn reads back; every
 * single mistyped digit and every swap of two different neighbours (but the 0-9 pair, Luhn's one
 * blind spot) is caught; spaces and dashes as printed are fine; anything else is no number.
 */
class CardNumberTest {

  private static final int RUNS = 20_000;

  @Test
  void everyDrawnNumberReadsBackWithItsCheckDigit() {
    Random random = new Random(21);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < RUNS; i++) {
      String n = CardNumber.next(random);
      assertEquals(CardNumber.LENGTH, n.length());
      assertEquals(Optional.of(n), CardNumber.parse(n), n);
      assertEquals(Optional.of(n), CardNumber.parse(CardNumber.display(n)), "as printed: " + CardNumber.display(n));
      assertEquals(Optional.of(n), CardNumber.parse(n.substring(0, 4) + "-" + n.substring(4, 8) + "-" + n.substring(8)));
      seen.add(n);
    }
    assertTrue(seen.size() > RUNS - 5, "numbers are drawn at random, not from a short list");
  }

  @Test
  void everySingleMistypedDigitIsCaught() {
    Random random = new Random(2100);
    for (int i = 0; i < RUNS; i++) {
      String n = CardNumber.next(random);
      int at = random.nextInt(CardNumber.LENGTH);
      char wrong = (char) ('0' + (n.charAt(at) - '0' + 1 + random.nextInt(9)) % 10);
      String typo = n.substring(0, at) + wrong + n.substring(at + 1);
      assertEquals(Optional.empty(), CardNumber.parse(typo), n + " mistyped as " + typo);
    }
  }

  @Test
  void swappingTwoDifferentNeighboursIsCaughtButForZeroAndNine() {
    Random random = new Random(4);
    int caught = 0;
    for (int i = 0; i < RUNS; i++) {
      String n = CardNumber.next(random);
      int at = random.nextInt(CardNumber.LENGTH - 1);
      char a = n.charAt(at);
      char b = n.charAt(at + 1);
      if (a == b) {
        continue;
      }
      String swapped = n.substring(0, at) + b + a + n.substring(at + 2);
      boolean blindSpot = (a == '0' && b == '9') || (a == '9' && b == '0');
      assertEquals(blindSpot, CardNumber.parse(swapped).isPresent(), n + " swapped as " + swapped);
      caught += blindSpot ? 0 : 1;
    }
    assertTrue(caught > RUNS / 2);
  }

  @Test
  void anythingElseIsNoNumber() {
    String good = CardNumber.next(new Random(1));
    for (String bad : new String[] {null, "", "abc", good.substring(1), good + "0", good.replace(good.charAt(0), 'x'),
        " ".repeat(41), good.substring(0, 11) + "a", "١٢٣٤٥٦٧٨٩٠١٢"}) {
      assertEquals(Optional.empty(), CardNumber.parse(bad), String.valueOf(bad));
    }
  }

  @Test
  void knownLuhnExamples() {
    // The textbook example: 7992739871 has check digit 3.
    assertEquals('3', CardNumber.checkDigit("7992739871"));
    assertEquals('0', CardNumber.checkDigit("00000000000"));
    assertEquals("1234 5678 9012", CardNumber.display("123456789012"));
  }
}
