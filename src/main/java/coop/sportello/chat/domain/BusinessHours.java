package coop.sportello.chat.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the welfare managers answer, in Europe/Rome wall-clock time, written as lines such as
 * {@code "MON-FRI 08:30-18:30"} or {@code "SAT 09:00-13:00"}; {@code 24:00} means midnight at the end.
 */
public final class BusinessHours {

  public static final ZoneId ROME = ZoneId.of("Europe/Rome");
  private static final Pattern LINE = Pattern.compile(
      "^(MON|TUE|WED|THU|FRI|SAT|SUN)(?:-(MON|TUE|WED|THU|FRI|SAT|SUN))? ([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])$");

  private record Window(LocalTime from, LocalTime until, boolean untilMidnight) {
    boolean contains(LocalTime t) {
      return !t.isBefore(from) && (untilMidnight || t.isBefore(until));
    }
  }

  private final Map<DayOfWeek, List<Window>> windows;
  private final List<String> lines;

  private BusinessHours(Map<DayOfWeek, List<Window>> windows, List<String> lines) {
    this.windows = windows;
    this.lines = List.copyOf(lines);
  }

  /** The lines it was read from, to store or show them again. */
  public List<String> lines() {
    return lines;
  }

  public static BusinessHours parse(List<String> lines) {
    Map<DayOfWeek, List<Window>> windows = new EnumMap<>(DayOfWeek.class);
    for (String line : lines) {
      Matcher m = LINE.matcher(line.trim().toUpperCase(Locale.ROOT));
      if (!m.matches()) {
        throw new IllegalArgumentException("chat.businessHours: cannot read \"" + line + "\" (e.g. \"MON-FRI 08:30-18:30\")");
      }
      DayOfWeek first = day(m.group(1));
      DayOfWeek last = m.group(2) == null ? first : day(m.group(2));
      boolean untilMidnight = m.group(5).equals("24");
      if (untilMidnight && !m.group(6).equals("00")) {
        throw new IllegalArgumentException("chat.businessHours: 24 only as 24:00 in \"" + line + "\"");
      }
      LocalTime from = LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
      LocalTime until = untilMidnight ? LocalTime.MAX : LocalTime.of(Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
      if (!untilMidnight && !until.isAfter(from)) {
        throw new IllegalArgumentException("chat.businessHours: the window ends before it starts in \"" + line + "\"");
      }
      for (DayOfWeek d = first; ; d = d.plus(1)) {
        windows.computeIfAbsent(d, k -> new ArrayList<>()).add(new Window(from, until, untilMidnight));
        if (d == last) {
          break;
        }
      }
    }
    return new BusinessHours(windows, lines);
  }

  public boolean isOpen(ZonedDateTime when) {
    ZonedDateTime local = when.withZoneSameInstant(ROME);
    return windows.getOrDefault(local.getDayOfWeek(), List.of()).stream().anyMatch(w -> w.contains(local.toLocalTime()));
  }

  /** The next moment the service opens after {@code when} (within two weeks), if it is closed now. */
  public Optional<ZonedDateTime> nextOpening(ZonedDateTime when) {
    ZonedDateTime local = when.withZoneSameInstant(ROME);
    if (isOpen(local)) {
      return Optional.empty();
    }
    for (int days = 0; days <= 14; days++) {
      LocalDate date = local.toLocalDate().plusDays(days);
      Optional<ZonedDateTime> opening = windows.getOrDefault(date.getDayOfWeek(), List.of()).stream()
          .map(w -> date.atTime(w.from()).atZone(ROME))
          .filter(t -> t.isAfter(local))
          .min(ZonedDateTime::compareTo);
      if (opening.isPresent()) {
        return opening;
      }
    }
    return Optional.empty();
  }

  private static DayOfWeek day(String abbreviation) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().startsWith(abbreviation)) {
        return d;
      }
    }
    throw new IllegalArgumentException(abbreviation);
  }
}
