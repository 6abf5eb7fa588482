package coop.sportello.welfarecard.domain;

import coop.sportello.platform.domain.Refusal;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An agreement as its supervisor writes it: a name, the period its cards are valid in, the member
 * companies whose employees get a card, and the package (services with their agreed discounts).
 */
public record AgreementTerms(String name, LocalDate validFrom, LocalDate validUntil, List<UUID> companies,
                             List<Entry> services) {

  /** An agreement runs for at most five years: cards are renewed with a new one. */
  public static final int MAX_YEARS = 5;
  public static final int MAX_COMPANIES = 500;
  public static final int MAX_SERVICES = 500;

  public record Entry(UUID serviceId, AgreedDiscount discount) { }

  public AgreementTerms {
    name = name.strip();
    companies = List.copyOf(companies);
    services = List.copyOf(services);
  }

  public Optional<Refusal> problem() {
    if (name.length() < 3 || name.length() > 200) {
      return Optional.of(Refusal.invalid("invalid-agreement", "Il nome dell'accordo va da 3 a 200 caratteri."));
    }
    if (validUntil.isBefore(validFrom)) {
      return Optional.of(Refusal.invalid("invalid-agreement", "L'accordo finisce prima di cominciare: controlla le date."));
    }
    if (validUntil.isAfter(validFrom.plusYears(MAX_YEARS))) {
      return Optional.of(Refusal.invalid("invalid-agreement", "Un accordo dura al massimo cinque anni."));
    }
    if (companies.isEmpty() || companies.size() > MAX_COMPANIES || new HashSet<>(companies).size() != companies.size()) {
      return Optional.of(Refusal.invalid("invalid-agreement", "Indica da 1 a 500 aziende, ognuna una volta."));
    }
    Set<UUID> seen = new HashSet<>();
    if (services.isEmpty() || services.size() > MAX_SERVICES
        || !services.stream().allMatch(e -> seen.add(e.serviceId()))) {
      return Optional.of(Refusal.invalid("invalid-agreement", "Il pacchetto ha da 1 a 500 servizi, ognuno una volta."));
    }
    return Optional.empty();
  }
}
