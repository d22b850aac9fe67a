package dev.gorca.ingest.contract;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MetricSampleTest {
  @Test
  void values_are_an_immutable_copy_iterated_in_key_order() {
    Map<String, Double> source = new HashMap<>(Map.of("process_open_fds", 10.0, "go_threads", 8.0, "go_goroutines", 512.0));
    MetricSample sample = new MetricSample(CRASH_AT, source);
    source.put("go_goroutines", 1.0);
    assertEquals(List.of("go_goroutines", "go_threads", "process_open_fds"), List.copyOf(sample.values().keySet()));
    assertEquals(512.0, sample.values().get("go_goroutines"));
    assertThrows(UnsupportedOperationException.class, () -> sample.values().put("x", 1.0));
  }

  @Test
  void nan_and_infinities_are_values_like_any_other() {
    MetricSample sample = new MetricSample(CRASH_AT, Map.of("go_gc_duration_seconds{quantile=\"0.5\"}", Double.NaN,
        "h_bucket{le=\"+Inf\"}", Double.POSITIVE_INFINITY));
    assertEquals(OptionalDouble.of(Double.NaN), sample.value("go_gc_duration_seconds{quantile=\"0.5\"}"));
    assertEquals(OptionalDouble.empty(), sample.value("go_goroutines"));
  }

  @Test
  void a_key_that_is_not_canonical_is_refused_with_the_way_to_build_one() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MetricSample(CRASH_AT, Map.of("m{b=\"1\",a=\"2\"}", 1.0)));
    assertEquals("expected canonical series keys (build them with SeriesKey.canonical()), found "
        + "\"m{b=\\\"1\\\",a=\\\"2\\\"}\"", e.getMessage());
  }

  @Test
  void a_negative_time_is_refused() {
    InvalidFieldException e = assertThrows(InvalidFieldException.class, () -> new MetricSample(-1, Map.of()));
    assertEquals("ts_ms: expected milliseconds since 1970-01-01T00:00:00Z (>= 0), found -1; send the event time "
        + "as epoch milliseconds", e.getMessage());
  }
}
