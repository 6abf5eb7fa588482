package coop.sportello.pricing.domain;

/** Cents written as Italian writes euros, "1.650,00 €", as the screens' {@code euro()} does. */
public final class Euro {

  private Euro() { }

  public static String format(long cents) {
    long abs = Math.abs(cents);
    StringBuilder whole = new StringBuilder(Long.toString(abs / 100));
    for (int i = whole.length() - 3; i > 0; i -= 3) {
      whole.insert(i, '.');
    }
    return (cents < 0 ? "-" : "") + whole + "," + String.format("%02d", abs % 100) + " €";
  }
}
