package dev.gorca.features.extract;

import dev.gorca.features.schema.FeatureDefinition;
import dev.gorca.features.schema.FeatureGroup;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.gotrace.CrashFamily;
import dev.gorca.ingest.gotrace.CrashKind;
import dev.gorca.ingest.gotrace.Frame;
import dev.gorca.ingest.gotrace.GoTrace;
import dev.gorca.ingest.gotrace.Goroutine;
import dev.gorca.ingest.gotrace.PanicValue;
import dev.gorca.ingest.gotrace.SignalInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The CRASH features: what the crash output and the platform say (docs/features.md). */
public final class CrashFeatures {
  /** The CRASH group's names in schema order; {@link #extract} returns values in this order. */
  public static final List<String> NAMES = FeatureSchema.current().definitions().stream()
      .filter(d -> d.group() == FeatureGroup.CRASH).map(FeatureDefinition::name).toList();

  /** Signal codes of {@code crash_signal}: index + 1; 0 is none, 9 any other. */
  private static final List<String> SIGNALS =
      List.of("SIGSEGV", "SIGBUS", "SIGABRT", "SIGQUIT", "SIGKILL", "SIGFPE", "SIGILL", "SIGTRAP");

  private static final long NEAR_NIL = 0x1000;

  private CrashFeatures() {}

  public static double[] extract(CrashEvidence crash) {
    GoTrace trace = crash.trace();
    GroupValues v = new GroupValues(NAMES);
    SignalInfo signal = trace.signal();
    boolean noRuntimeOutput = trace.kind() == CrashKind.NONE && trace.goroutines().isEmpty();
    v.set("crash_kind", trace.kind().ordinal());
    v.set("crash_family", CrashFamily.of(trace.kind()).ordinal());
    v.set("crash_signal", signalCode(signal != null && !signal.name().isEmpty() ? signal.name() : crash.signal()));
    long address = signal == null ? -1 : signal.faultAddress();
    v.set("crash_fault_address_near_nil", address < 0 ? Double.NaN : address < NEAR_NIL ? 1 : 0);
    v.set("crash_cgo_frames", cgoFrames(trace));
    v.set("crash_recursion_depth", recursionDepth(trace.goroutines()));
    v.set("crash_frames_elided", trace.goroutines().stream().anyMatch(g -> g.elidedFrames() != 0) ? 1 : 0);
    v.set("crash_stack_depth", trace.goroutines().isEmpty() ? 0 : trace.goroutines().get(0).frames().size());
    v.set("crash_goroutines", trace.goroutines().size());
    v.set("crash_goroutines_unstoppable", trace.goroutines().stream().filter(Goroutine::stackUnavailable).map(Goroutine::id).distinct().count());
    v.set("crash_panics", trace.panics().size());
    v.set("crash_recovered_panics", trace.panics().stream().filter(PanicValue::recovered).count());
    v.set("crash_race_reports", trace.races().size());
    v.set("crash_runtime_messages", trace.runtimeMessages().size());
    v.set("crash_resource_limit_errors", ResourceLimitErrors.count(trace));
    Integer exitCode = crash.exitCode() != null ? crash.exitCode() : trace.exitStatus();
    v.set("crash_exit_code", exitCode == null ? Double.NaN : exitCode);
    v.set("crash_oom_killed", oomKilled(crash, exitCode, noRuntimeOutput) ? 1 : 0);
    v.set("crash_no_runtime_output", noRuntimeOutput ? 1 : 0);
    return v.values();
  }

  public static void apply(double[] values, FeatureSchema.Builder features) {
    GroupValues.apply(NAMES, values, features);
  }

  static int signalCode(String name) {
    if (name == null || name.isEmpty()) return 0;
    int index = SIGNALS.indexOf(name.toUpperCase(Locale.ROOT));
    return index < 0 ? 9 : index + 1;
  }

  private static boolean oomKilled(CrashEvidence crash, Integer exitCode, boolean noRuntimeOutput) {
    if (crash.reason() != null && crash.reason().toLowerCase(Locale.ROOT).contains("oom")) return true;
    boolean killed = "SIGKILL".equalsIgnoreCase(crash.signal()) || (exitCode != null && exitCode == 137);
    return killed && noRuntimeOutput;
  }

  private static int cgoFrames(GoTrace trace) {
    int frames = 0;
    for (Goroutine goroutine : trace.goroutines()) {
      for (Frame frame : goroutine.frames()) if (frame.isCgo()) frames++;
    }
    SignalInfo signal = trace.signal();
    return signal != null && signal.duringCgo() ? frames + 1 : frames;
  }

  /**
   * The most times one function repeats in one goroutine's printed stack, plus the frames the
   * runtime elided from that goroutine: Go 1.21+ cuts the middle of a deep stack ("...87272 frames
   * elided..."), and in a stack overflow that middle is the recursion.
   */
  private static int recursionDepth(List<Goroutine> goroutines) {
    int depth = 0;
    for (Goroutine goroutine : goroutines) {
      Map<String, Integer> counts = new HashMap<>();
      int repeats = 0;
      for (Frame frame : goroutine.frames()) {
        repeats = Math.max(repeats, counts.merge(frame.function(), 1, Integer::sum));
      }
      int elided = Math.max(0, goroutine.elidedFrames());
      depth = Math.max(depth, repeats > 1 ? repeats + elided : repeats);
    }
    return depth;
  }
}
