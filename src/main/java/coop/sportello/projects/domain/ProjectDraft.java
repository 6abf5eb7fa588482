package coop.sportello.projects.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A project as the cooperative writes it: name, funder, period, exactly one budget (hours kept in
 * minutes, or euros kept in cents) and the services it funds.
 */
public record ProjectDraft(String name, String funder, LocalDate startsOn, LocalDate endsOn, Integer budgetMinutes,
                           Long budgetCents, List<UUID> services) {
}
