package coop.sportello.reporting.domain;

import coop.sportello.privacy.domain.SmallGroups;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * A report: what the bookings of one scope in one period amount to. Every figure is defined here
 * and nowhere else (ARCHITECTURE "Reporting" repeats these words):
 * <ul>
 *   <li>a <b>booking counted</b> is a confirmed booking (an enrolment is one booking) whose start
 *       falls in the period (Europe/Rome days, both ends included) and in the scope;</li>
 *   <li>{@link Cell#people}: distinct persons of the bookings counted; {@link Cell#peopleServed}:
 *       distinct persons with at least one delivery record delivered or partial;</li>
 *   <li>{@link Cell#servicesDelivered}: delivery records delivered or partial (one per booking, or
 *       one per session of an enrolment where delivery is recorded by session);
 *       {@link Cell#minutesDelivered}: the minutes of all delivery records;</li>
 *   <li>{@link Cell#noShowRate}: no-show records / all delivery records (null when none);</li>
 *   <li>{@link Channel}: completed payments of the bookings counted, by method, net of refunds;</li>
 *   <li>{@link Waiting}: days from the booking's creation (the request) to its start, median and
 *       90th percentile (continuous) over the bookings counted;</li>
 *   <li>{@link Impact}: see its fields.</li>
 * </ul>
 * For a company's HR ({@link #hideSmallGroups}) every figure counted from fewer than
 * {@link SmallGroups#MIN_PEOPLE} distinct people is hidden, and when a breakdown would hide exactly
 * one cell the next smallest is hidden too, so that no hidden cell is the total minus the others.
 */
public record Report(ReportScope scope, String entity, String name, ReportPeriod period, Cell total,
                     List<Cell> byMonth, List<Cell> byArea, List<Channel> channels, Waiting waiting, Impact impact,
                     FrontDesk frontDesk, boolean smallGroupsHidden, List<TicketSales> tickets) {

  public Report {
    tickets = List.copyOf(tickets);
  }

  /** A report without events sold by ticket. */
  public Report(ReportScope scope, String entity, String name, ReportPeriod period, Cell total, List<Cell> byMonth,
                List<Cell> byArea, List<Channel> channels, Waiting waiting, Impact impact, FrontDesk frontDesk,
                boolean smallGroupsHidden) {
    this(scope, entity, name, period, total, byMonth, byArea, channels, waiting, impact, frontDesk, smallGroupsHidden, List.of());
  }

  /**
   * The tickets of one time of an event of one type (issue 24): sold (of confirmed purchases),
   * admitted at the door, and no-shows (sold, not admitted, the time over).
   */
  public record TicketSales(String event, java.time.Instant startsAt, String type, long sold, long admitted, long noShows) { }

  /** The bookings figures of the whole report, of a month (key yyyy-MM) or of an area (key its code). */
  public record Cell(String key, long people, long bookings, long peopleServed, long servicesDelivered,
                     long minutesDelivered, long noShows, long recorded, boolean hidden) {

    public Double noShowRate() {
      return recorded == 0 ? null : (double) noShows / recorded;
    }

    Cell hide() {
      return new Cell(key, 0, 0, 0, 0, 0, 0, 0, true);
    }
  }

  /** Money received for the bookings counted through one payment channel. */
  public record Channel(String method, long people, long payments, long cents, boolean hidden) {
    Channel hide() {
      return new Channel(method, 0, 0, 0, true);
    }
  }

  /** Days from request to service; null percentiles when nothing was counted. */
  public record Waiting(long bookings, Double medianDays, Double p90Days, boolean hidden) { }

  /**
   * Impact indicators:
   * <ul>
   *   <li>home care of the over-75s: minutes delivered of services at home in area {@code elderly}
   *       to persons aged 75 or more on the service's day, the age read from their codice fiscale;
   *       persons without a codice fiscale are not counted ({@code homeCarePeopleWithoutCf} says
   *       how many were left out);</li>
   *   <li>summer camps: bookings of services for {@code children} sold by the {@code week};
   *       children = their places; parents' working days freed = for each such booking the
   *       Monday-to-Friday days of its period within the report's period, without national
   *       holidays ({@link WorkingDays}), times its places;</li>
   *   <li>conciliation: minutes delivered in area {@code work_life} to persons who are employees
   *       of a company.</li>
   * </ul>
   */
  public record Impact(long homeCareOver75Minutes, long homeCareOver75People, long homeCarePeopleWithoutCf,
                       long campChildren, long campPeople, long freedWorkingDays,
                       long conciliationMinutes, long conciliationPeople,
                       boolean homeCareHidden, boolean campsHidden, boolean conciliationHidden) { }

  /** The front desk's contacts in the period (network reports only). */
  public record FrontDesk(long callsArrived, long callsAnswered, long callsAbandoned, long callsNotRecorded,
                          long chatsStarted, long chatsAccepted, long chatsNotRecorded, List<Contacts> outcomes) { }

  /** Contacts of one channel about one topic that ended in one outcome. */
  public record Contacts(String channel, String topic, String outcome, long contacts) { }

  /** The report as a company's HR may see it: see the class comment. */
  public Report hideSmallGroups() {
    Cell shownTotal = SmallGroups.shown(total.people()) ? total : total.hide();
    List<Cell> months = hideCells(byMonth);
    List<Cell> areas = hideCells(byArea);
    List<Channel> shownChannels = hideChannels(channels);
    Waiting w = SmallGroups.shown(total.people()) ? waiting : new Waiting(0, null, null, true);
    boolean homeCare = !SmallGroups.shown(impact.homeCareOver75People());
    boolean camps = !SmallGroups.shown(impact.campPeople());
    boolean conciliation = !SmallGroups.shown(impact.conciliationPeople());
    Impact i = new Impact(homeCare ? 0 : impact.homeCareOver75Minutes(), homeCare ? 0 : impact.homeCareOver75People(),
        homeCare ? 0 : impact.homeCarePeopleWithoutCf(), camps ? 0 : impact.campChildren(), camps ? 0 : impact.campPeople(),
        camps ? 0 : impact.freedWorkingDays(), conciliation ? 0 : impact.conciliationMinutes(),
        conciliation ? 0 : impact.conciliationPeople(), homeCare, camps, conciliation);
    // Ticket sales are counts per event, not per person, but a company's HR sees nothing finer than its groups.
    return new Report(scope, entity, name, period, shownTotal, months, areas, shownChannels, w, i, null, true, List.of());
  }

  static List<Cell> hideCells(List<Cell> cells) {
    return hideSmall(cells, Cell::people, Cell::hidden, Cell::hide);
  }

  static List<Channel> hideChannels(List<Channel> channels) {
    return hideSmall(channels, Channel::people, Channel::hidden, Channel::hide);
  }

  /** A breakdown with its small cells hidden, and the next smallest too when only one would be. */
  private static <T> List<T> hideSmall(List<T> items, ToLongFunction<T> people, Predicate<T> hidden, UnaryOperator<T> hide) {
    List<T> out = new ArrayList<>(items.stream().map(c -> SmallGroups.shown(people.applyAsLong(c)) ? c : hide.apply(c)).toList());
    if (out.stream().filter(hidden).count() == 1) {
      out.stream().filter(hidden.negate()).min(Comparator.comparingLong(people))
          .ifPresent(c -> out.set(out.indexOf(c), hide.apply(c)));
    }
    return List.copyOf(out);
  }
}
