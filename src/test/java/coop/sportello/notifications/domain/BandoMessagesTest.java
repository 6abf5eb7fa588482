package coop.sportello.notifications.domain;

import coop.sportello.notifications.domain.Announcement.Actor;
import coop.sportello.notifications.domain.Announcement.BandoNotice;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The messages of an application to a bando (issue 22): every status in both languages, with the
 * bando, the protocol, the reason when the Comune gave one, the amount once decided, the
 * revocation said as such, and the buoni spesa told apart from a contributo.
 */
class BandoMessagesTest {

  private static Content render(String status, String kind, String reason, boolean revoked, Recipient.Language lang) {
    MessageKind messageKind = MessageKind.valueOf("BANDO_" + status.toUpperCase(java.util.Locale.ROOT));
    Announcement a = new Announcement(9, messageKind, Optional.empty(), Actor.SYSTEM, Optional.empty(), Optional.empty(),
        Optional.empty(), new Announcement.Sender("Rete Sportello", Optional.empty()), Optional.empty(),
        Optional.of(new BandoNotice("app-1", "Buoni spesa inverno", kind, 4021, status, Optional.ofNullable(reason), 25_050, revoked)));
    return Templates.render(a, lang, Optional.of("acc-1"), PlannerTest.LINKS, "Rete Sportello");
  }

  @Test
  void everyStatusHasItsWordsInBothLanguagesWithTheBandoAndTheProtocol() {
    for (String status : List.of("submitted", "incomplete", "admitted", "rejected", "paid")) {
      for (Recipient.Language lang : Recipient.Language.values()) {
        Content c = render(status, "contributo", "rejected".equals(status) || "incomplete".equals(status) ? "Manca l'ISEE." : null,
            false, lang);
        assertTrue(c.subject().endsWith("Buoni spesa inverno"), c.subject());
        assertTrue(c.text().contains("4021"), c.text());
        assertTrue(c.sms().contains("4021"), c.sms());
        assertTrue(c.html().contains("Buoni spesa inverno"));
        assertTrue(c.unsubscribeUrl().isEmpty(), "an application's fate is essential");
      }
    }
  }

  @Test
  void theReasonTheAmountAndTheRevocationAreSaid() {
    Content incomplete = render("incomplete", "contributo", "Manca l'attestazione ISEE.", false, Recipient.Language.IT);
    assertTrue(incomplete.text().contains("Motivo: Manca l'attestazione ISEE."), incomplete.text());
    assertFalse(incomplete.text().contains("250,50"), "no amount before a decision");
    Content admitted = render("admitted", "contributo", null, false, Recipient.Language.IT);
    assertTrue(admitted.text().contains("Importo: 250,50 €"), admitted.text());
    Content revoked = render("rejected", "contributo", "Dichiarazione non veritiera.", true, Recipient.Language.IT);
    assertTrue(revoked.subject().startsWith("Ammissione revocata"), revoked.subject());
    assertTrue(revoked.sms().contains("revocata"), revoked.sms());
    Content rejected = render("rejected", "contributo", "Fuori dai requisiti.", false, Recipient.Language.EN);
    assertTrue(rejected.subject().startsWith("Application rejected"), rejected.subject());
    Content vouchers = render("paid", "buoni_spesa", null, false, Recipient.Language.IT);
    assertTrue(vouchers.subject().startsWith("I suoi buoni spesa sono pronti"), vouchers.subject());
    Content paid = render("paid", "contributo", null, false, Recipient.Language.IT);
    assertTrue(paid.subject().startsWith("Contributo pagato"), paid.subject());
  }
}
