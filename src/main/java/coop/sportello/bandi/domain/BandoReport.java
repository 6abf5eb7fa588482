package coop.sportello.bandi.domain;

import coop.sportello.statements.domain.StatementCsv;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * What a Comune learns of its bandi, in aggregate only (no person): applications and amounts by
 * status, the budget granted and left, what the buoni spesa paid for (in total and per shop) when
 * the voucher wallets report it, and the applications received per minute, hour or day. As CSV
 * files in the statements' conventions ({@link StatementCsv#write}: BOM, {@code ;}, CRLF, euro
 * with a decimal comma).
 */
public final class BandoReport {

  /** The statuses in the order the reports show them, with their Italian names. */
  public static final Map<String, String> STATUS_NAMES = orderedNames();
  public static final List<String> BUCKETS = List.of("minute", "hour", "day");

  /** Applications of one status: how many, and the sum of their amounts. */
  public record StatusCount(long applications, long amountCents) {
    public static final StatusCount NONE = new StatusCount(0, 0);
  }

  /** What the vouchers of a bando paid at one shop. */
  public record Shop(UUID id, String name, long payments, long spentCents) { }

  /** Applications received in the bucket that starts at {@code start} (Europe/Rome). */
  public record Received(LocalDateTime start, long applications) { }

  /** One bando: its budget, its applications by status, and (buoni spesa) what was spent, when known. */
  public record Bando(UUID id, String title, String kind, String status, long budgetCents, long grantedCents,
                      Map<String, StatusCount> byStatus, OptionalLong spentCents, List<Shop> shops) {
    public long residualCents() {
      return budgetCents - grantedCents;
    }

    public StatusCount count(String status) {
      return byStatus.getOrDefault(status, StatusCount.NONE);
    }

    public long applications() {
      return byStatus.values().stream().mapToLong(StatusCount::applications).sum();
    }
  }

  private BandoReport() { }

  /** One bando's file: by status, the budget lines, spending per shop, then the time series. */
  public static String csv(Bando b, String bucket, List<Received> received) {
    return StatementCsv.write(List.of("Voce", "Dettaglio", "Domande", "Importo (€)"), printer -> {
      for (Map.Entry<String, String> s : STATUS_NAMES.entrySet()) {
        StatusCount c = b.count(s.getKey());
        printer.printRecord("Domande per stato", s.getValue(), c.applications(), StatementCsv.euro(c.amountCents()));
      }
      printer.printRecord("Budget", "", "", StatementCsv.euro(b.budgetCents()));
      printer.printRecord("Concesso (ammesse e pagate)", "", b.count("admitted").applications() + b.count("paid").applications(),
          StatementCsv.euro(b.grantedCents()));
      printer.printRecord("Budget residuo", "", "", StatementCsv.euro(b.residualCents()));
      if (b.spentCents().isPresent()) {
        printer.printRecord("Speso con i buoni", "", "", StatementCsv.euro(b.spentCents().getAsLong()));
        for (Shop shop : b.shops()) {
          printer.printRecord("Speso presso", shop.name(), shop.payments(), StatementCsv.euro(shop.spentCents()));
        }
      }
      for (Received r : received) {
        printer.printRecord("Domande ricevute per " + bucketWords(bucket), r.start().toString().replace('T', ' '),
            r.applications(), "");
      }
    });
  }

  /** A Comune's file: one row per bando. */
  public static String csv(List<Bando> bandi) {
    List<String> header = new java.util.ArrayList<>(List.of("Bando", "Tipo", "Stato", "Budget (€)", "Concesso (€)",
        "Residuo (€)", "Speso con i buoni (€)", "Domande"));
    header.addAll(STATUS_NAMES.values());
    return StatementCsv.write(header, printer -> {
      for (Bando b : bandi) {
        List<Object> row = new java.util.ArrayList<>(List.of(b.title(), "buoni_spesa".equals(b.kind()) ? "Buoni spesa" : "Contributo",
            "published".equals(b.status()) ? "Pubblicato" : "draft".equals(b.status()) ? "Bozza" : "Ritirato",
            StatementCsv.euro(b.budgetCents()), StatementCsv.euro(b.grantedCents()), StatementCsv.euro(b.residualCents()),
            b.spentCents().isPresent() ? StatementCsv.euro(b.spentCents().getAsLong()) : "", b.applications()));
        STATUS_NAMES.keySet().forEach(s -> row.add(b.count(s).applications()));
        printer.printRecord(row);
      }
    });
  }

  private static String bucketWords(String bucket) {
    return switch (bucket) {
      case "minute" -> "minuto";
      case "hour" -> "ora";
      default -> "giorno";
    };
  }

  private static Map<String, String> orderedNames() {
    Map<String, String> names = new java.util.LinkedHashMap<>();
    names.put("submitted", "In attesa di esame");
    names.put("incomplete", "Da integrare");
    names.put("admitted", "Ammesse");
    names.put("paid", "Pagate");
    names.put("rejected", "Respinte");
    names.put("withdrawn", "Ritirate");
    return java.util.Collections.unmodifiableMap(names);
  }
}
