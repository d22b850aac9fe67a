package dev.gorca.ingest.prometheus;

import java.util.List;

/**
 * A metric's declared type and help with its samples: for a summary the quantile samples plus
 * {@code _sum} and {@code _count}; for a histogram the {@code _bucket} samples plus {@code _sum} and
 * {@code _count}.
 *
 * @param help the HELP text with escapes resolved, empty when there was none
 */
public record MetricFamily(String name, MetricType type, String help, List<Sample> samples) {
  public MetricFamily {
    if (name == null || type == null || help == null) {
      throw new IllegalArgumentException("name, type and help must not be null");
    }
    samples = List.copyOf(samples);
  }
}
