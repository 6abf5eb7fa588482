package coop.sportello.bandi;

import coop.sportello.bandi.ReviewRepository.Bando;
import coop.sportello.bandi.ReviewRepository.Changed;
import coop.sportello.bandi.domain.Ranking;
import coop.sportello.bandi.domain.Review;
import coop.sportello.bandi.domain.Review.Action;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import coop.sportello.privacy.ReadLog;
import coop.sportello.privacy.domain.ReadKind;
import coop.sportello.vouchers.VoucherGrants;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;

/**
 * The Comune's officers review the applications to their own Comune's bandi (the Comune is the
 * token's provider): list and open them, ask for more, admit, reject or revoke, mark paid. Every
 * change is one short transaction under the caller's Idempotency-Key that writes the status
 * history and the applicant's message (outbox) with it. Admitting adds the amount to the bando's
 * granted_cents by one conditional update that never passes the budget; for a buoni spesa bando,
 * when voucher wallets are plugged in, the same transaction opens the wallet and the application
 * is paid. The batch admission walks the ranking, each admission its own transaction.
 */
public final class ReviewService {

  private static final String BUDGET_EXHAUSTED = "/problems/budget-exhausted";

  private final Pool pool;
  private final ReviewRepository repository;
  private final Optional<VoucherGrants> vouchers;

  ReviewService(Pool pool, ReviewRepository repository, Optional<VoucherGrants> vouchers) {
    this.pool = pool;
    this.repository = repository;
    this.vouchers = vouchers;
  }

  // ---- reading ------------------------------------------------------------------------------------

  Future<JsonObject> applications(Identity officer, UUID bando, ReviewRepository.Filter filter, int page, int size) {
    return bando(pool, officer, bando).compose(b -> repository.applications(pool, b.id(), filter, size, (page - 1) * size)
        .compose(list -> ReadLog.recordSubjects(pool, officer, list.getJsonArray("items").stream()
                .map(i -> ((JsonObject) i).getJsonObject("applicant").getString("person")).distinct().toList(),
                ReadKind.BANDO_APPLICATIONS.wireName(), b.id().toString())
            .map(list))
        .map(list -> list.put("page", page).put("size", size).put("bando", summary(b))));
  }

