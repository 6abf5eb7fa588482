package coop.sportello.platform.http;

/**
 * Which person a request concerns, declared on its route so that a caller who acts for others
 * (a kiosk, for the person identified at it) can be held to that person before the handler runs.
 * {@code source} names where the platform finds the value: a path parameter or a body field.
 */
public record Concern(Kind kind, String source) {

  public enum Kind {
    /** Nobody but the caller, or nobody in particular (a search, a preview). */
    CALLER,
    /** The person a booking is for; {@code source} is the path parameter holding its id. */
    BOOKING,
    /** The person a waiting-line entry is for; {@code source} is the path parameter. */
    WAITLIST_ENTRY,
    /** The person named in the JSON body's field {@code source}; absent means the caller. */
    BODY_PERSON,
    /** The citizen of a chat conversation; {@code source} is the path parameter. */
    CONVERSATION,
    /** A person (an account id) named by the path parameter {@code source}. */
    PERSON
  }

  public static final Concern CALLER = new Concern(Kind.CALLER, null);

  public static Concern booking(String pathParam) {
    return new Concern(Kind.BOOKING, pathParam);
  }

  public static Concern waitlistEntry(String pathParam) {
    return new Concern(Kind.WAITLIST_ENTRY, pathParam);
  }

  public static Concern bodyPerson(String field) {
    return new Concern(Kind.BODY_PERSON, field);
  }

  public static Concern conversation(String pathParam) {
    return new Concern(Kind.CONVERSATION, pathParam);
  }

  /** A staff member reading about a person: whom they may see is each module's {@link ConcernCheck}. */
  public static Concern person(String pathParam) {
    return new Concern(Kind.PERSON, pathParam);
  }

  boolean fromPath() {
    return kind == Kind.BOOKING || kind == Kind.WAITLIST_ENTRY || kind == Kind.CONVERSATION || kind == Kind.PERSON;
  }

  public String describe() {
    return switch (kind) {
      case CALLER -> "the caller";
      case BOOKING -> "the person of booking :" + source;
      case WAITLIST_ENTRY -> "the person of waiting-line entry :" + source;
      case BODY_PERSON -> "the person in body field " + source + " (the caller when absent)";
      case CONVERSATION -> "the citizen of conversation :" + source;
      case PERSON -> "the person :" + source;
    };
  }
}
