package dev.gorca.features.extract;

import dev.gorca.ingest.gotrace.CrashKind;
import dev.gorca.ingest.gotrace.Frame;
import dev.gorca.ingest.gotrace.GoTrace;
import dev.gorca.ingest.gotrace.Goroutine;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the crash happened in the code. For panics and fatal errors the runtime prints the failing
 * goroutine first; its innermost application frame is where an engineer starts. A SIGQUIT dump or
 * a race report has no failing goroutine: none is named (the buckets speak instead).
 */
public final class CrashSite {
  private CrashSite() {}

  /** The failing goroutine's location as a one-goroutine bucket summary, or null. */
  public static BucketSummary of(GoTrace trace) {
    if (trace.goroutines().isEmpty()) return null;
    if (trace.kind() == CrashKind.SIGQUIT_DUMP || trace.kind() == CrashKind.RACE_REPORT || trace.kind() == CrashKind.NONE) return null;
    if (trace.kind() == CrashKind.DEADLOCK) return null; // every goroutine is asleep; none failed
    Goroutine failing = trace.goroutines().get(0);
    Frame frame = failing.topApplicationFrame();
    if (frame == null && !failing.frames().isEmpty()) frame = failing.frames().get(0);
    if (frame == null) return null;
    BucketSummary site = new BucketSummary();
    site.count = 1;
    site.state = failing.state();
    site.category = "";
    site.function = frame.function();
    site.file = frame.file();
    site.line = frame.line();
    if (failing.createdBy() != null) {
      site.createdBy = failing.createdBy().function();
      site.createdByFile = failing.createdBy().file();
      site.createdByLine = failing.createdBy().line();
    }
    return site;
  }

  /** The function that repeats most in the failing goroutine's stack (the recursion), or "" when none repeats. */
  public static String mostRepeatedFunction(GoTrace trace) {
    if (trace.goroutines().isEmpty()) return "";
    Map<String, Integer> counts = new HashMap<>();
    String best = "";
    int bestCount = 1;
    for (Frame frame : trace.goroutines().get(0).frames()) {
      int count = counts.merge(frame.function(), 1, Integer::sum);
      if (count > bestCount) {
        bestCount = count;
        best = frame.function();
      }
    }
    return best;
  }
}
