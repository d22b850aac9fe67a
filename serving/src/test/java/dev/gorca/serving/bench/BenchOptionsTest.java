package dev.gorca.serving.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
  @Test
  void latencyRunsReadAsCheckpointColonDuration() {
    assertEquals(List.of(new BenchOptions.LatencyRun(Duration.ofSeconds(10), Duration.ofMinutes(1)),
            new BenchOptions.LatencyRun(Duration.ofMillis(500), Duration.ofSeconds(30))),
        BenchOptions.LatencyRun.parseList("10s:1m, 500ms:30s"));
    assertEquals("10s:1m", BenchOptions.LatencyRun.parse("10s:60s").toString());
  }

  @Test
  void aLatencyRunWithoutItsDurationIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.LatencyRun.parse("10s"));
    assertEquals("expected a latency run as CHECKPOINT:DURATION, e.g. 10s:60s, found \"10s\"", e.getMessage());
  }

  @Test
  void aDurationWithoutUnitIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("10"));
    assertEquals("expected a duration such as 500ms, 10s, 2m, found \"10\"", e.getMessage());
  }

  @Test
  void phasesReadAsACommaSeparatedList() {
    assertEquals(EnumSet.of(Phase.THROUGHPUT, Phase.LEARNING), Phase.parse("learning, throughput"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Phase.parse("throughput,speed"));
    assertEquals("unknown phase \"speed\"; expected a comma-separated list of throughput, latency, learning",
        e.getMessage());
  }

  @Test
  void theLatencyPhaseNeedsARun() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BenchOptions(
        Set.of(Phase.LATENCY), 10, 10, Duration.ofSeconds(1), List.of(), 5, List.of(20), Duration.ofSeconds(10), 2,
        Path.of("lab/captures"), Path.of("models")));
    assertEquals("the latency phase needs at least one run (--latency-runs 10s:60s)", e.getMessage());
  }
}
