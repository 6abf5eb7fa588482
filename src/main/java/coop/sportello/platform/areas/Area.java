package coop.sportello.platform.areas;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The service areas of DOMAIN.md, and culture and leisure (issue 24). The source is the {@code service_areas} table (V15): start-up
 * fails if this list and the table differ ({@link Areas#check}), so code that validates or routes
 * by area never disagrees with the data. Labels are not here: they are the table's, one column per
 * language.
 */
public enum Area {
  EDUCATION, CHILDHOOD, ELDERLY, WORK_LIFE, HEALTH,
  /** Culture and leisure (V67): events and visits, offered only where the network wants it (areas.culture). */
  CULTURE;

  /** As it is written in JSON, SQL and addresses: {@code work_life}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Area> fromCode(String code) {
    return Arrays.stream(values()).filter(a -> a.code().equals(code)).findFirst();
  }

  public static List<String> codes() {
    return Arrays.stream(values()).map(Area::code).toList();
  }

  /** The codes as a JSON Schema {@code enum} value: {@code ["education","childhood",...]}. */
  public static String schemaEnum() {
    return "[" + String.join(",", codes().stream().map(c -> "\"" + c + "\"").toList()) + "]";
  }

  /** The codes as a regular-expression alternation: {@code (education|childhood|...)}. */
  public static String regex() {
    return "(" + String.join("|", codes()) + ")";
  }
}
