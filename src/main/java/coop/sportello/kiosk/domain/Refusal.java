package coop.sportello.kiosk.domain;

/**
 * Why the kiosk core says no, in words for the person at the kiosk: an HTTP-style status, a
 * stable problem type and an Italian detail. The routes turn it into an RFC 9457 problem.
 */
public record Refusal(int status, String type, String detail) {

  static Refusal invalid(String type, String detail) {
    return new Refusal(422, type, detail);
  }
}
