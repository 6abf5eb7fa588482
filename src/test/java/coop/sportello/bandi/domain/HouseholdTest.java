package coop.sportello.bandi.domain;

import coop.sportello.bandi.CodiciFiscali;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HouseholdTest {

  private static final LocalDate DAY = LocalDate.of(2026, 12, 10);

  /** Property: the birth date read back from a code is the one it was made from (within the last 99 years). */
  @Test
  void birthDatesReadBackFromCodes() {
    Random random = new Random(5);
    for (int i = 0; i < 2000; i++) {
      LocalDate birth = DAY.minusDays(random.nextInt(99 * 365));
      String cf = CodiciFiscali.of(random.nextInt(17576), birth, random.nextBoolean());
      assertEquals(Optional.of(birth), Household.birthDate(cf, DAY), cf);
    }
  }

  @Test
  void theApplicantComesFirstAndMembersAreChecked() {
    String me = CodiciFiscali.of(1, LocalDate.of(1980, 1, 1), false);
    String kid = CodiciFiscali.of(2, LocalDate.of(2018, 6, 2), true);
    Household.Result ok = Household.of(me, List.of(new Household.Listed(kid.toLowerCase(), Household.Relation.CHILD)), DAY);
    assertEquals(2, ok.members().orElseThrow().size());
    assertEquals(Household.Relation.APPLICANT, ok.members().get().get(0).relation());
    assertEquals(kid, ok.members().get().get(1).codiceFiscale(), "normalised");

    assertEquals("household-duplicate", Household.of(me, List.of(new Household.Listed(me, Household.Relation.PARTNER)), DAY)
        .refusal().orElseThrow().type());
    Household.Result bad = Household.of(me, List.of(new Household.Listed(kid.substring(0, 15) + "Z", Household.Relation.CHILD)), DAY);
    assertEquals("invalid-codice-fiscale", bad.refusal().orElseThrow().type());
    assertTrue(bad.refusal().get().detail().startsWith("Componente 1: "));
  }
}
