package dev.gorca.ingest.prometheus;

import dev.gorca.ingest.contract.LineWarning;
import dev.gorca.ingest.contract.MetricSample;
import java.util.List;

/** A metrics envelope as one flat sample, with the warnings from parsing its body (none for flat values). */
public record FlattenedMetrics(MetricSample sample, List<LineWarning> warnings) {
  public FlattenedMetrics {
    if (sample == null) {
      throw new IllegalArgumentException("sample == null");
    }
    warnings = List.copyOf(warnings);
  }
}
