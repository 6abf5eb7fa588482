package coop.sportello.resilience;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processes of one PostgreSQL data directory, for tests that stop, freeze or kill a database
 * under a running Sportello. Only the postmaster named by that directory's {@code postmaster.pid}
 * and the processes under it are ever signalled.
 */
final class PostgresProcesses {

  private PostgresProcesses() { }

  /** The live postmaster serving {@code dataDir}. */
  static ProcessHandle postmaster(Path dataDir) throws IOException {
    long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .orElseThrow(() -> new IOException("no live postmaster for " + dataDir));
  }

  /** SIGSTOP to the postmaster, then to every process under it: the database hangs, connections stay open. */
  static void freeze(Path dataDir) throws IOException {
    ProcessHandle postmaster = postmaster(dataDir);
    // The postmaster first, so that it forks nothing while its children are being stopped.
    signal("STOP", List.of(postmaster.pid()), true);
    signal("STOP", postmaster.descendants().map(ProcessHandle::pid).toList(), false);
  }

  /** SIGCONT to every process under the postmaster, then to the postmaster. */
  static void thaw(Path dataDir) throws IOException {
    ProcessHandle postmaster = postmaster(dataDir);
    signal("CONT", postmaster.descendants().map(ProcessHandle::pid).toList(), false);
    signal("CONT", List.of(postmaster.pid()), true);
  }

  /**
   * SIGKILL, in one kill(1) call, to {@code others} and to the postmaster's whole process group
   * (pg_ctl starts the postmaster as a session leader, so its backends share its group): nothing
   * can fork in between and survive holding the data directory.
   */
  static void killTogether(Path dataDir, List<Long> others) throws IOException {
    ProcessHandle postmaster = postmaster(dataDir);
    List<String> command = new ArrayList<>(List.of("kill", "-KILL"));
    others.forEach(pid -> command.add(String.valueOf(pid)));
    command.add("--");
    command.add("-" + postmaster.pid());
    run(command, true);
    try {
      postmaster.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("the postmaster survived SIGKILL", e);
    }
  }

  /** {@code strict}: fail if any process is gone (a backend or worker may end on its own meanwhile). */
  private static void signal(String signal, List<Long> pids, boolean strict) throws IOException {
    if (pids.isEmpty()) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    pids.forEach(pid -> command.add(String.valueOf(pid)));
    run(command, strict);
  }

  private static void run(List<String> command, boolean strict) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(10, TimeUnit.SECONDS) || strict && process.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
