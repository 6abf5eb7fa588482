package coop.sportello.accounts.domain;

import coop.sportello.platform.domain.Refusal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which passwords a person may choose (NIST SP 800-63B, 5.1.1.2): long enough (10 characters at
 * least, 200 at most, any characters, spaces included), not one of the passwords people use most
 * (the list Dropbox's zxcvbn ships, see {@code accounts/common-passwords.SOURCE.md}), and not made
 * of their own e-mail name or name. No rule about kinds of characters: NIST advises against them.
 * Pure: the list is handed in.
 */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 200;
  /** Parts of a name or address shorter than this are too common inside passwords to refuse them for it. */
  private static final int MIN_PERSONAL_PART = 3;

  private static final String RESOURCE = "/accounts/common-passwords.txt";

  private final Set<String> common;

  public PasswordPolicy(Set<String> common) {
    this.common = Set.copyOf(common);
  }

  /** The policy with the list shipped in the application's resources. */
  public static PasswordPolicy shipped() {
    try (InputStream in = PasswordPolicy.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the application");
      }
      Set<String> words = new HashSet<>();
      new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
          .map(String::strip).filter(line -> !line.isEmpty()).forEach(line -> words.add(folded(line)));
      return new PasswordPolicy(words);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Empty when {@code password} may be chosen by the person with this e-mail address and name
   * (either may be null), else why not ({@code weak-password}, 422).
   */
  public Optional<Refusal> check(String password, String email, String name) {
    int length = password == null ? 0 : password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      return refuse("La password deve avere almeno " + MIN_LENGTH + " caratteri. Una frase di più parole è facile da ricordare.");
    }
    if (length > MAX_LENGTH) {
      return refuse("La password può avere al massimo " + MAX_LENGTH + " caratteri.");
    }
    String folded = folded(password);
    if (common.contains(folded) || common.contains(folded.replaceAll("[0-9!?.]+$", ""))) {
      return refuse("Questa password è tra le più usate e si indovina facilmente: scegline un'altra.");
    }
    String compact = folded.replaceAll("[^\\p{L}\\p{N}]", "");
    if (email != null) {
      int at = email.indexOf('@');
      String local = folded(at < 0 ? email : email.substring(0, at)).replaceAll("[^\\p{L}\\p{N}]", "");
      if (local.length() >= MIN_PERSONAL_PART && compact.contains(local)) {
        return refuse("La password non deve contenere il tuo indirizzo e-mail.");
      }
    }
    if (name != null) {
      for (String part : folded(name).split("[^\\p{L}\\p{N}]+")) {
        if (part.length() >= MIN_PERSONAL_PART && compact.contains(part)) {
          return refuse("La password non deve contenere il tuo nome o cognome.");
        }
      }
    }
    return Optional.empty();
  }

  /** Lower case, accents and compatibility forms folded, so "Pässword" is "password". */
  static String folded(String s) {
    String decomposed = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    return decomposed.toLowerCase(Locale.ROOT);
  }

  private static Optional<Refusal> refuse(String detail) {
    return Optional.of(Refusal.invalid("weak-password", detail));
  }
}
