package coop.sportello.platform.areas;

import java.util.List;
import java.util.Map;

/**
 * The areas as the database holds them, in their order, with their labels per language
 * ({@code it}, {@code en}): the one dictionary of area names that screens and transcripts use.
 */
public record Areas(List<Entry> entries) {

  /** An area, its names and whether the network offers it (only culture may be off, V67). */
  public record Entry(Area area, Map<String, String> labels, boolean offered) { }

  public Areas {
    entries = List.copyOf(entries);
  }

  /**
   * The table's codes in its order must be exactly {@link Area}'s: otherwise the code and the data
   * disagree about what an area is, and start-up stops here rather than refusing requests later.
   */
  public static Areas check(List<String> codes, List<Map<String, String>> labels, java.util.Set<String> offered) {
    if (!codes.equals(Area.codes())) {
      throw new IllegalStateException("service_areas holds " + codes + " but the code knows " + Area.codes());
    }
    return new Areas(java.util.stream.IntStream.range(0, codes.size())
        .mapToObj(i -> new Entry(Area.values()[i], Map.copyOf(labels.get(i)), offered.contains(codes.get(i)))).toList());
  }

  /** The areas the network offers, in their order: what screens list. */
  public List<Entry> offered() {
    return entries.stream().filter(Entry::offered).toList();
  }

  /** The label in {@code language}, else Italian, else the code. */
  public String label(String code, String language) {
    return entries.stream().filter(e -> e.area().code().equals(code)).findFirst()
        .map(e -> e.labels().getOrDefault(language, e.labels().getOrDefault("it", code)))
        .orElse(code);
  }
}
