package coop.sportello.bandi.domain;

import coop.sportello.bandi.domain.Review.Action;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewTest {

  @Test
  void onlyAnApplicationWaitingIsAdmittedOrAskedForMore() {
    for (Action action : Set.of(Action.ADMIT, Action.ASK_MORE)) {
      for (String status : Review.STATUSES) {
        assertEquals(Review.WAITING.contains(status), Review.refusal(action, "contributo", status).isEmpty(), action + " " + status);
      }
    }
    assertEquals("application-paid", Review.refusal(Action.ADMIT, "buoni_spesa", "paid").orElseThrow().type());
  }

  @Test
  void aRejectionRevokesAnAdmittedApplicationButNotAPaidOne() {
    assertTrue(Review.refusal(Action.REJECT, "contributo", "admitted").isEmpty());
    assertTrue(Review.refusal(Action.REJECT, "buoni_spesa", "submitted").isEmpty());
    assertFalse(Review.refusal(Action.REJECT, "contributo", "paid").isEmpty());
    assertFalse(Review.refusal(Action.REJECT, "contributo", "withdrawn").isEmpty());
    assertEquals(409, Review.refusal(Action.REJECT, "contributo", "rejected").orElseThrow().status());
  }

  @Test
  void onlyAnAdmittedContributoIsMarkedPaidByHand() {
    assertTrue(Review.refusal(Action.MARK_PAID, "contributo", "admitted").isEmpty());
    assertEquals("application-submitted", Review.refusal(Action.MARK_PAID, "contributo", "submitted").orElseThrow().type());
    assertEquals("paid-by-voucher", Review.refusal(Action.MARK_PAID, "buoni_spesa", "admitted").orElseThrow().type());
  }

  @Test
  void aReasonIsThreeToTwoThousandCharactersOnceTrimmed() {
    assertTrue(Review.reasonProblem(" Manca l'ISEE ").isEmpty());
    assertFalse(Review.reasonProblem("  ab  ").isEmpty());
    assertFalse(Review.reasonProblem(null).isEmpty());
    assertFalse(Review.reasonProblem("x".repeat(2001)).isEmpty());
  }
}
