package dev.gorca.ingest.prometheus;

import dev.gorca.ingest.contract.LineWarning;
import dev.gorca.ingest.contract.MetricSample;
import java.util.List;
import java.util.TreeMap;

/** What {@link PrometheusTextParser} could read: families in order of appearance, and the lines it could not use. */
public record ParsedScrape(List<MetricFamily> families, List<LineWarning> warnings) {
  public ParsedScrape {
    families = List.copyOf(families);
    warnings = List.copyOf(warnings);
  }

  public int seriesCount() {
    return families.stream().mapToInt(family -> family.samples().size()).sum();
  }

  /**
   * Flattens every sample to its canonical series key. The sample carries one time, the scrape's: per-sample
   * timestamps (which client_golang never writes) are not used.
   */
  public MetricSample toSample(long scrapeTsMs) {
    TreeMap<String, Double> values = new TreeMap<>();
    for (MetricFamily family : families) {
      for (Sample sample : family.samples()) {
        values.put(sample.series().canonical(), sample.value());
      }
    }
    return new MetricSample(scrapeTsMs, values);
  }
}
