package dev.gorca.serving.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What to measure and how much of it.
 *
 * @param instances service instances in the throughput burst; each sends its samples, then dies like a lab case
 * @param samplesPerInstance metric samples of each instance in the burst (the last few are the lab case's own)
 * @param throughputCheckpoint checkpoint interval of the throughput job: the last incidents wait for one commit
 * @param latencyRuns one latency run per entry, each on a job with its own checkpoint interval
 * @param crashesPerSecond the steady crash rate of the latency runs
 * @param labelCounts one learning run per entry, with {@code learning.min-labels} set to it
 * @param learningCheckpoint checkpoint interval of the learning jobs (the scored incident waits for a commit)
 * @param parallelism of every job (and partitions of every topic)
 * @param captures the lab captures replayed ({@code lab/captures})
 * @param models the shipped model registry, copied before the learning runs promote into it
 */
public record BenchOptions(Set<Phase> phases, int instances, int samplesPerInstance, Duration throughputCheckpoint,
    List<LatencyRun> latencyRuns, double crashesPerSecond, List<Integer> labelCounts, Duration learningCheckpoint,
    int parallelism, Path captures, Path models) {
  public BenchOptions {
    phases = Set.copyOf(phases);
    latencyRuns = List.copyOf(latencyRuns);
    labelCounts = List.copyOf(labelCounts);
    if (instances < 1) throw new IllegalArgumentException("expected --instances >= 1, found " + instances);
    if (samplesPerInstance < 0) {
      throw new IllegalArgumentException("expected --samples-per-instance >= 0, found " + samplesPerInstance);
    }
    if (!(crashesPerSecond > 0)) {
      throw new IllegalArgumentException("expected --crashes-per-second > 0, found " + crashesPerSecond);
    }
    if (parallelism < 1) throw new IllegalArgumentException("expected --parallelism >= 1, found " + parallelism);
    for (int labels : labelCounts) {
      if (labels < 1) throw new IllegalArgumentException("expected label counts >= 1, found " + labels);
    }
    if (phases.contains(Phase.LATENCY) && latencyRuns.isEmpty()) {
      throw new IllegalArgumentException("the latency phase needs at least one run (--latency-runs 10s:60s)");
    }
    if (phases.contains(Phase.LEARNING) && labelCounts.isEmpty()) {
      throw new IllegalArgumentException("the learning phase needs at least one label count (--labels 20)");
    }
  }

  /**
   * One latency run.
   *
   * @param checkpointInterval the job's checkpoint interval: incidents become visible when a checkpoint commits
   * @param crashesFor how long crashes are produced at the steady rate
   */
  public record LatencyRun(Duration checkpointInterval, Duration crashesFor) {
    public LatencyRun {
      if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
        throw new IllegalArgumentException("expected a positive checkpoint interval, found " + checkpointInterval);
      }
      if (crashesFor.isNegative() || crashesFor.isZero()) {
        throw new IllegalArgumentException("expected a positive latency run duration, found " + crashesFor);
      }
    }

    /** {@code "10s:60s"}: checkpoint every 10 s, crashes for 60 s. */
    public static LatencyRun parse(String text) {
      String[] parts = text.trim().split(":");
      if (parts.length != 2) {
        throw new IllegalArgumentException("expected a latency run as CHECKPOINT:DURATION, e.g. 10s:60s, found \""
            + text + "\"");
      }
      return new LatencyRun(Durations.parse(parts[0]), Durations.parse(parts[1]));
    }

    public static List<LatencyRun> parseList(String text) {
      List<LatencyRun> runs = new ArrayList<>();
      for (String run : text.split(",")) {
        if (!run.isBlank()) runs.add(parse(run));
      }
      return runs;
    }

    @Override
    public String toString() {
      return Durations.format(checkpointInterval) + ":" + Durations.format(crashesFor);
    }
  }
}
