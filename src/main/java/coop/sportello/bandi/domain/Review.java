package coop.sportello.bandi.domain;

import coop.sportello.platform.domain.Refusal;

import java.util.Optional;
import java.util.Set;

/**
 * What an officer may do with an application in each status. Ask for more (incomplete, with what
 * is missing) and admit only an application waiting for a decision (submitted or incomplete);
 * reject one waiting, or revoke an admitted one (its amount goes back to the budget); mark paid
 * an admitted application of a {@code contributo} bando (a {@code buoni_spesa} one is paid when
 * its voucher wallet is issued, at admission). Anything else is a 409 naming the status.
 */
public final class Review {

  /** The officer's actions; {@code status} is the one the application takes. */
  public enum Action {
    ASK_MORE("incomplete"), ADMIT("admitted"), REJECT("rejected"), MARK_PAID("paid");

    private final String status;

    Action(String status) {
      this.status = status;
    }

    public String status() {
      return status;
    }
  }

  /** Statuses waiting for the officer's decision. */
  public static final Set<String> WAITING = Set.of("submitted", "incomplete");
  /** Statuses whose amount is counted in the bando's granted_cents. */
  public static final Set<String> GRANTED = Set.of("admitted", "paid");
  public static final Set<String> STATUSES = Set.of("submitted", "incomplete", "admitted", "rejected", "paid", "withdrawn");
  public static final int MIN_REASON = 3;
  public static final int MAX_REASON = 2000;

  private Review() { }

  /** The statuses {@code action} starts from, for a bando of {@code bandoKind}. */
  public static Set<String> from(Action action, String bandoKind) {
    return switch (action) {
      case ASK_MORE, ADMIT -> WAITING;
      case REJECT -> Set.of("submitted", "incomplete", "admitted");
      case MARK_PAID -> "contributo".equals(bandoKind) ? Set.of("admitted") : Set.of();
    };
  }

  /** Why {@code action} cannot be done on an application in {@code status}; empty when it can. */
  public static Optional<Refusal> refusal(Action action, String bandoKind, String status) {
    if (action == Action.MARK_PAID && !"contributo".equals(bandoKind)) {
      return Optional.of(Refusal.conflict("paid-by-voucher",
          "Le domande di un bando di buoni spesa risultano pagate quando il Comune emette il borsellino dei buoni, all'ammissione."));
    }
    if (from(action, bandoKind).contains(status)) {
      return Optional.empty();
    }
    return Optional.of(Refusal.conflict("application-" + status, "La domanda è " + words(status) + ": "
        + switch (action) {
          case ASK_MORE -> "non si possono chiedere integrazioni.";
          case ADMIT -> "non si può ammettere.";
          case REJECT -> "non si può respingere.";
          case MARK_PAID -> "si segna pagata solo una domanda ammessa.";
        }));
  }

  /** A reason in plain words, 3-2000 characters once trimmed; asked to ask more and to reject. */
  public static Optional<Refusal> reasonProblem(String reason) {
    String r = reason == null ? "" : reason.strip();
    return r.length() < MIN_REASON || r.length() > MAX_REASON
        ? Optional.of(Refusal.invalid("reason-required", "Scrivi il motivo per il richiedente (da 3 a 2000 caratteri)."))
        : Optional.empty();
  }

  static String words(String status) {
    return switch (status) {
      case "submitted" -> "in attesa di esame";
      case "incomplete" -> "in attesa di integrazioni";
      case "admitted" -> "già ammessa";
      case "rejected" -> "respinta";
      case "paid" -> "già pagata";
      case "withdrawn" -> "ritirata dal richiedente";
      default -> status;
    };
  }
}
