package dev.gorca.serving.bench;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The parts of the benchmark, each on a job of its own. */
public enum Phase {
  /** A pre-encoded burst produced as fast as possible: samples/s and crashes/s through Kafka → Flink → Kafka. */
  THROUGHPUT,
  /** Crashes at a steady rate in wall-clock event time: crash-to-visible-incident latency. */
  LATENCY,
  /** Labels on stored incidents: time to a promoted model, and to the first incident it scores. */
  LEARNING;

  /** {@code "throughput,latency"} → those phases, in declaration order. */
  public static Set<Phase> parse(String list) {
    Set<Phase> phases = EnumSet.noneOf(Phase.class);
    for (String name : list.split(",")) {
      String trimmed = name.trim();
      if (trimmed.isEmpty()) continue;
      try {
        phases.add(valueOf(trimmed.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown phase \"" + trimmed + "\"; expected a comma-separated list of"
            + " throughput, latency, learning");
      }
    }
    if (phases.isEmpty()) throw new IllegalArgumentException("expected at least one phase, found \"" + list + "\"");
    return phases;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
