package dev.gorca.features.schema;

import static dev.gorca.features.schema.FeatureDefinition.categorical;
import static dev.gorca.features.schema.FeatureDefinition.numeric;
import static dev.gorca.features.schema.FeatureGroup.CRASH;
import static dev.gorca.features.schema.FeatureGroup.DUMP;
import static dev.gorca.features.schema.FeatureGroup.INPUTS;
import static dev.gorca.features.schema.FeatureGroup.METRICS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every feature gorca computes, in order: the one place names, units, formulas, windows and the
 * meaning of a missing value are defined (docs/features.md is generated from it). The version
 * names the schema and its windows; a model trained on one version refuses vectors of another.
 */
public final class FeatureSchema {
  /** Bump when a feature is added, removed, renamed or its formula changes. */
  public static final String BASE_VERSION = "gorca.features/3";

  /** The windows before the incident that metric features look at, longest first. */
  public static final List<Duration> DEFAULT_WINDOWS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(1));

  private static final FeatureSchema DEFAULT = of(DEFAULT_WINDOWS);

  private static final String NO_METRICS = "no metric samples in the window";
  private static final String FEWER_THAN_TWO = "fewer than two samples with this series in the window";
  private static final String NO_DUMP = "no goroutine dump, and the crash printed fewer than two goroutines";
  private static final String NO_CRASH = "no crash event (a live incident, or a dump/metrics-only score)";

  private final String version;
  private final List<Duration> windows;
  private final List<FeatureDefinition> definitions;
  private final Map<String, Integer> indexByName;

  private FeatureSchema(List<Duration> windows, List<FeatureDefinition> definitions) {
    this.windows = List.copyOf(windows);
    this.definitions = List.copyOf(definitions);
    this.version = BASE_VERSION + "["
        + windows.stream().map(FeatureNames::windowLabel).collect(Collectors.joining(",")) + "]";
    this.indexByName = new HashMap<>();
    for (int i = 0; i < definitions.size(); i++) {
      if (indexByName.put(definitions.get(i).name(), i) != null) {
        throw new IllegalStateException("duplicate feature name: " + definitions.get(i).name());
      }
    }
  }

  /** The schema with the default windows (5m, 1m), which the shipped model is trained on. */
  public static FeatureSchema current() {
    return DEFAULT;
  }

  /** The schema with other metric windows, longest first; its version names them. */
  public static FeatureSchema of(List<Duration> windows) {
    if (windows.isEmpty()) throw new IllegalArgumentException("at least one metric window is needed");
    List<Duration> sorted = new ArrayList<>(windows);
    sorted.sort((a, b) -> b.compareTo(a));
    if (!sorted.equals(windows)) throw new IllegalArgumentException("windows must be given longest first, got " + windows);
    List<FeatureDefinition> all = new ArrayList<>();
    all.addAll(metricDefinitions(windows));
    all.addAll(dumpDefinitions());
    all.addAll(crashDefinitions());
    all.addAll(inputDefinitions());
    return new FeatureSchema(windows, all);
  }

  public String version() {
    return version;
  }

  public List<Duration> windows() {
    return windows;
  }

  /** The longest window: how far back the incident assembler must keep samples. */
  public Duration longestWindow() {
    return windows.get(0);
  }

  public List<FeatureDefinition> definitions() {
    return definitions;
  }

  /** Zeroes out (NaN) the features that are not model inputs; training and scoring both call this. */
  public double[] modelInput(double[] values) {
    double[] input = values.clone();
    for (int i = 0; i < definitions.size(); i++) if (!definitions.get(i).modelInput()) input[i] = Double.NaN;
    return input;
  }

  public List<String> names() {
    return definitions.stream().map(FeatureDefinition::name).toList();
  }

  public int size() {
    return definitions.size();
  }

  public int indexOf(String name) {
    Integer index = indexByName.get(name);
    if (index == null) {
      throw new IllegalArgumentException("no feature \"" + name + "\" in schema " + version
          + "; the names are listed in docs/features.md");
    }
    return index;
  }

  public boolean has(String name) {
    return indexByName.containsKey(name);
  }

  /** A builder of a vector of this schema; every feature starts missing (NaN). */
  public Builder builder() {
    return new Builder(this);
  }

  public void requireVersion(String schemaVersion) {
    if (!version.equals(schemaVersion)) {
      throw new IllegalArgumentException("feature vector of schema " + schemaVersion + " given to schema " + version
          + "; recompute the features with the same schema (windows) as the model");
    }
  }

  /** Fills a vector by name; a name outside the schema is a programming error and fails loudly. */
  public static final class Builder {
    private final FeatureSchema schema;
    private final double[] values;

    private Builder(FeatureSchema schema) {
      this.schema = schema;
      this.values = new double[schema.size()];
      Arrays.fill(values, Double.NaN);
    }

    public Builder set(String name, double value) {
      values[schema.indexOf(name)] = value;
      return this;
    }

    public Builder set(String name, boolean value) {
      return set(name, value ? 1.0 : 0.0);
    }

    public FeatureVector build() {
      return new FeatureVector(schema.version, values);
    }
  }

  // ---- the definitions

  private static List<FeatureDefinition> metricDefinitions(List<Duration> windows) {
    List<FeatureDefinition> d = new ArrayList<>();
    d.add(numeric("goroutines_last", METRICS, "goroutines", "last", "go_goroutines of the last sample at or before the incident", NO_METRICS));
    d.add(numeric("threads_last", METRICS, "threads", "last", "go_threads of the last sample", NO_METRICS));
    d.add(numeric("heap_alloc_bytes_last", METRICS, "bytes", "last", "go_memstats_heap_alloc_bytes of the last sample", NO_METRICS));
    d.add(numeric("heap_to_next_gc_ratio_last", METRICS, "ratio", "last", "heap_alloc / go_memstats_next_gc_bytes of the last sample: near 1 means every allocation pushes a GC", NO_METRICS));
    d.add(numeric("rss_bytes_last", METRICS, "bytes", "last", "process_resident_memory_bytes of the last sample", NO_METRICS));
    d.add(numeric("rss_to_memory_limit_ratio", METRICS, "ratio", "last", "rss / go_memlimit_bytes (GOMEMLIMIT), when a limit below 2^60 is set", "no metrics, or no memory limit set"));
    d.add(numeric("open_fds_last", METRICS, "fds", "last", "process_open_fds of the last sample", NO_METRICS));
    d.add(numeric("fds_to_max_ratio", METRICS, "ratio", "last", "process_open_fds / process_max_fds of the last sample", "no metrics, or no fd limit reported"));
    d.add(numeric("last_sample_age_seconds", METRICS, "s", "last", "incident time minus the last sample's time: how stale the metrics are", NO_METRICS));
    for (Duration window : windows) {
      String w = FeatureNames.windowLabel(window);
      d.add(numeric(FeatureNames.windowed("goroutines_delta", window), METRICS, "goroutines", w, "last - first go_goroutines in the window", FEWER_THAN_TWO));
      d.add(numeric(FeatureNames.windowed("goroutines_growth_ratio", window), METRICS, "ratio", w, "last / max(first, 1) go_goroutines", FEWER_THAN_TWO));
      d.add(numeric(FeatureNames.windowed("goroutines_slope_per_minute", window), METRICS, "goroutines/min", w, "least-squares slope of go_goroutines over time", FEWER_THAN_TWO));
      d.add(numeric(FeatureNames.windowed("threads_delta", window), METRICS, "threads", w, "last - first go_threads", FEWER_THAN_TWO));
      d.add(numeric(FeatureNames.windowed("heap_alloc_delta_bytes", window), METRICS, "bytes", w, "last - first go_memstats_heap_alloc_bytes", FEWER_THAN_TWO));
      d.add(numeric(FeatureNames.windowed("heap_alloc_growth_ratio", window), METRICS, "ratio", w, "last / max(first, 1) heap alloc", FEWER_THAN_TWO));
      d.add(numeric(FeatureNames.windowed("allocation_rate_bytes_per_second", window), METRICS, "bytes/s", w, "increase of the counter go_memstats_alloc_bytes_total / seconds between first and last sample; a drop is a counter reset (restart) and counts the new value as the increase", FEWER_THAN_TWO));
      d.add(numeric(FeatureNames.windowed("gc_cycles_per_second", window), METRICS, "1/s", w, "increase of go_gc_duration_seconds_count / seconds (resets as above)", FEWER_THAN_TWO));
      d.add(numeric(FeatureNames.windowed("gc_pause_mean_seconds", window), METRICS, "s", w, "increase of go_gc_duration_seconds_sum / increase of its _count", "fewer than two samples, or no GC cycle in the window"));
      d.add(numeric(FeatureNames.windowed("gc_pause_max_seconds", window), METRICS, "s", w, "max of go_gc_duration_seconds{quantile=\"1\"} over the window's samples", "no sample with that quantile"));
      d.add(numeric(FeatureNames.windowed("rss_growth_ratio", window), METRICS, "ratio", w, "last / first process_resident_memory_bytes", FEWER_THAN_TWO));
      d.add(numeric(FeatureNames.windowed("open_fds_delta", window), METRICS, "fds", w, "last - first process_open_fds", FEWER_THAN_TWO));
      d.add(numeric(FeatureNames.windowed("cpu_cores_used", window), METRICS, "cores", w, "increase of process_cpu_seconds_total / seconds", FEWER_THAN_TWO));
      d.add(numeric(FeatureNames.windowed("sample_count", window), METRICS, "samples", w, "samples in the window (0 when none: this one is never missing)", "never"));
      d.add(numeric(FeatureNames.windowed("largest_gap_seconds", window), METRICS, "s", w, "longest time between consecutive samples in the window", FEWER_THAN_TWO));
    }
    return d;
  }

  private static List<FeatureDefinition> dumpDefinitions() {
    List<FeatureDefinition> d = new ArrayList<>();
    d.add(categorical("dump_source", DUMP, "0 none, 1 the goroutine dump, 2 the crash's own traceback (GOTRACEBACK=all or a SIGQUIT dump) when no dump came", "never: 0 when neither"));
    d.add(numeric("dump_goroutines", DUMP, "goroutines", "-", "goroutines in the dump", NO_DUMP));
    for (GoroutineCategory category : GoroutineCategory.values()) {
      d.add(numeric("dump_share_" + category.id(), DUMP, "ratio", "-", "share of goroutines " + category.description(), NO_DUMP));
    }
    d.add(numeric("dump_max_wait_minutes", DUMP, "min", "-", "longest wait printed in a goroutine header", NO_DUMP));
    d.add(numeric("dump_share_waiting_1m", DUMP, "ratio", "-", "share of goroutines waiting at least 1 minute", NO_DUMP));
    d.add(numeric("dump_share_waiting_10m", DUMP, "ratio", "-", "share of goroutines waiting at least 10 minutes", NO_DUMP));
    d.add(numeric("dump_buckets", DUMP, "buckets", "-", "buckets (same state, stack and creator) among application goroutines (not runtime-internal)", NO_DUMP));
    d.add(numeric("dump_largest_bucket_goroutines", DUMP, "goroutines", "-", "goroutines in the largest application bucket", NO_DUMP));
    d.add(numeric("dump_largest_bucket_share", DUMP, "ratio", "-", "largest application bucket / all goroutines", NO_DUMP));
    d.add(categorical("dump_largest_bucket_category", DUMP, "the goroutine category of the largest application bucket (index in the dump_share_* order)", NO_DUMP));
    d.add(numeric("dump_locked_to_thread", DUMP, "goroutines", "-", "goroutines locked to their thread", NO_DUMP));
    d.add(numeric("dump_same_creator_share", DUMP, "ratio", "-", "largest share of goroutines created by the same function", NO_DUMP));
    // Frame-level (schema 2): what separates a leak, a convoy on a lock and a deadlock in a short dump.
    d.add(numeric("dump_share_rwmutex_rlock", DUMP, "ratio", "-", "share of goroutines blocked whose innermost sync frame is sync.(*RWMutex).RLock (readers queued behind a writer: a recursive RLock deadlock)", NO_DUMP));
    d.add(numeric("dump_share_rwmutex_lock", DUMP, "ratio", "-", "share of goroutines blocked whose innermost sync frame is sync.(*RWMutex).Lock (writers waiting)", NO_DUMP));
    d.add(numeric("dump_blocked_functions", DUMP, "functions", "-", "distinct innermost application functions among blocked application goroutines (channel, select, lock, WaitGroup, Cond)", NO_DUMP));
    d.add(numeric("dump_blocked_creators", DUMP, "functions", "-", "distinct `created by` functions among blocked application goroutines: 1 when one spawn site (a per-request goroutine) made them all", NO_DUMP));
    d.add(numeric("dump_blocked_function_active", DUMP, "flag", "-", "1 when a goroutine that is not blocked (running, runnable, syscall, IO wait, sleep) has in its stack the innermost application function of the largest blocked bucket (a lock holder at work: contention); 0 otherwise or when nothing is blocked", NO_DUMP));
    d.add(numeric("dump_largest_bucket_creator_share", DUMP, "ratio", "-", "goroutines in the largest blocked bucket / goroutines created by the same function: 1 when every goroutine that creator made is stuck there; 0 when nothing is blocked or it has no creator", NO_DUMP));
    // Schema 3: who is inside the lock the convoy waits on, and a finalizer that holds up the heap.
    d.add(numeric("dump_lock_holder", DUMP, "code", "-", "what the goroutine inside the critical section of the largest lock-wait bucket is doing (a goroutine with the waiters' function in its stack at another line): ordered from a convoy behind a live holder to a lock nobody will release: 0 the holder is at work (running, syscall, IO wait, sleep: contention), 1 it waits on a channel, select, Cond or WaitGroup, 2 no goroutine waits on a lock, 3 no holder visible (a lock left locked, or held by a function the waiters never call), 4 it is itself blocked on a lock (a lock chain or a recursive lock: deadlock)", NO_DUMP));
    d.add(numeric("dump_finalizer_blocked", DUMP, "flag", "-", "1 when the finalizer goroutine (runtime.runfinq) is parked inside a finalizer: every object queued for finalization, and its memory, waits behind it", NO_DUMP));
    d.add(numeric("dump_share_pool_wait", DUMP, "ratio", "-", "share of goroutines blocked inside a pool's acquire call: database/sql.(*DB).conn, net/http.(*Transport).getConn, semaphore.(*Weighted).Acquire, pgxpool and go-redis pools, or a method named Get, Acquire, Borrow, Take, Checkout, Conn or Lease on a receiver type named like a pool or semaphore (a pool run dry)", NO_DUMP));
    return d;
  }

  private static List<FeatureDefinition> crashDefinitions() {
    List<FeatureDefinition> d = new ArrayList<>();
    // Not a model input: an unseen kind would land by its numeric neighbours; crash_family generalises.
    d.add(categorical("crash_kind", CRASH, "CrashKind ordinal from the runtime message (docs/events.md, Crash kinds; append-only order). Shown and exported, not a model input: the model reads crash_family", NO_CRASH).notModelInput());
    d.add(categorical("crash_family", CRASH, "CrashFamily ordinal: the crash kind's runtime mechanism (channel, map, sync, ...), so a message variant unseen in training still lands with its kin", NO_CRASH));
    d.add(categorical("crash_signal", CRASH, "0 none, 1 SIGSEGV, 2 SIGBUS, 3 SIGABRT, 4 SIGQUIT, 5 SIGKILL, 6 SIGFPE, 7 SIGILL, 8 SIGTRAP, 9 other; from the trace, else the envelope", NO_CRASH));
    d.add(numeric("crash_fault_address_near_nil", CRASH, "flag", "-", "1 when the signal's fault address is below 0x1000 (a field of a nil pointer), 0 when above", "no crash, or no fault address printed"));
    d.add(numeric("crash_cgo_frames", CRASH, "frames", "-", "frames in C code or crossing into it, all goroutines; plus 1 when the signal arrived during cgo execution", NO_CRASH));
    d.add(numeric("crash_recursion_depth", CRASH, "frames", "-", "most times one function repeats in one goroutine's printed stack, plus the frames the runtime elided from it (...N frames elided..., Go 1.21+) when it repeats", NO_CRASH));
    d.add(numeric("crash_frames_elided", CRASH, "flag", "-", "1 when the runtime elided frames of some goroutine (very deep stacks)", NO_CRASH));
    d.add(numeric("crash_stack_depth", CRASH, "frames", "-", "printed frames of the first (failing) goroutine", NO_CRASH));
    d.add(numeric("crash_goroutines", CRASH, "goroutines", "-", "goroutines in the traceback (1 under the default GOTRACEBACK=single)", NO_CRASH));
    d.add(numeric("crash_goroutines_unstoppable", CRASH, "goroutines", "-", "goroutines the runtime could not stop to print (`goroutine running on other thread; stack unavailable`): still executing when the process died, in code that does not yield (a non-preemptible loop starving the scheduler when there are as many as Ps)", NO_CRASH));
    d.add(numeric("crash_panics", CRASH, "panics", "-", "panic: lines, nested ones included", NO_CRASH));
    d.add(numeric("crash_recovered_panics", CRASH, "panics", "-", "panics marked [recovered]", NO_CRASH));
    d.add(numeric("crash_race_reports", CRASH, "reports", "-", "WARNING: DATA RACE reports", NO_CRASH));
    d.add(numeric("crash_runtime_messages", CRASH, "lines", "-", "runtime: lines before the fatal error", NO_CRASH));
    d.add(numeric("crash_resource_limit_errors", CRASH, "lines", "-", "lines of the crash output naming an exhausted OS resource: too many open files (EMFILE/ENFILE), resource temporarily unavailable (EAGAIN), cannot allocate memory (ENOMEM), no buffer space, address already in use, cannot assign requested address", NO_CRASH));
    d.add(numeric("crash_exit_code", CRASH, "code", "-", "the process exit code from the envelope, else `exit status N`", "no crash, or no exit code known"));
    d.add(numeric("crash_oom_killed", CRASH, "flag", "-", "1 when the envelope's reason says OOMKilled, or the process died of SIGKILL (exit 137) without runtime output", NO_CRASH));
    d.add(numeric("crash_no_runtime_output", CRASH, "flag", "-", "1 when the crash text holds nothing the Go runtime printed (killed from outside)", NO_CRASH));
    return d;
  }

  private static List<FeatureDefinition> inputDefinitions() {
    return List.of(
        numeric("has_crash", INPUTS, "flag", "-", "1 when the incident has a crash event", "never"),
        numeric("has_dump", INPUTS, "flag", "-", "1 when the incident has a goroutine dump", "never"),
        numeric("has_metrics", INPUTS, "flag", "-", "1 when the incident has at least one metric sample in the longest window", "never"));
  }
}
