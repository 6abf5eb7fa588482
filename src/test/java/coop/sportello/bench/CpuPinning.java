package coop.sportello.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Pins processes (all their threads) to CPUs with util-linux's taskset, for benchmarks only. */
final class CpuPinning {

  private CpuPinning() { }

  static boolean available() {
    try {
      return run(List.of("taskset", "-p", String.valueOf(ProcessHandle.current().pid())));
    } catch (IOException e) {
      return false;
    }
  }

  static void pin(long pid, String cpus) throws IOException {
    if (!run(List.of("taskset", "-a", "-p", "-c", cpus, String.valueOf(pid)))) {
      throw new IOException("taskset could not pin " + pid);
    }
  }

  /** Every PostgreSQL process (server and backends): they do the commits and the NOTIFY. */
  static void pinPostgres(String cpus) throws IOException {
    for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
      if (process.info().command().map(c -> c.endsWith("/postgres")).orElse(false)) {
        pin(process.pid(), cpus);
      }
    }
  }

  private static boolean run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      process.getInputStream().readAllBytes();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
