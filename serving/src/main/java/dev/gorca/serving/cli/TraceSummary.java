package dev.gorca.serving.cli;

import dev.gorca.ingest.gotrace.Bucket;
import dev.gorca.ingest.gotrace.Frame;
import dev.gorca.ingest.gotrace.GoTrace;
import dev.gorca.ingest.gotrace.ParseWarning;
import dev.gorca.ingest.gotrace.SignalInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The human form of a parse: the headline, then buckets largest first, the way an operator reads a dump. */
final class TraceSummary {
  private static final int BUCKETS_SHOWN = 10;
  private static final int FRAMES_SHOWN = 8;

  private final PrintWriter out;

  TraceSummary(PrintWriter out) {
    this.out = out;
  }

  void print(Path file, GoTrace trace) {
    out.println("== " + file);
    out.println("kind: " + trace.kind().id() + (trace.message().isEmpty() ? "" : "  message: " + trace.message()));
    SignalInfo signal = trace.signal();
    if (signal != null) {
      out.println("signal: " + signal.name() + " " + signal.description()
          + (signal.address().isEmpty() ? "" : " addr=" + signal.address())
          + (signal.duringCgo() ? " (during cgo execution)" : ""));
    }
    if (!trace.races().isEmpty()) out.println("race reports: " + trace.races().size());
    List<Bucket> buckets = trace.buckets();
    out.println("goroutines: " + trace.goroutines().size() + " in " + buckets.size() + " buckets");
    for (Bucket bucket : buckets.subList(0, Math.min(BUCKETS_SHOWN, buckets.size()))) printBucket(bucket);
    if (buckets.size() > BUCKETS_SHOWN) out.println("  ... " + (buckets.size() - BUCKETS_SHOWN) + " more buckets (--json shows all)");
    if (trace.warnings().isEmpty()) return;
    out.println("warnings: " + trace.warnings().size());
    for (ParseWarning warning : trace.warnings()) out.println("  " + warning);
  }

  private void printBucket(Bucket bucket) {
    String wait = bucket.maxWaitMinutes() == 0 ? ""
        : bucket.minWaitMinutes() == bucket.maxWaitMinutes() ? ", " + bucket.maxWaitMinutes() + " min"
        : ", " + bucket.minWaitMinutes() + "-" + bucket.maxWaitMinutes() + " min";
    out.println("  " + bucket.count() + " x [" + bucket.state() + wait + "]"
        + (bucket.createdBy() == null ? "" : "  created by " + bucket.createdBy().function()));
    List<Frame> frames = bucket.frames();
    for (Frame frame : frames.subList(0, Math.min(FRAMES_SHOWN, frames.size()))) {
      out.println("      " + frame.function() + "  " + frame.location());
    }
    if (frames.size() > FRAMES_SHOWN) out.println("      ... " + (frames.size() - FRAMES_SHOWN) + " more frames");
  }
}
