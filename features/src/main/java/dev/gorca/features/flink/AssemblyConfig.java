package dev.gorca.features.flink;

import dev.gorca.features.extract.LeakDetector;
import dev.gorca.features.schema.FeatureSchema;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * How incidents are assembled (docs/features.md, "Incident assembly").
 *
 * @param windows the metric feature windows, longest first (they name the feature schema)
 * @param gracePeriod how long after a crash to wait (event time) for late metrics and dumps
 * @param ringCapacity at most this many samples kept per instance
 * @param idleTimeout an instance silent this long (event time) has all its state cleared
 * @param stateTtl processing-time TTL on all state, the safety net for sources that stop entirely
 * @param duplicateWindow the same crash text of the same instance within this window is one crash
 * @param liveIncidents whether to open live incidents for leaks in progress
 * @param leakRules the thresholds of live incidents
 */
public record AssemblyConfig(
    List<Duration> windows,
    Duration gracePeriod,
    int ringCapacity,
    Duration idleTimeout,
    Duration stateTtl,
    Duration duplicateWindow,
    boolean liveIncidents,
    LeakDetector.Rules leakRules) implements Serializable {

  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(10);
  public static final int DEFAULT_RING_CAPACITY = 1_200;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
  public static final Duration DEFAULT_STATE_TTL = Duration.ofHours(2);
  public static final Duration DEFAULT_DUPLICATE_WINDOW = Duration.ofMinutes(5);

  public AssemblyConfig {
    windows = List.copyOf(windows);
    FeatureSchema.of(windows); // validates: non-empty, longest first
    if (gracePeriod.isNegative()) throw new IllegalArgumentException("gracePeriod < 0: " + gracePeriod);
    if (ringCapacity < 2) throw new IllegalArgumentException("ringCapacity < 2: " + ringCapacity);
    if (idleTimeout.compareTo(windows.get(0)) < 0) {
      throw new IllegalArgumentException("idleTimeout " + idleTimeout + " is shorter than the longest window " + windows.get(0)
          + "; an instance's samples would be cleared before its features are computed");
    }
  }

  public static AssemblyConfig defaults() {
    return new AssemblyConfig(FeatureSchema.DEFAULT_WINDOWS, DEFAULT_GRACE_PERIOD, DEFAULT_RING_CAPACITY,
        DEFAULT_IDLE_TIMEOUT, DEFAULT_STATE_TTL, DEFAULT_DUPLICATE_WINDOW, true, LeakDetector.Rules.DEFAULT);
  }

  public AssemblyConfig withGracePeriod(Duration grace) {
    return new AssemblyConfig(windows, grace, ringCapacity, idleTimeout, stateTtl, duplicateWindow, liveIncidents, leakRules);
  }

  public AssemblyConfig withIdleTimeout(Duration idle) {
    return new AssemblyConfig(windows, gracePeriod, ringCapacity, idle, stateTtl, duplicateWindow, liveIncidents, leakRules);
  }

  public AssemblyConfig withLeakRules(LeakDetector.Rules rules) {
    return new AssemblyConfig(windows, gracePeriod, ringCapacity, idleTimeout, stateTtl, duplicateWindow, liveIncidents, rules);
  }

  public FeatureSchema schema() {
    return FeatureSchema.of(windows);
  }

  /** Samples are kept this long behind the newest: the longest window plus the grace period. */
  public Duration retention() {
    return windows.get(0).plus(gracePeriod);
  }
}
