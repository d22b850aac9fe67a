package dev.gorca.serving.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.lab.LabCaptures;
import dev.gorca.model.taxonomy.RootCause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gorca export}: the corpus and the shipped model's raw probabilities as CSV, for the notebooks. */
class ExportCommandTest {
  private final CliRun cli = new CliRun();

  @BeforeAll
  static void useTheRepositoryAsGorcaHome() {
    System.setProperty("gorca.home", LabCaptures.repoRoot().toString());
  }

  @Test
  void writesTheCorpusAndOneRowOfJavaProbabilitiesPerCorpusRowInClassOrder(@TempDir Path dir) throws Exception {
    int exit = cli.run("export", "--out", dir.toString(), "--variants", "1");

    assertEquals(0, exit, cli.err.toString());
    List<String> corpus = Files.readAllLines(dir.resolve("corpus.csv"));
    List<String> predictions = Files.readAllLines(dir.resolve("java_predictions.csv"));
    List<String> expectedCorpusHeader = new ArrayList<>(List.of("case_id", "root_cause", "program", "go_version", "source", "view"));
    expectedCorpusHeader.addAll(FeatureSchema.current().names());
    assertEquals(String.join(",", expectedCorpusHeader), corpus.get(0));
    List<String> expectedPredictionHeader = new ArrayList<>(List.of("case_id", "view", "source"));
    RootCause.ids().forEach(id -> expectedPredictionHeader.add("p_" + id));
    assertEquals(String.join(",", expectedPredictionHeader), predictions.get(0));
    assertEquals(corpus.size(), predictions.size());
    assertTrue(corpus.stream().anyMatch(line -> line.contains(",lab,")), "lab rows are exported");
    assertTrue(corpus.stream().anyMatch(line -> line.contains(",synthetic,")), "generated rows are exported");
    for (int i = 1; i < predictions.size(); i++) {
      String[] cells = predictions.get(i).split(",");
      String[] corpusCells = corpus.get(i).split(",", -1);
      assertEquals(corpusCells[0] + "," + corpusCells[5] + "," + corpusCells[4], String.join(",", Arrays.copyOf(cells, 3)),
          "prediction row " + i + " names the corpus row it scores");
      double sum = Arrays.stream(cells, 3, cells.length).mapToDouble(Double::parseDouble).sum();
      assertEquals(1.0, sum, 1e-9, "probabilities of row " + i + " sum to 1");
    }
    assertEquals(Files.readString(LabCaptures.repoRoot().resolve("models").resolve(currentModelId()).resolve("model.txt")),
        Files.readString(dir.resolve("model.txt")));
    assertTrue(Files.readAllLines(dir.resolve("features.csv")).contains("crash_kind,crash,true,false"),
        "crash_kind is flagged as not a model input");
    assertTrue(cli.out.toString().contains("written to " + dir), cli.out.toString());
  }

  @Test
  void refusesToRunWithoutAnOutputDirectory() {
    int exit = cli.run("export");

    assertEquals(2, exit);
    assertTrue(cli.err.toString().contains("Missing required option: '--out=DIR'"), cli.err.toString());
  }

  private static String currentModelId() throws Exception {
    return Files.readString(LabCaptures.repoRoot().resolve("models").resolve("CURRENT")).strip();
  }
}
