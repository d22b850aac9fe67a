package dev.gorca.model.registry;

import static dev.gorca.model.registry.RegistryFixtures.CALIBRATION;
import static dev.gorca.model.registry.RegistryFixtures.MONDAY_NOON;
import static dev.gorca.model.registry.RegistryFixtures.TUESDAY_NOON;
import static dev.gorca.model.registry.RegistryFixtures.WEDNESDAY_NOON;
import static dev.gorca.model.registry.RegistryFixtures.candidate;
import static dev.gorca.model.registry.RegistryFixtures.labContract;
import static dev.gorca.model.registry.RegistryFixtures.modelText;
import static dev.gorca.model.registry.RegistryFixtures.provenance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorca.model.gbm.GbmModel;
import dev.gorca.model.gbm.LabMatrix;
import dev.gorca.model.registry.ModelRejectedException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading: round trips, the directory layout, and every way a stored model is refused. */
class DirectoryModelRegistryTest {
  @TempDir Path root;
  private DirectoryModelRegistry registry;
  private String id;
  private Path directory;

  @BeforeEach
  void saveOne() {
    registry = new DirectoryModelRegistry(root);
    id = registry.save(candidate(WEDNESDAY_NOON));
    directory = registry.root().resolve(id);
  }

  @Test
  void theIdIsTheTrainingTimeAndTheFirstEightHexOfTheModelTextsSha256() {
    assertEquals("gorca-20261125T124800Z-" + ModelIds.contentHash(modelText()).substring(0, 8), id);
    assertEquals(64, ModelIds.contentHash(modelText()).length());
  }

  @Test
  void aSavedModelLoadsBackWithItsProvenanceAndExtrasAndPredictsLikeTheOriginal() {
    StoredModel stored = registry.load(id, labContract());
    assertEquals(provenance(WEDNESDAY_NOON, null), stored.provenance());
    assertEquals(modelText(), stored.modelText());
    assertEquals(List.of("calibration.json"), List.copyOf(stored.extras().keySet()));
    assertArrayEquals(CALIBRATION, stored.extra("calibration.json").orElseThrow());
    try (GbmModel original = GbmModel.fromString(modelText()); GbmModel loaded = stored.open()) {
      for (int i = 0; i < LabMatrix.all().numRows(); i++) {
        double[] row = LabMatrix.all().row(i);
        assertArrayEquals(original.predictProbabilities(row), loaded.predictProbabilities(row), 0.0, "row " + i);
      }
    }
  }

  @Test
  void eachVersionIsADirectoryOfItsFilesAndAChecksumOfEveryOne() throws Exception {
    assertEquals(List.of("calibration.json", "checksums.json", "model.txt", "provenance.json"), fileNames(directory));
    JsonNode checksums = new ObjectMapper().readTree(directory.resolve("checksums.json").toFile());
    assertEquals("SHA-256", checksums.get("algorithm").asText());
    List<String> listed = new ArrayList<>();
    checksums.get("sha256").fieldNames().forEachRemaining(listed::add);
    assertEquals(List.of("calibration.json", "model.txt", "provenance.json"), listed);
    for (String name : listed) {
      assertEquals(ModelIds.sha256(Files.readAllBytes(directory.resolve(name))), checksums.get("sha256").get(name).asText(), name);
    }
    assertEquals(List.of(id), fileNames(registry.root()).stream().filter(n -> !n.startsWith(".")).toList(),
        "no CURRENT or history before the first promotion");
  }

