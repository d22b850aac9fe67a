package dev.gorca.ingest.prometheus;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gorca.ingest.contract.LineWarning;
import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.contract.MetricsEnvelope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsEnvelopeFlattenerTest {
  private final MetricsEnvelopeFlattener flattener = new MetricsEnvelopeFlattener();

  @Test
  void a_body_and_the_same_values_sent_flat_give_the_same_sample_at_the_envelope_time() {
    MetricsEnvelope body = MetricsEnvelope.ofBody("checkout", "i-1", CRASH_AT, """
        # TYPE go_gc_duration_seconds summary
        go_gc_duration_seconds{quantile="0.5"} 4.5e-05
        go_gc_duration_seconds_sum 0.001
        go_gc_duration_seconds_count 19
        go_goroutines 512
        """);
    MetricsEnvelope flat = MetricsEnvelope.ofValues("checkout", "i-1", CRASH_AT, Map.of(
        "go_gc_duration_seconds{quantile=\"0.5\"}", 4.5e-05, "go_gc_duration_seconds_sum", 0.001,
        "go_gc_duration_seconds_count", 19.0, "go_goroutines", 512.0));
    FlattenedMetrics fromBody = flattener.flatten(body);
    assertEquals(new FlattenedMetrics(new MetricSample(CRASH_AT, flat.values()), List.of()), fromBody);
    assertEquals(fromBody, flattener.flatten(flat));
  }

  @Test
  void warnings_from_a_bad_body_come_with_the_sample_of_what_could_be_read() {
    FlattenedMetrics flattened = flattener.flatten(MetricsEnvelope.ofBody("checkout", "i-1", CRASH_AT,
        "go_goroutines 512\ngo_threads eight\n"));
    assertEquals(Map.of("go_goroutines", 512.0), flattened.sample().values());
    assertEquals(List.of(new LineWarning(2, "expected a sample value (a number, NaN, +Inf or -Inf), found \"eight\" "
        + "at column 12 in \"go_threads eight\"; skipped the line")), flattened.warnings());
  }
}
