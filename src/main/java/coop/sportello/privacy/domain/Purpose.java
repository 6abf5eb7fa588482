package coop.sportello.privacy.domain;

import java.util.Optional;

/**
 * What a person is asked about under the privacy notice. Only reading the notice is required (and
 * it is information, art. 13 GDPR, not a consent: it is superseded by a newer version, never
 * withdrawn); the others are optional, and booking, chat and calls work the same without them.
 */
public enum Purpose {
  NOTICE_READ("notice-read", true),
  NEWSLETTER("newsletter", false),
  SURVEYS("surveys", false),
  AGGREGATE_RESEARCH("aggregate-research", false);

  private final String wireName;
  private final boolean required;

  Purpose(String wireName, boolean required) {
    this.wireName = wireName;
    this.required = required;
  }

  public String wireName() {
    return wireName;
  }

  public boolean required() {
    return required;
  }

  public static Optional<Purpose> fromWire(String name) {
    for (Purpose p : values()) {
      if (p.wireName.equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
