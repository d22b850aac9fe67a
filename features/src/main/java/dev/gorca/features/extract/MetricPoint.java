package dev.gorca.features.extract;

import dev.gorca.ingest.contract.MetricSample;
import java.util.Arrays;

/**
 * One scrape reduced to the {@link TrackedMetric}s, NaN where the scrape lacked a series. A plain
 * class with public fields so Flink serializes it as a POJO (no Kryo).
 */
public final class MetricPoint {
  public long tsMs;
  /** Indexed by {@link TrackedMetric#ordinal()}. */
  public double[] values;

  public MetricPoint() {}

  public MetricPoint(long tsMs, double[] values) {
    if (values.length != TrackedMetric.values().length) {
      throw new IllegalArgumentException("expected " + TrackedMetric.values().length + " values, got " + values.length);
    }
    this.tsMs = tsMs;
    this.values = values;
  }

  public static MetricPoint of(MetricSample sample) {
    TrackedMetric[] metrics = TrackedMetric.values();
    double[] values = new double[metrics.length];
    for (TrackedMetric metric : metrics) {
      values[metric.ordinal()] = sample.value(metric.key()).orElse(Double.NaN);
    }
    if (Double.isNaN(values[TrackedMetric.MEMORY_LIMIT_BYTES.ordinal()])) {
      values[TrackedMetric.MEMORY_LIMIT_BYTES.ordinal()] =
          sample.value(TrackedMetric.MEMORY_LIMIT_ALTERNATIVE_KEY).orElse(Double.NaN);
    }
    return new MetricPoint(sample.tsMs(), values);
  }

  public double get(TrackedMetric metric) {
    return values[metric.ordinal()];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetricPoint other && tsMs == other.tsMs && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(tsMs) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "MetricPoint[" + tsMs + ", " + Arrays.toString(values) + "]";
  }
}
