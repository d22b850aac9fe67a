package dev.gorca.features.extract;

import dev.gorca.ingest.gotrace.GoTrace;
import java.util.List;

/**
 * Everything known about one incident of one instance.
 *
 * @param incidentTsMs the crash time, or for a metrics-only incident the last sample's time
 * @param crash the crash, or null (live incidents, dump-only scoring)
 * @param dump the goroutine dump beside the incident, or null
 * @param metrics the instance's samples (any order; only those in the windows before the incident count)
 */
public record IncidentEvidence(long incidentTsMs, CrashEvidence crash, GoTrace dump, List<MetricPoint> metrics) {
  public IncidentEvidence {
    metrics = List.copyOf(metrics);
  }

  /** Which inputs this incident had, e.g. {@code [crash, metrics]}: every result says so. */
  public List<String> inputs() {
    List<String> inputs = new java.util.ArrayList<>();
    if (crash != null) inputs.add("crash");
    if (dump != null) inputs.add("dump");
    if (!metrics.isEmpty()) inputs.add("metrics");
    return List.copyOf(inputs);
  }
}
