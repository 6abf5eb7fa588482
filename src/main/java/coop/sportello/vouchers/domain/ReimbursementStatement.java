package coop.sportello.vouchers.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What the Comune owes a shop for a month of vouchers: per shop and municipality, the charges
 * confirmed at its counter (spend rows of the wallets' ledger) less the charges it refunded (storno),
 * each counted in the month its ledger row was written (Europe/Rome). The Comune funds the
 * vouchers, so it reimburses the shop the net amount; nothing is ever paid to the holder.
 */
public record ReimbursementStatement(String month, List<Line> lines) {

  /** One ledger row of a shop's charge: kind spend (amount below zero) or refund (above zero). */
  public record Movement(UUID shopId, String shopName, String municipality, String municipalityName, String kind,
                         int amountCents, String at, UUID chargeId) { }

  /** One shop in one municipality: its movements and totals; due = charged − refunded. */
  public record Line(UUID shopId, String shopName, String municipality, String municipalityName, int charges,
                     long chargedCents, int refunds, long refundedCents, List<Movement> movements) {
    public long dueCents() {
      return chargedCents - refundedCents;
    }
  }

  public static ReimbursementStatement of(String month, List<Movement> movements) {
    Map<String, List<Movement>> groups = new LinkedHashMap<>();
    for (Movement m : movements) {
      groups.computeIfAbsent(m.shopId() + "/" + m.municipality(), k -> new ArrayList<>()).add(m);
    }
    List<Line> lines = new ArrayList<>();
    for (List<Movement> group : groups.values()) {
      Movement first = group.get(0);
      int charges = 0;
      int refunds = 0;
      long charged = 0;
      long refunded = 0;
      for (Movement m : group) {
        if (Objects.equals(m.kind(), "spend")) {
          charges++;
          charged -= m.amountCents();
        } else {
          refunds++;
          refunded += m.amountCents();
        }
      }
      lines.add(new Line(first.shopId(), first.shopName(), first.municipality(), first.municipalityName(), charges, charged,
          refunds, refunded, List.copyOf(group)));
    }
    return new ReimbursementStatement(month, List.copyOf(lines));
  }

  public long dueCents() {
    return lines.stream().mapToLong(Line::dueCents).sum();
  }
}
