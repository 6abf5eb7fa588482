package coop.sportello.platform.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * The Italian codice fiscale of a person (DM 23/12/1976, with the omocodia rule): 16 characters,
 * surname (3 letters), name (3), year (2 digits), month (a letter), day (2 digits, +40 for women),
 * place (a letter and 3 digits), check character.
 *
 * <p>Omocodia: when two people would get the same code, the Agenzia delle Entrate replaces digits,
 * from the right, with letters ({@code 0-9 -> L M N P Q R S T U V}). Any of the seven digit
 * positions may therefore hold one of those ten letters; the check character is computed on the
 * characters as written, so an omocodic code has its own check character.
 *
 * <p>The one key by which Sportello knows that whoever comes by SPID, CIE, an e-mail account, their
 * company's import or a kiosk is the same person ({@code accounts.codice_fiscale}, V29).
 *
 * <p>Pure: no I/O. Only the structure and the check character are verified; whether a code
 * belongs to someone is for the database to say.
 */
public final class CodiceFiscale {

  /** Why a code is not a well-formed codice fiscale. */
  public enum Problem { LENGTH, CHARACTERS, MONTH, DAY, CHECK_CHARACTER }

  private static final String OMOCODE_LETTERS = "LMNPQRSTUV";
  private static final String MONTHS = "ABCDEHLMPRST";
  /** 0-based positions that hold digits, or omocode letters in their place. */
  private static final int[] DIGIT_POSITIONS = {6, 7, 9, 10, 12, 13, 14};
  /** Values of characters in odd positions (1st, 3rd, ... counted from 1), for 0-9 and A-Z. */
  private static final int[] ODD_DIGITS = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21};
  private static final int[] ODD_LETTERS = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16,
      10, 22, 25, 24, 23};

  private CodiceFiscale() { }

  /** Upper case without spaces, as people type or dictate it. */
  public static String normalize(String raw) {
    return raw == null ? "" : raw.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
  }

  /** Empty when {@code code} (already normalized) is a well-formed codice fiscale, else the first thing wrong. */
  public static Optional<Problem> check(String code) {
    if (code == null || code.length() != 16) {
      return Optional.of(Problem.LENGTH);
    }
    for (int i = 0; i < 16; i++) {
      char c = code.charAt(i);
      boolean letter = c >= 'A' && c <= 'Z';
      boolean digit = c >= '0' && c <= '9';
      if (isDigitPosition(i) ? !(digit || OMOCODE_LETTERS.indexOf(c) >= 0) : !letter) {
        return Optional.of(Problem.CHARACTERS);
      }
    }
    if (MONTHS.indexOf(code.charAt(8)) < 0) {
      return Optional.of(Problem.MONTH);
    }
    int day = digitValue(code.charAt(9)) * 10 + digitValue(code.charAt(10));
    if (!(day >= 1 && day <= 31) && !(day >= 41 && day <= 71)) {
      return Optional.of(Problem.DAY);
    }
    if (checkCharacter(code.substring(0, 15)) != code.charAt(15)) {
      return Optional.of(Problem.CHECK_CHARACTER);
    }
    return Optional.empty();
  }

  public static boolean isValid(String code) {
    return check(code).isEmpty();
  }

  /** How SPID and CIE identity providers send it: the {@code fiscalNumber} attribute, {@code TINIT-<codice>}. */
  private static final String TAX_ID_PREFIX = "TINIT-";

  /**
   * The codice fiscale as stored (normalized), from what a person typed or an identity provider
   * sent ({@code TINIT-RSSMRA85T10A562S}); empty when it is not a well-formed one.
   */
  public static Optional<String> parse(String raw) {
    String code = normalize(raw);
    if (code.startsWith(TAX_ID_PREFIX)) {
      code = code.substring(TAX_ID_PREFIX.length());
    }
    return isValid(code) ? Optional.of(code) : Optional.empty();
  }

  /** Why a typed code is refused ({@code invalid-codice-fiscale}), in the words of every screen that asks for one. */
  public static Refusal refusal(Problem problem) {
    return Refusal.invalid("invalid-codice-fiscale", switch (problem) {
      case LENGTH -> "Il codice fiscale ha 16 caratteri.";
      case CHARACTERS -> "Il codice fiscale contiene un carattere che non può stare in quella posizione: controlla di averlo scritto bene.";
      case MONTH -> "La lettera del mese di nascita (nona) non è valida: controlla il codice fiscale.";
      case DAY -> "Il giorno di nascita nel codice fiscale non è valido: controlla di averlo scritto bene.";
      case CHECK_CHARACTER -> "L'ultimo carattere non corrisponde agli altri: controlla di aver scritto bene il codice fiscale.";
    });
  }

  /**
   * The check character of the first 15 characters: odd positions (1st, 3rd, ...) through the
   * odd table, even positions at their plain value (0-9, A-Z = 0-25), the sum modulo 26 as a letter.
   */
  public static char checkCharacter(String first15) {
    if (first15.length() != 15) {
      throw new IllegalArgumentException("15 characters expected");
    }
    int sum = 0;
    for (int i = 0; i < 15; i++) {
      char c = first15.charAt(i);
      boolean odd = i % 2 == 0; // position i + 1 counted from 1
      if (c >= '0' && c <= '9') {
        sum += odd ? ODD_DIGITS[c - '0'] : c - '0';
      } else if (c >= 'A' && c <= 'Z') {
        sum += odd ? ODD_LETTERS[c - 'A'] : c - 'A';
      } else {
        throw new IllegalArgumentException("only 0-9 and A-Z");
      }
    }
    return (char) ('A' + sum % 26);
  }

  /** The code with omocode letters turned back into digits (how the birth date and place read). */
  public static String withDigits(String code) {
    StringBuilder out = new StringBuilder(code);
    for (int position : DIGIT_POSITIONS) {
      if (position < out.length()) {
        out.setCharAt(position, (char) ('0' + digitValue(out.charAt(position))));
      }
    }
    return out.toString();
  }

  private static boolean isDigitPosition(int i) {
    for (int position : DIGIT_POSITIONS) {
      if (position == i) {
        return true;
      }
    }
    return false;
  }

  private static int digitValue(char c) {
    return c >= '0' && c <= '9' ? c - '0' : OMOCODE_LETTERS.indexOf(c);
  }
}
