package coop.sportello.booking;

import coop.sportello.booking.domain.FringeBenefitLimit;
import coop.sportello.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Paying a booking with welfare credit, inside the caller's transaction: what it costs (or why
 * credit cannot pay it at all), and the debit with its ledger row. Used when the person confirms
 * their own booking and when they approve someone's request to spend their credit.
 */
public final class WelfarePayment {

  /** What credit would pay for a booking: its price, and for fringe benefits the tax year and the limit that applies. */
  public record Payable(int priceCents, LocalDate day, boolean fringe, boolean dependentChildren) {
    /** What is left of the year's fringe-benefit limit after {@code usedCents}; no limit for other services. */
    public int fringeHeadroom(int usedCents) {
      return fringe ? Math.max(0, FringeBenefitLimit.centsFor(day.getYear(), dependentChildren) - usedCents) : Integer.MAX_VALUE;
    }
  }

  /** Credit taken from the wallet of {@code planId}. */
  public record Debited(int cents, UUID planId) { }

  private final WalletRepository wallets;

  public WelfarePayment(WalletRepository wallets) {
    this.wallets = wallets;
  }

  /** The booking's price in credit; refused when its person is no employee or its service is not welfare-eligible. */
  public Future<Payable> payable(SqlClient conn, UUID bookingId) {
    return wallets.payingFacts(conn, bookingId).compose(found -> {
      JsonObject facts = found.orElseThrow();
      String letter = facts.getString("letter");
      if (!facts.getBoolean("employee")) {
        return Future.failedFuture(new Problem(422, "not-an-employee", "Credito welfare non disponibile",
            "Il credito welfare è dei dipendenti delle aziende aderenti."));
      }
      if (letter == null) {
        return Future.failedFuture(new Problem(422, "not-welfare-eligible", "Servizio non pagabile con il welfare",
            "Questo servizio non rientra nei servizi pagabili con il credito welfare."));
      }
      return Future.succeededFuture(new Payable(facts.getInteger("price"), LocalDate.parse(facts.getString("day")),
          "fringe_benefit".equals(letter), facts.getBoolean("children")));
    });
  }

  /**
   * Debits {@code cents} from the person's wallet (never below zero) and, for fringe benefits, adds
   * them to the employee's yearly use (never above the limit), writes the ledger row (naming the
   * consent spent, if the actor is not the person) and marks the booking paid. Any refusal fails
   * the caller's whole transaction.
   */
  public Future<Debited> debit(SqlClient conn, String actor, UUID bookingId, String person, Payable payable, int cents,
                              UUID consentId) {
    if (cents <= 0) {
      throw new IllegalArgumentException("a debit takes a positive amount");
    }
    LocalDate day = payable.day();
    Future<Void> limit = !payable.fringe() ? Future.succeededFuture()
        : wallets.useFringeBenefit(conn, person, day.getYear(), cents,
                FringeBenefitLimit.centsFor(day.getYear(), payable.dependentChildren()))
            .compose(ok -> ok ? Future.<Void>succeededFuture() : Future.failedFuture(Problem.conflict("fringe-benefit-limit",
                "Con questo acquisto supereresti il limite annuo dei fringe benefit: non è possibile pagarlo con il welfare.")));
    return limit.compose(v -> wallets.debit(conn, person, day, cents)).compose(plan -> plan.isEmpty()
        ? Future.failedFuture(Problem.conflict("insufficient-credit", "Il credito welfare disponibile non basta per "
            + "questa prenotazione.").with("priceCents", cents))
        : wallets.record(conn, person, plan.get(), -cents, "payment", bookingId, actor, consentId)
            .compose(x -> wallets.markPaid(conn, bookingId, cents, plan.get(), payable.fringe() ? day.getYear() : null))
            .map(new Debited(cents, plan.get())));
  }

  /** What the person's credit can pay for this booking, for the payment plan. */
  public Future<WalletRepository.CreditHeld> held(SqlClient conn, String person, Payable payable) {
    return wallets.creditHeld(conn, person, payable.day());
  }

  /** Gives back the credit the booking paid, to the wallet it came from, with its ledger row (nothing if none). */
  public Future<Void> refund(SqlClient conn, UUID bookingId, String actor) {
    return wallets.refund(conn, bookingId, actor);
  }

  /** A rescheduled booking's credit payment now pays its replacement. */
  public Future<Void> move(SqlClient conn, UUID from, UUID to) {
    return wallets.movePayment(conn, from, to);
  }
}
