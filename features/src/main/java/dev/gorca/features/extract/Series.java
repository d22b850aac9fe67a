package dev.gorca.features.extract;

import java.util.List;

/**
 * One tracked metric over a window: the samples that have it, in time order. The arithmetic of the
 * metric features (delta, ratio, slope, counter increase) lives here, once.
 */
final class Series {
  private final long[] times;
  private final double[] values;
  private final int size;

  private Series(long[] times, double[] values, int size) {
    this.times = times;
    this.values = values;
    this.size = size;
  }

  /** The points' values of {@code metric}, skipping points where it is NaN or infinite. */
  static Series of(List<MetricPoint> points, TrackedMetric metric) {
    long[] times = new long[points.size()];
    double[] values = new double[points.size()];
    int size = 0;
    for (MetricPoint point : points) {
      double value = point.get(metric);
      if (Double.isFinite(value)) {
        times[size] = point.tsMs;
        values[size] = value;
        size++;
      }
    }
    return new Series(times, values, size);
  }

  int size() {
    return size;
  }

  double last() {
    return size == 0 ? Double.NaN : values[size - 1];
  }

  double first() {
    return size == 0 ? Double.NaN : values[0];
  }

  double delta() {
    return size < 2 ? Double.NaN : last() - first();
  }

  /** last / max(first, 1): growth without dividing by zero for series that start at 0. */
  double growthRatio() {
    return size < 2 ? Double.NaN : last() / Math.max(first(), 1.0);
  }

  double max() {
    if (size == 0) return Double.NaN;
    double max = values[0];
    for (int i = 1; i < size; i++) max = Math.max(max, values[i]);
    return max;
  }

  /** Least-squares slope per minute; NaN with fewer than two points or no time between them. */
  double slopePerMinute() {
    if (size < 2) return Double.NaN;
    double meanT = 0;
    double meanV = 0;
    for (int i = 0; i < size; i++) {
      meanT += (times[i] - times[0]) / 60_000.0;
      meanV += values[i];
    }
    meanT /= size;
    meanV /= size;
    double covariance = 0;
    double variance = 0;
    for (int i = 0; i < size; i++) {
      double t = (times[i] - times[0]) / 60_000.0 - meanT;
      covariance += t * (values[i] - meanV);
      variance += t * t;
    }
    return variance == 0 ? Double.NaN : covariance / variance;
  }

  /**
   * How much a counter went up. A drop means the process restarted and the counter began again
   * from 0, so the new value is all increase since the reset (Prometheus' increase() does the same).
   */
  double counterIncrease() {
    if (size < 2) return Double.NaN;
    double increase = 0;
    for (int i = 1; i < size; i++) {
      double step = values[i] - values[i - 1];
      increase += step >= 0 ? step : values[i];
    }
    return increase;
  }

  double spanSeconds() {
    return size < 2 ? Double.NaN : (times[size - 1] - times[0]) / 1000.0;
  }

  /** Counter increase per second over the series' span. */
  double counterRatePerSecond() {
    double span = spanSeconds();
    return size < 2 || span <= 0 ? Double.NaN : counterIncrease() / span;
  }

}
