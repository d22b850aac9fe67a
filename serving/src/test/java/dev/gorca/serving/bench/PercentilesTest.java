package dev.gorca.serving.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void nearestRankPicksAMeasuredLatencyWhateverTheInputOrder() {
    long[] latencies = new long[100];
    for (int i = 0; i < 100; i++) latencies[i] = 1_000 + (99 - i) * 10L; // 1000, 1010, ... 1990, reversed
    Percentiles p = Percentiles.of(latencies);
    assertEquals(100, p.count());
    assertEquals(1_490, p.p50Ms()); // the 50th smallest
    assertEquals(1_940, p.p95Ms());
    assertEquals(1_980, p.p99Ms());
    assertEquals(1_990, p.maxMs());
    assertEquals(1_495.0, p.meanMs(), 1e-9);
  }

  @Test
  void withFewLatenciesTheHighPercentilesAreTheMaximum() {
    Percentiles p = Percentiles.of(new long[] {16_400, 15_900, 16_100});
    assertEquals(16_100, p.p50Ms());
    assertEquals(16_400, p.p95Ms());
    assertEquals(16_400, p.p99Ms());
    assertEquals(16_400, p.maxMs());
  }

  @Test
  void oneLatencyIsEveryPercentile() {
    Percentiles p = Percentiles.of(new long[] {21_000});
    assertEquals(new Percentiles(1, 21_000, 21_000, 21_000, 21_000, 21_000.0), p);
  }

  @Test
  void theInputIsNotReordered() {
    long[] latencies = {3, 1, 2};
    Percentiles.of(latencies);
    assertEquals(3, latencies[0]);
  }

  @Test
  void noLatencyIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new long[0]));
    assertEquals("expected at least one latency, found none", e.getMessage());
  }

  @Test
  void aPercentileOutsideZeroToHundredIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Percentiles.rank(new long[] {1}, 0));
    assertEquals("expected a percentile in (0, 100], found 0.0", e.getMessage());
  }
}
