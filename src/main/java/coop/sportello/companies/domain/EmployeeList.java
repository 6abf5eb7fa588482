package coop.sportello.companies.domain;

import coop.sportello.platform.domain.CodiceFiscale;
import coop.sportello.platform.domain.Refusal;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A company's list of employees as a CSV file, read and checked on its own (nothing from the
 * database): a header row naming the columns, then one person per row. The separator is {@code ;}
 * (what Excel writes in Italy) or {@code ,}, whichever the header uses; a UTF-8 byte-order mark is
 * skipped. Columns, in any order, matched without case or accents: {@code codice fiscale},
 * {@code nome}, {@code cognome}, {@code email}, {@code gruppo} (the plan group), optional {@code badge}.
 * Name and surname are two columns, as payroll exports have them; the account shows "Nome Cognome".
 */
public final class EmployeeList {

  /**
   * Rows beyond the header; a bigger company imports by office. 600 real rows (about 86
   * characters each with e-mail and badge) fit in {@link #MAX_CHARS}, so the rows' limit is the one
   * people meet, never the body limit's bare 413 (the onboarding benchmark found 2,000 unreachable).
   */
  public static final int MAX_ROWS = 600;
  /** Characters of the file: the whole request stays within the API's 64 KiB body limit. */
  public static final int MAX_CHARS = 60_000;

  /** The same shapes the database checks (V2 username, V24 e-mail, V4 badge), kept to plain ASCII addresses. */
  private static final Pattern EMAIL = Pattern.compile("^[a-z0-9._+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}$");
  private static final Pattern BADGE = Pattern.compile("^[A-Z0-9-]{4,32}$");

  enum Column { CODICE_FISCALE, NOME, COGNOME, EMAIL, GRUPPO, BADGE }

  private static final Map<String, Column> HEADERS = Map.ofEntries(
      Map.entry("codicefiscale", Column.CODICE_FISCALE), Map.entry("cf", Column.CODICE_FISCALE),
      Map.entry("fiscalcode", Column.CODICE_FISCALE), Map.entry("nome", Column.NOME), Map.entry("name", Column.NOME),
      Map.entry("firstname", Column.NOME), Map.entry("cognome", Column.COGNOME), Map.entry("surname", Column.COGNOME),
      Map.entry("lastname", Column.COGNOME), Map.entry("email", Column.EMAIL), Map.entry("mail", Column.EMAIL),
      Map.entry("gruppo", Column.GRUPPO), Map.entry("gruppopiano", Column.GRUPPO), Map.entry("group", Column.GRUPPO),
      Map.entry("plangroup", Column.GRUPPO), Map.entry("badge", Column.BADGE));

  /** One person as the file gives them, normalized, with what is wrong with the row itself. */
  public record Row(int line, String codiceFiscale, String givenName, String familyName, String email, String badge,
                    String group, List<String> problems) {
    public String displayName() {
      return (givenName + " " + familyName).trim();
    }
  }

  /** The rows, or why the file as a whole cannot be read (then nothing is checked row by row). */
  public record Read(Optional<Refusal> refusal, List<Row> rows) {
    static Read refused(String detail) {
      return new Read(Optional.of(Refusal.invalid("invalid-employee-file", detail)), List.of());
    }
  }

  private EmployeeList() { }

