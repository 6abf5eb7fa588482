package coop.sportello.bench;

import java.net.InetAddress;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one benchmark entry point: {@code mvn -q -Pbench test-compile exec:java@bench -Dbench=all}
 * (or a comma-separated list of scenario names). Prints figures to paste into BENCHMARKS.md.
 */
public final class BenchmarkMain {

  static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

  static {
    register(new StartupScenario(true));
    register(new StartupScenario(false));
    register(new HealthThroughputScenario());
    register(new AvailabilityMonthScenario());
    register(new SearchScenario());
    register(new PushLatencyScenario(1_000));
    register(new PushLatencyScenario(5_000));
    register(new BookingScenario());
    register(new ChatScenario());
    register(new CallQueueScenario());
    register(new NotificationsScenario());
    register(new OnboardingScenario());
    register(new PaymentsScenario());
    register(new ClickDayScenario());
    register(new ReportingScenario());
    register(new OnSaleScenario());
  }

  private static void register(Scenario s) {
    SCENARIOS.put(s.name(), s);
  }

  private BenchmarkMain() { }

  public static void main(String[] args) throws Exception {
    String wanted = args.length > 0 ? args[0] : System.getProperty("bench", "all");
    List<Scenario> selected = "all".equals(wanted)
        ? List.copyOf(SCENARIOS.values())
        : java.util.Arrays.stream(wanted.split(",")).map(String::trim).map(name -> {
          Scenario s = SCENARIOS.get(name);
          if (s == null) {
            throw new IllegalArgumentException("unknown scenario " + name + "; known: " + SCENARIOS.keySet());
          }
          return s;
        }).toList();
    System.out.printf("# Sportello benchmarks, %s, %s, %d cores, Java %s%n", LocalDate.now(),
        InetAddress.getLocalHost().getHostName(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    for (Scenario scenario : selected) {
      System.out.println("\n## " + scenario.name() + ": " + scenario.description());
      for (String line : scenario.run()) {
        System.out.println("- " + line);
      }
    }
    System.exit(0);
  }
}
