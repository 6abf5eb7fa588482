package coop.sportello.receipts.domain;

/**
 * The two numbered series of a provider's documents: a payment is documented by a receipt, a
 * refund by a credit note referring to the receipt of its payment. Each is numbered from 1 every
 * year, apart.
 */
public enum Series {
  RECEIPT("receipt", "Ricevuta"), CREDIT_NOTE("credit_note", "Nota di credito");

  private final String wireName;
  private final String title;

  Series(String wireName, String title) {
    this.wireName = wireName;
    this.title = title;
  }

  public String wireName() {
    return wireName;
  }

  /** Its name on the document. */
  public String title() {
    return title;
  }

  /** The series that documents a money_ledger row of that kind (payment or refund). */
  public static Series forLedgerKind(String kind) {
    return switch (kind) {
      case "payment" -> RECEIPT;
      case "refund" -> CREDIT_NOTE;
      default -> throw new IllegalArgumentException("no document for ledger kind " + kind);
    };
  }

  public static Series fromWire(String name) {
    for (Series s : values()) {
      if (s.wireName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no series " + name);
  }
}
