package dev.gorca.serving.bench;

import dev.gorca.features.flink.AssemblyConfig;
import dev.gorca.features.flink.IncidentAssembly;
import dev.gorca.serving.config.PipelineConfig;
import dev.gorca.serving.demo.LabReplay;
import dev.gorca.serving.job.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Phase 2: lab crashes, each with its samples and dump, at a steady rate in wall-clock event time, each record
 * produced when its time comes; per incident, visible-at minus crash-produced-at.
 */
final class LatencyPhase {
  /** Past the grace period and the out-of-orderness, plus a commit and some slack, before an incident is missing. */
  private static final Duration TAIL = AssemblyConfig.DEFAULT_GRACE_PERIOD.plus(IncidentAssembly.MAX_OUT_OF_ORDERNESS)
      .plusSeconds(30);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private final BenchCluster cluster;
  private final BenchOptions options;
  private final List<LabReplay> replays;
  private final Progress progress;

  LatencyPhase(BenchCluster cluster, BenchOptions options, List<LabReplay> replays, Progress progress) {
    this.cluster = cluster;
    this.options = options;
    this.replays = replays;
    this.progress = progress;
  }

  LatencyResult run(int index, BenchOptions.LatencyRun run) throws Exception {
    Topics topics = cluster.createTopics("bench.latency-" + index);
    Instances instances = new Instances(topics, cluster.partitions());
    PipelineConfig config = cluster.config(topics, options.models(), run.checkpointInterval(), null, 0,
        options.captures());
    String label = "latency (checkpoint " + Durations.format(run.checkpointInterval()) + ")";
    try (KafkaProducer<byte[], byte[]> producer = cluster.producer("gorca-bench-latency-" + index, 0);
        RunningJob job = RunningJob.start(cluster, config, "gorca bench latency " + index)) {
      Duration warmUp = WarmUp.run(job, instances, producer, replays.get(0),
          System.currentTimeMillis() - Duration.ofHours(1).toMillis());
      progress.line("%s: job started in %.1f s, warm-up incident out after %.1f s; %.1f crashes/s for %d s", label,
          ThroughputPhase.seconds(job.startup), ThroughputPhase.seconds(warmUp), options.crashesPerSecond(),
          run.crashesFor().toSeconds());
      Map<String, Long> crashSentAt = new HashMap<>();
      try (EventClock clock = new EventClock(instances, producer).start()) {
        List<Instances.Death> deaths = schedule(instances, run);
        send(deaths, producer, crashSentAt, job, label);
        progress.line("%s: all %d crashes sent; waiting for their incidents (grace %d s + out-of-orderness %d s +"
            + " commit)", label, deaths.size(), AssemblyConfig.DEFAULT_GRACE_PERIOD.toSeconds(),
            IncidentAssembly.MAX_OUT_OF_ORDERNESS.toSeconds());
        job.incidents.await(a -> job.incidents.seenOf(crashSentAt.keySet()) == crashSentAt.size(),
            TAIL.plus(run.checkpointInterval()));
      }
      return result(run, crashSentAt, job.incidents.firstById());
    }
  }

  /** Crash n at start + lead + n / rate, so the first crash's samples are due right away. */
  private List<Instances.Death> schedule(Instances instances, BenchOptions.LatencyRun run) {
    long lead = replays.stream().mapToLong(LabReplay::leadMs).max().orElse(0) + 500;
    long start = System.currentTimeMillis() + lead;
    int count = (int) Math.max(1, Math.round(options.crashesPerSecond() * run.crashesFor().toMillis() / 1000.0));
    List<Instances.Death> deaths = new ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      long crashTs = start + Math.round(n * 1000.0 / options.crashesPerSecond());
      deaths.add(instances.death("l", n, replays.get((n + 1) % replays.size()), crashTs, 0, Burst.SCRAPE_MS));
    }
    return deaths;
  }

  /** Sends every record when its event time comes, noting when each crash went out. */
  private void send(List<Instances.Death> deaths, KafkaProducer<byte[], byte[]> producer, Map<String, Long> crashSentAt,
      RunningJob job, String label) throws InterruptedException {
    Map<Outgoing, String> crashIds = new IdentityHashMap<>();
    List<Outgoing> due = new ArrayList<>();
    for (Instances.Death death : deaths) {
      due.addAll(death.records());
      death.records().stream().filter(r -> r.kind() == Outgoing.Kind.CRASH).forEach(r -> crashIds.put(r, death.incidentId()));
    }
    due.sort(Comparator.comparingLong(Outgoing::tsMs));
    long lastProgress = System.nanoTime();
    for (Outgoing record : due) {
      long wait = record.tsMs() - System.currentTimeMillis();
      if (wait > 0) Thread.sleep(wait);
      String incidentId = crashIds.get(record);
      if (incidentId != null) crashSentAt.put(incidentId, System.nanoTime());
      producer.send(record.record());
      if (System.nanoTime() - lastProgress > PROGRESS_EVERY.toNanos()) {
        lastProgress = System.nanoTime();
        progress.line("%s: %d of %d crashes sent, %d incidents out", label, crashSentAt.size(), deaths.size(),
            job.incidents.seenOf(crashSentAt.keySet()));
      }
    }
    producer.flush();
  }

  private LatencyResult result(BenchOptions.LatencyRun run, Map<String, Long> crashSentAt,
      Map<String, CommittedReader.Arrival> seen) {
    long[] latencies = crashSentAt.entrySet().stream().filter(e -> seen.containsKey(e.getKey()))
        .mapToLong(e -> (seen.get(e.getKey()).nanos() - e.getValue()) / 1_000_000).toArray();
    if (latencies.length == 0) {
      throw new IllegalStateException("no incident of the " + crashSentAt.size() + " crashes of the latency run " + run
          + " came out of the job");
    }
    return new LatencyResult(run.checkpointInterval().toMillis(), options.crashesPerSecond(),
        run.crashesFor().toSeconds(), crashSentAt.size(), crashSentAt.size() - latencies.length,
        Percentiles.of(latencies), AssemblyConfig.DEFAULT_GRACE_PERIOD.toMillis(),
        IncidentAssembly.MAX_OUT_OF_ORDERNESS.toMillis());
  }
}
