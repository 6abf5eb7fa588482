package coop.sportello.vouchers;

import coop.sportello.kiosk.PinCheck;
import coop.sportello.providers.ProvidersRepository;
import coop.sportello.kiosk.domain.QrSvg;
import coop.sportello.payments.VoucherWallets;
import coop.sportello.platform.auth.Identity;
import coop.sportello.platform.database.IdempotencyStore;
import coop.sportello.platform.http.Idempotency;
import coop.sportello.platform.http.Idempotency.Outcome;
import coop.sportello.platform.http.Problem;
import coop.sportello.statements.domain.StatementMonth;
import coop.sportello.vouchers.VoucherRepository.Charge;
import coop.sportello.vouchers.VoucherRepository.Shop;
import coop.sportello.vouchers.domain.CounterRules;
import coop.sportello.vouchers.domain.ReimbursementCsv;
import coop.sportello.vouchers.domain.ReimbursementStatement;
import coop.sportello.vouchers.domain.VoucherUse;
import coop.sportello.vouchers.domain.WalletCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Voucher wallets (buoni spesa). A bando's admission grants one ({@link #grant}, in the admitting
 * transaction); the payments service spends it on a booking and gives it back
 * ({@link VoucherWallets}, in its transaction); an accredited shop charges it at its counter: the
 * shop asks ({@link #requestCharge}), the holder confirms with their kiosk PIN typed on the shop's
 * phone or the one-time code shown on their own phone ({@link #confirmCharge}), and the shop may
 * refund its own charge the same day ({@link #refundCharge}). Every movement is one conditional
 * update with its ledger row; nothing moves money between wallets or pays it out as cash.
 */
public final class VoucherService implements VoucherGrants, VoucherWallets {

  /** Code draws before a grant gives up (a 12-digit code is drawn twice once in 10^12). */
  private static final int CODE_ROUNDS = 3;
  private static final int EXPIRY_BATCH = 500;
  private static final String BY_PIN = "pin";
  private static final String BY_CODE = "one_time_code";

  private final Pool pool;
  private final VoucherRepository repository;
  private final PinCheck pins;
  private final Clock clock;

  VoucherService(Pool pool, VoucherRepository repository, PinCheck pins, Clock clock) {
    this.pool = pool;
    this.repository = repository;
    this.pins = pins;
    this.clock = clock;
  }

  private Future<Outcome> change(Idempotency.Key key, Function<SqlConnection, Future<Outcome>> work) {
    return pool.withTransaction(conn -> IdempotencyStore.once(conn, key, () -> work.apply(conn)));
  }

  // ---- granting, in the bandi service's transaction ----------------------------------------------

  @Override
  public Future<UUID> grant(SqlConnection conn, VoucherGrant grant) {
    if (grant.amountCents() <= 0) {
      return Future.failedFuture(new IllegalArgumentException("a voucher grant is of a positive amount"));
    }
    return repository.walletOfApplication(conn, grant.applicationId()).compose(found -> found.isPresent()
        ? Future.succeededFuture(found.get()) : open(conn, grant, 0));
  }

  private Future<UUID> open(SqlConnection conn, VoucherGrant grant, int round) {
    if (round == CODE_ROUNDS) {
      return Future.failedFuture(new IllegalStateException("voucher wallet codes kept colliding"));
    }
    return repository.insertWallet(conn, grant, WalletCode.next(), CounterRules.expiresAt(grant.validUntil()))
        .compose(made -> made.isPresent() ? Future.succeededFuture(made.get())
            // The application got its wallet meanwhile (a concurrent grant), or the code was taken: look, else draw again.
            : repository.walletOfApplication(conn, grant.applicationId()).compose(found -> found.isPresent()
                ? Future.succeededFuture(found.get()) : open(conn, grant, round + 1)));
  }

  // ---- paying bookings, in the payments service's transaction -------------------------------------

  @Override
  public Future<Void> debit(SqlConnection conn, UUID wallet, String person, UUID bookingId, int cents, String actor) {
    return repository.wallet(conn, wallet).compose(found -> {
      if (found.isEmpty() || !found.get().person().equals(person)) {
        return Future.failedFuture(noWallet());
      }
      VoucherRepository.Wallet w = found.get();
      if (w.expired()) {
        return Future.failedFuture(Problem.of(CounterRules.EXPIRED));
      }
      return repository.bookingPlace(conn, bookingId).map(Optional::orElseThrow).compose(place -> {
        List<String> served = place.getJsonArray("served").stream().map(String::valueOf).toList();
        Optional<Problem> elsewhere = VoucherUse.booking(w.municipality(), place.getString("kind"),
            place.getString("municipality"), served).map(Problem::of);
        return elsewhere.<Future<Void>>map(Future::failedFuture).orElseGet(() ->
            repository.spend(conn, wallet, cents, null, bookingId, actor).compose(balance -> balance.isPresent()
                ? Future.<Void>succeededFuture()
                : Future.failedFuture(Problem.of(CounterRules.INSUFFICIENT).with("balanceCents", w.balanceCents()))));
      });
    });
  }

  @Override
  public Future<Void> refund(SqlConnection conn, UUID wallet, UUID bookingId, int cents, String actor) {
    return repository.bookingNet(conn, wallet, bookingId).compose(net -> net < cents
        ? Future.failedFuture(new IllegalStateException("a booking gets back at most what its voucher paid"))
        : repository.giveBack(conn, wallet, cents, null, bookingId, actor).mapEmpty());
  }

  static Problem noWallet() {
    return new Problem(422, "no-voucher-wallet", "Buono spesa non disponibile",
        "Nessun buono spesa tuo con questo identificativo: scegli un altro modo di pagare.");
  }

  // ---- the holder -------------------------------------------------------------------------------

  /** The person's wallets: balance, expiry, the code and QR code to show, movements, charges waiting, where to spend. */
  public Future<JsonObject> myWallets(Identity person) {
    return repository.walletsOf(pool, person.subject()).map(items -> {
      for (Object item : items) {
        JsonObject wallet = (JsonObject) item;
        String code = wallet.getString("code");
        wallet.put("codeGrouped", WalletCode.grouped(code)).put("qrSvg", QrSvg.of(code, "Codice del buono spesa"));
      }
      return new JsonObject().put("items", items);
    });
  }

  // ---- the shop's counter -----------------------------------------------------------------------

  private Future<Shop> shopOf(Identity shopkeeper) {
    if (shopkeeper.providerId() == null) {
      return Future.failedFuture(Problem.of(CounterRules.NOT_A_SHOP));
    }
    return repository.shop(pool, UUID.fromString(shopkeeper.providerId())).compose(shop -> shop.isPresent() && shop.get().isShop()
        ? Future.succeededFuture(shop.get()) : Future.failedFuture(Problem.of(CounterRules.NOT_A_SHOP)));
  }

  /**
   * The shop asks to charge {@code cents} to the wallet with this code: a pending charge. Whether
   * the code is a wallet's is not told here (a code that is no wallet's gets a charge nobody can
   * confirm), so codes cannot be tried at the counter.
   */
  public Future<Outcome> requestCharge(Identity shopkeeper, String typedCode, int cents, Idempotency.Key key) {
    CounterRules.amount(cents).ifPresent(r -> {
      throw Problem.of(r);
    });
    String code = WalletCode.parse(typedCode).orElseThrow(() -> Problem.of(CounterRules.BAD_CODE));
    return shopOf(shopkeeper).compose(shop -> change(key, conn -> repository.walletByCode(conn, code).compose(wallet ->
        repository.insertCharge(conn, shop.id(), wallet.map(VoucherRepository.Wallet::id).orElse(null),
                wallet.map(w -> UUID.fromString(w.person())).orElse(WalletCode.standIn(code)), cents,
                WalletCode.oneTimeCode(), shopkeeper.subject())
            .map(charge -> new Outcome(201, charge)))));
  }

  /**
   * The holder confirms the shop's pending charge with their PIN or the charge's one-time code; then,
   * in one short transaction, the wallet is checked (not expired, its municipality has accredited
   * the shop) and debited, never below zero, with its ledger row. A wrong PIN is throttled and
   * delayed like a kiosk PIN, and answered exactly as a code that is no wallet's.
   */
  public Future<Outcome> confirmCharge(Identity shopkeeper, UUID chargeId, String pin, String oneTimeCode,
                                       Idempotency.Key key) {
    return shopOf(shopkeeper).compose(shop -> repository.charge(pool, chargeId, shop.id()).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(Problem.of(CounterRules.NO_CHARGE));
      }
      Charge charge = found.get();
      // A charge no longer pending is not checked again: a retry replays its answer, anything else is refused.
      Future<String> proof = !charge.pending() ? Future.succeededFuture(BY_PIN) : prove(shopkeeper, charge, pin, oneTimeCode);
      return proof.compose(by -> change(key, conn -> debitCharge(conn, shopkeeper, chargeId, shop.id(), by)));
    }));
  }

  private Future<String> prove(Identity shopkeeper, Charge charge, String pin, String oneTimeCode) {
    Problem wrong = Problem.of(CounterRules.NOT_CONFIRMED);
    Future<String> checked;
    if (pin != null) {
      checked = pins.verify(charge.person(), "voucher-shop:" + shopkeeper.subject(), pin, wrong).map(BY_PIN);
    } else {
      boolean right = oneTimeCode != null && MessageDigest.isEqual(oneTimeCode.getBytes(StandardCharsets.UTF_8),
          charge.oneTimeCode().getBytes(StandardCharsets.UTF_8)) && charge.walletId() != null;
      checked = right ? Future.succeededFuture(BY_CODE) : Future.failedFuture(wrong);
    }
    return checked.recover(e -> repository.wrongConfirmation(pool, charge.id()).transform(counted -> Future.failedFuture(e)));
  }

  private Future<Outcome> debitCharge(SqlConnection conn, Identity shopkeeper, UUID chargeId, UUID shop, String by) {
    return repository.lockCharge(conn, chargeId, shop).map(Optional::orElseThrow).compose(charge -> {
      if (!charge.pending() || charge.overdue()) {
        return Future.failedFuture(Problem.of(CounterRules.CHARGE_GONE));
      }
      if (charge.walletId() == null) {
        return Future.failedFuture(Problem.of(CounterRules.NOT_CONFIRMED));
      }
      return repository.wallet(conn, charge.walletId()).map(Optional::orElseThrow).compose(wallet -> {
        if (wallet.expired()) {
          return Future.failedFuture(Problem.of(CounterRules.EXPIRED));
        }
        return repository.accredited(conn, shop, wallet.municipality()).compose(accredited -> !accredited
            ? Future.failedFuture(Problem.of(CounterRules.NOT_ACCREDITED))
            : repository.spend(conn, wallet.id(), charge.amountCents(), chargeId, null, shopkeeper.subject()))
            .compose(balance -> balance.isEmpty()
                ? Future.failedFuture(Problem.of(CounterRules.INSUFFICIENT).with("balanceCents", wallet.balanceCents()))
                : repository.confirmCharge(conn, chargeId, by).map(v -> new Outcome(200, new JsonObject()
                    .put("id", chargeId.toString()).put("state", "confirmed").put("amountCents", charge.amountCents())
                    .put("balanceCents", balance.get()).put("confirmedBy", by))));
      });
    });
  }

  /** The shop gives back a charge of its own, confirmed today (Europe/Rome): the amount returns to the wallet. */
  public Future<Outcome> refundCharge(Identity shopkeeper, UUID chargeId, Idempotency.Key key) {
    return shopOf(shopkeeper).compose(shop -> change(key, conn -> repository.lockCharge(conn, chargeId, shop.id())
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(Problem.of(CounterRules.NO_CHARGE));
          }
          Charge charge = found.get();
          if (!"confirmed".equals(charge.state())) {
            return Future.failedFuture(Problem.of(CounterRules.NOT_REFUNDABLE));
          }
          if (!CounterRules.sameDay(charge.confirmedAt(), clock.instant())) {
            return Future.failedFuture(Problem.of(CounterRules.REFUND_LATE));
          }
          return repository.giveBack(conn, charge.walletId(), charge.amountCents(), chargeId, null, shopkeeper.subject())
              .compose(balance -> repository.refundCharge(conn, chargeId, shopkeeper.subject()))
              .map(v -> new Outcome(200, new JsonObject().put("id", chargeId.toString()).put("state", "refunded")
                  .put("amountCents", charge.amountCents())));
        })));
  }

  /** The shop's confirmed (and refunded) charges of today, Europe/Rome. */
  public Future<JsonObject> todaysCharges(Identity shopkeeper) {
    LocalDate today = CounterRules.day(clock.instant());
    return shopOf(shopkeeper).compose(shop -> repository.chargesOfShop(pool, shop.id(),
            today.atStartOfDay(CounterRules.ROME).toOffsetDateTime(),
            today.plusDays(1).atStartOfDay(CounterRules.ROME).toOffsetDateTime())
        .map(items -> new JsonObject().put("day", today.toString()).put("shop", shop.name()).put("items", items)));
  }

  // ---- reimbursement statements -----------------------------------------------------------------

  /** The shop's month, per municipality whose vouchers it took. */
  public Future<ReimbursementStatement> shopStatement(Identity shopkeeper, StatementMonth month) {
    return shopOf(shopkeeper).compose(shop -> repository.movements(pool, shop.id(), null, month.from(), month.until()))
        .map(movements -> ReimbursementStatement.of(month.toString(), movements));
  }

  /** Every shop's month in the officer's own municipality. */
  public Future<ReimbursementStatement> municipalityStatement(Identity officer, StatementMonth month) {
    return ProvidersRepository.municipalityOfComune(pool, officer.providerId()).compose(found -> found.isEmpty()
        ? Future.failedFuture(Problem.forbidden("Il tuo account non è collegato a un Comune."))
        : repository.movements(pool, null, found.get(), month.from(), month.until()))
        .map(movements -> ReimbursementStatement.of(month.toString(), movements));
  }

  /**
   * For the bandi's report: what the wallets of {@code bando}'s admissions spent, net of refunds,
   * {@code {spentCents, shops: [{id, name, payments, spentCents}]}} (shops by amount, largest first).
   */
  public Future<JsonObject> spentByBando(SqlClient conn, UUID bando) {
    return repository.spentByBando(conn, bando);
  }

  static JsonObject toJson(ReimbursementStatement statement) {
    JsonArray lines = new JsonArray();
    for (ReimbursementStatement.Line line : statement.lines()) {
      JsonArray movements = new JsonArray();
      line.movements().forEach(m -> movements.add(new JsonObject().put("chargeId", m.chargeId().toString())
          .put("kind", "spend".equals(m.kind()) ? "charge" : "refund").put("amountCents", -m.amountCents()).put("at", m.at())));
      lines.add(new JsonObject().put("shopId", line.shopId().toString()).put("shop", line.shopName())
          .put("municipality", line.municipality()).put("municipalityName", line.municipalityName())
          .put("charges", line.charges()).put("chargedCents", line.chargedCents())
          .put("refunds", line.refunds()).put("refundedCents", line.refundedCents())
          .put("dueCents", line.dueCents()).put("movements", movements));
    }
    return new JsonObject().put("month", statement.month()).put("dueCents", statement.dueCents()).put("lines", lines);
  }

  static String toCsv(ReimbursementStatement statement) {
    return ReimbursementCsv.of(statement);
  }

  // ---- expiry -----------------------------------------------------------------------------------

  /**
   * Wallets past the end of their last day give up what they held (an expiry row), and pending
   * charges past their time are marked expired. Safe on several nodes at once. Answers the wallets expired.
   */
  public Future<Integer> expireDue() {
    return pool.withTransaction(conn -> repository.expireDue(conn, EXPIRY_BATCH)
        .compose(n -> repository.expireCharges(conn).map(n)));
  }
}
