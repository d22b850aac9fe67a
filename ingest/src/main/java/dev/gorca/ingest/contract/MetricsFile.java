package dev.gorca.ingest.contract;

import java.util.List;

/**
 * What {@link MetricsJsonLines} read from a file: the samples of the good lines, in file order, and a
 * warning for each line it skipped.
 */
public record MetricsFile(List<MetricSample> samples, List<LineWarning> warnings) {
  public MetricsFile {
    samples = List.copyOf(samples);
    warnings = List.copyOf(warnings);
  }
}
