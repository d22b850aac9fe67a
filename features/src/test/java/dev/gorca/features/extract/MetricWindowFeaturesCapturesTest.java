package dev.gorca.features.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import dev.gorca.ingest.contract.MetricsJsonLines;
import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Metric features of every lab capture equal a second, independent computation straight from the
 * raw JSON Lines (Jackson, no gorca code). Tolerance: 1e-9 relative, for summation order.
 */
class MetricWindowFeaturesCapturesTest {
  private static final double RELATIVE_TOLERANCE = 1e-9;
  private static final FeatureSchema SCHEMA = FeatureSchema.current();

  static List<LabCapture> capturesWithMetrics() {
    return LabCaptures.all().stream().filter(c -> Files.isRegularFile(c.metricsJsonLines())).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("capturesWithMetrics")
  void metricFeaturesMatchAnIndependentComputationFromTheRawFile(LabCapture capture) throws Exception {
    // The raw file, read independently: ts -> (the last line with that ts wins only if larger; see below).
    TreeMap<Long, JsonNode> byTs = new TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(capture.metricsJsonLines())) {
      if (line.isBlank()) continue;
      JsonNode node = json.readTree(line);
      byTs.merge(node.get("ts_ms").asLong(), node, (a, b) -> b.get("go_goroutines").asDouble() >= a.get("go_goroutines").asDouble() ? b : a);
    }
    long incident = byTs.lastKey();
    List<JsonNode> rows = new ArrayList<>(byTs.headMap(incident, true).tailMap(incident - 60_000, true).values());

    FeatureSchema.Builder builder = SCHEMA.builder();
    List<MetricPoint> points = MetricsJsonLines.read(capture.metricsJsonLines()).samples().stream().map(MetricPoint::of).toList();
    MetricWindowFeatures.extract(points, incident, builder, SCHEMA);
    FeatureVector vector = builder.build();

    double firstG = rows.get(0).get("go_goroutines").asDouble();
    double lastG = rows.get(rows.size() - 1).get("go_goroutines").asDouble();
    close(lastG, vector.get(SCHEMA, "goroutines_last"), "goroutines_last");
    close(rows.size(), vector.get(SCHEMA, "sample_count_1m"), "sample_count_1m");
    if (rows.size() >= 2) {
      close(lastG - firstG, vector.get(SCHEMA, "goroutines_delta_1m"), "goroutines_delta_1m");
      close(lastG / Math.max(firstG, 1), vector.get(SCHEMA, "goroutines_growth_ratio_1m"), "goroutines_growth_ratio_1m");
      double seconds = (rows.get(rows.size() - 1).get("ts_ms").asLong() - rows.get(0).get("ts_ms").asLong()) / 1000.0;
      close(increase(rows, "go_memstats_alloc_bytes_total") / seconds, vector.get(SCHEMA, "allocation_rate_bytes_per_second_1m"), "allocation rate");
      close(increase(rows, "process_cpu_seconds_total") / seconds, vector.get(SCHEMA, "cpu_cores_used_1m"), "cpu");
      double gcCycles = increase(rows, "go_gc_duration_seconds_count");
      close(gcCycles / seconds, vector.get(SCHEMA, "gc_cycles_per_second_1m"), "gc rate");
      close(gcCycles > 0 ? increase(rows, "go_gc_duration_seconds_sum") / gcCycles : Double.NaN,
          vector.get(SCHEMA, "gc_pause_mean_seconds_1m"), "gc pause mean");
    }
    JsonNode last = rows.get(rows.size() - 1);
    close(last.get("process_open_fds").asDouble() / last.get("process_max_fds").asDouble(), vector.get(SCHEMA, "fds_to_max_ratio"), "fd ratio");
    close(last.get("go_memstats_heap_alloc_bytes").asDouble() / last.get("go_memstats_next_gc_bytes").asDouble(),
        vector.get(SCHEMA, "heap_to_next_gc_ratio_last"), "heap to next gc");
  }

  /** A counter's increase with resets: Prometheus' rule, written out plainly. */
  private static double increase(List<JsonNode> rows, String key) {
    double total = 0;
    for (int i = 1; i < rows.size(); i++) {
      double previous = rows.get(i - 1).get(key).asDouble();
      double current = rows.get(i).get(key).asDouble();
      total += current >= previous ? current - previous : current;
    }
    return total;
  }

  private static void close(double expected, double actual, String what) {
    if (Double.isNaN(expected)) {
      assertEquals(Double.NaN, actual, what);
      return;
    }
    assertEquals(expected, actual, Math.abs(expected) * RELATIVE_TOLERANCE + 1e-12, what);
  }
}
