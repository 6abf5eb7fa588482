package coop.sportello.bench;

import java.util.List;

/** One benchmark scenario; later capabilities add theirs to {@link BenchmarkMain#SCENARIOS}. */
public interface Scenario {

  String name();

  String description();

  /** Runs the scenario and returns printable result lines ("figure: value"). */
  List<String> run() throws Exception;
}
