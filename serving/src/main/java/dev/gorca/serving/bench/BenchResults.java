package dev.gorca.serving.bench;

import java.util.List;

/**
 * Everything one {@code gorca bench} measured.
 *
 * @param throughput null when the phase did not run
 */
public record BenchResults(Machine machine, String command, double kafkaStartSeconds, Double postgresStartSeconds,
    ThroughputResult throughput, List<LatencyResult> latency, List<LearningResult> learning, double totalSeconds) {
  public BenchResults {
    latency = List.copyOf(latency);
    learning = List.copyOf(learning);
  }
}
