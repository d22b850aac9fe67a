package dev.gorca.serving.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gorca train --init-model DIR --labels FILE}: an incremental step on a copy of the shipped
 * model, judged by the gate, as an operator runs it; and {@code gorca score} refusing a corrupt model.
 */
class TrainCommandTest {
  private final CliRun cli = new CliRun();

  @BeforeAll
  static void useTheRepositoryAsGorcaHome() {
    System.setProperty("gorca.home", LabCaptures.repoRoot().toString());
  }

  @Test
  void labelsThatAgreeWithTheLabArePromotedAndBecomeCurrent(@TempDir Path registry) throws Exception {
    String shipped = RegistryCopies.copyShippedModel(registry);
    Path labels = RegistryCopies.agreeingLabels(registry.resolve("labels.jsonl"));

    int exit = cli.run("train", "--init-model", registry.toString(), "--labels", labels.toString());

    assertEquals(0, exit, cli.err.toString());
    String out = cli.out.toString();
    assertTrue(out.startsWith("continuing " + shipped + " with 6 labels (+ "), out);
    assertTrue(out.contains(": promoted: not worse"), out);
    String current = Files.readString(registry.resolve("CURRENT")).trim();
    assertNotEquals(shipped, current);
    assertTrue(out.contains("candidate " + current + " (parent " + shipped + ")"), out);
  }

  /**
   * An operator bulk-labels every concurrent-map-write crash as a deadlock, four times over: the
   * continued model learns it, gets the real captures wrong, and the gate keeps the shipped model.
   */
  @Test
  void aBulkOfWrongLabelsMakesAWorseCandidateThatIsSavedButNotPromoted(@TempDir Path registry) throws Exception {
    String shipped = RegistryCopies.copyShippedModel(registry);
    List<String> lines = new ArrayList<>();
    for (int copy = 0; copy < 4; copy++) {
      for (LabCapture capture : LabCaptures.all()) {
        if (capture.rootCause().equals("concurrent_map_access")) lines.add(RegistryCopies.caseLabel("incident-" + lines.size(), "deadlock", capture));
      }
    }
    Path labels = Files.write(registry.resolve("labels.jsonl"), lines);

    int exit = cli.run("train", "--init-model", registry.toString(), "--labels", labels.toString());

    assertEquals(0, exit, cli.err.toString());
    String out = cli.out.toString();
    assertTrue(out.contains(": not promoted: worse on the real lab captures by more than 0.01"), out);
    assertEquals(shipped, Files.readString(registry.resolve("CURRENT")).trim(), "the shipped model stays current");
    try (Stream<Path> dirs = Files.list(registry)) {
      assertEquals(2, dirs.filter(Files::isDirectory).count(), "the refused candidate is kept beside the current model");
    }
  }

  @Test
  void aLabelOfAnUnknownRootCauseStopsTheStepWithTheLineThatHasIt(@TempDir Path registry) throws Exception {
    RegistryCopies.copyShippedModel(registry);
    Path labels = Files.write(registry.resolve("labels.jsonl"),
        List.of(RegistryCopies.caseLabel("a", "deadlock", LabCaptures.named("go1.23/deadlock/mutex_relock")), "{\"root_cause\": \"cosmic_rays\", \"features\": {}}"));

    int exit = cli.run("train", "--init-model", registry.toString(), "--labels", labels.toString());

    assertEquals(1, exit);
    String err = cli.err.toString();
    assertTrue(err.startsWith("gorca train: " + labels + ":2: "), err);
    assertTrue(err.contains("cosmic_rays"), err);
    assertEquals(1, err.lines().count(), "one line, no stack trace: " + err);
  }

  @Test
  void aMissingLabelsFileIsOneLineNamingIt(@TempDir Path registry) throws Exception {
    RegistryCopies.copyShippedModel(registry);
    Path labels = registry.resolve("no-such-labels.jsonl");

    int exit = cli.run("train", "--init-model", registry.toString(), "--labels", labels.toString());

    assertEquals(1, exit);
    assertEquals("gorca train: no such file: " + labels, cli.err.toString().strip());
  }

  @Test
  void labelsWithoutAModelToContinueIsAUsageError() {
    int exit = cli.run("train", "--labels", "labels.jsonl");

    assertEquals(2, exit);
    assertTrue(cli.err.toString().contains("--init-model and --labels go together"), cli.err.toString());
  }

  @Test
  void scoreRefusesAModelWhoseFileChangedAfterItWasSaved(@TempDir Path registry) throws Exception {
    String id = RegistryCopies.copyShippedModel(registry);
    Path modelFile = registry.resolve(id).resolve("model.txt");
    byte[] bytes = Files.readAllBytes(modelFile);
    bytes[bytes.length / 2] ^= 0x20;
    Files.write(modelFile, bytes);
    LabCapture c = LabCaptures.named("go1.23/concurrent_map_access/map_writes");

    int exit = cli.run("score", "--model", registry.toString(), "--crash", c.crash().toString());

    assertEquals(3, exit);
    String err = cli.err.toString();
    assertTrue(err.startsWith("gorca score: model refused: model " + id + " refused: model.txt has SHA-256 "), err);
    assertTrue(err.contains("restore the directory from a backup"), err);
    assertEquals("", cli.out.toString(), "nothing is scored with a refused model");
  }
}
