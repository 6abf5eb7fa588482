package coop.sportello.hostile;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What one channel of the hostile suite saw: how many inputs, how many were taken (valid after
 * all: an emoji is a fine name), how many refused with a 4xx problem, and every answer that is a
 * defect (a 5xx, a 4xx that is not a problem, no answer) with what caused it.
 */
final class Tally {

  private static final int KEPT = 40;

  private final String channel;
  private long inputs;
  private long accepted;
  private long refused;
  private long serverErrors;
  private long closedSockets;
  private final List<String> defects = new ArrayList<>();
  int lastStatus;

  Tally(String channel) {
    this.channel = channel;
  }

  /** An HTTP answer. */
  void answered(String what, int status, String contentType, String body) {
    inputs++;
    lastStatus = status;
    if (status >= 500) {
      serverErrors++;
      defect(what + " -> " + status + " " + abbreviated(body));
    } else if (status >= 400) {
      refused++;
      if (!isProblem(status, contentType, body)) {
        defect(what + " -> " + status + " without a problem body: " + contentType + " " + abbreviated(body));
      }
    } else {
      accepted++;
    }
  }

  /** A bridge answer: "reply", "rejected" (by the bridge's rules) or "failure:code:problem". */
  void bridgeAnswered(String what, String outcome) {
    inputs++;
    if (outcome.equals("reply")) {
      accepted++;
    } else if (outcome.equals("rejected")) {
      refused++;
    } else {
      String[] parts = outcome.split(":", 3);
      int code = Integer.parseInt(parts[1]);
      if (code >= 400 && code < 500 && isProblem(code, "application/problem+json", parts[2])) {
        refused++;
      } else {
        if (code >= 500) {
          serverErrors++;
        }
        defect(what + " -> failure " + code + " " + abbreviated(parts[2]));
      }
    }
  }

  /** The bridge closed the socket: its answer to a frame over the size limit. */
  void closedSocket(String what) {
    inputs++;
    refused++;
    closedSockets++;
  }

  void failed(String defect) {
    inputs++;
    defect(defect);
  }

  void assertClean() {
    if (!defects.isEmpty()) {
      fail(line() + "\n  " + String.join("\n  ", defects));
    }
  }

  String line() {
    return String.format("%s: %d hostile inputs, %d taken as valid, %d refused with a 4xx problem%s, %d answered 5xx, %d defects",
        channel, inputs, accepted, refused, closedSockets > 0 ? " (" + closedSockets + " by closing the socket)" : "",
        serverErrors, defects.size());
  }

  private void defect(String text) {
    System.out.println("hostile-input defect: " + text);
    if (defects.size() < KEPT) {
      defects.add(text);
    } else if (defects.size() == KEPT) {
      defects.add("…");
    }
  }

  private static boolean isProblem(int status, String contentType, String body) {
    if (contentType == null || !contentType.startsWith("application/problem+json")) {
      return false;
    }
    try {
      JsonObject problem = new JsonObject(body);
      return problem.getInteger("status", -1) == status && problem.getString("title") != null;
    } catch (RuntimeException notJson) {
      return false;
    }
  }

  private static String abbreviated(String text) {
    if (text == null) {
      return "(no body)";
    }
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
