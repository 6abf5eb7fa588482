package coop.sportello.vouchers.domain;

import coop.sportello.platform.domain.Refusal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The rules of a shop's counter: how long a charge waits for the holder's confirmation, how many
 * wrong confirmations it takes, the largest charge, when a shop may still refund (storno) a charge
 * of its own (the same day, Europe/Rome), and the refusals, worded for the shopkeeper.
 */
public final class CounterRules {

  public static final ZoneId ROME = ZoneId.of("Europe/Rome");
  /** A pending charge is confirmed within this time or expires. */
  public static final Duration CONFIRM_WITHIN = Duration.ofMinutes(5);
  /** Wrong PINs or one-time codes on one charge before it is cancelled. */
  public static final int MAX_WRONG_CONFIRMATIONS = 3;
  /** The largest single charge: 1000 € (a wallet holds a few hundred euro at most). */
  public static final int MAX_CHARGE_CENTS = 100_000;

  /** Unknown wallet code, wrong PIN, wrong one-time code: one answer, so a code cannot be tested. */
  public static final Refusal NOT_CONFIRMED = Refusal.invalid("voucher-not-confirmed",
      "Il codice del buono, il PIN o il codice usa e getta non sono corretti. Ricontrolla e riprova.");
  public static final Refusal NOT_A_SHOP = Refusal.forbidden(
      "Solo un esercizio commerciale accreditato dal Comune può incassare i buoni spesa.");
  public static final Refusal NOT_ACCREDITED = new Refusal(403, "shop-not-accredited",
      "Il tuo esercizio non è accreditato dal Comune di questo buono: il buono non si può usare qui.");
  public static final Refusal EXPIRED = Refusal.conflict("voucher-expired",
      "Il buono è scaduto: non si può più spendere.");
  public static final Refusal INSUFFICIENT = Refusal.conflict("voucher-insufficient",
      "Il saldo del buono non basta per questo importo.");
  public static final Refusal CHARGE_GONE = Refusal.conflict("charge-not-pending",
      "Questo addebito non è più in attesa di conferma (confermato, annullato o scaduto): se serve, inseriscine uno nuovo.");
  public static final Refusal REFUND_LATE = Refusal.conflict("refund-not-today",
      "Lo storno si fa solo nel giorno dell'addebito: per un addebito di un altro giorno rivolgiti al Comune.");
  public static final Refusal NOT_REFUNDABLE = Refusal.conflict("charge-not-refundable",
      "Si può stornare solo un addebito confermato e non ancora stornato.");
  public static final Refusal NO_CHARGE = Refusal.notFound("not-found", "Nessun addebito del tuo esercizio con questo identificativo.");
  public static final Refusal BAD_CODE = Refusal.invalid("invalid-wallet-code",
      "Il codice del buono è di 12 cifre: lo trovi sotto il codice QR, nella pagina «I miei buoni» del cittadino.");

  private CounterRules() {
  }

  /** An amount a shop may ask: 1 cent to {@link #MAX_CHARGE_CENTS}. */
  public static Optional<Refusal> amount(int cents) {
    return cents > 0 && cents <= MAX_CHARGE_CENTS ? Optional.empty() : Optional.of(Refusal.invalid("invalid-amount",
        "L'importo va da 0,01 € a " + MAX_CHARGE_CENTS / 100 + " €."));
  }

  /** A charge confirmed at {@code confirmedAt} can be refunded by its shop at {@code now} when it is still that day in Rome. */
  public static boolean sameDay(Instant confirmedAt, Instant now) {
    return day(confirmedAt).equals(day(now));
  }

  public static LocalDate day(Instant at) {
    return at.atZone(ROME).toLocalDate();
  }

  /** The first instant after the day {@code validUntil} in Rome: the wallet's expiry. */
  public static Instant expiresAt(LocalDate validUntil) {
    return validUntil.plusDays(1).atStartOfDay(ROME).toInstant();
  }
}
