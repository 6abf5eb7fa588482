package coop.sportello.privacy.domain;

import coop.sportello.platform.domain.Refusal;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A person's answers as sent ({purpose: given}), checked: every purpose known, and the notice can
 * be read (true) but not un-read. Purposes not sent keep their answer.
 */
public final class ConsentChanges {

  public static final Refusal UNKNOWN_PURPOSE = Refusal.invalid("unknown-purpose",
      "Tra le scelte c'è uno scopo che non conosciamo: notice-read, newsletter, surveys o aggregate-research.");
  public static final Refusal NOTICE_REQUIRED = Refusal.invalid("notice-required",
      "L'informativa non si può togliere: se non vuoi più che trattiamo i tuoi dati, chiedi la cancellazione.");

  private ConsentChanges() {
  }

  /** Why these answers cannot be taken, if they cannot. */
  public static Optional<Refusal> refusal(Map<String, Boolean> sent) {
    for (Map.Entry<String, Boolean> e : sent.entrySet()) {
      Optional<Purpose> purpose = Purpose.fromWire(e.getKey());
      if (purpose.isEmpty()) {
        return Optional.of(UNKNOWN_PURPOSE);
      }
      if (purpose.get().required() && !Boolean.TRUE.equals(e.getValue())) {
        return Optional.of(NOTICE_REQUIRED);
      }
    }
    return Optional.empty();
  }

  /** The answers by purpose; call after {@link #refusal} found nothing. */
  public static Map<Purpose, Boolean> answers(Map<String, Boolean> sent) {
    Map<Purpose, Boolean> answers = new EnumMap<>(Purpose.class);
    sent.forEach((name, given) -> answers.put(Purpose.fromWire(name).orElseThrow(), given));
    return answers;
  }
}
