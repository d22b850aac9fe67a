package dev.gorca.serving.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.features.extract.CaseFolder;
import dev.gorca.features.extract.EvidenceReader;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.ingest.lab.LabCaptures;
import dev.gorca.serving.embedded.EmbeddedPostgres;
import dev.gorca.serving.job.ModelAnnouncement;
import dev.gorca.serving.store.IncidentType;
import dev.gorca.serving.store.PostgresIncidentStore;
import dev.gorca.serving.store.RankedCause;
import dev.gorca.serving.store.StoreSettings;
import dev.gorca.serving.store.StoredIncident;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning operator in a harness, on a real PostgreSQL and a copy of the shipped registry: labels
 * wait for the threshold or the deadline, a step promotes and announces, duplicates and labels of unknown
 * incidents do not count, and no state or timer is left after a promotion.
 */
class LearnFromLabelsITCase {
  private static final Path CAPTURES = LabCaptures.repoRoot().resolve("lab/captures");
  private static final long LABELLED_AT = Instant.parse("2026-11-25T15:00:00Z").toEpochMilli();
  private static final List<String> CASES = List.of("go1.23/concurrent_map_access/map_writes",
      "go1.23/nil_dereference/nil_method_receiver", "go1.23/stack_overflow/infinite_recursion");

  @TempDir static Path tmp;
  private static EmbeddedPostgres postgres;
  private static PostgresIncidentStore store;

  @BeforeAll
  static void storeWithLabIncidents() throws Exception {
    postgres = EmbeddedPostgres.start(tmp.resolve("postgres"));
    store = PostgresIncidentStore.open(postgres.dataSource());
    for (int i = 0; i < CASES.size(); i++) store.upsertIncident(incident("inc-" + i, CASES.get(i)));
  }

  @AfterAll
  static void stop() {
    if (postgres != null) postgres.close();
  }

  /** A crash-only incident of a real lab capture, with the features the job would have computed. */
  private static StoredIncident incident(String id, String caseId) throws Exception {
    CaseFolder folder = CaseFolder.read(CAPTURES.resolve(caseId));
    FeatureSchema schema = FeatureSchema.current();
    FeatureVector vector = IncidentFeatures.extract(new EvidenceReader(new GoTraceParser())
        .read(folder.crashText(), null, List.of(), LABELLED_AT, EvidenceReader.Death.UNKNOWN, LABELLED_AT), schema);
    Map<String, Double> features = new HashMap<>();
    for (int f = 0; f < schema.size(); f++) features.put(schema.names().get(f), vector.values()[f]);
    return new StoredIncident(id, "shop", "shop-" + id, LABELLED_AT - 60_000, IncidentType.CRASH, "panic", "boom",
        List.of(new RankedCause(caseId.split("/")[1], 0.9)), "gorca-test", schema.version(), features, null, null,
        List.of("crash"), Double.NaN, null, null);
  }

  private KeyedOneInputStreamOperatorTestHarness<String, LabelEvent, ModelAnnouncement> harness(Path registry,
      int minLabels) throws Exception {
    LearnFromLabels function = new LearnFromLabels(new LearningSettings(minLabels, Duration.ofMinutes(10),
        registry.toString(), CAPTURES.toString(), 42), new StoreSettings(postgres.jdbcUrl(), "", ""));
    var harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
        label -> LearnFromLabels.KEY, Types.STRING);
    harness.open();
    return harness;
  }

  private static Path registryCopy(String name) throws Exception {
    Path from = LabCaptures.repoRoot().resolve("models");
    Path to = tmp.resolve(name);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) Files.createDirectories(target);
        else Files.copy(file, target);
      }
    }
    return to;
  }

  private static LabelEvent label(int incident, String operator, long tsMs) {
    return LabelEvent.of("inc-" + incident, CASES.get(incident).split("/")[1], operator, "", tsMs);
  }

  @Test
  void theThresholdOfNewLabelsRunsAStepThatPromotesAnnouncesAndLeavesNoState() throws Exception {
    Path registry = registryCopy("threshold");
    String shipped = Files.readString(registry.resolve("CURRENT")).trim();
    try (var harness = harness(registry, 3)) {
      harness.processElement(label(0, "alice", LABELLED_AT), LABELLED_AT);
      harness.processElement(label(0, "alice", LABELLED_AT), LABELLED_AT); // the same label again: replay
      harness.processElement(label(1, "alice", LABELLED_AT + 1), LABELLED_AT);
      assertTrue(harness.extractOutputValues().isEmpty(), "two distinct labels are below the threshold of 3");
      assertEquals(1, harness.numProcessingTimeTimers(), "the deadline of the first label");

      harness.processElement(label(2, "bob", LABELLED_AT + 2), LABELLED_AT);

      List<ModelAnnouncement> announced = harness.extractOutputValues();
      assertEquals(1, announced.size());
      String promoted = announced.get(0).modelId;
      assertNotEquals(shipped, promoted);
      assertEquals(registry.toString(), announced.get(0).registryDir);
      assertEquals(promoted, Files.readString(registry.resolve("CURRENT")).trim());
      assertEquals(3, store.labelsSince(LABELLED_AT).stream()
          .filter(l -> List.of("alice", "bob").contains(l.label().operator())).count(), "labels are stored once");
      assertEquals(0, harness.numProcessingTimeTimers(), "the step cleared the deadline");
      assertEquals(0, harness.numKeyedStateEntries(), "a promotion clears the pending labels and the count");
    }
  }

  @Test
  void theDeadlineRunsAStepOnFewerLabelsAndALabelOfAnUnknownIncidentIsIgnored() throws Exception {
    Path registry = registryCopy("deadline");
    try (var harness = harness(registry, 100)) {
      harness.setProcessingTime(LABELLED_AT);
      harness.processElement(LabelEvent.of("inc-nowhere", "deadlock", "carol", "", LABELLED_AT + 10), LABELLED_AT);
      assertEquals(0, harness.numProcessingTimeTimers(), "a label of an unknown incident starts nothing");
      harness.processElement(label(1, "carol", LABELLED_AT + 11), LABELLED_AT);
      harness.processElement(label(2, "carol", LABELLED_AT + 12), LABELLED_AT);
      assertTrue(harness.extractOutputValues().isEmpty());

      harness.setProcessingTime(LABELLED_AT + Duration.ofMinutes(10).toMillis());

      assertEquals(1, harness.extractOutputValues().size(), "the deadline ran a step on 2 labels");
      assertEquals(0, harness.numProcessingTimeTimers());
      assertEquals(0, harness.numKeyedStateEntries());
    }
  }
}