  @Test
  void provenanceJsonHoldsEveryFieldUnderItsDocumentedName() throws Exception {
    JsonNode json = new ObjectMapper().readTree(directory.resolve("provenance.json").toFile());
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("format", "model_id", "trained_at", "feature_schema_version", "feature_names", "class_names",
        "training_data_sha256", "rows_per_class", "parameters", "seed", "lightgbm_version", "java_version",
        "parent_model_id", "metrics", "notes"), fields);
    assertEquals("2026-11-25T12:48:00Z", json.get("trained_at").asText());
    assertEquals("4.3.0", json.get("lightgbm_version").asText());
    assertEquals(LabMatrix.SCHEMA.version(), json.get("feature_schema_version").asText());
    assertEquals(18, json.get("rows_per_class").get("application_panic").asInt());
    assertEquals("balanced", json.get("parameters").get("class_weights").asText());
    assertEquals(42, json.get("seed").asLong());
    assertEquals(0.875, json.get("metrics").get("valid.macro_f1").asDouble(), 0.0);
    assertEquals(System.getProperty("java.version"), json.get("java_version").asText());
  }

  @Test
  void aFlippedByteInModelTxtIsRefusedWithAMessageNamingTheFileAndBothHashes() throws Exception {
    Path modelFile = directory.resolve("model.txt");
    byte[] bytes = Files.readAllBytes(modelFile);
    String expected = ModelIds.sha256(bytes);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(modelFile, bytes);

    ModelRejectedException e = assertThrows(ModelRejectedException.class, () -> registry.load(id, labContract()));
    assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
    assertEquals(id, e.modelId());
    assertEquals("model " + id + " refused: model.txt has SHA-256 " + ModelIds.sha256(bytes) + ", checksums.json expects "
        + expected + " (" + modelFile + "). The file changed after it was saved (corruption or a hand edit): restore the"
        + " directory from a backup, or save the model again from its training run.", e.getMessage());
  }

  @Test
  void aChangedExtraArtifactIsRefusedLikeTheModel() throws Exception {
    Files.writeString(directory.resolve("calibration.json"), "{\"method\":\"temperature\",\"temperature\":9}\n");
    ModelRejectedException e = assertThrows(ModelRejectedException.class, () -> registry.load(id, labContract()));
    assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
    assertTrue(e.getMessage().startsWith("model " + id + " refused: calibration.json has SHA-256 "), e.getMessage());
  }

  @Test
  void aMissingFileAndAnUnlistedFileAreRefused() throws Exception {
    Files.writeString(directory.resolve("notes.txt"), "added by hand\n");
    ModelRejectedException unexpected = assertThrows(ModelRejectedException.class, () -> registry.load(id, labContract()));
    assertEquals(Reason.UNEXPECTED_FILE, unexpected.reason());
    assertEquals("model " + id + " refused: notes.txt in " + directory + " is not listed in checksums.json. Files are only"
        + " added through save(); remove it, or save the model again with it as an extra artifact.", unexpected.getMessage());

    Files.delete(directory.resolve("notes.txt"));
    Files.delete(directory.resolve("calibration.json"));
    ModelRejectedException missing = assertThrows(ModelRejectedException.class, () -> registry.load(id, labContract()));
    assertEquals(Reason.MISSING_FILE, missing.reason());
    assertEquals("model " + id + " refused: calibration.json is listed in checksums.json but missing from " + directory
        + ". Restore the directory from a backup, or save the model again from its training run.", missing.getMessage());
  }

  @Test
  void aModelOfAnotherFeatureSchemaVersionIsRefusedWithBothVersions() {
    FeatureContract newer = new FeatureContract("gorca.features/4[5m,1m]", LabMatrix.SCHEMA.names());
    ModelRejectedException e = assertThrows(ModelRejectedException.class, () -> registry.load(id, newer));
    assertEquals(Reason.SCHEMA_MISMATCH, e.reason());
    assertEquals("model " + id + " refused: provenance.json field feature_schema_version is \"gorca.features/3[5m,1m]\","
        + " the caller expects \"gorca.features/4[5m,1m]\". The model was trained on other features: promote a model"
        + " trained on gorca.features/4[5m,1m], or compute the features with the model's schema.", e.getMessage());
  }

  @Test
  void aFeatureListThatDiffersUnderTheSameVersionIsRefusedNamingTheColumn() {
    List<String> names = new ArrayList<>(LabMatrix.SCHEMA.names());
    names.set(2, "heap_inuse_bytes_last");
    FeatureContract renamed = new FeatureContract(LabMatrix.SCHEMA.version(), names);
    ModelRejectedException e = assertThrows(ModelRejectedException.class, () -> registry.load(id, renamed));
    assertEquals(Reason.FEATURES_MISMATCH, e.reason());
    assertEquals("model " + id + " refused: provenance.json field feature_names differs from the caller's feature list"
        + " under the same schema version " + LabMatrix.SCHEMA.version() + ": column 2 is \"heap_alloc_bytes_last\" in the"
        + " model, \"heap_inuse_bytes_last\" in the caller (" + names.size() + " vs " + names.size() + " features). The"
        + " schema changed without a version bump: bump FeatureSchema.BASE_VERSION and retrain.", e.getMessage());
  }

  @Test
  void anUnknownIdIsRefusedListingTheStoredOnes() {
    ModelRejectedException e = assertThrows(ModelRejectedException.class,
        () -> registry.load("gorca-20200101T000000Z-00000000", labContract()));
    assertEquals(Reason.NOT_FOUND, e.reason());
    assertEquals("no model gorca-20200101T000000Z-00000000 in " + registry.root() + "; stored models: [" + id + "]", e.getMessage());
  }

  @Test
  void savingTheSameCandidateAgainIsANoOpButOtherContentUnderTheSameIdIsRefused() {
    assertEquals(id, registry.save(candidate(WEDNESDAY_NOON)));
    ModelCandidate changed = new ModelCandidate(modelText(), provenance(WEDNESDAY_NOON, null).toBuilder().notes("other").build());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.save(changed));
    assertEquals("another model with id " + id + " is already stored in " + directory + " with different files; a model"
        + " id names one content: keep the stored one or delete its directory first", e.getMessage());
    assertEquals(provenance(WEDNESDAY_NOON, null), registry.load(id, labContract()).provenance());
  }

  @Test
  void anIdThatDoesNotMatchTheModelTextIsRefusedAtSave() {
    Provenance wrongId = provenance(TUESDAY_NOON, null).toBuilder().modelId("gorca-20261124T120000Z-00000000").build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> registry.save(new ModelCandidate(modelText(), wrongId)));
    assertEquals("model id gorca-20261124T120000Z-00000000 does not end with the model text's hash "
        + ModelIds.contentHash(modelText()).substring(0, 8)
        + "; build the id from this text (Provenance.Builder.modelIdFor or ModelIds.of)", e.getMessage());
  }

  @Test
  void aProvenanceWhoseFeaturesAreNotTheModelTextsIsRefusedAtSave() {
    List<String> names = new ArrayList<>(LabMatrix.SCHEMA.names());
    names.remove(names.size() - 1);
    Provenance fewer = provenance(TUESDAY_NOON, null).toBuilder().featureNames(names).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> registry.save(new ModelCandidate(modelText(), fewer)));
    assertEquals("the model text's feature_names differ from the provenance's feature list: the model text has "
        + (names.size() + 1) + " features, the provenance " + names.size() + "; the first extra is \"has_metrics\"; train"
        + " on the rows of the provenance's feature schema", e.getMessage());
  }

  @Test
  void extraArtifactsCannotTakeTheRegistrysOwnNamesOrLeaveTheDirectory() {
    IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
        () -> new ModelCandidate(modelText(), provenance(TUESDAY_NOON, null), Map.of("checksums.json", new byte[0])));
    assertEquals("checksums.json is written by the registry itself; choose another name for the extra artifact", reserved.getMessage());
    IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
        () -> new ModelCandidate(modelText(), provenance(TUESDAY_NOON, null), Map.of("../CURRENT", new byte[0])));
    assertEquals("extra artifact names are plain lower-case file names like calibration.json, got: \"../CURRENT\"", path.getMessage());
  }

  @Test
  void listGivesEveryStoredModelOldestFirstWithItsParent() {
    String monday = registry.save(candidate(MONDAY_NOON));
    String tuesday = registry.save(new ModelCandidate(modelText(), provenance(TUESDAY_NOON, monday)));
    List<Provenance> listed = registry.list();
    assertEquals(List.of(monday, tuesday, id), listed.stream().map(Provenance::modelId).toList());
    assertEquals(monday, listed.get(1).parentModelId());
    assertEquals(monday, registry.load(tuesday, labContract()).provenance().parent().orElseThrow());
  }

  private static List<String> fileNames(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
