package coop.sportello.notifications;

/** Addresses as a supervisor's screen shows them: enough to recognise, not enough to harvest. */
final class Addresses {

  private Addresses() { }

  static String masked(String channel, String address) {
    if ("email".equals(channel)) {
      int at = address.indexOf('@');
      return at <= 0 ? "***" : address.charAt(0) + "***" + address.substring(at);
    }
    if ("sms".equals(channel)) {
      return address.length() <= 4 ? "***" : "***" + address.substring(address.length() - 3);
    }
    return address;
  }
}
