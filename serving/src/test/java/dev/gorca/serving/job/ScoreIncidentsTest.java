package dev.gorca.serving.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.features.flink.Incident;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.lab.LabCaptures;
import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.model.registry.FeatureContract;
import dev.gorca.model.registry.ModelCandidate;
import dev.gorca.model.registry.Provenance;
import dev.gorca.model.registry.StoredModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreIncidentsTest {
  private static final long FIRST_CRASH = Instant.parse("2026-11-25T14:00:00Z").toEpochMilli();
  private static final long SECOND_CRASH = Instant.parse("2026-11-25T14:05:00Z").toEpochMilli();
  private static final Instant RETRAINED_AT = Instant.parse("2026-12-01T09:00:00Z");
  private static final Path SHIPPED = LabCaptures.repoRoot().resolve("models");

  @TempDir static Path otherRegistry;
  static String shippedId;
  static String retrainedId;

  /** A second registry holding the shipped model under a new id, as a retraining would. */
  @BeforeAll
  static void retrainedRegistry() {
    DirectoryModelRegistry shipped = new DirectoryModelRegistry(SHIPPED);
    shippedId = shipped.current().orElseThrow();
    StoredModel stored = shipped.load(shippedId, FeatureContract.of(FeatureSchema.current()));
    Provenance provenance = stored.provenance().toBuilder().trainedAt(RETRAINED_AT).modelIdFor(stored.modelText()).build();
    DirectoryModelRegistry other = new DirectoryModelRegistry(otherRegistry);
    retrainedId = other.save(new ModelCandidate(stored.modelText(), provenance, stored.extras()));
    other.promote(retrainedId);
  }

  @Test
  void incidentsAreScoredWithTheShippedModelAndItsId() throws Exception {
    try (var harness = harness()) {
      harness.processElement(LabIncidents.crashOnly("concurrent_map_access", "map_writes", "a", FIRST_CRASH), FIRST_CRASH);
      List<ScoredIncident> out = harness.extractOutputValues();
      assertEquals(1, out.size());
      assertEquals(shippedId, out.get(0).modelId);
      assertEquals("concurrent_map_access", out.get(0).topCause);
      assertTrue(out.get(0).scoreJson.contains("\"id\":\"" + shippedId + "\""), out.get(0).scoreJson);
    }
  }

  @Test
  void anAnnouncementSwitchesTheModelOfLaterIncidents() throws Exception {
    try (var harness = harness()) {
      harness.processElement(LabIncidents.crashOnly("nil_dereference", "serve", "a", FIRST_CRASH), FIRST_CRASH);
      harness.processBroadcastElement(ModelAnnouncement.of(otherRegistry.toString(), retrainedId), FIRST_CRASH);
      harness.processElement(LabIncidents.crashOnly("nil_dereference", "serve", "b", SECOND_CRASH), SECOND_CRASH);

      List<ScoredIncident> out = harness.extractOutputValues();
      assertNotEquals(shippedId, retrainedId);
      assertEquals(List.of(shippedId, retrainedId), out.stream().map(s -> s.modelId).toList());
      assertEquals(null, harness.getSideOutput(ScoreIncidents.REFUSALS));
    }
  }

  @Test
  void announcementsOfMissingOrCorruptModelsAreRefusedAndTheOldModelStays(@TempDir Path corrupt) throws Exception {
    Path copy = corrupt.resolve(shippedId);
    Files.createDirectories(copy);
    for (Path file : Files.list(SHIPPED.resolve(shippedId)).toList()) Files.copy(file, copy.resolve(file.getFileName()));
    Files.writeString(copy.resolve("model.txt"), "tree\ngarbage\n");

    try (var harness = harness()) {
      harness.processBroadcastElement(ModelAnnouncement.of(otherRegistry.toString(), "gorca-20990101T000000Z-00000000"), 1);
      harness.processBroadcastElement(ModelAnnouncement.of(corrupt.toString(), shippedId), 2);
      harness.processBroadcastElement(ModelAnnouncement.of("", ""), 3);
      harness.processElement(LabIncidents.crashOnly("stack_overflow", "infinite_recursion", "a", FIRST_CRASH), FIRST_CRASH);

      assertEquals(List.of(shippedId), harness.extractOutputValues().stream().map(s -> s.modelId).toList());
      List<ModelRefusal> refusals = harness.getSideOutput(ScoreIncidents.REFUSALS).stream()
          .map(StreamRecord::getValue).toList();
      assertEquals(3, refusals.size());
      for (ModelRefusal refusal : refusals) assertEquals(shippedId, refusal.keptModelId, refusal.toString());
      assertTrue(refusals.get(1).message.contains("checksum") || refusals.get(1).message.contains("model.txt"),
          refusals.get(1).message);
    }
  }

  private static BroadcastOperatorTestHarness<Incident, ModelAnnouncement, ScoredIncident> harness() throws Exception {
    return ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new ScoreIncidents(SHIPPED.toString()),
        ScoreIncidents.ACCEPTED_MODEL);
  }
}
