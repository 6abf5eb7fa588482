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
final class WelfarePayment {

  /** What credit would pay for a booking: its price, and for fringe benefits the tax year and the limit that applies. */
  record Payable(int priceCents, LocalDate day, boolean fringe, boolean dependentChildren) { }

  private final WalletRepository wallets;

  WelfarePayment(WalletRepository wallets) {
    this.wallets = wallets;
  }

  /** The booking's price in credit; refused when its person is no employee or its service is not welfare-eligible. */
  Future<Payable> payable(SqlClient conn, UUID bookingId) {
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
  Future<Integer> debit(SqlClient conn, String actor, UUID bookingId, String person, Payable payable, int cents,
                        UUID consentId) {
    if (cents == 0) {
      return Future.succeededFuture(0);
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
            .map(cents));
  }
}
