package dev.gorca.serving.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorca.ingest.lab.LabCaptures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gorca models list|promote|rollback} on a copy of the shipped registry, as an operator uses them. */
class ModelsCommandTest {
  @BeforeAll
  static void useTheRepositoryAsGorcaHome() {
    System.setProperty("gorca.home", LabCaptures.repoRoot().toString());
  }

  private static CliRun run(String... args) {
    CliRun cli = new CliRun();
    cli.exit = cli.run(args);
    return cli;
  }

  /** The shipped model plus a candidate continued from it on six agreeing labels, promoted: [shipped, candidate]. */
  private static String[] twoPromotedModels(Path registry) throws Exception {
    String shipped = RegistryCopies.copyShippedModel(registry);
    Path labels = RegistryCopies.agreeingLabels(registry.resolve("labels.jsonl"));
    CliRun train = run("train", "--init-model", registry.toString(), "--labels", labels.toString());
    assertEquals(0, train.exit, train.err.toString());
    String candidate = Files.readString(registry.resolve("CURRENT")).trim();
    assertNotEquals(shipped, candidate, train.out.toString());
    return new String[] {shipped, candidate};
  }

  @Test
  void listShowsEveryModelOldestFirstWithTheCurrentOneMarked(@TempDir Path registry) throws Exception {
    String[] ids = twoPromotedModels(registry);

    CliRun list = run("models", "list", "--models", registry.toString());

    assertEquals(0, list.exit, list.err.toString());
    List<String> lines = list.out.toString().lines().toList();
    assertEquals(3, lines.size(), list.out.toString());
    assertTrue(lines.get(0).contains("MODEL") && lines.get(0).contains("TOP-1"), lines.get(0));
    assertTrue(lines.get(1).startsWith("  " + ids[0] + " "), lines.get(1));
    assertTrue(lines.get(1).contains("gorca.features/"), lines.get(1));
    assertTrue(lines.get(2).startsWith("* " + ids[1] + " "), lines.get(2));
    assertTrue(lines.get(2).endsWith(" " + ids[0]), "the candidate names its parent: " + lines.get(2));
  }

  @Test
  void listJsonIsOneObjectPerModel(@TempDir Path registry) throws Exception {
    String shipped = RegistryCopies.copyShippedModel(registry);

    CliRun list = run("models", "list", "--json", "--models", registry.toString());

    assertEquals(0, list.exit, list.err.toString());
    JsonNode model = new ObjectMapper().readTree(list.out.toString().strip());
    assertEquals(shipped, model.get("model_id").asText());
    assertTrue(model.get("current").asBoolean());
    assertTrue(model.get("metrics").get("top1_accuracy").asDouble() >= 0.95, model.toString());
    assertTrue(model.get("parent_model_id").isNull());
  }

  @Test
  void rollbackMakesThePreviousModelCurrentAndPromoteTakesItForwardAgain(@TempDir Path registry) throws Exception {
    String[] ids = twoPromotedModels(registry);

    CliRun rollback = run("models", "rollback", "--models", registry.toString());

    assertEquals(0, rollback.exit, rollback.err.toString());
    assertEquals("rolled back " + registry + " from " + ids[1] + " to " + ids[0], rollback.out.toString().strip());
    assertEquals(ids[0], Files.readString(registry.resolve("CURRENT")).trim());

    CliRun promote = run("models", "promote", ids[1], "--models", registry.toString());

    assertEquals(0, promote.exit, promote.err.toString());
    assertEquals("promoted " + ids[1] + " in " + registry + " (was " + ids[0] + ")", promote.out.toString().strip());
    assertEquals(ids[1], Files.readString(registry.resolve("CURRENT")).trim());
  }

  @Test
  void rollbackWithNothingBeforeTheCurrentModelSaysSoAndChangesNothing(@TempDir Path registry) throws Exception {
    RegistryCopies.copyShippedModel(registry);
    String before = Files.readString(registry.resolve("CURRENT"));

    CliRun rollback = run("models", "rollback", "--models", registry.toString());

    assertEquals(1, rollback.exit);
    assertTrue(rollback.err.toString().startsWith("gorca models rollback: nothing to roll back"), rollback.err.toString());
    assertEquals(before, Files.readString(registry.resolve("CURRENT")));
  }

  @Test
  void promotingACorruptedModelIsRefusedWithExitCodeThree(@TempDir Path registry) throws Exception {
    String[] ids = twoPromotedModels(registry);
    Path modelFile = registry.resolve(ids[0]).resolve("model.txt");
    byte[] bytes = Files.readAllBytes(modelFile);
    bytes[bytes.length / 3] ^= 0x20;
    Files.write(modelFile, bytes);

    CliRun promote = run("models", "promote", ids[0], "--models", registry.toString());

    assertEquals(3, promote.exit);
    assertTrue(promote.err.toString().startsWith("gorca models promote: model refused: model " + ids[0] + " refused: model.txt has SHA-256 "),
        promote.err.toString());
    assertEquals(ids[1], Files.readString(registry.resolve("CURRENT")).trim(), "the current model stays");
  }

  @Test
  void promotingAnIdThatIsNotStoredNamesTheStoredOnes(@TempDir Path registry) throws Exception {
    String shipped = RegistryCopies.copyShippedModel(registry);

    CliRun promote = run("models", "promote", "gorca-20260101T000000Z-00000000", "--models", registry.toString());

    assertEquals(3, promote.exit);
    assertTrue(promote.err.toString().contains("no model gorca-20260101T000000Z-00000000 in " + registry), promote.err.toString());
    assertTrue(promote.err.toString().contains(shipped), promote.err.toString());
  }
}
