package dev.gorca.ingest.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gorca.ingest.gotrace.Frame;
import dev.gorca.ingest.gotrace.GoTrace;
import dev.gorca.ingest.gotrace.GoTraceParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Re-runs a sample of the lab's deterministic cases with the real Go toolchains and checks that
 * today's runtime output parses to the same thing as the committed capture: the captures, and so
 * every test built on them, still describe what Go prints. Needs the toolchains of
 * {@code lab/install-go.sh} (CI installs them); skipped without.
 */
class LabRegenerationITCase {
  private static final Pattern HEX = Pattern.compile("0x[0-9a-f]+");
  private static final int CASES_PER_GO_VERSION = 4;


  /** A spread of deterministic cases: every other root cause, alternating which half per version. */
  static List<LabCapture> sample() {
    List<LabCapture> sample = new ArrayList<>();
    for (String version : List.of("go1.19", "go1.23")) {
      List<String> causesSeen = new ArrayList<>();
      for (LabCapture capture : LabCaptures.all()) {
        if (!capture.goVersion().equals(version) || !capture.deterministic()) continue;
        if (causesSeen.contains(capture.rootCause())) continue;
        causesSeen.add(capture.rootCause());
        boolean pick = (causesSeen.size() % 2 == 0) == version.equals("go1.19");
        if (pick && sample.stream().filter(c -> c.goVersion().equals(version)).count() < CASES_PER_GO_VERSION) {
          sample.add(capture);
        }
      }
    }
    return sample;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sample")
  void regeneratedOutputParsesLikeTheCommittedCapture(LabCapture committed) throws Exception {
    String goShort = committed.goVersion().substring(2);
    assumeTrue(Files.isExecutable(Path.of("/usr/lib/go-" + goShort + "/bin/go")),
        "Go " + goShort + " is not installed; run: bash lab/install-go.sh");

    Path fresh = capture(goShort, committed.rootCause() + "/" + committed.program());

    GoTraceParser parser = new GoTraceParser();
    assertEquals(
        fingerprint(parser.parse(committed.read(committed.crash()))),
        fingerprint(parser.parse(Files.readAllBytes(fresh.resolve("crash.txt")))),
        "crash.txt");
    if (committed.hasDump()) {
      assertEquals(
          parser.parse(committed.read(committed.dump())).goroutines().size(),
          parser.parse(Files.readAllBytes(fresh.resolve("dump.txt"))).goroutines().size(),
          "dump.txt goroutines");
    }
  }

  private Path capture(String goShort, String caseId) throws IOException, InterruptedException {
    Path lab = LabCaptures.repoRoot().resolve("lab");
    // The driver takes --out relative to lab/; lab/.work/ is git-ignored scratch space.
    String relativeOut = ".work/regeneration-" + ProcessHandle.current().pid();
    Path out = lab.resolve(relativeOut);
    Files.createDirectories(out);
    ProcessBuilder builder = new ProcessBuilder(
        "bash", lab.resolve("capture.sh").toString(), "--go", goShort, "--only", caseId, "--out", relativeOut)
        .directory(lab.toFile())
        .redirectErrorStream(true);
    Path log = out.resolve("capture.log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("lab/capture.sh did not finish in 5 minutes for " + caseId);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), "lab/capture.sh failed for " + caseId + ":\n" + output);
    return out.resolve("go" + goShort).resolve(caseId);
  }

  /** What must not change between runs: no addresses, no file paths (the clone's folder differs). */
  private static List<String> fingerprint(GoTrace trace) {
    Frame top = trace.goroutines().isEmpty() ? null : trace.goroutines().get(0).topApplicationFrame();
    return List.of(
        "kind=" + trace.kind().id(),
        "message=" + HEX.matcher(trace.message()).replaceAll("0x?"),
        "goroutines=" + trace.goroutines().size(),
        "first goroutine's top application frame=" + (top == null ? "-" : top.function()),
        "warnings=" + trace.warnings().size());
  }
}
