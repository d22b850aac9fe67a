package dev.gorca.serving.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorca.ingest.contract.EnvelopeCodec;
import dev.gorca.ingest.contract.MetricsEnvelope;
import dev.gorca.ingest.lab.LabCaptures;
import dev.gorca.serving.embedded.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a standalone Flink session cluster, as an operator runs it: a JobManager and two TaskManagers, each
 * its own JVM with nothing but Flink's jars on its class path, the jar uploaded and run through the REST API at
 * parallelism 2, RocksDB state with incremental checkpoints. Real lab incidents go in through Kafka; scored
 * incidents must come out on gorca.incidents. Then the job is cancelled and the jar run again on the same
 * TaskManagers, as an upgrade does, and must score them again.
 */
class FlinkClusterITCase {
  private static final String[][] LAB_CASES = {
      {"concurrent_map_access", "map_writes"}, {"nil_dereference", "nil_method_receiver"},
      {"stack_overflow", "infinite_recursion"}};
  private static final int INSTANCES_PER_CASE = 2;
  private static final long INSTANCE_SPACING_MS = 3_000;
  /** Past every crash's grace period plus the watermark bound, so every incident is due. */
  private static final long CLOCK_AHEAD_MS = 60_000;
  private static final int PARTITIONS = 2;
  private static final String INCIDENTS = "gorca.incidents";
  private static final int PARALLELISM = 2;
  private static final int TASK_MANAGERS = 2;
  private static final Duration CLUSTER_START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration JOB_START_TIMEOUT = Duration.ofSeconds(60);
  /**
   * Incidents are committed with the checkpoint after they are scored (KafkaWiring checkpoints every 10 s); an input
   * subtask that saw no tick holds watermarks back for IncidentAssembly.IDLE_SOURCE_TIMEOUT (30 s). Under a load
   * average of 15 on two cores everything runs several times slower.
   */
  private static final Duration INCIDENTS_TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path kafkaDir;

