package dev.gorca.serving.bench;

/**
 * Crash-to-incident latency of one run: per incident, the time it became visible to a {@code read_committed}
 * consumer minus the wall time its crash was produced.
 *
 * @param latency over the incidents that came out ({@code crashes - missingIncidents})
 */
public record LatencyResult(long checkpointIntervalMs, double crashesPerSecond, double seconds, int crashes,
    int missingIncidents, Percentiles latency, long gracePeriodMs, long outOfOrdernessMs) {}
