package dev.gorca.serving.bench;

import dev.gorca.serving.demo.LabReplay;
import dev.gorca.serving.embedded.EmbeddedKafka;
import dev.gorca.serving.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the chosen phases one after the other on one embedded broker (and PostgreSQL when the learning loop runs),
 * all under a temporary directory that is deleted afterwards.
 */
public final class EndToEndBench {
  private final BenchOptions options;
  private final Progress progress;

  public EndToEndBench(BenchOptions options, java.io.PrintWriter progress) {
    this.options = options;
    this.progress = new Progress(progress);
  }

  public BenchResults run(String command) throws Exception {
    long startedAt = System.nanoTime();
    double loadAtStart = Machine.loadAverage();
    Path workDir = Files.createTempDirectory("gorca-bench-");
    List<LabReplay> replays = LabReplay.readAll(options.captures());
    progress.line("read %d lab cases from %s; working in %s", replays.size(), options.captures(), workDir);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"))) {
      progress.line("Kafka (KRaft) on %s in %.1f s", kafka.bootstrapServers(), kafka.startupTime().toMillis() / 1000.0);
      BenchCluster cluster = new BenchCluster(kafka, options.parallelism());
      ThroughputResult throughput = null;
      if (options.phases().contains(Phase.THROUGHPUT)) {
        throughput = new ThroughputPhase(cluster, options, replays, progress).run();
      }
      List<LatencyResult> latency = new ArrayList<>();
      if (options.phases().contains(Phase.LATENCY)) {
        LatencyPhase phase = new LatencyPhase(cluster, options, replays, progress);
        for (int i = 0; i < options.latencyRuns().size(); i++) latency.add(phase.run(i, options.latencyRuns().get(i)));
      }
      List<LearningResult> learning = new ArrayList<>();
      Double postgresStart = null;
      if (options.phases().contains(Phase.LEARNING)) {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(workDir.resolve("postgres"))) {
          postgresStart = postgres.startupTime().toMillis() / 1000.0;
          progress.line("PostgreSQL on port %d in %.1f s", postgres.port(), postgresStart);
          LearningPhase phase = new LearningPhase(cluster, options, replays, progress, postgres, workDir);
          for (int i = 0; i < options.labelCounts().size(); i++) learning.add(phase.run(i, options.labelCounts().get(i)));
        }
      }
      return new BenchResults(Machine.now(loadAtStart), command, kafka.startupTime().toMillis() / 1000.0,
          postgresStart, throughput, latency, learning, (System.nanoTime() - startedAt) / 1e9);
    } finally {
      deleteQuietly(workDir);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }
}
