package dev.gorca.serving.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code gorca parse} on real lab captures, as a user runs it. */
class ParseCommandTest {
  private final CliRun cli = new CliRun();
  private final java.io.StringWriter out = cli.out;
  private final java.io.StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  @Test
  void jsonPrintsOneObjectPerFileWithTheContractFields() throws Exception {
    LabCapture capture = LabCaptures.named("go1.23/concurrent_map_access/map_writes");

    int exit = run("parse", "--json", capture.crash().toString());

    assertEquals(0, exit, err.toString());
    List<String> lines = out.toString().lines().toList();
    assertEquals(1, lines.size());
    JsonNode json = new ObjectMapper().readTree(lines.get(0));
    assertEquals(capture.crash().toString(), json.get("file").asText());
    assertEquals("concurrent_map_writes", json.get("kind").asText());
    assertEquals("concurrent map writes", json.get("message").asText());
    assertTrue(json.get("signal").isNull());
    assertEquals(capture.crashGoroutines(), json.get("goroutines").size());
    JsonNode first = json.get("goroutines").get(0);
    for (String field : List.of("id", "state", "wait_minutes", "locked_to_thread", "frames", "created_by")) {
      assertTrue(first.has(field), "goroutine field " + field);
    }
    assertEquals("running", first.get("state").asText());
    assertEquals("main.main", first.get("created_by").get("function").asText());
    assertEquals(1, first.get("created_by").get("goroutine").asInt());
    assertTrue(json.get("buckets").size() > 0);
    assertEquals(0, json.get("warnings").size());
  }

  @Test
  void aDirectoryParsesEveryTraceFileInOneRunInPathOrder() {
    Path root = LabCaptures.capturesRoot().resolve("go1.19");
    long expected = LabCaptures.all().stream()
        .filter(c -> c.goVersion().equals("go1.19"))
        .mapToLong(c -> c.hasDump() ? 2 : 1)
        .sum();

    int exit = run("parse", "--json", "--no-goroutines", root.toString());

    assertEquals(0, exit, err.toString());
    List<String> lines = out.toString().lines().toList();
    assertEquals(expected, lines.size());
  }

  @Test
  void theHumanFormLeadsWithKindAndLargestBucket() {
    LabCapture capture = LabCaptures.named("go1.23/goroutine_leak/request_timeout");

    run("parse", capture.crash().toString());

    List<String> lines = out.toString().lines().toList();
    assertEquals("== " + capture.crash(), lines.get(0));
    assertEquals("kind: sigquit_dump  message: SIGQUIT: quit", lines.get(1));
    assertTrue(lines.get(4).startsWith("  500 x [chan send"), lines.get(4));
  }

  @Test
  void aMissingFileIsOneLineOnStderrAndExitCodeOne() {
    int exit = run("parse", "/nonexistent/crash.txt");

    assertEquals(1, exit);
    assertEquals("gorca parse: /nonexistent/crash.txt: no such file or directory", err.toString().strip());
  }

  @Test
  void badUsageIsOneLineNamingTheProblemAndExitCodeTwo() {
    int exit = run("parse", "--jsn", "x");

    assertEquals(2, exit);
    List<String> lines = err.toString().lines().toList();
    assertEquals(1, lines.size(), err.toString());
    assertTrue(lines.get(0).startsWith("gorca: Unknown option: '--jsn'"), lines.get(0));
    assertTrue(lines.get(0).endsWith("(see 'gorca parse --help')"), lines.get(0));
  }

  @Test
  void helpIsOfferedOnEveryCommand() {
    assertEquals(0, run("--help"));
    assertEquals(0, run("parse", "--help"));
    assertTrue(out.toString().contains("Usage: gorca parse"));
  }
}
