package dev.gorca.features.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.contract.MetricsJsonLines;
import dev.gorca.ingest.lab.LabCaptures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A restart resets counters. Two real runs of a lab program back to back are what a restarted
 * instance sends: the allocation rate must count both runs' allocations, not a negative step.
 */
class CounterResetTest {
  private static final String KEY = "go_memstats_alloc_bytes_total";

  @Test
  void aCounterResetCountsTheNewValueAsIncreaseSinceTheRestart() throws Exception {
    List<MetricSample> run = MetricsJsonLines.read(
        LabCaptures.named("go1.23/goroutine_leak/request_timeout").metricsJsonLines()).samples();
    long runLength = run.get(run.size() - 1).tsMs() - run.get(0).tsMs();
    long restartGap = 1_000;
    List<MetricSample> restarted = new ArrayList<>(run);
    for (MetricSample sample : run) {
      restarted.add(new MetricSample(sample.tsMs() + runLength + restartGap, sample.values()));
    }
    double first = run.get(0).values().get(KEY);
    double last = run.get(run.size() - 1).values().get(KEY);
    double oneRun = last - first;
    // run 1's increase + the restarted counter's first value (all new) + run 2's increase
    double expectedIncrease = oneRun + first + oneRun;
    double seconds = (2 * runLength + restartGap) / 1000.0;

    FeatureSchema schema = FeatureSchema.current();
    FeatureSchema.Builder builder = schema.builder();
    long incident = restarted.get(restarted.size() - 1).tsMs();
    MetricWindowFeatures.extract(restarted.stream().map(MetricPoint::of).toList(), incident, builder, schema);

    assertEquals(expectedIncrease / seconds, builder.build().get(schema, "allocation_rate_bytes_per_second_5m"), 1e-6);
  }
}
