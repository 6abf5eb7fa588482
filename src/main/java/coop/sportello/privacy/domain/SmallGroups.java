package coop.sportello.privacy.domain;

/**
 * The one rule for figures shown to someone who must not learn about a single person (a company's
 * HR, a survey's results): a figure counted from fewer than {@link #MIN_PEOPLE} distinct people is
 * not shown, nor left to be inferred from a total.
 */
public final class SmallGroups {

  public static final int MIN_PEOPLE = 5;

  private SmallGroups() {
  }

  /** Whether a figure counted from this many distinct people may be shown. */
  public static boolean shown(long people) {
    return people >= MIN_PEOPLE;
  }
}
