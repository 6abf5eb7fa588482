package coop.sportello.chat.domain;

/**
 * Why a chat command cannot be done, in words for the person who tried: an HTTP-style status, a
 * stable problem type and an Italian detail.
 */
public record Refusal(int status, String type, String detail) {

  public static Refusal notFound() {
    // The same answer whether the conversation does not exist or is someone else's: no probing.
    return new Refusal(404, "conversation-not-found", "Conversazione non trovata.");
  }

  public static Refusal forbidden(String detail) {
    return new Refusal(403, "forbidden", detail);
  }

  public static Refusal conflict(String type, String detail) {
    return new Refusal(409, type, detail);
  }
}
