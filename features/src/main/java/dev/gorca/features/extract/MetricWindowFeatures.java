package dev.gorca.features.extract;

import static dev.gorca.features.schema.FeatureNames.windowed;

import dev.gorca.features.schema.FeatureSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The METRICS features: the samples in each window before the incident (docs/features.md). */
public final class MetricWindowFeatures {
  private MetricWindowFeatures() {}

  /**
   * @param points samples of one instance in any order; those after the incident are ignored
   * @param incidentTsMs the crash time, or the last sample's time for a live incident
   */
  public static void extract(List<MetricPoint> points, long incidentTsMs, FeatureSchema.Builder features, FeatureSchema schema) {
    List<MetricPoint> longest = window(points, incidentTsMs, schema.longestWindow());
    if (!longest.isEmpty()) lastValues(longest, incidentTsMs, features);
    for (Duration window : schema.windows()) {
      windowValues(window(points, incidentTsMs, window), window, features);
    }
  }

  /**
   * Samples with incident - window <= ts <= incident, oldest first, one per timestamp. Two samples
   * with one timestamp are a re-delivery; should they differ, the one with the larger values (in
   * tracked-metric order) is kept, so the features never depend on the order samples arrived in.
   */
  public static List<MetricPoint> window(List<MetricPoint> points, long incidentTsMs, Duration window) {
    long from = incidentTsMs - window.toMillis();
    List<MetricPoint> selected = new ArrayList<>();
    for (MetricPoint point : points) {
      if (point.tsMs >= from && point.tsMs <= incidentTsMs) selected.add(point);
    }
    selected.sort(SAME_TIME_LARGER_LAST);
    List<MetricPoint> unique = new ArrayList<>(selected.size());
    for (MetricPoint point : selected) {
      if (!unique.isEmpty() && unique.get(unique.size() - 1).tsMs == point.tsMs) unique.set(unique.size() - 1, point);
      else unique.add(point);
    }
    return unique;
  }

  private static final Comparator<MetricPoint> SAME_TIME_LARGER_LAST =
      Comparator.<MetricPoint>comparingLong(p -> p.tsMs).thenComparing((a, b) -> java.util.Arrays.compare(a.values, b.values));

  private static void lastValues(List<MetricPoint> points, long incidentTsMs, FeatureSchema.Builder f) {
    double heap = Series.of(points, TrackedMetric.HEAP_ALLOC_BYTES).last();
    double rss = Series.of(points, TrackedMetric.RSS_BYTES).last();
    double limit = Series.of(points, TrackedMetric.MEMORY_LIMIT_BYTES).last();
    double fds = Series.of(points, TrackedMetric.OPEN_FDS).last();
    double maxFds = Series.of(points, TrackedMetric.MAX_FDS).last();
    f.set("goroutines_last", Series.of(points, TrackedMetric.GOROUTINES).last());
    f.set("threads_last", Series.of(points, TrackedMetric.THREADS).last());
    f.set("heap_alloc_bytes_last", heap);
    f.set("heap_to_next_gc_ratio_last", ratio(heap, Series.of(points, TrackedMetric.NEXT_GC_BYTES).last()));
    f.set("rss_bytes_last", rss);
    f.set("rss_to_memory_limit_ratio", TrackedMetric.isMemoryLimitSet(limit) ? ratio(rss, limit) : Double.NaN);
    f.set("open_fds_last", fds);
    f.set("fds_to_max_ratio", ratio(fds, maxFds));
    f.set("last_sample_age_seconds", (incidentTsMs - points.get(points.size() - 1).tsMs) / 1000.0);
  }

  private static void windowValues(List<MetricPoint> points, Duration window, FeatureSchema.Builder f) {
    Series goroutines = Series.of(points, TrackedMetric.GOROUTINES);
    Series heap = Series.of(points, TrackedMetric.HEAP_ALLOC_BYTES);
    Series gcCount = Series.of(points, TrackedMetric.GC_COUNT);
    Series gcSum = Series.of(points, TrackedMetric.GC_SUM_SECONDS);
    double gcCycles = gcCount.counterIncrease();
    f.set(windowed("goroutines_delta", window), goroutines.delta());
    f.set(windowed("goroutines_growth_ratio", window), goroutines.growthRatio());
    f.set(windowed("goroutines_slope_per_minute", window), goroutines.slopePerMinute());
    f.set(windowed("threads_delta", window), Series.of(points, TrackedMetric.THREADS).delta());
    f.set(windowed("heap_alloc_delta_bytes", window), heap.delta());
    f.set(windowed("heap_alloc_growth_ratio", window), heap.growthRatio());
    f.set(windowed("allocation_rate_bytes_per_second", window), Series.of(points, TrackedMetric.ALLOC_BYTES_TOTAL).counterRatePerSecond());
    f.set(windowed("gc_cycles_per_second", window), gcCount.counterRatePerSecond());
    f.set(windowed("gc_pause_mean_seconds", window), gcCycles > 0 ? gcSum.counterIncrease() / gcCycles : Double.NaN);
    f.set(windowed("gc_pause_max_seconds", window), Series.of(points, TrackedMetric.GC_PAUSE_MAX_SECONDS).max());
    f.set(windowed("rss_growth_ratio", window), Series.of(points, TrackedMetric.RSS_BYTES).growthRatio());
    f.set(windowed("open_fds_delta", window), Series.of(points, TrackedMetric.OPEN_FDS).delta());
    f.set(windowed("cpu_cores_used", window), Series.of(points, TrackedMetric.CPU_SECONDS_TOTAL).counterRatePerSecond());
    f.set(windowed("sample_count", window), points.size());
    f.set(windowed("largest_gap_seconds", window), largestGapSeconds(points));
  }

  private static double largestGapSeconds(List<MetricPoint> points) {
    if (points.size() < 2) return Double.NaN;
    long gap = 0;
    for (int i = 1; i < points.size(); i++) gap = Math.max(gap, points.get(i).tsMs - points.get(i - 1).tsMs);
    return gap / 1000.0;
  }

  private static double ratio(double numerator, double denominator) {
    return denominator > 0 && Double.isFinite(numerator) ? numerator / denominator : Double.NaN;
  }
}
