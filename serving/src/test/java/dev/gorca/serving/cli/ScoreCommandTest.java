package dev.gorca.serving.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gorca score} with the model shipped in models/: the JSON contract and the backtest mode. */
class ScoreCommandTest {
  private final CliRun cli = new CliRun();
  private final java.io.StringWriter out = cli.out;
  private final java.io.StringWriter err = cli.err;

  @BeforeAll
  static void useTheRepositoryAsGorcaHome() {
    System.setProperty("gorca.home", LabCaptures.repoRoot().toString());
  }

  private int run(String... args) {
    return cli.run(args);
  }

  @Test
  void theShippedModelMatchesTheCurrentFeatureSchemaAndScoresARealCrash() throws Exception {
    LabCapture c = LabCaptures.named("go1.23/goroutine_leak/request_timeout");

    int exit = run("score", "--json", "--crash", c.crash().toString(), "--dump", c.dump().toString(),
        "--metrics", c.metricsJsonLines().toString());

    assertEquals(0, exit, "the shipped model is refused or broken — retrain it: ./gorca train --out models\n" + err);
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertEquals(3, json.get("top").size());
    assertEquals("goroutine_leak", json.get("top").get(0).get("root_cause").asText());
    assertTrue(json.get("top").get(0).get("probability").asDouble() > 0.5);
    assertEquals(FeatureSchema.current().version(), json.get("model").get("feature_schema").asText());
    assertTrue(json.get("model").get("id").asText().startsWith("gorca-"));
    assertEquals(List.of("crash", "dump", "metrics"), new ObjectMapper().convertValue(json.get("inputs"), List.class));
    assertTrue(json.get("suspect").get("sentence").asText().startsWith("500 goroutines in chan send at main.(*Gateway).fetchQuote.func1"));
    assertTrue(json.get("explanation").size() > 0);
    assertTrue(json.get("remediation").asText().contains("goroutine"));
    assertTrue(json.has("novelty"));
  }

  @Test
  void casesScoresEveryFolderInOneRunWithItsCaseName(@TempDir Path dir) throws Exception {
    for (String name : List.of("go1.19/nil_dereference/nil_method_receiver", "go1.23/stack_overflow/mutual_recursion")) {
      Path target = dir.resolve(name);
      Files.createDirectories(target);
      for (Path file : Files.list(LabCaptures.named(name).directory()).toList()) Files.copy(file, target.resolve(file.getFileName()));
    }

    int exit = run("score", "--json", "--cases", dir.toString());

    assertEquals(0, exit, err.toString());
    List<String> lines = out.toString().lines().toList();
    assertEquals(2, lines.size());
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertEquals("go1.19/nil_dereference/nil_method_receiver", first.get("case").asText());
    assertEquals("nil_dereference", first.get("top").get(0).get("root_cause").asText());
    JsonNode second = new ObjectMapper().readTree(lines.get(1));
    assertEquals("stack_overflow", second.get("top").get(0).get("root_cause").asText());
    assertEquals("recursion", second.get("suspect").get("kind").asText());
  }

  @Test
  void aMissingModelIsRefusedWithExitCodeThreeAndOneLine(@TempDir Path empty) {
    LabCapture c = LabCaptures.named("go1.23/goroutine_leak/request_timeout");
    int exit = run("score", "--model", empty.toString(), "--crash", c.crash().toString());
    assertEquals(3, exit);
    assertTrue(err.toString().startsWith("gorca score: model refused: no model has been promoted yet"), err.toString());
  }
}
