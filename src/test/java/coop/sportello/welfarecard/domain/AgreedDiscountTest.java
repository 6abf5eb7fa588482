package coop.sportello.welfarecard.domain;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgreedDiscountTest {

  @Test
  void aPercentageRoundsHalfUpToTheCent() {
    assertEquals(1785, AgreedDiscount.of("percent", 15).unitPrice(2100));
    assertEquals(50, AgreedDiscount.of("percent", 50).unitPrice(99), "49,5 cents round up");
    assertEquals(0, AgreedDiscount.of("percent", 100).unitPrice(2100));
    assertEquals(1, AgreedDiscount.of("percent", 99).unitPrice(99), "0,99 cents round up to one");
  }

  @Test
  void aFixedPriceReplacesTheTariffOnlyWhenItIsLower() {
    assertEquals(1500, AgreedDiscount.of("fixed", 1500).unitPrice(2100));
    assertEquals(2100, AgreedDiscount.of("fixed", 2500).unitPrice(2100), "no discount raises a price");
    assertEquals(0, AgreedDiscount.of("fixed", 0).unitPrice(2100));
  }

  @Test
  void aDiscountNeverRaisesAPriceNorGoesBelowNothing() {
    Random random = new Random(51);
    for (int i = 0; i < 50_000; i++) {
      int tariff = random.nextInt(1_000_000);
      AgreedDiscount d = random.nextBoolean() ? AgreedDiscount.of("percent", 1 + random.nextInt(100))
          : AgreedDiscount.of("fixed", random.nextInt(1_000_000));
      int price = d.unitPrice(tariff);
      assertTrue(price >= 0 && price <= tariff, d + " on " + tariff + " gave " + price);
    }
  }

  @Test
  void outOfRangeNumbersAreRefused() {
    assertEquals("invalid-discount", AgreedDiscount.problem("percent", 0).orElseThrow().type());
    assertEquals("invalid-discount", AgreedDiscount.problem("percent", 101).orElseThrow().type());
    assertEquals("invalid-discount", AgreedDiscount.problem("fixed", -1).orElseThrow().type());
    assertEquals("invalid-discount", AgreedDiscount.problem("euro", 5).orElseThrow().type());
    assertTrue(AgreedDiscount.problem("percent", 100).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> AgreedDiscount.of("percent", 0));
  }
}
