package coop.sportello.notifications.domain;

import coop.sportello.notifications.domain.Announcement.Actor;
import coop.sportello.notifications.domain.Announcement.Booking;
import coop.sportello.notifications.domain.Recipient.Language;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The words of every message, in Italian and English: plain sentences, the facts a person needs
 * (code, day and time, where), one link to act on. E-mails get a plain-text and an HTML part with
 * the same text (real text, headings and a link, no images); SMS get one short line without the
 * service's name. Pure: the same announcement gives the same message.
 */
public final class Templates {

  private static final Locale ITALIAN = Locale.ITALIAN;
  private static final DateTimeFormatter DAY_IT = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", ITALIAN);
  private static final DateTimeFormatter DAY_EN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);
  private static final DateTimeFormatter SHORT_DAY_IT = DateTimeFormatter.ofPattern("EEE d/M", ITALIAN);
  private static final DateTimeFormatter SHORT_DAY_EN = DateTimeFormatter.ofPattern("EEE d/M", Locale.UK);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm");

  private Templates() { }

  /** The message for {@code a}, in {@code lang}, with its links; optional kinds carry an unsubscribe link. */
  public static Content render(Announcement a, Language lang, Optional<String> accountId, Links links, String network) {
    boolean it = lang == Language.IT;
    Draft d = new Draft(it);
    Optional<Booking> b = a.booking();
    switch (a.kind()) {
      case HELD_FOR_YOU -> {
        Booking bk = b.orElseThrow();
        d.subject(it ? "Un posto tenuto per lei: " + bk.serviceTitle() : "A place held for you: " + bk.serviceTitle())
            .para(it ? byWhomIt(a.by()) + " ha tenuto per lei un posto. Non è ancora confermato."
                : byWhomEn(a.by()) + " held a place for you. It is not confirmed yet.")
            .booking(bk)
            .deadline(a.deadline(), it ? "Il posto resta tenuto fino a" : "The place is held until")
            .action(links.manageBooking(bk.id(), bk.start().toInstant()), it ? "Vedi la prenotazione" : "See the booking");
        d.sms(it ? "Sportello: posto tenuto per lei, codice " + bk.code() + ", " + shortWhen(bk, true)
            : "Sportello: place held for you, code " + bk.code() + ", " + shortWhen(bk, false));
      }
      case CONFIRMED -> {
        Booking bk = b.orElseThrow();
        d.subject(it ? "Prenotazione confermata: " + bk.serviceTitle() : "Booking confirmed: " + bk.serviceTitle())
            .para(a.by() == Actor.PERSON || a.by() == Actor.SYSTEM
                ? (it ? "La sua prenotazione è confermata." : "Your booking is confirmed.")
                : (it ? byWhomIt(a.by()) + " ha confermato una prenotazione per lei." : byWhomEn(a.by()) + " confirmed a booking for you."))
            .booking(bk)
            .tickets(bk, links.page("/biglietti.html"))
            .action(links.manageBooking(bk.id(), bk.start().toInstant()), it ? "Vedi, sposta o disdici" : "View, move or cancel");
        d.sms(it ? "Sportello: prenotazione " + bk.code() + " confermata, " + shortWhen(bk, true)
            : "Sportello: booking " + bk.code() + " confirmed, " + shortWhen(bk, false));
      }
      case RESCHEDULED -> {
        Booking bk = b.orElseThrow();
        d.subject(it ? "Prenotazione spostata: " + bk.serviceTitle() : "Booking moved: " + bk.serviceTitle())
            .para(it ? "La prenotazione è stata spostata. Ecco il nuovo orario." : "The booking was moved. Here is the new time.")
            .booking(bk)
            .action(links.manageBooking(bk.id(), bk.start().toInstant()), it ? "Vedi, sposta o disdici" : "View, move or cancel");
        d.sms(it ? "Sportello: prenotazione spostata, nuovo codice " + bk.code() + ", " + shortWhen(bk, true)
            : "Sportello: booking moved, new code " + bk.code() + ", " + shortWhen(bk, false));
      }
      case CANCELLED -> {
        Booking bk = b.orElseThrow();
        d.subject(it ? "Prenotazione annullata: " + bk.serviceTitle() : "Booking cancelled: " + bk.serviceTitle())
            .para(it ? cancelledByIt(a.by()) : cancelledByEn(a.by()))
            .booking(bk)
            .action(links.page("/"), it ? "Cerca un altro orario" : "Find another time");
        d.sms(it ? "Sportello: prenotazione " + bk.code() + " del " + shortWhen(bk, true) + " annullata"
            : "Sportello: booking " + bk.code() + " on " + shortWhen(bk, false) + " cancelled");
      }
      case WAITLIST_OFFER -> {
        Booking bk = b.orElseThrow();
        Instant until = a.deadline().orElse(bk.start().toInstant());
        d.subject(it ? "Si è liberato un posto: " + bk.serviceTitle() : "A place is free: " + bk.serviceTitle())
            .para(it ? "Era in lista d'attesa: si è liberato un posto ed è tenuto per lei." : "You were on the waiting list: a place is free and held for you.")
            .booking(bk)
            .deadline(a.deadline(), it ? "Per averlo, lo confermi entro" : "To take it, confirm by")
            .action(links.acceptOffer(bk.id(), until), it ? "Conferma il posto" : "Confirm the place");
        d.sms(it ? "Sportello: posto libero per lei, " + shortWhen(bk, true) + ", confermi entro le " + clock(until)
            : "Sportello: a place is free for you, " + shortWhen(bk, false) + ", confirm by " + clock(until));
      }
      case REMINDER -> {
        Booking bk = b.orElseThrow();
        d.subject(it ? "Promemoria: " + bk.serviceTitle() + " " + relative(a.minutesBefore(), true)
                : "Reminder: " + bk.serviceTitle() + " " + relative(a.minutesBefore(), false))
            .para(it ? "Le ricordiamo la prenotazione." : "A reminder of your booking.")
            .booking(bk)
            .para(it ? "Se non può venire, la disdica: il posto andrà a chi aspetta." : "If you cannot come, please cancel: the place goes to someone waiting.")
            .action(links.manageBooking(bk.id(), bk.start().toInstant()), it ? "Vedi, sposta o disdici" : "View, move or cancel");
        d.sms(it ? "Sportello: promemoria prenotazione " + bk.code() + ", " + shortWhen(bk, true)
            : "Sportello: reminder, booking " + bk.code() + ", " + shortWhen(bk, false));
      }
      case CHAT_REPLY_WAITING -> {
        d.subject(it ? "Ha un nuovo messaggio dal servizio di consulenza" : "You have a new message from the advice service")
            .para(it ? "Il servizio di consulenza le ha risposto mentre non era collegato. Per leggere la risposta entri nella chat."
                : "The advice service replied while you were away. Open the chat to read the reply.")
            .action(links.page("/chat.html"), it ? "Apri la chat" : "Open the chat");
        d.sms(it ? "Sportello: ha un nuovo messaggio in chat" : "Sportello: you have a new chat message");
      }
      case CHAT_CALLBACK, CALL_CALLBACK -> {
        Optional<OffsetDateTime> at = a.callbackAt();
        String whenIt = at.map(t -> "verso " + day(t, true) + " alle " + clock(t.toInstant())).orElse("appena possibile");
        String whenEn = at.map(t -> "around " + day(t, false) + " at " + clock(t.toInstant())).orElse("as soon as possible");
        d.subject(it ? "La richiameremo" : "We will call you back")
            .para(it ? "Abbiamo preso nota della sua richiesta: la richiameremo " + whenIt + "."
                : "We noted your request: we will call you back " + whenEn + ".")
            .para(it ? "Non serve fare altro. Se non risponde, riproveremo."
                : "There is nothing else to do. If you do not answer, we will try again.");
        d.sms(it ? "Sportello: la richiameremo " + at.map(t -> shortDay(t, true) + " ore " + clock(t.toInstant())).orElse("appena possibile")
            : "Sportello: we will call you back " + at.map(t -> shortDay(t, false) + " at " + clock(t.toInstant())).orElse("as soon as possible"));
      }
      case ACCOUNT_VERIFY_EMAIL -> d.subject(it ? "Conferma il tuo indirizzo e-mail" : "Confirm your e-mail address")
          .para(it ? "Per usare questo indirizzo e-mail con il tuo account Sportello, confermalo con il pulsante qui sotto."
              : "To use this e-mail address with your Sportello account, confirm it with the button below.")
          .para(it ? "Il link vale 24 ore e si usa una volta sola. Se non sei stato tu, ignora questa e-mail: senza conferma non cambia niente."
              : "The link works for 24 hours, once. If it was not you, ignore this e-mail: nothing changes without the confirmation.")
          .action(links.page("/verifica-email.html" + token(a)), it ? "Conferma l'indirizzo" : "Confirm the address");
      case ACCOUNT_PASSWORD_RESET -> d.subject(it ? "Scegli la nuova password" : "Choose your new password")
          .para(it ? "Hai chiesto di scegliere una nuova password per il tuo account Sportello."
              : "You asked to choose a new password for your Sportello account.")
          .para(it ? "Il link vale un'ora e si usa una volta sola. Quando salvi la nuova password, gli accessi aperti con la vecchia si chiudono."
              : "The link works for one hour, once. When you save the new password, sessions opened with the old one are closed.")
          .para(it ? "Se non l'hai chiesto tu, ignora questa e-mail: la tua password resta quella di prima."
              : "If you did not ask, ignore this e-mail: your password stays as it was.")
          .action(links.page("/nuova-password.html" + token(a)), it ? "Scegli la nuova password" : "Choose the new password");
      case ACCOUNT_ALREADY_REGISTERED -> d.subject(it ? "Hai già un account su Sportello" : "You already have a Sportello account")
          .para(it ? "Qualcuno, forse tu, ha provato a creare un account su Sportello con questo indirizzo e-mail o con il tuo codice fiscale. Hai già un account: non ne serve un altro."
              : "Someone, maybe you, tried to create a Sportello account with this e-mail address or your codice fiscale. You already have an account: you do not need another one.")
          .para(it ? "Per entrare usa questo indirizzo e-mail e la tua password. Se non la ricordi, scegline una nuova."
              : "To sign in, use this e-mail address and your password. If you do not remember it, choose a new one.")
          .para(it ? "Se non sei stato tu, non devi fare niente: il tuo account non è cambiato."
              : "If it was not you, there is nothing to do: your account has not changed.")
          .action(links.page("/password-dimenticata.html"), it ? "Scegli una nuova password" : "Choose a new password");
      case ACCOUNT_EMAIL_CHANGED -> d.subject(it ? "L'indirizzo e-mail del tuo account è cambiato" : "Your account's e-mail address has changed")
          .para(it ? "L'indirizzo e-mail del tuo account Sportello è cambiato: d'ora in poi i messaggi arrivano al nuovo indirizzo."
              : "The e-mail address of your Sportello account has changed: from now on, messages go to the new address.")
          .para(it ? "Se non sei stato tu, contatta subito l'assistenza: qualcuno potrebbe usare il tuo account."
              : "If it was not you, contact the help desk at once: someone may be using your account.")
          .action(links.page("/"), it ? "Vai a Sportello" : "Go to Sportello");
      case ACCOUNT_INVITATION -> {
        Announcement.AccountNotice notice = a.account().orElse(new Announcement.AccountNotice(Optional.empty(), Optional.empty(), List.of()));
        String organisation = notice.organisation().orElse(network);
        d.subject(it ? organisation + " ti ha dato un account su Sportello" : organisation + " gave you a Sportello account")
            .para(it ? organisation + " ti ha dato un account su Sportello."
                : organisation + " gave you an account on Sportello.");
        if (!notice.roles().isEmpty()) {
          d.fact(it ? "Ruolo" : "Role", String.join(", ", notice.roles().stream().map(r -> roleWords(r, it)).toList()));
        }
        d.para(it ? "Per entrare scegli la password da " + links.page("/password-dimenticata.html")
                + " (scrivi questo indirizzo e-mail) oppure entra con SPID o CIE."
                : "To sign in, choose your password at " + links.page("/password-dimenticata.html")
                + " (type this e-mail address) or sign in with SPID or CIE.")
            .action(links.page("/password-dimenticata.html"), it ? "Scegli la password" : "Choose your password");
      }
      case BANDO_SUBMITTED, BANDO_INCOMPLETE, BANDO_ADMITTED, BANDO_REJECTED, BANDO_PAID -> bando(d, a, links, it);
      default -> throw new IllegalArgumentException("no words for " + a.kind());
    }
    Optional<String> unsubscribe = a.kind().essential() ? Optional.empty() : accountId.map(links::unsubscribe);
    return d.finish(network, a.sender(), unsubscribe);
  }

  /** A message about an application to a bando: what happened, the receipt's protocol, what to do next. */
  private static void bando(Draft d, Announcement a, Links links, boolean it) {
    Announcement.BandoNotice n = a.bando().orElseThrow();
    String title = n.bandoTitle();
    String protocol = Long.toString(n.protocol());
    switch (a.kind()) {
      case BANDO_SUBMITTED -> d.subject(it ? "Domanda ricevuta: " + title : "Application received: " + title)
          .para(a.by() == Actor.CONTACT_CENTRE
              ? (it ? "Il nostro centro di contatto ha presentato per lei la domanda al bando. L'abbiamo ricevuta."
                  : "Our contact centre filed your application to the call. We have received it.")
              : (it ? "Abbiamo ricevuto la sua domanda al bando. Conservi il numero di protocollo."
                  : "We have received your application to the call. Keep the protocol number."));
      case BANDO_INCOMPLETE -> d.subject(it ? "La domanda va integrata: " + title : "Your application needs more: " + title)
          .para(it ? "Il Comune ha esaminato la sua domanda e chiede di integrarla. Aggiunga quanto richiesto e la ripresenti."
              : "The municipality reviewed your application and asks you to complete it. Add what is asked and submit it again.");
      case BANDO_ADMITTED -> d.subject(it ? "Domanda accolta: " + title : "Application admitted: " + title)
          .para(it ? "La sua domanda è stata accolta." : "Your application has been admitted.");
      case BANDO_REJECTED -> d.subject(it ? "Domanda respinta: " + title : "Application rejected: " + title)
          .para(it ? "Il Comune ha respinto la sua domanda. Qui sotto trova il motivo."
              : "The municipality rejected your application. The reason is below.");
      case BANDO_PAID -> d.subject(it ? "Contributo erogato: " + title : "Grant paid: " + title)
          .para(it ? "Il Comune ha erogato quanto le spetta per il bando." : "The municipality has paid your grant.");
      default -> throw new IllegalArgumentException("not a bando message: " + a.kind());
    }
    d.fact(it ? "Bando" : "Call", title)
        .fact(it ? "Numero di protocollo" : "Protocol number", protocol)
        .fact(it ? "Ricevuta il" : "Received on", day(n.receivedAt(), it) + (it ? " alle " : " at ") + clock(n.receivedAt().toInstant()));
    n.amountCents().filter(c -> a.kind() != MessageKind.BANDO_REJECTED).ifPresent(c -> d.fact(it ? "Importo" : "Amount", euro(c)));
    n.reason().ifPresent(r -> d.fact(it ? "Motivo" : "Reason", r));
    d.action(links.page("/le-mie-domande.html"), it ? "Vedi la domanda" : "See the application");
    String sms = switch (a.kind()) {
      case BANDO_SUBMITTED -> it ? "domanda ricevuta, protocollo " : "application received, protocol ";
      case BANDO_INCOMPLETE -> it ? "la domanda va integrata, protocollo " : "application to complete, protocol ";
      case BANDO_ADMITTED -> it ? "domanda accolta, protocollo " : "application admitted, protocol ";
      case BANDO_REJECTED -> it ? "domanda respinta, protocollo " : "application rejected, protocol ";
      default -> it ? "contributo erogato, protocollo " : "grant paid, protocol ";
    };
    d.sms("Sportello: " + sms + protocol);
  }

  private static String euro(long cents) {
    return String.format(Locale.ITALY, "%,d", cents / 100) + "," + String.format("%02d", cents % 100) + " €";
  }

  /**
   * The fragment that carries an account message's secret. A row written without one (a bug) still
   * yields a message, whose page says the link is incomplete, rather than stopping the relay.
   */
  private static String token(Announcement a) {
    return a.account().flatMap(Announcement.AccountNotice::token).map(t -> "#token=" + t).orElse("");
  }

  private static String roleWords(String role, boolean it) {
    return switch (role) {
      case "citizen" -> it ? "cittadino" : "citizen";
      case "employee" -> it ? "dipendente" : "employee";
      case "operator" -> it ? "operatore del centro di contatto" : "contact centre operator";
      case "welfare_manager" -> it ? "responsabile welfare" : "welfare manager";
      case "supervisor" -> it ? "supervisore" : "supervisor";
      case "provider_admin" -> it ? "amministratore della cooperativa" : "cooperative administrator";
      case "hr_admin" -> it ? "responsabile del personale" : "HR administrator";
      case "privacy_officer" -> it ? "responsabile della protezione dei dati" : "data protection officer";
      case "municipal_officer" -> it ? "funzionario del Comune" : "municipal officer";
      default -> role;
    };
  }

  private static String byWhomIt(Actor by) {
    return switch (by) {
      case PROVIDER -> "La cooperativa";
      case PERSON -> "Lei";
      default -> "Il nostro centro di contatto";
    };
  }

  private static String byWhomEn(Actor by) {
    return switch (by) {
      case PROVIDER -> "The cooperative";
      case PERSON -> "You";
      default -> "Our contact centre";
    };
  }

  private static String cancelledByIt(Actor by) {
    return switch (by) {
      case PERSON -> "Come ha chiesto, la prenotazione è annullata.";
      case PROVIDER -> "La cooperativa ha dovuto annullare la prenotazione. Ci scusiamo per il disagio.";
      case CONTACT_CENTRE -> "Il nostro centro di contatto ha annullato la prenotazione.";
      case SYSTEM -> "La prenotazione è stata annullata.";
    };
  }

  private static String cancelledByEn(Actor by) {
    return switch (by) {
      case PERSON -> "As you asked, the booking is cancelled.";
      case PROVIDER -> "The cooperative had to cancel the booking. We are sorry for the trouble.";
      case CONTACT_CENTRE -> "Our contact centre cancelled the booking.";
      case SYSTEM -> "The booking was cancelled.";
    };
  }

  private static String relative(Optional<Integer> minutes, boolean it) {
    int m = minutes.orElse(0);
    if (m >= 1440 && m % 1440 == 0) {
      int days = m / 1440;
      return it ? (days == 1 ? "domani" : "tra " + days + " giorni") : (days == 1 ? "tomorrow" : "in " + days + " days");
    }
    int hours = Math.max(1, m / 60);
    return it ? (hours == 1 ? "tra un'ora" : "tra " + hours + " ore") : (hours == 1 ? "in one hour" : "in " + hours + " hours");
  }

  static String day(OffsetDateTime t, boolean it) {
    return (it ? DAY_IT : DAY_EN).format(t.atZoneSameInstant(QuietHours.ROME));
  }

  private static String shortDay(OffsetDateTime t, boolean it) {
    return (it ? SHORT_DAY_IT : SHORT_DAY_EN).format(t.atZoneSameInstant(QuietHours.ROME));
  }

  private static String clock(Instant t) {
    return TIME.format(t.atZone(QuietHours.ROME));
  }

  private static String shortWhen(Booking b, boolean it) {
    return shortDay(b.start(), it) + (it ? " ore " : " at ") + TIME.format(b.start().atZoneSameInstant(QuietHours.ROME));
  }

  /** A message being written: paragraphs and facts, then the same text as plain text and as HTML. */
  private static final class Draft {
    private final boolean it;
    private String subject = "";
    private String sms = "";
    private final List<String[]> blocks = new ArrayList<>();
    private String actionUrl;
    private String actionLabel;

    Draft(boolean it) {
      this.it = it;
    }

    Draft subject(String s) {
      subject = s;
      return this;
    }

    Draft para(String s) {
      blocks.add(new String[] {"p", s});
      return this;
    }

    Draft fact(String label, String value) {
      blocks.add(new String[] {"fact", label, value});
      return this;
    }

    Draft booking(Booking b) {
      fact(it ? "Servizio" : "Service", b.serviceTitle());
      fact(it ? "Quando" : "When", day(b.start(), it) + (it ? ", dalle " : ", from ") + TIME.format(b.start().atZoneSameInstant(QuietHours.ROME))
          + (it ? " alle " : " to ") + TIME.format(b.end().atZoneSameInstant(QuietHours.ROME)));
      b.address().ifPresent(addr -> fact(it ? "Dove" : "Where", addr));
      if (b.places() > 1) {
        fact(it ? "Posti" : "Places", Integer.toString(b.places()));
      }
      fact(it ? "Codice prenotazione" : "Booking code", b.code());
      return this;
    }

    /** A purchase's tickets, one code each, and where their QR codes are; nothing for a booking without tickets. */
    Draft tickets(Booking b, String ticketsPage) {
      if (b.tickets().isEmpty()) {
        return this;
      }
      para(it ? "Un biglietto per ogni persona. All'ingresso mostri il codice QR di ciascuno, che trova in «I miei biglietti» ("
              + ticketsPage + "), oppure detti il codice. Ogni biglietto vale una volta sola."
          : "One ticket per person. At the entrance show each one's QR code, which you find in \"My tickets\" ("
              + ticketsPage + "), or read out its code. Each ticket is valid once.");
      b.tickets().forEach(t -> fact((it ? "Biglietto " : "Ticket ") + t.seq() + " – " + t.type(), t.code()));
      return this;
    }

    Draft deadline(Optional<Instant> deadline, String label) {
      deadline.ifPresent(t -> fact(label, (it ? "le " : "") + clock(t) + (it ? " di " : " on ")
          + day(t.atZone(QuietHours.ROME).toOffsetDateTime(), it)));
      return this;
    }

    Draft action(String url, String label) {
      actionUrl = url;
      actionLabel = label;
      return this;
    }

    void sms(String text) {
      sms = text + (actionUrl == null ? "" : " " + actionUrl);
    }

    Content finish(String network, Announcement.Sender sender, Optional<String> unsubscribe) {
      StringBuilder text = new StringBuilder(it ? "Gentile utente,\n\n" : "Hello,\n\n");
      StringBuilder html = new StringBuilder()
          .append("<!DOCTYPE html><html lang=\"").append(it ? "it" : "en").append("\"><head><meta charset=\"utf-8\">")
          .append("<meta name=\"viewport\" content=\"width=device-width\"><title>").append(escape(subject)).append("</title></head>")
          .append("<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:40em\">")
          .append("<h1 style=\"font-size:22px\">").append(escape(subject)).append("</h1>");
      boolean inList = false;
      for (String[] block : blocks) {
        if ("fact".equals(block[0])) {
          text.append(block[1]).append(": ").append(block[2]).append('\n');
          if (!inList) {
            html.append("<dl>");
            inList = true;
          }
          html.append("<dt style=\"font-weight:bold\">").append(escape(block[1])).append("</dt><dd style=\"margin:0 0 8px 0\">")
              .append(escape(block[2])).append("</dd>");
        } else {
          if (inList) {
            html.append("</dl>");
            inList = false;
            text.append('\n');
          }
          text.append(block[1]).append("\n\n");
          html.append("<p>").append(escape(block[1])).append("</p>");
        }
      }
      if (inList) {
        html.append("</dl>");
        text.append('\n');
      }
      if (actionUrl != null) {
        text.append(actionLabel).append(": ").append(actionUrl).append("\n\n");
        html.append("<p><a href=\"").append(escape(actionUrl)).append("\" style=\"display:inline-block;padding:12px 20px;")
            .append("background:#0066cc;color:#ffffff;text-decoration:underline;border-radius:4px\">").append(escape(actionLabel)).append("</a></p>");
      }
      String signature = sender.name().equals(network) ? network : sender.name() + (it ? ", tramite " : ", via ") + network;
      text.append("--\n").append(signature).append('\n');
      html.append("<hr><p style=\"font-size:14px\">").append(escape(signature)).append("</p>");
      unsubscribe.ifPresent(url -> {
        String words = it ? "Non vuole più ricevere promemoria e avvisi facoltativi? Annulli l'iscrizione" : "No more reminders and optional notices? Unsubscribe";
        text.append(words).append(": ").append(url).append('\n');
        html.append("<p style=\"font-size:14px\"><a href=\"").append(escape(url)).append("\">").append(escape(words)).append("</a></p>");
      });
      html.append("</body></html>");
      return new Content(subject, text.toString(), html.toString(), sms, unsubscribe);
    }
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
