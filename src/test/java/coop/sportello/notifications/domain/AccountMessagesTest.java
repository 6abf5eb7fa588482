package coop.sportello.notifications.domain;

import coop.sportello.notifications.domain.Announcement.AccountNotice;
import coop.sportello.notifications.domain.Announcement.Actor;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An account's messages (its links and notices): by e-mail, at once, whatever the person chose
 * (channels, quiet hours, unsubscribing), in their language, with the link built on the site's
 * address and nothing secret but the link's own token.
 */
class AccountMessagesTest {

  private static final Instant NIGHT = Instant.parse("2026-12-10T01:00:00Z");

  private static Announcement account(MessageKind kind, AccountNotice notice) {
    return new Announcement(7, kind, Optional.empty(), Actor.SYSTEM, Optional.empty(), Optional.empty(), Optional.empty(),
        new Announcement.Sender("Rete Sportello", Optional.empty()), Optional.of(notice));
  }

  private static AccountNotice token(String token) {
    return new AccountNotice(Optional.of(token), Optional.empty(), List.of());
  }

  /** SMS only, quiet all night, optional messages muted: everything an account's message ignores. */
  private static Recipient smsOnlyAsleep(Recipient.Language language) {
    return new Recipient(Optional.of("acc-9"), Optional.of("luca@example.org"), Optional.of("+393471234567"), language,
        Set.of(Channel.SMS), Optional.of(new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0))), true);
  }

  @Test
  void aLinkGoesByEMailAtOnceWhateverThePersonChose() {
    for (MessageKind kind : List.of(MessageKind.ACCOUNT_VERIFY_EMAIL, MessageKind.ACCOUNT_PASSWORD_RESET,
        MessageKind.ACCOUNT_ALREADY_REGISTERED, MessageKind.ACCOUNT_EMAIL_CHANGED, MessageKind.ACCOUNT_INVITATION)) {
      List<Planner.Planned> planned = Planner.plan(account(kind, token("segreto-abcdefghijklmnopqrstuvwxyz")),
          smsOnlyAsleep(Recipient.Language.IT), NIGHT, PlannerTest.LINKS, "Rete Sportello");
      assertEquals(1, planned.size(), kind.toString());
      assertEquals(Channel.EMAIL, planned.get(0).channel());
      assertEquals("luca@example.org", planned.get(0).address());
      assertEquals(NIGHT, planned.get(0).notBefore(), "not held for quiet hours");
      assertTrue(planned.get(0).content().unsubscribeUrl().isEmpty(), "no unsubscribing from one's own account");
      assertTrue(kind.transactional());
    }
    assertFalse(MessageKind.CONFIRMED.transactional());
  }

  @Test
  void theVerificationLinkCarriesItsTokenInTheFragmentOfTheSitesPage() {
    Content it = Templates.render(account(MessageKind.ACCOUNT_VERIFY_EMAIL, token("tok_123-abcdefghijklmnopq")),
        Recipient.Language.IT, Optional.of("acc-9"), PlannerTest.LINKS, "Rete Sportello");
    assertEquals("Conferma il tuo indirizzo e-mail", it.subject());
    assertTrue(it.text().contains("https://s.test/verifica-email.html#token=tok_123-abcdefghijklmnopq"), it.text());
    assertTrue(it.html().contains("href=\"https://s.test/verifica-email.html#token=tok_123-abcdefghijklmnopq\""), it.html());
    Content en = Templates.render(account(MessageKind.ACCOUNT_PASSWORD_RESET, token("tok_456-abcdefghijklmnopq")),
        Recipient.Language.EN, Optional.of("acc-9"), PlannerTest.LINKS, "Rete Sportello");
    assertEquals("Choose your new password", en.subject());
    assertTrue(en.text().contains("https://s.test/nuova-password.html#token=tok_456-abcdefghijklmnopq"), en.text());
  }

  @Test
  void anInvitationNamesTheOrganisationAndTheWayInWithoutASecret() {
    Content it = Templates.render(account(MessageKind.ACCOUNT_INVITATION,
            new AccountNotice(Optional.empty(), Optional.of("Cooperativa Il Sole"), List.of("operator", "supervisor"))),
        Recipient.Language.IT, Optional.of("acc-9"), PlannerTest.LINKS, "Rete Sportello");
    assertEquals("Cooperativa Il Sole ti ha dato un account su Sportello", it.subject());
    assertTrue(it.text().contains("Per entrare scegli la password da https://s.test/password-dimenticata.html "
        + "(scrivi questo indirizzo e-mail) oppure entra con SPID o CIE"), it.text());
    assertTrue(it.text().contains("Ruolo: operatore del centro di contatto, supervisore"), it.text());
    assertFalse(it.text().contains("#token="), "no secret in an invitation");
  }
}
