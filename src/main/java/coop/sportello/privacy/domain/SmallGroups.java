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

  /**
   * Whether a cell of a table with this many people must be hidden: some, but fewer than
   * {@link #MIN_PEOPLE} (an empty cell says nothing about anyone and stays shown as 0).
   */
  public static boolean hidden(long people) {
    return people > 0 && !shown(people);
  }
}
