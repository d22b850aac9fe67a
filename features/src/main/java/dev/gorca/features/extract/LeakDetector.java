package dev.gorca.features.extract;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Spots a leak in progress from an instance's recent samples, before it crashes, and estimates when
 * the resource runs out. The rules (docs/features.md, "Live incidents"):
 *
 * <ul>
 *   <li>goroutine burst: more than {@link Rules#minGoroutines} goroutines and more than 4x (+300%)
 *       the count {@link Rules#burstLookback} earlier;
 *   <li>steady goroutine growth: at least 3x over the window, above the same floor;
 *   <li>steady growth of open fds, resident memory (against GOMEMLIMIT) or threads (against Go's
 *       default limit of 10,000) that would exhaust the limit within {@link Rules#horizon} at the
 *       window's least-squares slope, once past half of the limit.
 * </ul>
 */
public final class LeakDetector {
  /** Go's default for runtime/debug.SetMaxThreads. */
  public static final double GO_MAX_THREADS = 10_000;

  private LeakDetector() {}

  /**
   * The thresholds, configurable per deployment.
   *
   * @param minGoroutines goroutine rules fire only above this many goroutines
   * @param burstLookback the burst rule compares with the count this long ago
   * @param horizon limit rules fire when exhaustion is nearer than this
   * @param minSpan steady-growth rules need samples spanning at least this long
   */
  public record Rules(int minGoroutines, Duration burstLookback, Duration horizon, Duration minSpan)
      implements java.io.Serializable {
    public static final Rules DEFAULT = new Rules(5_000, Duration.ofSeconds(10), Duration.ofMinutes(30), Duration.ofSeconds(30));
  }

  /** A leak in progress. {@code secondsToExhaustion} is NaN when no limit is known. */
  public record Leak(String resource, String reason, double secondsToExhaustion) {}

  /**
   * Whether any rule could fire given the newest sample alone: every rule needs goroutines above
   * the floor, or fds, resident memory or threads past half their limit. Lets the stream skip the
   * window scan for the healthy majority of samples.
   */
  public static boolean mightLeak(MetricPoint newest, Rules rules) {
    if (newest.get(TrackedMetric.GOROUTINES) > rules.minGoroutines()) return true;
    double maxFds = newest.get(TrackedMetric.MAX_FDS);
    if (maxFds > 0 && newest.get(TrackedMetric.OPEN_FDS) >= maxFds / 2) return true;
    double limit = newest.get(TrackedMetric.MEMORY_LIMIT_BYTES);
    if (TrackedMetric.isMemoryLimitSet(limit) && newest.get(TrackedMetric.RSS_BYTES) >= limit / 2) return true;
    return newest.get(TrackedMetric.THREADS) >= GO_MAX_THREADS / 2;
  }

  /** @param window the samples of the longest feature window, oldest first */
  public static Optional<Leak> detect(List<MetricPoint> window, Rules rules) {
    if (window.size() < 2) return Optional.empty();
    Optional<Leak> burst = goroutineBurst(window, rules);
    if (burst.isPresent()) return burst;
    Series goroutines = Series.of(window, TrackedMetric.GOROUTINES);
    if (goroutines.last() > rules.minGoroutines() && goroutines.growthRatio() >= 3
        && goroutines.spanSeconds() >= rules.minSpan().toSeconds()) {
      return Optional.of(new Leak("goroutines", String.format("goroutines grew from %,d to %,d in %s",
          (long) goroutines.first(), (long) goroutines.last(), humanSeconds(goroutines.spanSeconds())), Double.NaN));
    }
    MetricPoint last = window.get(window.size() - 1);
    Optional<Leak> fds = towardsLimit(window, TrackedMetric.OPEN_FDS, last.get(TrackedMetric.MAX_FDS), "open fds", "fds", rules);
    if (fds.isPresent()) return fds;
    double memoryLimit = last.get(TrackedMetric.MEMORY_LIMIT_BYTES);
    if (TrackedMetric.isMemoryLimitSet(memoryLimit)) {
      Optional<Leak> memory = towardsLimit(window, TrackedMetric.RSS_BYTES, memoryLimit, "resident memory", "memory", rules);
      if (memory.isPresent()) return memory;
    }
    return towardsLimit(window, TrackedMetric.THREADS, GO_MAX_THREADS, "OS threads", "threads", rules);
  }

  private static Optional<Leak> goroutineBurst(List<MetricPoint> window, Rules rules) {
    MetricPoint last = window.get(window.size() - 1);
    double now = last.get(TrackedMetric.GOROUTINES);
    if (!(now > rules.minGoroutines())) return Optional.empty();
    long since = last.tsMs - rules.burstLookback().toMillis();
    for (MetricPoint point : window) {
      if (point.tsMs < since) continue;
      double before = point.get(TrackedMetric.GOROUTINES);
      if (before > 0 && now > 4 * before) {
        return Optional.of(new Leak("goroutines", String.format("goroutines grew from %,d to %,d in %s",
            (long) before, (long) now, humanSeconds((last.tsMs - point.tsMs) / 1000.0)), Double.NaN));
      }
      break; // the earliest sample within the lookback decides
    }
    return Optional.empty();
  }

  private static Optional<Leak> towardsLimit(
      List<MetricPoint> window, TrackedMetric metric, double limit, String what, String resource, Rules rules) {
    if (!(limit > 0)) return Optional.empty();
    Series series = Series.of(window, metric);
    if (series.size() < 3 || series.spanSeconds() < rules.minSpan().toSeconds()) return Optional.empty();
    double last = series.last();
    double perSecond = series.slopePerMinute() / 60.0;
    if (!(last >= limit / 2) || !(perSecond > 0)) return Optional.empty();
    double seconds = (limit - last) / perSecond;
    if (seconds > rules.horizon().toSeconds()) return Optional.empty();
    return Optional.of(new Leak(resource, String.format("%s at %,d of %,d, growing %,.0f/min: exhausted in about %s",
        what, (long) last, (long) limit, perSecond * 60, humanSeconds(Math.max(0, seconds))), Math.max(0, seconds)));
  }

  static String humanSeconds(double seconds) {
    if (seconds < 90) return Math.round(seconds) + " s";
    if (seconds < 5400) return Math.round(seconds / 60) + " min";
    return String.format("%.1f h", seconds / 3600);
  }
}
