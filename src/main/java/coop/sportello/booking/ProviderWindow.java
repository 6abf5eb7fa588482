package coop.sportello.booking;

import java.time.LocalDate;

/**
 * What a cooperative asks its bookings for: those starting from {@code from} to {@code to}
 * (Europe/Rome days, both included, at most {@link #MAX_DAYS} apart), page {@code page} (from 1)
 * of {@code size}.
 */
record ProviderWindow(LocalDate from, LocalDate to, int page, int size) {

  static final int MAX_DAYS = 62;
  static final int MAX_SIZE = 200;

  int offset() {
    return (page - 1) * size;
  }
}
