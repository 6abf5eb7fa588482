package coop.sportello.platform.links;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HMAC tokens of links in messages: what they prove and every way a changed one is refused. */
class SignedLinksTest {

  private static final Instant NOW = Instant.parse("2026-03-10T08:00:00Z");
  private static final Instant UNTIL = NOW.plusSeconds(3600);
  private static final String BOOKING = "5b1d7c3e-9f0a-4c2b-8d6e-1a2b3c4d5e6f";

  private final SignedLinks links = new SignedLinks(key(7));

  private static byte[] key(int seed) {
    byte[] key = new byte[32];
    new Random(seed).nextBytes(key);
    return key;
  }

  @Test
  void aSignedTokenVerifiesWithItsPurposeSubjectAndExpiry() {
    String token = links.sign("booking", BOOKING, UNTIL);
    assertEquals(Optional.of(new SignedLinks.Claim("booking", BOOKING, UNTIL)), links.verify(token, "booking", NOW));
    assertTrue(token.matches("[A-Za-z0-9._-]+"), "safe in a URL fragment without escaping: " + token);
    assertEquals(Optional.of(new SignedLinks.Claim("booking", BOOKING, UNTIL)),
        new SignedLinks(key(7)).verify(token, "booking", NOW), "every node with the same key verifies it");
  }

  @Test
  void aTokenIsRefusedForAnyOtherPurpose() {
    String token = links.sign("booking", BOOKING, UNTIL);
    assertEquals(Optional.empty(), links.verify(token, "waitlist-offer", NOW));
    assertEquals(Optional.empty(), links.verify(token, "unsubscribe", NOW));
    assertEquals(Optional.empty(), links.verify(links.sign("waitlist-offer", BOOKING, UNTIL), "booking", NOW));
  }

  @Test
  void aTokenWorksUntilTheSecondBeforeItsExpiryAndNeverFromThen() {
    String token = links.sign("booking", BOOKING, UNTIL);
    assertTrue(links.verify(token, "booking", UNTIL.minusSeconds(1)).isPresent());
    assertTrue(links.verify(token, "booking", UNTIL.minusMillis(1)).isPresent());
    assertEquals(Optional.empty(), links.verify(token, "booking", UNTIL));
    assertEquals(Optional.empty(), links.verify(token, "booking", UNTIL.plusSeconds(1)));
    assertEquals(Optional.empty(), links.verify(links.sign("booking", BOOKING, NOW.minusSeconds(60)), "booking", NOW));
  }

  @Test
  void changingAnyPartOfTheBodyBreaksTheSignature() {
    String token = links.sign("booking", BOOKING, UNTIL);
    String signature = token.substring(token.lastIndexOf('.'));
    String otherBooking = "0c9e8d7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f";
    List<String> tampered = List.of(
        "booking." + otherBooking + "." + UNTIL.getEpochSecond() + signature,           // another booking
        "booking." + BOOKING + "." + (UNTIL.getEpochSecond() + 86_400) + signature,     // a longer life
        "waitlist-offer." + BOOKING + "." + UNTIL.getEpochSecond() + signature,         // another purpose
        "booking." + BOOKING.toUpperCase() + "." + UNTIL.getEpochSecond() + signature,  // the same id, other case
        "booking." + BOOKING + ".0" + UNTIL.getEpochSecond() + signature,               // the same number, other text
        "booking." + BOOKING + "." + UNTIL.getEpochSecond() + ".x" + signature);        // a part more
    for (String forged : tampered) {
      assertEquals(Optional.empty(), links.verify(forged, "booking", NOW), forged);
      assertEquals(Optional.empty(), links.verify(forged, "waitlist-offer", NOW), forged);
    }
  }

  @Test
  void aChangedOrForeignSignatureIsRefused() {
    String token = links.sign("booking", BOOKING, UNTIL);
    int dot = token.lastIndexOf('.');
    byte[] mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    for (int i = 0; i < mac.length; i++) {
      byte[] flipped = mac.clone();
      flipped[i] ^= 1;
      String forged = token.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);
      assertEquals(Optional.empty(), links.verify(forged, "booking", NOW), "bit flipped in byte " + i);
    }
    String shortened = token.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(Arrays.copyOf(mac, mac.length - 1));
    assertEquals(Optional.empty(), links.verify(shortened, "booking", NOW));
    // One signature, one text: no padding, and no other last character (its spare bits) passes.
    assertEquals(Optional.empty(), links.verify(token + "=", "booking", NOW));
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = token.charAt(token.length() - 1);
    for (char other : alphabet.toCharArray()) {
      if (other != last) {
        String forged = token.substring(0, token.length() - 1) + other;
        assertEquals(Optional.empty(), links.verify(forged, "booking", NOW), forged);
      }
    }
    String unsigned = token.substring(0, dot + 1);
    assertEquals(Optional.empty(), links.verify(unsigned, "booking", NOW));
    String otherKey = new SignedLinks(key(8)).sign("booking", BOOKING, UNTIL);
    assertNotEquals(token, otherKey);
    assertEquals(Optional.empty(), links.verify(otherKey, "booking", NOW), "signed by another network's key");
  }

  @Test
  void garbageIsRefusedAndNeverThrows() {
    String token = links.sign("booking", BOOKING, UNTIL);
    List<String> garbage = new ArrayList<>(List.of("", ".", "..", "...", "....", "booking", "booking.", "a.b.c.d",
        "booking." + BOOKING + ".notanumber.AAAA", "booking." + BOOKING + "." + UNTIL.getEpochSecond() + ".!!!!",
        "booking." + BOOKING + "." + UNTIL.getEpochSecond() + ".====", "booking." + BOOKING + ".99999999999999999999999.AAAA",
        token + "=", token + " ", " " + token, token.replace('.', '%'), token + "." + token, "é".repeat(50),
        "\u0000\u0001\u0002", "x".repeat(301), token + "x".repeat(300)));
    Random random = new Random(19);
    for (int i = 0; i < 2000; i++) {
      byte[] bytes = new byte[random.nextInt(120)];
      random.nextBytes(bytes);
      garbage.add(new String(bytes, StandardCharsets.ISO_8859_1));
      char[] mutated = token.toCharArray();
      mutated[random.nextInt(mutated.length)] = (char) random.nextInt(128);
      garbage.add(new String(mutated));
    }
    garbage.add(null);
    for (String input : garbage) {
      for (String purpose : new String[] {"booking", "waitlist-offer"}) {
        Optional<SignedLinks.Claim> claim = links.verify(input, purpose, NOW);
        assertTrue(claim.isEmpty() || token.equals(input), "garbage was accepted: " + input);
      }
    }
  }

  @Test
  void onlyPlainPurposesAndIdsAreSignedAndAShortKeyIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> links.sign("booking", "a.b", UNTIL));
    assertThrows(IllegalArgumentException.class, () -> links.sign("Booking", BOOKING, UNTIL));
    assertThrows(IllegalArgumentException.class, () -> links.sign("booking", "", UNTIL));
    assertThrows(IllegalArgumentException.class, () -> new SignedLinks(new byte[31]));
  }
}
