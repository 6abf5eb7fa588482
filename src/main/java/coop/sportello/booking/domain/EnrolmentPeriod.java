package coop.sportello.booking.domain;

import coop.sportello.platform.domain.Refusal;
import coop.sportello.pricing.domain.TariffUnit;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The period of an enrolment (issue 21): {@code count} whole weeks (Monday to Sunday) or whole
 * calendar months, in Europe/Rome, starting on {@code first}, which is a Monday for weeks and the
 * first of a month for months. The period covers every slot of the service that starts from
 * {@link #startsAt} (included) to {@link #endsAt} (excluded).
 */
public record EnrolmentPeriod(TariffUnit unit, LocalDate first, int count) {

  public static final ZoneId ROME = ZoneId.of("Europe/Rome");
  /** The most periods one enrolment may take: a summer's weeks, a school year's months. */
  public static final int MAX_WEEKS = 16;
  public static final int MAX_MONTHS = 12;

  public EnrolmentPeriod {
    refusal(unit, first, count).ifPresent(r -> {
      throw new IllegalArgumentException(r.detail());
    });
  }

  /** Why {@code count} periods of {@code unit} from {@code first} are not an enrolment's period, if they are not. */
  public static Optional<Refusal> refusal(TariffUnit unit, LocalDate first, int count) {
    if (unit.soldBySlot()) {
      return Optional.of(Refusal.invalid("not-an-enrolment", "Questo servizio si prenota una fascia oraria alla volta, "
          + "non con un'iscrizione."));
    }
    int most = unit == TariffUnit.WEEK ? MAX_WEEKS : MAX_MONTHS;
    if (count < 1 || count > most) {
      return Optional.of(Refusal.invalid("invalid-period", unit == TariffUnit.WEEK
          ? "Ci si iscrive da 1 a " + MAX_WEEKS + " settimane alla volta."
          : "Ci si iscrive da 1 a " + MAX_MONTHS + " mesi alla volta."));
    }
    if (unit == TariffUnit.WEEK && first.getDayOfWeek() != DayOfWeek.MONDAY) {
      return Optional.of(Refusal.invalid("invalid-period", "Le settimane di iscrizione cominciano di lunedì."));
    }
    if (unit == TariffUnit.MONTH && first.getDayOfMonth() != 1) {
      return Optional.of(Refusal.invalid("invalid-period", "I mesi di iscrizione cominciano il primo del mese."));
    }
    return Optional.empty();
  }

  /** The period's first day. */
  public LocalDate firstDay() {
    return first;
  }

  /** The day after the period's last day. */
  public LocalDate endExclusive() {
    return unit == TariffUnit.WEEK ? first.plusWeeks(count) : first.plusMonths(count);
  }

  public LocalDate lastDay() {
    return endExclusive().minusDays(1);
  }

  /** Midnight of the first day in Italy. */
  public Instant startsAt() {
    return first.atStartOfDay(ROME).toInstant();
  }

  /** Midnight after the last day in Italy. */
  public Instant endsAt() {
    return endExclusive().atStartOfDay(ROME).toInstant();
  }

  /** The first day of each week or month of the period, in order. */
  public List<LocalDate> periodStarts() {
    List<LocalDate> starts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      starts.add(unit == TariffUnit.WEEK ? first.plusWeeks(i) : first.plusMonths(i));
    }
    return starts;
  }

  /** Whether {@code day} is one of the period's days. */
  public boolean covers(LocalDate day) {
    return !day.isBefore(first) && day.isBefore(endExclusive());
  }

  /** Whether the period has begun on {@code today} (an enrolment starts on a day still to come). */
  public boolean begunBy(LocalDate today) {
    return !first.isAfter(today);
  }

  /** Whether the period ends more than {@code horizonDays} after {@code today} (the service's booking horizon). */
  public boolean beyondHorizon(LocalDate today, int horizonDays) {
    return lastDay().isAfter(today.plusDays(horizonDays));
  }
}
