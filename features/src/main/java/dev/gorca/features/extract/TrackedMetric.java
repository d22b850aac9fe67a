package dev.gorca.features.extract;

/**
 * The series the metric features read, by their canonical key (docs/events.md). A sample is kept as
 * one double per tracked metric ({@link MetricPoint}), so per-instance state stays small.
 */
public enum TrackedMetric {
  GOROUTINES("go_goroutines"),
  THREADS("go_threads"),
  HEAP_ALLOC_BYTES("go_memstats_heap_alloc_bytes"),
  NEXT_GC_BYTES("go_memstats_next_gc_bytes"),
  ALLOC_BYTES_TOTAL("go_memstats_alloc_bytes_total"),
  GC_COUNT("go_gc_duration_seconds_count"),
  GC_SUM_SECONDS("go_gc_duration_seconds_sum"),
  GC_PAUSE_MAX_SECONDS("go_gc_duration_seconds{quantile=\"1\"}"),
  RSS_BYTES("process_resident_memory_bytes"),
  MEMORY_LIMIT_BYTES("go_memlimit_bytes"),
  OPEN_FDS("process_open_fds"),
  MAX_FDS("process_max_fds"),
  CPU_SECONDS_TOTAL("process_cpu_seconds_total");

  /** client_golang (collectors.WithGoCollectorRuntimeMetrics) names the GOMEMLIMIT gauge so. */
  static final String MEMORY_LIMIT_ALTERNATIVE_KEY = "go_gc_gomemlimit_bytes";

  private final String key;

  TrackedMetric(String key) {
    this.key = key;
  }

  /**
   * Whether a {@link #MEMORY_LIMIT_BYTES} value is a real limit. GOMEMLIMIT's default is
   * math.MaxInt64: anything from 2^60 up means "no limit".
   */
  public static boolean isMemoryLimitSet(double bytes) {
    return bytes > 0 && bytes < 0x1p60;
  }

  /** The canonical series key, e.g. {@code go_goroutines}. */
  public String key() {
    return key;
  }
}
