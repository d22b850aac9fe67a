package dev.gorca.serving.bench;

import dev.gorca.ingest.contract.LabelEnvelope;
import dev.gorca.serving.config.PipelineConfig;
import dev.gorca.serving.demo.LabReplay;
import dev.gorca.serving.embedded.EmbeddedPostgres;
import dev.gorca.serving.job.Topics;
import dev.gorca.serving.store.PostgresIncidentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Phase 3: {@code N} stored incidents of real lab cases are labelled with their true causes on the labels topic,
 * with {@code learning.min-labels} = N; timed until the promoted model is announced on the models topic, and until
 * the first incident after it is scored by it ({@code model.id} in the incident JSON). Each run promotes into its
 * own copy of the shipped registry, so every run starts from the same parent model.
 */
final class LearningPhase {
  private static final long INCIDENT_SPACING_MS = 5_000;
  private static final Duration STORE_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration PROMOTION_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration SCORED_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration LATER_INCIDENT_EVERY = Duration.ofSeconds(1);

  private final BenchCluster cluster;
  private final BenchOptions options;
  private final List<LabReplay> replays;
  private final Progress progress;
  private final EmbeddedPostgres postgres;
  private final Path workDir;

  LearningPhase(BenchCluster cluster, BenchOptions options, List<LabReplay> replays, Progress progress,
      EmbeddedPostgres postgres, Path workDir) {
    this.cluster = cluster;
    this.options = options;
    this.replays = replays;
    this.progress = progress;
    this.postgres = postgres;
    this.workDir = workDir;
  }

  LearningResult run(int index, int labels) throws Exception {
    Topics topics = cluster.createTopics("bench.learning-" + index);
    Instances instances = new Instances(topics, cluster.partitions());
    Path registry = copyRegistry(options.models(), workDir.resolve("models-" + index));
    String parent = Files.readString(registry.resolve("CURRENT")).trim();
    PostgresIncidentStore store = PostgresIncidentStore.open(postgres.dataSource());
    PipelineConfig config = cluster.config(topics, registry, options.learningCheckpoint(), postgres.jdbcUrl(), labels,
        options.captures());
    String label = "learning (" + labels + " labels)";
    try (KafkaProducer<byte[], byte[]> producer = cluster.producer("gorca-bench-learning-" + index, 0);
        CommittedReader models = new CommittedReader(cluster.bootstrapServers(), topics.models()).start();
        RunningJob job = RunningJob.start(cluster, config, "gorca bench learning " + index)) {
      long base = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
      List<Instances.Death> labelled = new ArrayList<>();
      for (int n = 0; n < labels; n++) {
        labelled.add(instances.death("a" + index, n, replays.get(n % replays.size()), base + n * INCIDENT_SPACING_MS, 0,
            Burst.SCRAPE_MS));
      }
      long clockTs = sendWithClock(labelled, instances, producer);
      progress.line("%s: job started in %.1f s; %d lab incidents sent, waiting until they are stored", label,
          ThroughputPhase.seconds(job.startup), labels);
      awaitStored(store, labelled, label);

      long labelledAt = System.nanoTime();
      long tsMs = System.currentTimeMillis();
      for (Instances.Death death : labelled) {
        LabelEnvelope envelope = new LabelEnvelope(tsMs++, death.incidentId(), death.rootCause(), "bench",
            "gorca bench: the lab case's cause", null, null);
        producer.send(new ProducerRecord<>(topics.labels(), death.incidentId().getBytes(java.nio.charset.StandardCharsets.UTF_8), instances.encode(envelope)));
      }
      producer.flush();
      progress.line("%s: %d labels sent; waiting for a promoted model on %s", label, labels, topics.models());
      String registryText = registry.toString();
      models.await(a -> a.stream().anyMatch(m -> registryText.equals(m.text("/registry"))), PROMOTION_TIMEOUT);
      CommittedReader.Arrival promotion = models.arrivals().stream()
          .filter(m -> registryText.equals(m.text("/registry"))).findFirst().orElse(null);
      if (promotion == null) {
        progress.line("%s: no model promoted within %d s (the gate may have refused the candidate; see the log)", label,
            PROMOTION_TIMEOUT.toSeconds());
        return new LearningResult(labels, options.learningCheckpoint().toMillis(), parent, null, null, null);
      }
      String promoted = promotion.text("/model_id");
      double promotedSeconds = (promotion.nanos() - labelledAt) / 1e9;
      progress.line("%s: model %s promoted and announced %.1f s after the first label; sending later incidents", label,
          promoted, promotedSeconds);
      Double scoredSeconds = firstScoredBy(promoted, instances, producer, job, clockTs, index, labelledAt);
      return new LearningResult(labels, options.learningCheckpoint().toMillis(), parent, promoted, promotedSeconds,
          scoredSeconds);
    }
  }

  /** Sends the deaths and a clock sample past the last one's grace period; returns the clock's event time. */
  private static long sendWithClock(List<Instances.Death> deaths, Instances instances,
      KafkaProducer<byte[], byte[]> producer) {
    long last = 0;
    for (Instances.Death death : deaths) {
      for (Outgoing record : death.records()) producer.send(record.record());
      last = Math.max(last, death.crashTsMs());
    }
    long clockTs = last + Burst.CLOCK_AFTER_LAST_CRASH_MS;
    for (Outgoing tick : instances.clock(clockTs)) producer.send(tick.record());
    producer.flush();
    return clockTs;
  }

  private void awaitStored(PostgresIncidentStore store, List<Instances.Death> deaths, String label)
      throws InterruptedException {
    long deadline = System.nanoTime() + STORE_TIMEOUT.toNanos();
    int stored = 0;
    for (Instances.Death death : deaths) {
      while (store.find(death.incidentId()).isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(label + ": only " + stored + " of " + deaths.size() + " incidents were stored"
              + " within " + STORE_TIMEOUT.toSeconds() + " s");
        }
        Thread.sleep(200);
      }
      stored++;
    }
  }

  /**
   * Sends one later incident every second, each due at once (its own clock sample), until one scored by
   * {@code modelId} is visible: an incident assembled before the scorers took the announcement keeps the old model.
   */
  private Double firstScoredBy(String modelId, Instances instances, KafkaProducer<byte[], byte[]> producer,
      RunningJob job, long afterTs, int index, long labelledAt) throws InterruptedException {
    long deadline = System.nanoTime() + SCORED_TIMEOUT.toNanos();
    List<String> later = new ArrayList<>();
    long ts = afterTs + INCIDENT_SPACING_MS;
    for (int n = 0; System.nanoTime() < deadline; n++, ts += Burst.CLOCK_AFTER_LAST_CRASH_MS + INCIDENT_SPACING_MS) {
      Instances.Death death = instances.death("b" + index, n, replays.get(n % replays.size()), ts, 0, Burst.SCRAPE_MS);
      later.add(death.incidentId());
      sendWithClock(List.of(death), instances, producer);
      if (job.incidents.await(a -> scoredBy(job, later, modelId) != null, LATER_INCIDENT_EVERY)) {
        return (scoredBy(job, later, modelId).nanos() - labelledAt) / 1e9;
      }
    }
    return null;
  }

  private static CommittedReader.Arrival scoredBy(RunningJob job, List<String> ids, String modelId) {
    var seen = job.incidents.firstById();
    return ids.stream().map(seen::get).filter(a -> a != null && modelId.equals(a.text("/model/id"))).findFirst()
        .orElse(null);
  }

  private static Path copyRegistry(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) Files.createDirectories(target);
        else Files.copy(file, target);
      }
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the model registry " + from + " to " + to, e);
    }
  }
}
