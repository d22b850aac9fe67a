package dev.gorca.serving.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorca.features.flink.IncidentIds;
import dev.gorca.ingest.contract.CrashEnvelope;
import dev.gorca.ingest.contract.DeadLetter;
import dev.gorca.ingest.contract.DeadLetterCodec;
import dev.gorca.ingest.contract.EnvelopeLimits;
import dev.gorca.ingest.contract.LabelEnvelope;
import dev.gorca.ingest.contract.RejectReason;
import dev.gorca.serving.config.PipelineConfig;
import dev.gorca.serving.embedded.EmbeddedKafka;
import dev.gorca.serving.embedded.EmbeddedPostgres;
import dev.gorca.serving.job.ModelAnnouncement;
import dev.gorca.serving.job.Topics;
import dev.gorca.serving.store.IncidentFilter;
import dev.gorca.serving.store.PostgresIncidentStore;
import dev.gorca.serving.store.StoredIncident;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming pipeline end to end on a real Kafka broker (KRaft, in-process), a real PostgreSQL and
 * a Flink MiniCluster, fed with envelopes of real lab captures: incidents in Kafka and the store, dead
 * letters with reasons, the learning loop promoting and hot-swapping a model, and a restart from a
 * checkpoint that neither loses nor duplicates an incident.
 */
class PipelineITCase {
  private static final long BASE = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
  private static final long INCIDENT_SPACING_MS = 5_000;
  /** Past the grace period (10 s) and the out-of-orderness (5 s) of the last crash. */
  private static final long CLOCK_AFTER_LAST_CRASH_MS = 30_000;
  private static final Duration WAIT = Duration.ofSeconds(120);

