package coop.sportello.bandi;

import coop.sportello.platform.domain.CodiceFiscale;

import java.time.LocalDate;

/** Well-formed codici fiscali for tests: a surname and name key, a birth date, a place, the check character. */
public final class CodiciFiscali {

  private static final String MONTHS = "ABCDEHLMPRST";

  private CodiciFiscali() { }

  /** The code of a person born on {@code birth}; {@code seed} (0-17575) makes the letters differ between people. */
  public static String of(int seed, LocalDate birth, boolean woman) {
    String letters = "" + (char) ('A' + seed % 26) + (char) ('A' + seed / 26 % 26) + (char) ('A' + seed / 676 % 26);
    String first15 = letters + "MRA" + String.format("%02d", birth.getYear() % 100) + MONTHS.charAt(birth.getMonthValue() - 1)
        + String.format("%02d", birth.getDayOfMonth() + (woman ? 40 : 0)) + "G224";
    return first15 + CodiceFiscale.checkCharacter(first15);
  }
}
