package coop.sportello.chat.domain;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The plain-text transcript a citizen downloads after a conversation: what they saw, in order,
 * with Europe/Rome times. Private notes and staff-only events are never given to this class.
 */
public final class Transcript {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm", Locale.ITALIAN)
      .withZone(BusinessHours.ROME);

  /** One thing the citizen saw; {@code text} is the message, or null for a status change. */
  public record Line(Instant at, EventKind kind, String authorRole, String authorName, String text) { }

  private Transcript() { }

  public static String render(String topicLabel, Instant startedAt, List<Line> lines) {
    StringBuilder out = new StringBuilder()
        .append("Sportello - conversazione con il welfare manager\n")
        .append("Argomento: ").append(topicLabel).append('\n')
        .append("Iniziata il: ").append(WHEN.format(startedAt)).append("\n\n");
    for (Line line : lines) {
      out.append('[').append(WHEN.format(line.at())).append("] ");
      if (line.kind() == EventKind.MESSAGE) {
        out.append(speaker(line)).append(": ").append(line.text());
      } else {
        out.append("-- ").append(statusText(line));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String speaker(Line line) {
    return switch (line.authorRole()) {
      case "citizen" -> "Tu";
      case "system" -> "Sportello";
      default -> line.authorName();
    };
  }

  private static String statusText(Line line) {
    return switch (line.kind()) {
      case STARTED -> "Conversazione aperta";
      case ACCEPTED -> line.authorName() + " ha preso in carico la conversazione";
      case TRANSFERRED -> "Conversazione trasferita" + (line.text() == null ? "" : " a " + line.text());
      case RETURNED -> "In attesa di un altro welfare manager";
      case JOINED -> line.authorName() + " si è unito alla conversazione";
      case CLOSED -> "Conversazione chiusa";
      case RATED -> "Valutazione: " + line.text();
      case CALLBACK_REQUESTED -> "Richiesta di essere richiamato" + (line.text() == null ? "" : " (" + line.text() + ")");
      default -> line.kind().wireName();
    };
  }

}