  /** The job's Flink metrics (dead letters per reason, refused models), kept after the job ends. */
  private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
          .setConfiguration(METRICS.addToConfiguration(new Configuration())).build());

  @TempDir static Path tmp;
  private static EmbeddedKafka kafka;
  private static EmbeddedPostgres postgres;
  private static PipelineTestKit kit;
  private static PostgresIncidentStore store;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void startBrokerAndDatabase() {
    kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
    postgres = EmbeddedPostgres.start(tmp.resolve("postgres"));
    kit = new PipelineTestKit(kafka);
    store = PostgresIncidentStore.open(postgres.dataSource());
  }

  @AfterAll
  static void stopBrokerAndDatabase() {
    if (kit != null) kit.close();
    if (kafka != null) kafka.close();
    if (postgres != null) postgres.close();
  }

  /** Sends {@code count} incidents cycling through the easy cases; returns incident id to expected cause. */
  private static Map<String, String> sendIncidents(Topics topics, String prefix, int count, long from) {
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String caseId = PipelineTestKit.EASY_CASES.get(i % PipelineTestKit.EASY_CASES.size());
      String instance = prefix + "-" + i;
      long crashTs = from + i * INCIDENT_SPACING_MS;
      kit.sendIncident(topics, caseId, "shop", instance, crashTs);
      expected.put(IncidentIds.crash("shop", instance, crashTs), PipelineTestKit.rootCauseOf(caseId));
    }
    return expected;
  }

  private static long endOf(long from, int count) {
    return from + (count - 1) * INCIDENT_SPACING_MS + CLOCK_AFTER_LAST_CRASH_MS;
  }

  private Map<String, JsonNode> incidents(Topics topics, int atLeast) {
    List<ConsumerRecord<byte[], byte[]>> records =
        kit.consumeUntil(topics.incidents(), r -> distinctIds(r).size() >= atLeast, WAIT);
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      JsonNode node = read(record.value());
      byId.put(node.get("id").asText(), node);
    }
    return byId;
  }

  private List<String> distinctIds(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> read(r.value()).get("id").asText()).distinct().toList();
  }

  private JsonNode read(byte[] value) {
    try {
      return json.readTree(value);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + new String(value, StandardCharsets.UTF_8), e);
    }
  }

  @Test
  void incidentsReachKafkaAndTheStoreAndBadRecordsTheDeadLettersWithTheirReasons() throws Exception {
    Topics topics = PipelineTestKit.topics("e2e");
    PipelineConfig config = kit.config(topics, postgres.jdbcUrl(), PipelineTestKit.SHIPPED_MODELS, 100);
    // Small limits, so a real-sized record can be oversize without moving 8 MiB through the test.
    config = config.withJob(config.job().withLimits(new EnvelopeLimits(64 * 1024, 64 * 1024)));
    String shippedId = Files.readString(PipelineTestKit.SHIPPED_MODELS.resolve("CURRENT")).trim();

    Map<String, String> expected = sendIncidents(topics, "e2e", 9, BASE);
    Map<String, Integer> samplesOf = new HashMap<>();
    int n = 0;
    for (String id : expected.keySet()) {
      samplesOf.put(id, PipelineTestKit.replay(PipelineTestKit.EASY_CASES.get(n++ % 3)).samples().size());
    }
    Map<RejectReason, Integer> garbage = new TreeMap<>();
    List<byte[]> bad = new ArrayList<>();
    bad.add(new byte[] {(byte) 0xfe, (byte) 0xff, 0x00});
    garbage.merge(RejectReason.NOT_UTF8, 1, Integer::sum);
    bad.add("not json at all".getBytes(StandardCharsets.UTF_8));
    bad.add("{\"schema\":\"gorca.crash/v1\",\"service\":\"shop\",\"ts_ms\":".getBytes(StandardCharsets.UTF_8));
    garbage.merge(RejectReason.MALFORMED_JSON, 2, Integer::sum);
    bad.add("{\"schema\":\"gorca.crash/v7\",\"service\":\"shop\"}".getBytes(StandardCharsets.UTF_8));
    garbage.merge(RejectReason.UNKNOWN_SCHEMA, 1, Integer::sum);
    bad.add("{\"schema\":\"gorca.crash/v1\",\"service\":\"shop\",\"instance\":\"shop-x\",\"text\":\"panic\"}"
        .getBytes(StandardCharsets.UTF_8));
    garbage.merge(RejectReason.MISSING_FIELD, 1, Integer::sum);
    String crashText = PipelineTestKit.replay(PipelineTestKit.EASY_CASES.get(2)).crashText();
    bad.add(kit.encode(CrashEnvelope.of("shop", "shop-huge", BASE, crashText.repeat(4))));
    garbage.merge(RejectReason.OVERSIZE, 1, Integer::sum);
    for (byte[] record : bad) kit.send(topics.crashes(), "garbage", record);
    kit.advanceEventTime(topics, endOf(BASE, 9));

    JobClient job = PipelineTestKit.start(config, new Configuration());
    try {
      Map<String, JsonNode> incidents = incidents(topics, expected.size());
      List<ConsumerRecord<byte[], byte[]>> letters =
          kit.consumeUntil(topics.deadLetters(), r -> r.size() >= bad.size(), WAIT);

      assertEquals(expected.keySet(), incidents.keySet());
      for (Map.Entry<String, String> e : expected.entrySet()) {
        JsonNode incident = incidents.get(e.getKey());
        assertEquals(e.getValue(), incident.at("/top/0/root_cause").asText(), incident.toString());
        assertEquals(shippedId, incident.at("/model/id").asText());
        assertEquals(List.of("crash", "dump", "metrics"), names(incident.get("inputs")));
        assertEquals(samplesOf.get(e.getKey()).intValue(), incident.get("history").get("ts_ms").size(),
            "every sample the instance sent before its crash travels with the incident");
        StoredIncident stored = store.find(e.getKey()).orElseThrow(() -> new AssertionError("not stored: " + e.getKey()));
        assertEquals(e.getValue(), stored.causes().get(0).cause());
        assertEquals(shippedId, stored.modelId());
        assertEquals(incident.get("buckets"), json.readTree(stored.documentJson()).get("buckets"));
      }
      Map<RejectReason, Integer> reasons = new TreeMap<>();
      for (ConsumerRecord<byte[], byte[]> record : letters) {
        DeadLetter letter = new DeadLetterCodec().decode(record.value());
        reasons.merge(letter.reason(), 1, Integer::sum);
        assertEquals(topics.crashes(), letter.sourceTopic());
        byte[] original = bad.get((int) letter.offset() - expected.size()); // after the 9 crashes on the topic
        if (letter.reason() != RejectReason.OVERSIZE) assertArrayEquals(original, letter.original());
        else assertEquals(original.length, letter.originalSize());
      }
      assertEquals(garbage, reasons);
      for (RejectReason reason : RejectReason.values()) {
        assertEquals(garbage.getOrDefault(reason, 0).longValue(), counter(job, "dlq\\." + reason.name() + "$"),
            "Flink counter dlq." + reason.name());
      }
    } finally {
      PipelineTestKit.stop(job);
    }
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }

  @Test
  void labelsTrainAModelThatIsPromotedAndScoresLaterIncidentsWhileACorruptModelIsRefused() throws Exception {
    Topics topics = PipelineTestKit.topics("learn");
    Path registry = tmp.resolve("learn-models");
    PipelineTestKit.copyRegistry(PipelineTestKit.SHIPPED_MODELS, registry);
    String shippedId = Files.readString(registry.resolve("CURRENT")).trim();
    Path corrupt = tmp.resolve("corrupt-models");
    PipelineTestKit.copyRegistry(PipelineTestKit.SHIPPED_MODELS, corrupt);
    corruptModelFile(corrupt.resolve(shippedId));
    PipelineConfig config = kit.config(topics, postgres.jdbcUrl(), registry, 3);
    long base = BASE + Duration.ofHours(1).toMillis();

    Map<String, String> first = sendIncidents(topics, "learn-a", 3, base);
    kit.advanceEventTime(topics, endOf(base, 3));
    JobClient job = PipelineTestKit.start(config, new Configuration());
    try {
      Map<String, JsonNode> scored = incidents(topics, first.size());
      assertEquals(first.keySet(), scored.keySet());
      kit.send(topics.models(), "corrupt", ModelAnnouncement.of(corrupt.toString(), shippedId).toJson());

      long labelledAt = System.nanoTime();
      long tsMs = System.currentTimeMillis();
      for (Map.Entry<String, String> e : first.entrySet()) {
        kit.send(topics.labels(), e.getKey(), kit.encode(
            new LabelEnvelope(tsMs++, e.getKey(), e.getValue(), "alice", "confirmed in the postmortem", null, null)));
      }
      List<ConsumerRecord<byte[], byte[]>> announcements = kit.consumeUntil(topics.models(),
          r -> r.stream().anyMatch(a -> read(a.value()).get("registry").asText().equals(registry.toString())), WAIT);
      double promotedSeconds = (System.nanoTime() - labelledAt) / 1e9;
      String promotedId = announcements.stream().map(a -> read(a.value()))
          .filter(a -> a.get("registry").asText().equals(registry.toString()))
          .map(a -> a.get("model_id").asText()).findFirst()
          .orElseThrow(() -> new AssertionError("no model was promoted within " + WAIT + " of 3 labels"));
      assertNotEquals(shippedId, promotedId);
      assertEquals(promotedId, Files.readString(registry.resolve("CURRENT")).trim());
      assertEquals(3, store.labelsSince(0).stream().filter(l -> first.containsKey(l.label().incidentId())).count());
      assertEquals(List.of(promotedId), promotedModelsInStore());
      assertEquals(1, counter(job, "\\.refusedModels$"), "the corrupt model was refused");

      long later = endOf(base, 3) + 10_000;
      Map<String, String> second = sendIncidents(topics, "learn-b", 3, later);
      kit.advanceEventTime(topics, endOf(later, 3));
      Map<String, JsonNode> all = incidents(topics, first.size() + second.size());
      double scoredSeconds = (System.nanoTime() - labelledAt) / 1e9;
      for (String id : second.keySet()) {
        assertEquals(promotedId, all.get(id).at("/model/id").asText(), "scored after the promotion: " + id);
        assertEquals(second.get(id), all.get(id).at("/top/0/root_cause").asText());
      }
      System.out.printf("learning loop: 3 labels -> model %s promoted and announced in %.1f s; first incident"
          + " scored by it %.1f s after the labels%n", promotedId, promotedSeconds, scoredSeconds);
      assertTrue(promotedSeconds < 60, "label to promoted model took " + promotedSeconds + " s; the target is 60 s");
    } finally {
      PipelineTestKit.stop(job);
    }
  }

  @Test
  void aJobRestartedFromItsLastCheckpointLosesNoIncidentAndDuplicatesNone() throws Exception {
    Topics topics = PipelineTestKit.topics("recover");
    PipelineConfig scoring = kit.config(topics, postgres.jdbcUrl(), PipelineTestKit.SHIPPED_MODELS, 100);
    Path checkpoints = tmp.resolve("recover-checkpoints");
    PipelineConfig config = new PipelineConfig(scoring.bootstrapServers(), scoring.kafkaProperties(), scoring.topics(),
        scoring.job(), 1, Duration.ofSeconds(1), checkpoints.toUri().toString());
    long base = BASE + Duration.ofHours(2).toMillis();

    Map<String, String> expected = new LinkedHashMap<>(sendIncidents(topics, "recover-a", 3, base));
    kit.advanceEventTime(topics, endOf(base, 3));
    JobClient first = PipelineTestKit.start(config, new Configuration());
    try {
      assertEquals(expected.keySet(), incidents(topics, 3).keySet());
      Thread.sleep(2_000); // a checkpoint or two past the committed incidents
      long later = endOf(base, 3) + 10_000;
      expected.putAll(sendIncidents(topics, "recover-b", 3, later));
      kit.advanceEventTime(topics, endOf(later, 3));
    } finally {
      PipelineTestKit.stop(first); // mid-stream: the second batch is in flight
    }

    Configuration restore = new Configuration();
    restore.set(StateRecoveryOptions.SAVEPOINT_PATH, PipelineTestKit.latestCheckpoint(checkpoints).toString());
    JobClient second = PipelineTestKit.start(config, restore);
    try {
      incidents(topics, expected.size());
      Thread.sleep(3_000); // further checkpoints: a duplicate would be committed by now
      List<ConsumerRecord<byte[], byte[]>> records =
          kit.consumeUntil(topics.incidents(), r -> false, Duration.ofSeconds(5));
      List<String> ids = records.stream().map(r -> read(r.value()).get("id").asText()).sorted().toList();
      assertEquals(expected.keySet().stream().sorted().toList(), ids, "each incident exactly once");
    } finally {
      PipelineTestKit.stop(second);
    }
  }

  /** A counter summed over the job's subtasks. */
  private static long counter(JobClient job, String identifierPattern) {
    return METRICS.findMetrics(job.getJobID(), identifierPattern).values().stream()
        .mapToLong(metric -> ((Counter) metric).getCount()).sum();
  }

  private List<String> promotedModelsInStore() throws Exception {
    List<String> ids = new ArrayList<>();
    try (var c = postgres.dataSource().getConnection();
        var rs = c.createStatement().executeQuery("SELECT model_id FROM model_versions ORDER BY promoted_at")) {
      while (rs.next()) ids.add(rs.getString(1));
    }
    return ids;
  }

  /** Flips bytes in the model's LightGBM text, which its checksum must catch. */
  private static void corruptModelFile(Path modelDir) throws Exception {
    try (var files = Files.list(modelDir)) {
      Path model = files.filter(f -> f.getFileName().toString().endsWith(".txt")).findFirst()
          .orElseThrow(() -> new AssertionError("no model text in " + modelDir));
      byte[] bytes = Files.readAllBytes(model);
      for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) bytes[i] = (byte) '7';
      Files.write(model, bytes);
    }
  }
}
