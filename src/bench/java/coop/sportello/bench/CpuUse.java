package coop.sportello.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time spent during a window: this JVM's in all (com.sun.management's process CPU time), its
 * Java threads grouped by name prefix (ThreadMXBean), and a PostgreSQL server's processes (from
 * /proc: the postmaster, its live children, and the children it has already reaped). What the
 * JVM spent outside its Java threads (GC, JIT compiler, VM) is the remainder.
 */
final class CpuUse {

  /** Clock ticks per second of /proc's times (USER_HZ: 100 on Linux everywhere). */
  private static final long TICKS_PER_SECOND = 100;

  private final Map<String, String> groups;
  private final long postmaster;
  private final long processStart;
  private final Map<Long, Long> threadStart;
  private final long postgresStart;

  /**
   * @param groups thread-name prefix → group name, in order: a thread belongs to the first prefix it starts with
   * @param postmaster the PostgreSQL server's postmaster pid, or 0 to leave PostgreSQL out
   */
  private CpuUse(Map<String, String> groups, long postmaster) {
    this.groups = groups;
    this.postmaster = postmaster;
    this.processStart = processNanos();
    this.threadStart = threadNanos();
    this.postgresStart = postgresNanos();
  }

  static CpuUse start(Map<String, String> groups, long postmaster) {
    return new CpuUse(new LinkedHashMap<>(groups), postmaster);
  }

  /** The benchmark's PostgreSQL postmaster: the parent of one of the pool's backends (see {@link CpuPinning}). */
  static long postmasterOf(BenchApp bench) throws Exception {
    int backend = BenchApp.await(bench.app.pool().query("SELECT pg_backend_pid()").execute()).iterator().next().getInteger(0);
    return ProcessHandle.of(backend).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
        .orElseThrow(() -> new IOException("the benchmark's PostgreSQL server is not visible from here"));
  }

  /**
   * Milliseconds of CPU since {@link #start}: "JVM", each group, "JVM other threads", "JVM outside
   * Java threads", "PostgreSQL".
   */
  Map<String, Long> since() {
    long process = processNanos() - processStart;
    Map<Long, Long> threadsNow = threadNanos();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> byGroup = new LinkedHashMap<>();
    groups.values().forEach(group -> byGroup.put(group, 0L));
    byGroup.put("JVM other threads", 0L);
    long javaThreads = 0;
    for (Map.Entry<Long, Long> thread : threadsNow.entrySet()) {
      ThreadInfo info = threads.getThreadInfo(thread.getKey());
      if (info == null) {
        continue;
      }
      long spent = thread.getValue() - threadStart.getOrDefault(thread.getKey(), 0L);
      javaThreads += spent;
      byGroup.merge(groupOf(info.getThreadName()), spent, Long::sum);
    }
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("JVM", process / 1_000_000);
    byGroup.forEach((group, nanos) -> out.put(group, nanos / 1_000_000));
    out.put("JVM outside Java threads", Math.max(0, process - javaThreads) / 1_000_000);
    if (postmaster != 0) {
      out.put("PostgreSQL", (postgresNanos() - postgresStart) / 1_000_000);
    }
    return out;
  }

  private String groupOf(String threadName) {
    return groups.entrySet().stream().filter(g -> threadName.startsWith(g.getKey())).map(Map.Entry::getValue)
        .findFirst().orElse("JVM other threads");
  }

  private static long processNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static Map<Long, Long> threadNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> out = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long nanos = threads.getThreadCpuTime(id);
      if (nanos >= 0) {
        out.put(id, nanos);
      }
    }
    return out;
  }

  /** The postmaster's own and reaped children's time, plus its live descendants' own. */
  private long postgresNanos() {
    if (postmaster == 0) {
      return 0;
    }
    long ticks = ticks(postmaster, true);
    List<ProcessHandle> children = ProcessHandle.of(postmaster).map(p -> p.descendants().toList()).orElse(List.of());
    for (ProcessHandle child : children) {
      ticks += ticks(child.pid(), false);
    }
    return ticks * 1_000_000_000L / TICKS_PER_SECOND;
  }

  /** utime + stime (+ cutime + cstime) of /proc/pid/stat; 0 for a process gone meanwhile. */
  private static long ticks(long pid, boolean withReapedChildren) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      // Fields after the command name (which may contain spaces) start at field 3, "state".
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return withReapedChildren ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : own;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** "name 1,234 ms" pairs, for a result line. */
  static String describe(Map<String, Long> millis, double windowSeconds) {
    return String.join(", ", millis.entrySet().stream()
        .map(e -> String.format("%s %,d ms (%.0f%% of one core)", e.getKey(), e.getValue(), e.getValue() / 10.0 / windowSeconds))
        .toList());
  }
}
