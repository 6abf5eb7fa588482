package coop.sportello.bandi.domain;

import coop.sportello.platform.domain.Refusal;
import coop.sportello.statements.domain.StatementCsv;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * The order in which a bando's applications are admitted, and the points of a bando ranked by
 * score. {@code first_come}: by protocol, the server's receive order. {@code score}: by points,
 * more first, ties broken by protocol (the earlier received first), so the order is total and the
 * same on every node. Admitting "in ranking order until the budget ends" walks that order and
 * stops at the first application whose amount no longer fits: nobody further down is admitted
 * ahead of someone ranked higher.
 */
public final class Ranking {

  /** How a bando ranks its applications (bandi.ranking). */
  public enum Kind {
    FIRST_COME("first_come"), SCORE("score");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static Kind of(String wireName) {
      for (Kind k : values()) {
        if (k.wireName.equals(wireName)) {
          return k;
        }
      }
      throw new IllegalArgumentException("no ranking " + wireName);
    }
  }

  /**
   * What the score rule reads of an application: the ISEE declared (cents, empty when not
   * declared), the household's size (the applicant included) and how many of them are children.
   */
  public record Household(OptionalLong iseeCents, int size, int children) {
    public Household {
      if (size < 1 || children < 0 || children >= size) {
        throw new IllegalArgumentException("a household of " + size + " with " + children + " children");
      }
    }
  }

  /** An application as the ranking sees it. */
  public record Candidate<I>(I id, long protocol, int points, int amountCents) { }

  /** ISEE at or above this earns no points; at zero, {@link #ISEE_POINTS}. */
  public static final long ISEE_CEILING_CENTS = 30_000_00L;
  public static final int ISEE_POINTS = 50;
  public static final int POINTS_PER_CHILD = 10;
  public static final int MAX_CHILD_POINTS = 30;
  public static final int POINTS_PER_OTHER_MEMBER = 3;
  public static final int MAX_OTHER_MEMBER_POINTS = 9;

  private Ranking() { }

  /**
   * The points of a household: up to 50 for a lower ISEE (linear, 50 at 0 €, none from 30.000 €,
   * none when no ISEE was declared), 10 per child up to 30, 3 per other member beyond the
   * applicant up to 9. At most 89.
   */
  public static int points(Household h) {
    int isee = 0;
    if (h.iseeCents().isPresent()) {
      long cents = Math.max(0, h.iseeCents().getAsLong());
      isee = cents >= ISEE_CEILING_CENTS ? 0 : (int) (ISEE_POINTS * (ISEE_CEILING_CENTS - cents) / ISEE_CEILING_CENTS);
    }
    int children = Math.min(MAX_CHILD_POINTS, POINTS_PER_CHILD * h.children());
    int others = Math.min(MAX_OTHER_MEMBER_POINTS, POINTS_PER_OTHER_MEMBER * (h.size() - 1 - h.children()));
    return isee + children + others;
  }

  /** The candidates in ranking order (a new list). */
  public static <I> List<Candidate<I>> order(Kind kind, List<Candidate<I>> candidates) {
    Comparator<Candidate<I>> byProtocol = Comparator.comparingLong(Candidate::protocol);
    Comparator<Candidate<I>> comparator = kind == Kind.FIRST_COME ? byProtocol
        : Comparator.<Candidate<I>>comparingInt(Candidate::points).reversed().thenComparing(byProtocol);
    List<Candidate<I>> sorted = new ArrayList<>(candidates);
    sorted.sort(comparator);
    return sorted;
  }

  /**
   * Those of the ordered candidates that the residual budget admits: the longest prefix whose
   * amounts fit. What the batch admission will admit if nobody else changes the budget meanwhile.
   */
  public static <I> List<Candidate<I>> withinBudget(List<Candidate<I>> ordered, long residualCents) {
    List<Candidate<I>> admitted = new ArrayList<>();
    long left = residualCents;
    for (Candidate<I> c : ordered) {
      if (c.amountCents() > left) {
        break;
      }
      admitted.add(c);
      left -= c.amountCents();
    }
    return admitted;
  }

  /** The refusal of an admission the budget does not fit, with what is left of it. */
  public static Refusal budgetExhausted(long residualCents, int amountCents) {
    return Refusal.conflict("budget-exhausted", "Il budget del bando non basta: restano " + StatementCsv.euro(residualCents)
        + " €, la domanda ne chiede " + StatementCsv.euro(amountCents) + " €.");
  }
}
