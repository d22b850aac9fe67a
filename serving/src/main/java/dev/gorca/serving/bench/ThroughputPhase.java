package dev.gorca.serving.bench;

import dev.gorca.serving.config.PipelineConfig;
import dev.gorca.serving.demo.LabReplay;
import dev.gorca.serving.job.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;

/** Phase 1: a pre-encoded burst produced as fast as the producer can, into a running, warmed-up job. */
final class ThroughputPhase {
  /** Linger for full batches: the burst is about volume. */
  private static final int LINGER_MS = 10;
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final BenchCluster cluster;
  private final BenchOptions options;
  private final List<LabReplay> replays;
  private final Progress progress;

  ThroughputPhase(BenchCluster cluster, BenchOptions options, List<LabReplay> replays, Progress progress) {
    this.cluster = cluster;
    this.options = options;
    this.replays = replays;
    this.progress = progress;
  }

  ThroughputResult run() throws Exception {
    Topics topics = cluster.createTopics("bench.throughput");
    Instances instances = new Instances(topics, cluster.partitions());
    long warmUpCrashTs = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
    long burstFrom = warmUpCrashTs + Duration.ofMinutes(1).toMillis();
    progress.line("throughput: encoding %,d instances x %d samples, each ending with a lab crash ...",
        options.instances(), options.samplesPerInstance());
    Burst burst = Burst.of(instances, replays, options.instances(), options.samplesPerInstance(), burstFrom);
    progress.line("throughput: %,d records (%,d samples, %,d crashes, %,d dumps), %.1f MB encoded", burst.records.size(),
        burst.samples, burst.crashes, burst.dumps, burst.bytes / 1e6);

    PipelineConfig config = cluster.config(topics, options.models(), options.throughputCheckpoint(), null, 0,
        options.captures());
    try (KafkaProducer<byte[], byte[]> producer = cluster.producer("gorca-bench-burst", LINGER_MS);
        RunningJob job = RunningJob.start(cluster, config, "gorca bench throughput")) {
      Duration warmUp = WarmUp.run(job, instances, producer, replays.get(0), warmUpCrashTs);
      progress.line("throughput: job started in %.1f s, warm-up incident out after %.1f s; producing the burst",
          seconds(job.startup), seconds(warmUp));
      long firstSent = System.nanoTime();
      long lastProgress = firstSent;
      int sent = 0;
      for (Outgoing record : burst.records) {
        producer.send(record.record());
        if (++sent % 5_000 == 0 && System.nanoTime() - lastProgress > PROGRESS_EVERY.toNanos()) {
          lastProgress = System.nanoTime();
          progress.line("throughput: %,d of %,d records sent, %d of %d incidents out", sent, burst.records.size(),
              job.incidents.seenOf(burst.incidentIds), burst.incidentIds.size());
        }
      }
      producer.flush();
      long produced = System.nanoTime();
      progress.line("throughput: burst produced in %.1f s; waiting for the incidents", (produced - firstSent) / 1e9);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (job.incidents.seenOf(burst.incidentIds) < burst.incidentIds.size() && System.nanoTime() < deadline) {
        job.incidents.await(a -> job.incidents.seenOf(burst.incidentIds) == burst.incidentIds.size(), PROGRESS_EVERY);
        progress.line("throughput: %d of %d incidents out", job.incidents.seenOf(burst.incidentIds),
            burst.incidentIds.size());
      }
      return result(burst, job, warmUp, firstSent, produced);
    }
  }

  private ThroughputResult result(Burst burst, RunningJob job, Duration warmUp, long firstSent, long produced) {
    var seen = job.incidents.firstById();
    long lastIncident = burst.incidentIds.stream().filter(seen::containsKey)
        .mapToLong(id -> seen.get(id).nanos()).max().orElse(produced);
    int incidents = (int) burst.incidentIds.stream().filter(seen::containsKey).count();
    double producerSeconds = (produced - firstSent) / 1e9;
    double endToEnd = (lastIncident - firstSent) / 1e9;
    return new ThroughputResult(options.instances(), burst.samples, burst.crashes, burst.dumps, burst.bytes / 1e6,
        options.parallelism(), options.throughputCheckpoint().toMillis(), seconds(job.startup), seconds(warmUp),
        producerSeconds, burst.records.size() / producerSeconds, burst.bytes / 1e6 / producerSeconds,
        endToEnd, burst.samples / endToEnd, burst.crashes / endToEnd, burst.bytes / 1e6 / endToEnd,
        (lastIncident - produced) / 1e9, incidents, burst.incidentIds.size() - incidents);
  }

  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
