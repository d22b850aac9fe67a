package dev.gorca.serving.bench;

import java.util.Arrays;

/**
 * Latency figures of one run in milliseconds, nearest-rank percentiles (the p-th percentile is the smallest value
 * that at least p % of the values do not exceed), so every figure is a latency that was measured.
 */
public record Percentiles(int count, long p50Ms, long p95Ms, long p99Ms, long maxMs, double meanMs) {
  public Percentiles {
    if (count < 0) throw new IllegalArgumentException("count < 0: " + count);
  }

  public static Percentiles of(long[] millis) {
    if (millis.length == 0) throw new IllegalArgumentException("expected at least one latency, found none");
    long[] sorted = millis.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(sorted).average().orElseThrow();
    return new Percentiles(sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99),
        sorted[sorted.length - 1], mean);
  }

  /** Nearest rank: the value at position ceil(p/100 × n), counting from 1. */
  static long rank(long[] sorted, double percentile) {
    if (percentile <= 0 || percentile > 100) {
      throw new IllegalArgumentException("expected a percentile in (0, 100], found " + percentile);
    }
    int position = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(position, 1) - 1];
  }
}
