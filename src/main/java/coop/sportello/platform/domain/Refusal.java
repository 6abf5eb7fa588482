package coop.sportello.platform.domain;

/**
 * Why a domain core says no, in words for the person who tried: an HTTP-style status, a stable
 * problem type and an Italian detail. The one refusal type of every module's pure core; the
 * platform turns it into an RFC 9457 problem ({@code Problem.of}) at the edge.
 */
public record Refusal(int status, String type, String detail) {

  public static Refusal invalid(String type, String detail) {
    return new Refusal(422, type, detail);
  }

  public static Refusal forbidden(String detail) {
    return new Refusal(403, "forbidden", detail);
  }

  public static Refusal conflict(String type, String detail) {
    return new Refusal(409, type, detail);
  }

  public static Refusal notFound(String type, String detail) {
    return new Refusal(404, type, detail);
  }
}
