package coop.sportello.bandi.domain;

/** Euro amounts as Italians write them: {@code 1.500,00 €}. */
public final class Money {

  private Money() { }

  public static String euro(long cents) {
    String units = String.format(java.util.Locale.ITALY, "%,d", cents / 100);
    return units + "," + String.format("%02d", Math.abs(cents % 100)) + " €";
  }
}
