package coop.sportello.projects.domain;

import coop.sportello.platform.domain.Refusal;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The rules of a project (V54 holds the same in CHECKs, this says them first and in words): a name
 * of 3-200 characters and a funder of 2-200 (trimmed), a period whose end is not before its start,
 * exactly one budget (hours or euros) above zero; and what share of its budget a project used.
 */
public final class ProjectRules {

  public static final int NAME_MAX = 200;

  public static final Refusal NOT_FOUND = Refusal.notFound("project-not-found",
      "Nessun progetto della tua cooperativa con questo identificativo.");

  private ProjectRules() { }

  /** The draft cleaned (names trimmed, services without repeats), or why it is refused. */
  public static Checked check(String name, String funder, LocalDate startsOn, LocalDate endsOn, Integer budgetMinutes,
                              Long budgetCents, List<UUID> services) {
    String cleanName = name == null ? "" : name.strip();
    String cleanFunder = funder == null ? "" : funder.strip();
    if (cleanName.length() < 3 || cleanName.length() > NAME_MAX) {
      return refused("invalid-name", "Il nome del progetto è lungo da 3 a " + NAME_MAX + " caratteri.");
    }
    if (cleanFunder.length() < 2 || cleanFunder.length() > NAME_MAX) {
      return refused("invalid-funder", "Il finanziatore è lungo da 2 a " + NAME_MAX + " caratteri.");
    }
    if (endsOn.isBefore(startsOn)) {
      return refused("invalid-period", "Il progetto finisce il giorno in cui inizia o dopo.");
    }
    if ((budgetMinutes == null) == (budgetCents == null)) {
      return refused("budget-required", "Indica il budget in ore oppure in euro, uno dei due.");
    }
    if ((budgetMinutes != null && budgetMinutes <= 0) || (budgetCents != null && budgetCents <= 0)) {
      return refused("budget-required", "Il budget è maggiore di zero.");
    }
    return new Checked(new ProjectDraft(cleanName, cleanFunder, startsOn, endsOn, budgetMinutes, budgetCents,
        List.copyOf(new LinkedHashSet<>(services))), null);
  }

  /**
   * The whole percent of {@code budget} that {@code used} is (rounded down; above 100 when the
   * budget is overspent); empty for no budget.
   */
  public static Optional<Long> usedPercent(long used, long budget) {
    return budget <= 0 ? Optional.empty() : Optional.of(used * 100 / budget);
  }

  /** A checked draft, or the refusal. */
  public record Checked(ProjectDraft draft, Refusal refusal) {

    public boolean refused() {
      return refusal != null;
    }
  }

  private static Checked refused(String type, String detail) {
    return new Checked(null, Refusal.invalid(type, detail));
  }
}
