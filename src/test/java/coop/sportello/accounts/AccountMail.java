package coop.sportello.accounts;

import coop.sportello.testing.TestSmtp;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static coop.sportello.testing.Waits.waitFor;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading account e-mails from the test SMTP server: the n-th to an address, the link in it, its secret. */
public final class AccountMail {

  private static final Pattern TOKEN = Pattern.compile("#token=([A-Za-z0-9_-]{20,})");

  private AccountMail() { }

  /** Waits for the {@code count}-th e-mail to {@code address}; answers it. */
  public static MimeMessage nth(TestSmtp smtp, String address, int count) {
    waitFor(() -> smtp.receivedBy(address).size() >= count, count + " e-mail(s) to " + address);
    List<MimeMessage> received = smtp.receivedBy(address);
    return received.get(count - 1);
  }

  public static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The link to {@code page} in the plain-text part, e.g. {@code https://sportello.test/verifica-email.html#token=...}. */
  public static String link(MimeMessage m, String page) {
    String text = TestSmtp.plainText(m);
    Matcher found = Pattern.compile("(https?://\\S+/" + Pattern.quote(page) + "#token=[A-Za-z0-9_-]+)").matcher(text);
    assertTrue(found.find(), "a link to " + page + " in:\n" + text);
    return found.group(1);
  }

  /** The secret in a link's fragment. */
  public static String token(String link) {
    Matcher found = TOKEN.matcher(link);
    assertTrue(found.find(), "a token in " + link);
    return found.group(1);
  }
}
