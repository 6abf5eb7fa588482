package coop.sportello.reporting.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One booking counted (see {@link Report}) as a funder's file carries it: no name, codice fiscale,
 * e-mail or phone; the person only as a pseudonymous id ({@link Pseudonyms}).
 *
 * @param outcome     delivered | partial | no_show | not_recorded (several delivery records of one
 *                    booking: no_show when all are, delivered when all are, partial otherwise)
 * @param channels    the methods of its completed payments, in alphabetical order
 * @param waitingDays whole days from the request to the start
 */
public record ExportRow(LocalDate date, String service, String area, String provider, String municipality, String outcome,
                        long minutes, Long priceCents, List<String> channels, long waitingDays, String person) {

  /** The files' header, Italian. */
  public static final List<String> HEADER = List.of("Data", "Servizio", "Area", "Ente", "Comune di residenza", "Esito",
      "Minuti erogati", "Prezzo (€)", "Canale di pagamento", "Attesa (giorni)", "Persona (pseudonimo)");

  public static final Map<String, String> OUTCOMES = Map.of("delivered", "Erogato", "partial", "Parziale",
      "no_show", "Non presentato", "not_recorded", "Non registrato");

  public static final Map<String, String> CHANNELS = Map.of("welfare_credit", "Credito welfare", "voucher", "Buono del Comune",
      "card", "Carta", "at_provider", "Presso l'ente");

  public String outcomeLabel() {
    return OUTCOMES.getOrDefault(outcome, outcome);
  }

  public String channelsLabel() {
    return String.join(" + ", channels.stream().map(c -> CHANNELS.getOrDefault(c, c)).toList());
  }
}