  Future<JsonObject> application(Identity officer, UUID bando, UUID application) {
    return bando(pool, officer, bando).compose(b -> repository.application(pool, b.id(), application))
        .compose(found -> found.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(noApplication())))
        // Read by the Comune's officer: in the read log before it is shown.
        .compose(json -> ReadLog.recordSubjects(pool, officer, List.of(json.getJsonObject("applicant").getString("person")),
            ReadKind.BANDO_APPLICATION.wireName(), application.toString()).map(json));
  }

  /** The waiting applications in ranking order with their points, and which of them the residual budget admits. */
  Future<JsonObject> ranking(Identity officer, UUID bando) {
    return bando(pool, officer, bando).compose(b -> repository.submitted(pool, b.id()).map(rows -> {
      List<Ranking.Candidate<UUID>> ordered = ordered(b, rows);
      int fits = Ranking.withinBudget(ordered, b.residualCents()).size();
      JsonArray items = new JsonArray();
      for (int i = 0; i < ordered.size(); i++) {
        Ranking.Candidate<UUID> c = ordered.get(i);
        items.add(new JsonObject().put("position", i + 1).put("id", c.id().toString()).put("protocol", c.protocol())
            .put("points", c.points()).put("amountCents", c.amountCents()).put("withinBudget", i < fits));
      }
      return summary(b).put("items", items);
    }));
  }

  // ---- one application --------------------------------------------------------------------------

  Future<Outcome> askMore(Identity officer, UUID bando, UUID application, String reason, Idempotency.Key key) {
    reason(reason);
    return change(key, conn -> bando(conn, officer, bando).compose(b ->
        decide(conn, b, application, Action.ASK_MORE, reason.strip(), officer.subject())
            .compose(c -> repository.notify(conn, c.person(), "incomplete", message(b, c, "incomplete", reason.strip()))
                .compose(v -> answer(conn, b, c, "incomplete")))));
  }

  Future<Outcome> admit(Identity officer, UUID bando, UUID application, Idempotency.Key key) {
    return change(key, conn -> bando(conn, officer, bando).compose(b -> admitted(conn, b, application, officer.subject())));
  }

  /** Rejects an application waiting for a decision, or revokes an admitted one (its amount back to the budget). */
  Future<Outcome> reject(Identity officer, UUID bando, UUID application, String reason, Idempotency.Key key) {
    reason(reason);
    return change(key, conn -> bando(conn, officer, bando).compose(b ->
        decide(conn, b, application, Action.REJECT, reason.strip(), officer.subject()).compose(c -> {
          Future<Void> back = Review.GRANTED.contains(c.previous())
              ? repository.giveBack(conn, b.id(), c.amountCents()).mapEmpty() : Future.succeededFuture();
          return back.compose(v -> repository.releaseHousehold(conn, c.id()))
              .compose(v -> repository.notify(conn, c.person(), "rejected", message(b, c, "rejected", reason.strip())
                  .put("revoked", Review.GRANTED.contains(c.previous()))))
              .compose(v -> answer(conn, b, c, "rejected"));
        })));
  }

  /** A contributo paid out by the Comune. */
  Future<Outcome> markPaid(Identity officer, UUID bando, UUID application, Idempotency.Key key) {
    return change(key, conn -> bando(conn, officer, bando).compose(b ->
        decide(conn, b, application, Action.MARK_PAID, null, officer.subject())
            .compose(c -> repository.notify(conn, c.person(), "paid", message(b, c, "paid", null))
                .compose(v -> answer(conn, b, c, "paid")))));
  }

  // ---- the batch after a click day ---------------------------------------------------------------

  /**
   * Admits the waiting (submitted) applications in ranking order until the budget ends: each
   * admission its own short transaction, so other officers are never held up. Stops at the first
   * application the residual budget does not fit. One batch per bando at a time (409
   * batch-running); under the Idempotency-Key a retry gets the first answer.
   */
  Future<Outcome> admitInRanking(Identity officer, UUID bando, Idempotency.Key key) {
    return bando(pool, officer, bando).compose(b -> pool.withTransaction(keyConn -> keyConn
        .preparedQuery("SELECT pg_try_advisory_xact_lock(hashtext('bando-batch'), hashtext($1))")
        .execute(Tuple.of(b.id().toString()))
        .compose(rows -> !rows.iterator().next().getBoolean(0)
            ? Future.failedFuture(Problem.conflict("batch-running",
                "Un'ammissione in ordine di graduatoria di questo bando è già in corso: riprova tra poco."))
            // The key's connection touches nothing else: the admissions take their own connections and commit one by one.
            : IdempotencyStore.once(keyConn, key, () -> batch(b, officer.subject())))));
  }

  private Future<Outcome> batch(Bando b, String actor) {
    return repository.submitted(pool, b.id()).compose(rows -> {
      List<Ranking.Candidate<UUID>> ordered = ordered(b, rows);
      Future<Void> scored = Ranking.Kind.of(b.ranking()) == Ranking.Kind.SCORE
          ? repository.storeScores(pool, ordered.stream().map(Ranking.Candidate::id).toList(),
              ordered.stream().map(Ranking.Candidate::points).toList())
          : Future.succeededFuture();
      return scored.compose(v -> next(b, ordered, 0, actor, 0, false));
    });
  }

  private Future<Outcome> next(Bando b, List<Ranking.Candidate<UUID>> ordered, int at, String actor, int admitted, boolean stopped) {
    if (stopped || at == ordered.size()) {
      return repository.residual(pool, b.id()).map(residual -> new Outcome(200, new JsonObject()
          .put("admitted", admitted).put("residualCents", residual).put("budgetCents", b.budgetCents())
          .put("stoppedByBudget", stopped)));
    }
    UUID id = ordered.get(at).id();
    return pool.withTransaction(conn -> admitted(conn, b, id, actor))
        .map(done -> 1)
        .recover(e -> e instanceof Problem p && BUDGET_EXHAUSTED.equals(p.toJson(null).getString("type")) ? Future.succeededFuture(-1)
            // Decided meanwhile by another officer: not this batch's to admit.
            : e instanceof Problem p && p.status() == 409 ? Future.succeededFuture(0) : Future.failedFuture(e))
        .compose(n -> next(b, ordered, at + 1, actor, admitted + Math.max(n, 0), n < 0));
  }

  // ---- the steps --------------------------------------------------------------------------------

  /**
   * Admission inside {@code conn}'s transaction: the application's conditional update (only from
   * submitted or incomplete), then the budget's (only while it fits; else the whole transaction
   * fails with 409 budget-exhausted and the residual budget), the history, then for buoni spesa
   * the voucher wallet and the paid status, and the applicant's message.
   */
  private Future<Outcome> admitted(SqlConnection conn, Bando b, UUID application, String actor) {
    return decide(conn, b, application, Action.ADMIT, null, actor).compose(c -> repository.grant(conn, b.id(), c.amountCents())
        .compose(residual -> residual.isPresent() ? Future.succeededFuture(c)
            : repository.residual(conn, b.id()).compose(left -> Future.failedFuture(Problem.of(
                Ranking.budgetExhausted(left, c.amountCents())).with("residualCents", left).with("amountCents", c.amountCents())))))
        .compose(c -> {
          if (!"buoni_spesa".equals(b.kind()) || vouchers.isEmpty()) {
            return repository.notify(conn, c.person(), "admitted", message(b, c, "admitted", null))
                .compose(v -> answer(conn, b, c, "admitted"));
          }
          return vouchers.get().grant(conn, new VoucherGrants.VoucherGrant(c.id(), b.id(), c.person(), b.municipality(),
                  c.amountCents(), b.voucherValidUntil()))
              .compose(wallet -> repository.change(conn, b.id(), c.id(), List.of("admitted"), "paid", null, actor)
                  .compose(paid -> repository.event(conn, c.id(), "paid", null, actor))
                  .compose(v -> repository.notify(conn, c.person(), "paid",
                      message(b, c, "paid", null).put("walletId", wallet.toString())))
                  .compose(v -> answer(conn, b, c, "paid").map(o -> {
                    o.body().put("walletId", wallet.toString());
                    return o;
                  })));
        });
  }

  /** The conditional status change and its history row; a refusal when the status does not allow it, 404 when not the bando's. */
  private Future<Changed> decide(SqlConnection conn, Bando b, UUID application, Action action, String reason, String actor) {
    return repository.change(conn, b.id(), application, List.copyOf(Review.from(action, b.kind())), action.status(), reason, actor)
        .compose(changed -> changed.isPresent()
            ? repository.event(conn, application, action.status(), reason, actor).map(changed.get())
            : repository.status(conn, b.id(), application).compose(status -> Future.failedFuture(status.isEmpty() ? noApplication()
                : Problem.of(Review.refusal(action, b.kind(), status.get()).orElseThrow(
                    () -> new IllegalStateException("the update refused what the rule allows"))).with("status", status.get()))));
  }

  private Future<Outcome> answer(SqlConnection conn, Bando b, Changed c, String status) {
    return repository.residual(conn, b.id()).map(residual -> new Outcome(200, new JsonObject()
        .put("id", c.id().toString()).put("protocol", c.protocol()).put("status", status)
        .put("amountCents", c.amountCents()).put("residualCents", residual)));
  }

  private Future<Outcome> change(Idempotency.Key key, Function<SqlConnection, Future<Outcome>> work) {
    return pool.withTransaction(conn -> IdempotencyStore.once(conn, key, () -> work.apply(conn)));
  }

  /** The bando when it is one of the officer's Comune; 404 otherwise (another Comune's bando is not disclosed). */
  private Future<Bando> bando(io.vertx.sqlclient.SqlClient c, Identity officer, UUID bando) {
    if (officer.providerId() == null) {
      return Future.failedFuture(Problem.forbidden("Il tuo account non è collegato a un Comune."));
    }
    return repository.bando(c, bando, UUID.fromString(officer.providerId()))
        .compose(b -> b.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(
            Problem.notFound("Nessun bando del tuo Comune con questo identificativo."))));
  }

  private static List<Ranking.Candidate<UUID>> ordered(Bando b, List<ReviewRepository.Ranked> rows) {
    return Ranking.order(Ranking.Kind.of(b.ranking()), rows.stream().map(r -> new Ranking.Candidate<>(r.id(), r.protocol(),
        Ranking.points(new Ranking.Household(r.iseeCents() == null ? OptionalLong.empty() : OptionalLong.of(r.iseeCents()), r.householdSize(),
            r.children())), r.amountCents())).toList());
  }

  private static JsonObject summary(Bando b) {
    return new JsonObject().put("bandoId", b.id().toString()).put("title", b.title()).put("kind", b.kind())
        .put("ranking", b.ranking()).put("budgetCents", b.budgetCents()).put("grantedCents", b.grantedCents())
        .put("residualCents", b.residualCents());
  }

  private static JsonObject message(Bando b, Changed c, String status, String reason) {
    return new JsonObject().put("applicationId", c.id().toString()).put("bandoId", b.id().toString())
        .put("bandoTitle", b.title()).put("bandoKind", b.kind()).put("providerId", b.comuneId().toString())
        .put("protocol", c.protocol()).put("receivedAt", c.receivedAt().toString()).put("status", status)
        .put("reason", reason).put("amountCents", c.amountCents());
  }

  private static void reason(String reason) {
    Review.reasonProblem(reason).ifPresent(r -> {
      throw Problem.of(r);
    });
  }

  private static Problem noApplication() {
    return Problem.notFound("Nessuna domanda di questo bando con questo identificativo.");
  }
}