  public static Read read(String text) {
    if (text.length() > MAX_CHARS) {
      return Read.refused("Il file è troppo grande (più di " + MAX_CHARS / 1000 + " mila caratteri): dividilo per sede o reparto.");
    }
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    int firstLineEnd = body.indexOf('\n');
    String header = firstLineEnd < 0 ? body : body.substring(0, firstLineEnd);
    char separator = count(header, ';') >= count(header, ',') ? ';' : ',';
    CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(separator).setIgnoreEmptyLines(true)
        .setIgnoreSurroundingSpaces(true).setTrim(true).get();
    List<CSVRecord> records;
    try (CSVParser parser = CSVParser.parse(body, format)) {
      records = new ArrayList<>();
      for (CSVRecord r : parser) {
        records.add(r);
        if (records.size() > MAX_ROWS + 1) {
          return Read.refused("Il file ha più di " + MAX_ROWS + " righe: dividilo per sede o reparto.");
        }
      }
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      return Read.refused("Il file non è un CSV leggibile (forse una virgoletta non chiusa): salvalo di nuovo come CSV.");
    }
    if (records.isEmpty()) {
      return Read.refused("Il file è vuoto.");
    }
    Map<Column, Integer> columns = new HashMap<>();
    for (int i = 0; i < records.get(0).size(); i++) {
      Column column = HEADERS.get(headerKey(records.get(0).get(i)));
      if (column != null) {
        columns.putIfAbsent(column, i);
      }
    }
    List<String> missing = new ArrayList<>();
    for (Column required : List.of(Column.CODICE_FISCALE, Column.NOME, Column.COGNOME, Column.EMAIL, Column.GRUPPO)) {
      if (!columns.containsKey(required)) {
        missing.add(required.name().toLowerCase(Locale.ROOT).replace('_', ' '));
      }
    }
    if (!missing.isEmpty()) {
      return Read.refused("Nella prima riga mancano le colonne: " + String.join(", ", missing)
          + ". Servono codice fiscale, nome, cognome, email, gruppo (e, se li usate, badge).");
    }
    List<Row> rows = new ArrayList<>();
    Map<String, Integer> seenCf = new HashMap<>();
    Map<String, Integer> seenEmail = new HashMap<>();
    Map<String, Integer> seenBadge = new HashMap<>();
    for (CSVRecord record : records.subList(1, records.size())) {
      rows.add(row((int) record.getRecordNumber(), record, columns, seenCf, seenEmail, seenBadge));
    }
    if (rows.isEmpty()) {
      return Read.refused("Il file ha solo la riga delle intestazioni: aggiungi una riga per dipendente.");
    }
    return new Read(Optional.empty(), rows);
  }

  private static Row row(int line, CSVRecord record, Map<Column, Integer> columns, Map<String, Integer> seenCf,
                         Map<String, Integer> seenEmail, Map<String, Integer> seenBadge) {
    List<String> problems = new ArrayList<>();
    String cf = CodiceFiscale.normalize(field(record, columns, Column.CODICE_FISCALE));
    String given = field(record, columns, Column.NOME).replaceAll("\\s+", " ");
    String family = field(record, columns, Column.COGNOME).replaceAll("\\s+", " ");
    String email = field(record, columns, Column.EMAIL).toLowerCase(Locale.ROOT);
    String badge = field(record, columns, Column.BADGE).toUpperCase(Locale.ROOT);
    String group = field(record, columns, Column.GRUPPO).replaceAll("\\s+", " ");
    if (cf.isEmpty()) {
      problems.add("Manca il codice fiscale.");
    } else {
      CodiceFiscale.check(cf).ifPresent(p -> problems.add(CodiceFiscale.refusal(p).detail()));
      duplicate(seenCf, cf, line, "Lo stesso codice fiscale è già alla riga ").ifPresent(problems::add);
    }
    if (given.isEmpty() || family.isEmpty()) {
      problems.add("Mancano il nome o il cognome.");
    } else if (given.length() + family.length() > 199) {
      problems.add("Nome e cognome sono troppo lunghi (al massimo 200 caratteri insieme).");
    }
    if (email.isEmpty()) {
      problems.add("Manca l'indirizzo e-mail: serve per l'invito.");
    } else if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
      problems.add("L'indirizzo e-mail non è scritto bene.");
    } else {
      duplicate(seenEmail, email, line, "Lo stesso indirizzo e-mail è già alla riga ").ifPresent(problems::add);
    }
    if (!badge.isEmpty()) {
      if (!BADGE.matcher(badge).matches()) {
        problems.add("Il badge ha da 4 a 32 caratteri tra lettere, cifre e trattini.");
      } else {
        duplicate(seenBadge, badge, line, "Lo stesso badge è già alla riga ").ifPresent(problems::add);
      }
    }
    if (group.isEmpty()) {
      problems.add("Manca il gruppo del piano welfare.");
    }
    return new Row(line, cf, given, family, email, badge.isEmpty() ? null : badge, group, problems);
  }

  private static Optional<String> duplicate(Map<String, Integer> seen, String value, int line, String words) {
    Integer earlier = seen.putIfAbsent(value, line);
    return earlier == null ? Optional.empty() : Optional.of(words + earlier + ".");
  }

  private static String field(CSVRecord record, Map<Column, Integer> columns, Column column) {
    Integer index = columns.get(column);
    return index == null || index >= record.size() ? "" : record.get(index).trim();
  }

  /** "Codice Fiscale", "codice_fiscale", "E-mail", "Gruppo piano" → their letters without accents. */
  static String headerKey(String header) {
    String plain = Normalizer.normalize(header, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
  }

  private static int count(String text, char c) {
    return (int) text.chars().filter(ch -> ch == c).count();
  }
}
