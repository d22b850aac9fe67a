package dev.gorca.ingest.gotrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every committed lab capture of every Go version parses with zero warnings, the goroutine count
 * the driver counted independently (grep), and the crash kind the program was written to produce.
 */
class GoTraceParserCapturesTest {
  private final GoTraceParser parser = new GoTraceParser();

  static List<LabCapture> captures() {
    return LabCaptures.all();
  }

  static List<LabCapture> capturesWithDumps() {
    return LabCaptures.all().stream().filter(LabCapture::hasDump).toList();
  }

  @Test
  void theLabHasCapturesOfEveryGoVersion() {
    List<String> versions = captures().stream().map(LabCapture::goVersion).distinct().sorted().toList();
    assertEquals(List.of("go1.19", "go1.21", "go1.23"), versions);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void crashOutputParsesWithoutWarningsToTheCountedGoroutinesAndExpectedKind(LabCapture capture) {
    GoTrace trace = parser.parse(capture.read(capture.crash()));

    assertEquals(List.of(), trace.warnings(), "warnings");
    assertEquals(capture.crashGoroutines(), trace.goroutines().size(), "goroutines");
    assertEquals(capture.expectedKind(), trace.kind().id(), "kind; message was: " + trace.message());
    int bucketed = trace.buckets().stream().mapToInt(Bucket::count).sum();
    assertEquals(trace.goroutines().size(), bucketed, "every goroutine is in exactly one bucket");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("capturesWithDumps")
  void goroutineDumpParsesWithoutWarningsToTheCountedGoroutines(LabCapture capture) {
    GoTrace trace = parser.parse(capture.read(capture.dump()));

    assertEquals(List.of(), trace.warnings(), "warnings");
    assertEquals(capture.dumpGoroutines(), trace.goroutines().size(), "goroutines");
    assertEquals(CrashKind.NONE, trace.kind(), "a dump is not a crash");
    assertEquals(0, trace.otherOutputLineCount(), "a debug=2 dump holds nothing but goroutines");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void everyFrameHasAFileAndLineExceptCFrames(LabCapture capture) {
    GoTrace trace = parser.parse(capture.read(capture.crash()));
    List<String> missing = trace.goroutines().stream()
        .flatMap(g -> g.frames().stream())
        .filter(f -> f.file().isEmpty() || f.line() == 0)
        .filter(f -> !f.isCgo())
        .map(Frame::function)
        .distinct()
        .collect(Collectors.toList());
    assertEquals(List.of(), missing);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void goroutinesFromGo121OnNameTheirParent(LabCapture capture) {
    assumeTrue(!capture.goVersion().equals("go1.19"), "Go 1.19 does not print 'in goroutine N'");
    GoTrace trace = parser.parse(capture.read(capture.crash()));
    for (Goroutine goroutine : trace.goroutines()) {
      CreatedBy createdBy = goroutine.createdBy();
      if (createdBy == null) continue;
      assertFalse(createdBy.file().isEmpty(), "creator file of goroutine " + goroutine.id());
      // runtime-internal goroutines are created by goroutine 0 or 1 too; never unknown from 1.21 on
      assertFalse(createdBy.goroutine() < 0, "parent of goroutine " + goroutine.id() + " created by " + createdBy.function());
    }
  }
}
