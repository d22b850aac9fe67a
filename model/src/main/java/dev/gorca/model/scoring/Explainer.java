package dev.gorca.model.scoring;

import dev.gorca.features.schema.FeatureNames;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.gotrace.CrashKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the SHAP contributions of the top cause into sentences an on-call engineer reads: "goroutines
 * grew from 310 to 12,040 in 5 min", not "goroutines_delta_5m = 11730". Features that say the same
 * thing (delta, ratio and slope of one series) become one sentence carrying their summed weight.
 */
public final class Explainer {
  public static final int MAX_SENTENCES = 5;

  private final FeatureSchema schema;

  public Explainer(FeatureSchema schema) {
    this.schema = schema;
  }

  /** One reason, with the features behind it and their summed SHAP contribution (log-odds). */
  public record Reason(String sentence, double contribution, List<String> features) {}

  /**
   * @param values the incident's features in schema order
   * @param contributions SHAP values of the top cause, schema order (a bias term after them is ignored)
   * @param crashMessage the runtime's headline, for the crash-kind sentence; may be ""
   */
  public List<Reason> explain(double[] values, double[] contributions, String crashMessage) {
    Map<String, Reason> bySentence = new LinkedHashMap<>();
    List<String> names = schema.names();
    Integer[] order = new Integer[names.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    java.util.Arrays.sort(order, Comparator.comparingDouble(i -> -contributions[i]));
    for (int i : order) {
      if (contributions[i] <= 0) break; // only what pushed towards this cause
      String sentence = sentence(names.get(i), values, crashMessage);
      if (sentence == null) continue;
      Reason seen = bySentence.get(sentence);
      List<String> features = new ArrayList<>(seen == null ? List.of() : seen.features());
      features.add(names.get(i));
      bySentence.put(sentence, new Reason(sentence, (seen == null ? 0 : seen.contribution()) + contributions[i], List.copyOf(features)));
    }
    return bySentence.values().stream()
        .sorted(Comparator.comparingDouble(r -> -r.contribution()))
        .limit(MAX_SENTENCES)
        .toList();
  }

  /** The sentence for a feature, or null when the value is missing and there is nothing to say. */
  String sentence(String name, double[] v, String crashMessage) {
    double value = v[schema.indexOf(name)];
    String window = windowOf(name);
    String base = window == null ? name : name.substring(0, name.length() - window.length() - 1);
    // A feature without a window ("goroutines_last") speaks over the longest one.
    String over = window == null ? FeatureNames.windowLabel(schema.longestWindow()) : window;
    if (Double.isNaN(value) && !base.startsWith("has_")) return null;
    return switch (base) {
      case "goroutines_last", "goroutines_delta", "goroutines_growth_ratio", "goroutines_slope_per_minute" ->
          grew("goroutines", get(v, "goroutines_last"), get(v, "goroutines_delta_" + over), over, false);
      case "heap_alloc_bytes_last", "heap_alloc_delta_bytes", "heap_alloc_growth_ratio" ->
          grew("heap", get(v, "heap_alloc_bytes_last"), get(v, "heap_alloc_delta_bytes_" + over), over, true);
      case "threads_last", "threads_delta" -> grew("OS threads", get(v, "threads_last"),
          get(v, "threads_delta_" + over), over, false);
      case "open_fds_last", "open_fds_delta", "fds_to_max_ratio" -> {
        double ratio = get(v, "fds_to_max_ratio");
        yield Double.isNaN(ratio) ? String.format("%,d file descriptors open", (long) get(v, "open_fds_last"))
            : String.format("%,d file descriptors open, %.0f%% of the limit", (long) get(v, "open_fds_last"), ratio * 100);
      }
      case "allocation_rate_bytes_per_second" -> "allocating " + bytes(value) + "/s over the last " + minutes(over);
      case "gc_cycles_per_second" -> String.format("GC ran %.1f times a second over the last %s", value, minutes(over));
      case "gc_pause_mean_seconds", "gc_pause_max_seconds" -> String.format("GC pauses up to %.1f ms", get(v, "gc_pause_max_seconds_" + over) * 1000);
      case "heap_to_next_gc_ratio_last" -> String.format("the heap at %.0f%% of the next GC target: every allocation pushes a collection", value * 100);
      case "rss_bytes_last", "rss_growth_ratio" -> "resident memory " + bytes(get(v, "rss_bytes_last"));
      case "rss_to_memory_limit_ratio" -> String.format("resident memory at %.0f%% of GOMEMLIMIT", value * 100);
      case "cpu_cores_used" -> String.format("%.2f CPU cores busy over the last %s", value, minutes(over));
      case "crash_kind", "crash_family" -> crashMessage == null || crashMessage.isEmpty()
          ? "the runtime reported " + kindId(get(v, "crash_kind")) : "the runtime said: " + firstLine(crashMessage);
      case "crash_signal", "crash_fault_address_near_nil" -> signalSentence(v);
      case "crash_oom_killed", "crash_no_runtime_output" -> value == 1
          ? "the process was killed from outside (SIGKILL, exit 137: the OOM killer) without printing anything" : null;
      case "crash_recursion_depth" -> String.format("one function repeats %,d times on the failing stack", (long) value);
      case "crash_cgo_frames" -> value > 0 ? "the failing stack runs C code through cgo" : null;
      case "crash_race_reports" -> value > 0 ? String.format("the race detector reported %d data race%s", (long) value, value == 1 ? "" : "s") : null;
      case "crash_goroutines" -> String.format("%,d goroutines in the traceback", (long) value);
      case "crash_panics", "crash_recovered_panics" -> value > 1 ? "a panic while handling another panic (recovered and re-panicked)" : null;
      case "dump_goroutines" -> String.format("%,d goroutines in the dump", (long) value);
      case "dump_largest_bucket_goroutines", "dump_largest_bucket_share", "dump_same_creator_share", "dump_buckets" ->
          String.format("one stack holds %,d of %,d goroutines (%.0f%%)", (long) get(v, "dump_largest_bucket_goroutines"),
              (long) get(v, "dump_goroutines"), get(v, "dump_largest_bucket_share") * 100);
      case "dump_max_wait_minutes", "dump_share_waiting_1m", "dump_share_waiting_10m" ->
          String.format("goroutines blocked for up to %,d minutes", (long) get(v, "dump_max_wait_minutes"));
      case "dump_locked_to_thread" -> String.format("%,d goroutines locked to OS threads", (long) value);
      case "has_crash" -> value == 1 ? null : "no crash: the instance is still alive";
      case "has_dump" -> value == 1 ? null : "no goroutine dump came with it";
      case "has_metrics" -> value == 1 ? null : "no metrics came with it";
      default -> base.startsWith("dump_share_")
          ? String.format("%.0f%% of goroutines %s", value * 100, stateWords(base.substring("dump_share_".length())))
          : null;
    };
  }

  private String signalSentence(double[] v) {
    double code = get(v, "crash_signal");
    double nearNil = get(v, "crash_fault_address_near_nil");
    String[] names = {"no signal", "SIGSEGV", "SIGBUS", "SIGABRT", "SIGQUIT", "SIGKILL", "SIGFPE", "SIGILL", "SIGTRAP", "a signal"};
    String name = Double.isNaN(code) ? "a signal" : names[(int) Math.max(0, Math.min(9, code))];
    return nearNil == 1 ? name + " at an address just above 0: a field of a nil pointer" : "the process died of " + name;
  }

  private static String stateWords(String category) {
    return switch (category) {
      case "chan_receive" -> "blocked receiving from a channel";
      case "chan_send" -> "blocked sending on a channel";
      case "select" -> "blocked in select";
      case "lock" -> "waiting for a mutex";
      case "waitgroup" -> "waiting in WaitGroup.Wait";
      case "cond_wait" -> "waiting on a sync.Cond";
      case "io_wait" -> "in network IO wait";
      case "syscall" -> "in system calls";
      case "sleep" -> "sleeping";
      case "running" -> "running";
      case "runtime" -> "of the runtime's own";
      default -> "in other states";
    };
  }

  private static String grew(String what, double last, double delta, String window, boolean asBytes) {
    if (Double.isNaN(last)) return null;
    if (Double.isNaN(delta)) return what + " at " + (asBytes ? bytes(last) : String.format("%,d", (long) last));
    double first = last - delta;
    String verb = delta >= 0 ? "grew" : "fell";
    return String.format("%s %s from %s to %s in %s", what, verb,
        asBytes ? bytes(first) : String.format("%,d", (long) first), asBytes ? bytes(last) : String.format("%,d", (long) last), minutes(window));
  }

  private double get(double[] v, String name) {
    return schema.has(name) ? v[schema.indexOf(name)] : Double.NaN;
  }

  private String windowOf(String name) {
    for (var window : schema.windows()) {
      String label = FeatureNames.windowLabel(window);
      if (name.endsWith("_" + label)) return label;
    }
    return null;
  }

  private static String minutes(String window) {
    if (window.endsWith("m")) return window.substring(0, window.length() - 1) + " min";
    if (window.endsWith("h")) return window.substring(0, window.length() - 1) + " h";
    return window.substring(0, window.length() - 1) + " s";
  }

  static String bytes(double bytes) {
    if (Double.isNaN(bytes)) return "?";
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    double value = bytes;
    while (Math.abs(value) >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? String.format("%.0f %s", value, units[unit]) : String.format("%.1f %s", value, units[unit]);
  }

  private static String kindId(double ordinal) {
    CrashKind[] kinds = CrashKind.values();
    int i = (int) ordinal;
    return i >= 0 && i < kinds.length ? kinds[i].id() : "an unknown crash kind";
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
