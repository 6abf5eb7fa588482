package coop.sportello.providers.domain;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderKindTest {

  private static String refusal(String kind, String address, String category) {
    return ProviderKind.check(kind, address, category).map(r -> r.type()).orElse("ok");
  }

  @Test
  void aShopHasAnAddressAndACategoryAndOnlyAShopHasACategory() {
    assertEquals("ok", refusal("shop", "Via Roma 1, Piazzola", "bakery"));
    assertEquals("address-required", refusal("shop", null, "bakery"));
    assertEquals("shop-category-required", refusal("shop", "Via Roma 1, Piazzola", null));
    assertEquals("unknown-shop-category", refusal("shop", "Via Roma 1, Piazzola", "bank"));
    assertEquals("shop-category-only-for-shops", refusal("municipality", null, "pharmacy"));
    assertEquals("ok", refusal("municipality", null, null));
    assertEquals("ok", refusal("cooperative", "Via Roma 1, Bergamo", null));
    assertEquals("invalid-address", refusal("association", "  ab ", null));
    assertEquals("unknown-kind", refusal("bank", null, null));
  }

  @Test
  void anOfficerActsOnlyInTheirComunesMunicipality() {
    assertTrue(OfficerReach.check(Optional.of("028063"), "028063").isEmpty());
    assertEquals("not-your-municipality", OfficerReach.check(Optional.of("016024"), "028063").orElseThrow().type());
    assertEquals(403, OfficerReach.check(Optional.empty(), "028063").orElseThrow().status());
  }
}
