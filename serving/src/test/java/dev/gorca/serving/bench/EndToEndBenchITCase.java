package dev.gorca.serving.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.ingest.lab.LabCaptures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A miniature {@code gorca bench} (throughput and one short latency run; the learning loop's timing is
 * PipelineITCase's): the figures come out, every incident is accounted for, and they are physically possible.
 */
class EndToEndBenchITCase {
  @Test
  void aMiniatureBenchProducesSaneFigures() throws Exception {
    BenchOptions options = new BenchOptions(EnumSet.of(Phase.THROUGHPUT, Phase.LATENCY), 20, 10, Duration.ofSeconds(1),
        List.of(new BenchOptions.LatencyRun(Duration.ofSeconds(1), Duration.ofSeconds(3))), 2, List.of(3),
        Duration.ofSeconds(1), 2, LabCaptures.repoRoot().resolve("lab/captures"), LabCaptures.repoRoot().resolve("models"));
    StringWriter progress = new StringWriter();
    BenchResults results = new EndToEndBench(options, new PrintWriter(progress)).run("test");
    System.out.println(progress);
    System.out.println(BenchReport.table(results));

    ThroughputResult t = results.throughput();
    assertEquals(20, t.crashes());
    assertEquals(200, t.samples()); // 10 per instance, the lab case's own included
    assertEquals(0, t.missingIncidents(), "every instance's crash became an incident");
    assertTrue(t.endToEndSeconds() > 0 && t.endToEndSeconds() >= t.producerSeconds(), t.toString());
    assertEquals(t.samples() / t.endToEndSeconds(), t.samplesPerSecond(), 1e-6);

    LatencyResult l = results.latency().get(0);
    assertEquals(6, l.crashes());
    assertEquals(0, l.missingIncidents());
    // An incident cannot be out before the watermark passes grace + out-of-orderness after its crash.
    long floor = l.gracePeriodMs() + l.outOfOrdernessMs();
    assertTrue(l.latency().p50Ms() >= floor && l.latency().p50Ms() < floor + 30_000, l.toString());
    assertTrue(l.latency().p50Ms() <= l.latency().p99Ms() && l.latency().p99Ms() <= l.latency().maxMs(), l.toString());

    String json = BenchReport.json(results);
    assertTrue(json.contains("\"samples_per_second\"") && json.contains("\"p99_ms\""), json);
  }
}
