package coop.sportello.providers.domain;

import coop.sportello.platform.domain.Refusal;

import java.util.List;
import java.util.Optional;

/**
 * What a provider is (V45): a social cooperative, a municipality (the Comune itself, one per
 * municipality), an association, or a shop (an esercizio commerciale that municipalities accredit
 * to accept their vouchers). A shop has an address and a category; only a shop has a category.
 */
public final class ProviderKind {

  public static final List<String> KINDS = List.of("cooperative", "municipality", "association", "shop");
  public static final List<String> SHOP_CATEGORIES = List.of("groceries", "pharmacy", "butcher", "bakery", "greengrocer",
      "household", "stationery", "other");

  private ProviderKind() { }

  /** Why this kind, address and category do not go together, or empty when they do. */
  public static Optional<Refusal> check(String kind, String address, String shopCategory) {
    if (!KINDS.contains(kind)) {
      return Optional.of(Refusal.invalid("unknown-kind", "Tipo di ente sconosciuto: " + kind + "."));
    }
    if (address != null && (address.strip().length() < 5 || address.strip().length() > 300)) {
      return Optional.of(Refusal.invalid("invalid-address", "L'indirizzo va scritto per intero (da 5 a 300 caratteri)."));
    }
    if ("shop".equals(kind)) {
      if (address == null) {
        return Optional.of(Refusal.invalid("address-required",
            "Un esercizio commerciale ha un indirizzo: è dove le persone spendono i buoni."));
      }
      if (shopCategory == null) {
        return Optional.of(Refusal.invalid("shop-category-required",
            "Scegli la categoria dell'esercizio (alimentari, farmacia, ...)."));
      }
      if (!SHOP_CATEGORIES.contains(shopCategory)) {
        return Optional.of(Refusal.invalid("unknown-shop-category", "Categoria sconosciuta: " + shopCategory + "."));
      }
    } else if (shopCategory != null) {
      return Optional.of(Refusal.invalid("shop-category-only-for-shops",
          "Solo un esercizio commerciale ha una categoria di negozio."));
    }
    return Optional.empty();
  }
}
