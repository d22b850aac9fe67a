package dev.gorca.model.corpus;

/**
 * Which inputs an incident had. Production incidents arrive with partial evidence — a crash with
 * no dump, a hang with only a dump, an OOM kill with only metrics — so every case is also seen
 * through every view it supports.
 */
public enum View {
  FULL(true, true, true),
  CRASH_ONLY(true, false, false),
  CRASH_AND_METRICS(true, false, true),
  CRASH_AND_DUMP(true, true, false),
  DUMP_ONLY(false, true, false),
  DUMP_AND_METRICS(false, true, true),
  METRICS_ONLY(false, false, true);

  final boolean crash;
  final boolean dump;
  final boolean metrics;

  View(boolean crash, boolean dump, boolean metrics) {
    this.crash = crash;
    this.dump = dump;
    this.metrics = metrics;
  }

  public String id() {
    return name().toLowerCase();
  }

  /** Whether a case with these inputs shows something new through this view (FULL always does). */
  boolean appliesTo(boolean hasDump, boolean hasMetrics) {
    if (this == FULL) return true;
    if (dump && !hasDump || metrics && !hasMetrics) return false;
    // A view that asks for everything the case has is FULL again.
    return !(crash && dump == hasDump && metrics == hasMetrics);
  }
}
