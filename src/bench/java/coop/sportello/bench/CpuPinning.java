package coop.sportello.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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

  /**
   * The benchmark's own PostgreSQL: its postmaster (found as the parent of a backend of the
   * benchmark's pool) and every process under it. Backends forked later inherit the postmaster's
   * CPUs; one that exits while being pinned is skipped. Other PostgreSQL servers on the machine
   * are left alone.
   */
  static void pinPostgres(BenchApp bench, String cpus) throws Exception {
    int backend = BenchApp.await(bench.app.pool().query("SELECT pg_backend_pid()").execute()).iterator().next().getInteger(0);
    ProcessHandle postmaster = ProcessHandle.of(backend).flatMap(ProcessHandle::parent)
        .orElseThrow(() -> new IOException("the benchmark's PostgreSQL server is not visible from here"));
    for (ProcessHandle process : Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList()) {
      if (!run(List.of("taskset", "-a", "-p", "-c", cpus, String.valueOf(process.pid()))) && process.isAlive()) {
        throw new IOException("taskset could not pin " + process.pid());
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
