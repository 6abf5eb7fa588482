package coop.sportello.bandi.domain;

import coop.sportello.bandi.domain.EligibilityRule.ApplicantAge;
import coop.sportello.bandi.domain.EligibilityRule.ChildUnder;
import coop.sportello.bandi.domain.EligibilityRule.Declaration;
import coop.sportello.bandi.domain.EligibilityRule.HouseholdSize;
import coop.sportello.bandi.domain.EligibilityRule.IseeMax;
import coop.sportello.platform.domain.Refusal;
import coop.sportello.pricing.domain.Isee;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A bando as its officer writes it: text, who may apply, the amount, the budget, the window, how
 * applications are ranked and which documents are asked. {@link #problem()} is the one validation
 * (every refusal in words for the officer); the table's checks are the backstop.
 */
public record BandoDefinition(String title, String summary, String body, Kind kind, List<EligibilityRule> rules,
                              AmountRule amount, long budgetCents, Window window, Ranking ranking,
                              List<DocumentRequest> documents, Optional<LocalDate> voucherValidUntil) {

  public static final int MAX_RULES = 20;
  public static final int MAX_DOCUMENTS = DocumentType.MAX_FILES;
  /** A budget ceiling (one billion euros): beyond it the figure is a typing slip. */
  public static final long MAX_BUDGET_CENTS = 100_000_000_000L;
  private static final Pattern KEY = Pattern.compile("^[a-z0-9_]{2,40}$");

  public BandoDefinition {
    rules = List.copyOf(rules);
    documents = List.copyOf(documents);
  }

  /** buoni_spesa: admitted households get vouchers for local shops; contributo: a sum the Comune pays out. */
  public enum Kind {
    BUONI_SPESA, CONTRIBUTO;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Kind> fromWire(String s) {
      for (Kind k : values()) {
        if (k.wireName().equals(s)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  /** first_come: by protocol (the server's receive order) within the budget; score: by points. */
  public enum Ranking {
    FIRST_COME, SCORE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Ranking> fromWire(String s) {
      for (Ranking r : values()) {
        if (r.wireName().equals(s)) {
          return Optional.of(r);
        }
      }
      return Optional.empty();
    }
  }

  /** Why this definition cannot be a bando, the first thing wrong; empty when it can. */
  public Optional<Refusal> problem() {
    if (title == null || title.strip().length() < 5 || title.length() > 200) {
      return invalid("bando-title", "Il titolo ha da 5 a 200 caratteri.");
    }
    if (summary == null || summary.strip().length() < 10 || summary.length() > 600) {
      return invalid("bando-summary", "La sintesi ha da 10 a 600 caratteri.");
    }
    if (body == null || body.strip().length() < 10 || body.length() > 20_000) {
      return invalid("bando-body", "Il testo del bando ha da 10 a 20.000 caratteri.");
    }
    if (!window.closes().isAfter(window.opens())) {
      return invalid("bando-window", "La chiusura deve venire dopo l'apertura.");
    }
    if (budgetCents <= 0 || budgetCents > MAX_BUDGET_CENTS) {
      return invalid("bando-budget", "Lo stanziamento deve essere positivo (e non oltre un miliardo di euro).");
    }
    Optional<Refusal> amountProblem = amount.problem();
    if (amountProblem.isPresent()) {
      return amountProblem;
    }
    if (amount.amountFor(1, 0) > budgetCents) {
      return invalid("bando-budget-below-amount", "Lo stanziamento non basta nemmeno per un nucleo.");
    }
    if (kind == Kind.BUONI_SPESA) {
      if (voucherValidUntil.isEmpty()) {
        return invalid("bando-voucher-expiry", "Per i buoni spesa indichi fino a quando si possono spendere.");
      }
      if (!voucherValidUntil.get().isAfter(Window.local(window.closes()).toLocalDate())) {
        return invalid("bando-voucher-expiry", "I buoni devono restare spendibili oltre la chiusura del bando.");
      }
    } else if (voucherValidUntil.isPresent()) {
      return invalid("bando-voucher-expiry", "La scadenza dei buoni vale solo per un bando di buoni spesa.");
    }
    Optional<Refusal> ruleProblem = rulesProblem();
    return ruleProblem.isPresent() ? ruleProblem : documentsProblem();
  }

  private Optional<Refusal> rulesProblem() {
    if (rules.size() > MAX_RULES) {
      return invalid("bando-rules", "Un bando ha al massimo " + MAX_RULES + " requisiti.");
    }
    Set<String> types = new HashSet<>();
    Set<String> declarations = new HashSet<>();
    for (EligibilityRule rule : rules) {
      if (rule instanceof Declaration d) {
        if (d.id() == null || !KEY.matcher(d.id()).matches()) {
          return invalid("bando-rules", "Ogni dichiarazione ha un codice di 2-40 lettere minuscole, cifre o _.");
        }
        if (d.text() == null || d.text().strip().length() < 5 || d.text().length() > 300) {
          return invalid("bando-rules", "Il testo di una dichiarazione ha da 5 a 300 caratteri.");
        }
        if (!declarations.add(d.id())) {
          return invalid("bando-rules", "Due dichiarazioni hanno lo stesso codice: " + d.id() + ".");
        }
        continue;
      }
      if (!types.add(rule.type())) {
        return invalid("bando-rules", "Il requisito «" + Eligibility.describe(rule) + "» è indicato due volte.");
      }
      if (rule instanceof IseeMax r && (r.maxCents() <= 0 || r.maxCents() > Isee.MAX_CENTS)) {
        return invalid("bando-rules", "La soglia ISEE deve essere positiva e non oltre dieci milioni di euro.");
      }
      if (rule instanceof HouseholdSize r && !range(r.min(), r.max(), 1, EligibilityRule.MAX_HOUSEHOLD)) {
        return invalid("bando-rules", "Il nucleo va da 1 a " + EligibilityRule.MAX_HOUSEHOLD
            + " persone: indichi un minimo, un massimo o entrambi, il minimo non oltre il massimo.");
      }
      if (rule instanceof ChildUnder r && (r.age() < 1 || r.age() > 26)) {
        return invalid("bando-rules", "L'età dei figli va da 1 a 26 anni.");
      }
      if (rule instanceof ApplicantAge r && !range(r.min(), r.max(), 0, EligibilityRule.MAX_AGE)) {
        return invalid("bando-rules", "L'età di chi presenta la domanda va da 0 a " + EligibilityRule.MAX_AGE
            + " anni: indichi un minimo, un massimo o entrambi, il minimo non oltre il massimo.");
      }
    }
    return Optional.empty();
  }

  private static boolean range(Optional<Integer> min, Optional<Integer> max, int lowest, int highest) {
    if (min.isEmpty() && max.isEmpty()) {
      return false;
    }
    if (min.filter(m -> m < lowest || m > highest).isPresent() || max.filter(m -> m < lowest || m > highest).isPresent()) {
      return false;
    }
    return min.isEmpty() || max.isEmpty() || min.get() <= max.get();
  }

  private Optional<Refusal> documentsProblem() {
    if (documents.size() > MAX_DOCUMENTS) {
      return invalid("bando-documents", "Un bando chiede al massimo " + MAX_DOCUMENTS + " documenti.");
    }
    Set<String> kinds = new HashSet<>();
    for (DocumentRequest d : documents) {
      if (d.kind() == null || !KEY.matcher(d.kind()).matches()) {
        return invalid("bando-documents", "Ogni documento ha un codice di 2-40 lettere minuscole, cifre o _.");
      }
      if (d.label() == null || d.label().strip().length() < 3 || d.label().length() > 200) {
        return invalid("bando-documents", "Il nome di un documento ha da 3 a 200 caratteri.");
      }
      if (!kinds.add(d.kind())) {
        return invalid("bando-documents", "Il documento " + d.kind() + " è chiesto due volte.");
      }
    }
    return Optional.empty();
  }

  /** The document the bando asks under {@code kind}, if it does. */
  public Optional<DocumentRequest> document(String kind) {
    return documents.stream().filter(d -> d.kind().equals(kind)).findFirst();
  }

  private static Optional<Refusal> invalid(String type, String detail) {
    return Optional.of(Refusal.invalid(type, detail));
  }
}
