package coop.sportello.reporting.domain;

import coop.sportello.platform.domain.CodiceFiscale;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HomeCareOver75Test {

  private static final LocalDate PERIOD_END = LocalDate.of(2025, 12, 31);

  /** A codice fiscale born on the given day of the last century (a man's), with its check letter. */
  private static String cf(int yy, char monthLetter, int day) {
    String first15 = "VRDLGU" + String.format("%02d", yy) + monthLetter + String.format("%02d", day) + "A794";
    return first15 + CodiceFiscale.checkCharacter(first15);
  }

  private static HomeCareOver75.Cared cared(String cf, long minutes, String first, String last) {
    return new HomeCareOver75.Cared(cf, minutes, LocalDate.parse(first), LocalDate.parse(last));
  }

  @Test
  void wholeNoneOrReadAgainByWhenTheyTurned75() {
    String already = cf(40, 'A', 10);   // 75 on 10 January 2015
    String notYet = cf(51, 'A', 10);    // 75 on 10 January 2026
    String turning = cf(50, 'C', 15);   // 75 on 15 March 2025
    String onFirstDay = cf(50, 'B', 1); // 75 on 1 February 2025
    HomeCareOver75.Split split = HomeCareOver75.split(List.of(
        cared(already, 60, "2025-01-05", "2025-12-20"),
        cared(notYet, 90, "2025-01-05", "2025-12-20"),
        cared(turning, 120, "2025-03-01", "2025-03-20"),
        cared(onFirstDay, 30, "2025-02-01", "2025-02-28"),
        cared("NOT-A-CODICE", 45, "2025-02-01", "2025-02-28")), PERIOD_END);

    assertEquals(90, split.minutes(), "the one already 75 and the one turning 75 on their first day count whole");
    assertEquals(2, split.people());
    assertEquals(List.of(new HomeCareOver75.Turning(turning, LocalDate.of(2025, 3, 15))), split.turning(),
        "only the one who turned 75 during their care is read again, from the day they did");
    assertEquals(1, split.unreadable());
  }

  /** Property: every person lands in exactly one of whole, none, read again, unreadable, by the day they turned 75. */
  @Test
  void everyPersonIsSettledOnceAgainstTheirDays() {
    Random random = new Random(75);
    for (int round = 0; round < 500; round++) {
      List<HomeCareOver75.Cared> cared = new ArrayList<>();
      long wholeMinutes = 0;
      int whole = 0;
      int readAgain = 0;
      int none = 0;
      for (int i = 0; i < 1 + random.nextInt(8); i++) {
        String cf = cf(45 + random.nextInt(10), "ABCDEHLMPRST".charAt(random.nextInt(12)), 1 + random.nextInt(28));
        LocalDate turns75 = Household75.turns75(cf);
        LocalDate first = LocalDate.of(2025, 1, 1).plusDays(random.nextInt(300));
        LocalDate last = first.plusDays(random.nextInt(60));
        long minutes = 30 + random.nextInt(600);
        cared.add(new HomeCareOver75.Cared(cf, minutes, first, last));
        if (!turns75.isAfter(first)) {
          whole++;
          wholeMinutes += minutes;
        } else if (turns75.isAfter(last)) {
          none++;
        } else {
          readAgain++;
        }
      }
      HomeCareOver75.Split split = HomeCareOver75.split(cared, PERIOD_END);
      assertEquals(wholeMinutes, split.minutes());
      assertEquals(whole, split.people());
      assertEquals(readAgain, split.turning().size());
      assertEquals(cared.size(), whole + readAgain + none);
      assertEquals(0, split.unreadable());
    }
  }

  /** The day a codice fiscale of the last century turns 75, read independently of Household. */
  private static final class Household75 {
    static LocalDate turns75(String cf) {
      int yy = Integer.parseInt(cf.substring(6, 8));
      int month = "ABCDEHLMPRST".indexOf(cf.charAt(8)) + 1;
      int day = Integer.parseInt(cf.substring(9, 11));
      return LocalDate.of(1900 + yy, month, day).plusYears(75);
    }
  }
}