  @Test
  void the_job_jar_run_over_rest_on_a_jobmanager_and_two_taskmanagers_scores_lab_incidents_and_again_after_resubmit()
      throws Exception {
    long testStart = System.nanoTime();
    Path jobJar = Path.of(System.getProperty("gorca.job.jar", "target/gorca-job.jar"));
    Path classpathFile = Path.of(System.getProperty("gorca.flink.classpath",
        "../flink-cluster/target/flink-classpath.txt"));
    assertTrue(Files.isRegularFile(jobJar), "expected the job jar at " + jobJar + "; run mvn package first");
    assertTrue(Files.isRegularFile(classpathFile), "expected the cluster class path at " + classpathFile
        + "; module flink-cluster writes it (mvn -pl serving -am verify)");
    Path workDir = freshDir(jobJar.getParent().resolve("flink-cluster-it"));
    Path models = LabCaptures.repoRoot().resolve("models").toAbsolutePath();

    try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir)) {
      kafka.createTopics(Topics.DEFAULTS, PARTITIONS);
      Map<String, String> expectedCause = produceLabIncidents(kafka);

      long clusterStart = System.nanoTime();
      StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(workDir, Files.readString(classpathFile).trim(),
          TASK_MANAGERS, clusterSettings(workDir));
      List<ProcessHandle> clusterJvms = cluster.nodes().stream().map(n -> n.process().toHandle()).toList();
      try {
        FlinkRest rest = new FlinkRest(cluster.restUrl());
        rest.awaitTaskManagers(TASK_MANAGERS, CLUSTER_START_TIMEOUT, cluster::checkAlive);
        Duration clusterStartup = since(clusterStart);
        long uploadStart = System.nanoTime();
        String jarId = rest.upload(jobJar);
        Duration upload = since(uploadStart);
        List<String> args = List.of("--bootstrap", kafka.bootstrapServers(), "--models", models.toString());

        Run first = runAndCollect(cluster, rest, kafka, jarId, args, expectedCause);
        // A new job on the same session cluster, as an upgrade submits one: a new user-code class loader on the
        // same TaskManagers. Its own consumer group (a --kafka.* client property) makes it read the input again.
        Run second = runAndCollect(cluster, rest, kafka, jarId,
            concat(args, "--kafka.group.id", "gorca-job-resubmitted"), expectedCause);
        System.out.printf("FlinkClusterITCase: cluster up (JM + %d TMs registered) %d ms; jar upload (%d MB) %d ms;"
            + " job: run to all tasks RUNNING %d ms, all %d incidents committed %d ms after; resubmitted job: %d ms,"
            + " %d ms; %d of %d top causes as labelled%n", TASK_MANAGERS, clusterStartup.toMillis(),
            Files.size(jobJar) >> 20, upload.toMillis(),
            first.startup().toMillis(), expectedCause.size(), first.incidents().toMillis(),
            second.startup().toMillis(), second.incidents().toMillis(), first.agreeing(), expectedCause.size());
      } catch (Throwable e) {
        throw new AssertionError(e.getMessage() + "\n" + cluster.logTails(), e);
      } finally {
        cluster.close();
      }
      for (ProcessHandle jvm : clusterJvms) {
        assertFalse(jvm.isAlive(), "cluster JVM " + jvm.pid() + " left running");
      }
      // Both TaskManagers died with SIGSEGV on SIGTERM when a second job had failed to load LightGBM.
      assertEquals(List.of(), cluster.crashReports(), "JVM crash reports of the cluster");
    }
    System.out.printf("FlinkClusterITCase: %d ms in all%n", since(testStart).toMillis());
  }

  /** How long one job took to have all tasks running, then to commit every incident; how many causes agreed. */
  private record Run(Duration startup, Duration incidents, int agreeing) {}

  /**
   * Runs the uploaded jar at parallelism 2, reads gorca.incidents from where it ends now until every expected
   * incident arrived, checks them, and cancels the job.
   */
  private static Run runAndCollect(StandaloneFlinkCluster cluster, FlinkRest rest, EmbeddedKafka kafka, String jarId,
      List<String> args, Map<String, String> expectedCause) throws Exception {
    Map<TopicPartition, Long> from = incidentsEnd(kafka);
    long submitted = System.nanoTime();
    String jobId = rest.run(jarId, args, PARALLELISM);
    try {
      rest.awaitRunning(jobId, JOB_START_TIMEOUT, cluster::checkAlive);
      Duration startup = since(submitted);
      long running = System.nanoTime();
      Supplier<String> watermarks = () -> rest.watermarks(jobId);
      Map<String, JsonNode> incidents = readIncidents(kafka, from, expectedCause, watermarks, () -> {
        cluster.checkAlive();
        String state = uncheckedState(rest, jobId);
        if (!"RUNNING".equals(state)) {
          throw new IllegalStateException("job " + jobId + " is " + state + ": " + rest.exceptions(jobId));
        }
      });
      Duration committed = since(running);
      assertEquals(expectedCause.keySet(), incidents.keySet(), "incident ids on gorca.incidents, job " + jobId);
      int agreeing = 0;
      for (Map.Entry<String, JsonNode> incident : incidents.entrySet()) {
        JsonNode top = incident.getValue().path("top");
        assertTrue(top.size() > 0 && !top.get(0).path("root_cause").asText().isEmpty(),
            "expected ranked causes in " + incident.getValue());
        assertFalse(incident.getValue().path("model").path("id").asText().isEmpty(), "model id");
        if (expectedCause.get(incident.getKey()).equals(top.get(0).path("root_cause").asText())) agreeing++;
      }
      for (JsonNode vertex : rest.job(jobId).path("vertices")) {
        assertEquals(PARALLELISM, vertex.path("parallelism").asInt(), vertex.path("name").asText());
      }
      Run run = new Run(startup, committed, agreeing);
      rest.cancel(jobId, JOB_START_TIMEOUT);
      return run;
    } catch (Throwable e) {
      try {
        rest.cancel(jobId, JOB_START_TIMEOUT);
      } catch (Exception cancel) {
        e.addSuppressed(cancel);
      }
      throw e;
    }
  }

  private static List<String> concat(List<String> list, String... more) {
    List<String> out = new ArrayList<>(list);
    out.addAll(List.of(more));
    return out;
  }

  /** Metrics, dumps and crashes of the lab cases, several instances each, in time order; returns id -> cause. */
  private static Map<String, String> produceLabIncidents(EmbeddedKafka kafka) throws Exception {
    List<LabIncidents.Sent> sent = new ArrayList<>();
    Map<String, String> expectedCause = new HashMap<>();
    long lastCrash = 0;
    int n = 0;
    for (String[] c : LAB_CASES) {
      for (int i = 0; i < INSTANCES_PER_CASE; i++) {
        LabIncidents.Sending sending = LabIncidents.envelopes(c[0], c[1], c[1] + "-" + i, n++ * INSTANCE_SPACING_MS);
        sent.addAll(sending.envelopes());
        expectedCause.put(sending.incidentId(), c[0]);
        lastCrash = Math.max(lastCrash, sending.crashTsMs());
      }
    }
    sent.sort(Comparator.comparingLong(LabIncidents.Sent::tsMs));
    EnvelopeCodec codec = new EnvelopeCodec();
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES, ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (LabIncidents.Sent s : sent) {
        // Keyed by instance, as gorca's collectors send: one instance's records stay in order on one partition.
        producer.send(new ProducerRecord<>(s.topic(), s.instance().getBytes(StandardCharsets.UTF_8), s.value()));
      }
      // A healthy instance's sample a minute later on every metrics partition moves every subtask's watermark
      // past the crashes' grace periods, as live traffic would.
      for (int partition = 0; partition < PARTITIONS; partition++) {
        long ts = lastCrash + CLOCK_AHEAD_MS;
        producer.send(new ProducerRecord<>("gorca.metrics", partition, null, null,
            codec.encode(MetricsEnvelope.ofValues("lab", "healthy-" + partition, ts, Map.of("go_goroutines", 12.0)))));
      }
      producer.flush();
    }
    return expectedCause;
  }

  /** Settings an operator sets in conf/config.yaml (docs/operations.md, "Running on a Flink cluster"). */
  private static Map<String, String> clusterSettings(Path workDir) {
    Map<String, String> settings = new HashMap<>();
    settings.put("taskmanager.numberOfTaskSlots", "1");
    settings.put("taskmanager.memory.task.heap.size", "256m");
    settings.put("taskmanager.memory.managed.size", "64m");
    settings.put("taskmanager.memory.network.min", "32m");
    settings.put("taskmanager.memory.network.max", "32m");
    settings.put("state.backend.type", "rocksdb");
    settings.put("execution.checkpointing.incremental", "true");
    settings.put("execution.checkpointing.dir", workDir.resolve("checkpoints").toUri().toString());
    // A failure should fail the test with its cause, not loop through restarts until the timeout.
    settings.put("restart-strategy.type", "none");
    // With lightgbm4j in the cluster's lib/ (module flink-cluster): its native library is loaded once per JVM.
    settings.put("classloader.parent-first-patterns.additional",
        "com.microsoft.ml.lightgbm.;io.github.metarank.lightgbm4j.");
    return settings;
  }

  /** Reads gorca.incidents (read_committed) from {@code from} until every {@code expected} incident id arrived. */
  private static Map<String, JsonNode> readIncidents(EmbeddedKafka kafka, Map<TopicPartition, Long> from,
      Map<String, String> expected, Supplier<String> diagnosis, Runnable check) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    Map<String, JsonNode> incidents = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = incidentsConsumer(kafka)) {
      consumer.assign(from.keySet());
      from.forEach(consumer::seek);
      long deadline = System.nanoTime() + INCIDENTS_TIMEOUT.toNanos();
      while (!incidents.keySet().containsAll(expected.keySet())) {
        if (System.nanoTime() > deadline) {
          Map<String, String> missing = new HashMap<>(expected);
          missing.keySet().removeAll(incidents.keySet());
          throw new IllegalStateException("expected " + expected.size() + " incidents on gorca.incidents within "
              + INCIDENTS_TIMEOUT.toSeconds() + " s, missing " + missing + " (id=cause); input watermarks:\n"
              + diagnosis.get());
        }
        check.run();
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          JsonNode incident = mapper.readTree(record.value());
          incidents.put(incident.path("id").asText(), incident);
        }
      }
    }
    return incidents;
  }

  /** Where gorca.incidents ends for a read_committed reader now: a new job's incidents come after it. */
  private static Map<TopicPartition, Long> incidentsEnd(EmbeddedKafka kafka) {
    try (KafkaConsumer<String, String> consumer = incidentsConsumer(kafka)) {
      List<TopicPartition> partitions = consumer.partitionsFor(INCIDENTS).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      return consumer.endOffsets(partitions);
    }
  }

  private static KafkaConsumer<String, String> incidentsConsumer(EmbeddedKafka kafka) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
  }

  private static String uncheckedState(FlinkRest rest, String jobId) {
    try {
      return rest.job(jobId).path("state").asText();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the state of job " + jobId, e);
    }
  }

  private static Path freshDir(Path dir) throws IOException {
    if (Files.exists(dir)) Utils.delete(dir.toFile());
    return Files.createDirectories(dir);
  }

  private static Duration since(long nanoTime) {
    return Duration.ofNanos(System.nanoTime() - nanoTime);
  }
}
