package dev.gorca.ingest.gotrace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inputs that once made {@link GoTraceParser} throw, found by the fuzz targets or by reading the
 * code while writing them. Their raw files also sit in {@code GoTraceBytesFuzzTestInputs/anyBytes};
 * these tests pin what the parser makes of them now.
 */
class GoTraceParserRobustnessTest {
  private final GoTraceParser parser = new GoTraceParser();

  @Test
  void aGoroutineHeaderWhoseBracketsHoldOnlyACommaIsAWarningAndOtherOutput() {
    GoTrace trace = parser.parse("goroutine 1 [, ]:\n");

    assertEquals(List.of(), trace.goroutines());
    assertEquals(
        List.of(new ParseWarning(1, "expected a goroutine header like \"goroutine 7 [chan receive]:\", got: \"goroutine 1 [, ]:\"")),
        trace.warnings());
    assertEquals(List.of(new GoTrace.NumberedLine(1, "goroutine 1 [, ]:")), trace.otherOutput());
  }

  @Test
  void aRaceAccessLineWithoutAnAddressKeepsTheAccessWithAnEmptyAddress() {
    GoTrace trace = parser.parse(
        "WARNING: DATA RACE\nWrite at by goroutine 7:\n  main.f()\n      /src/main.go:3 +0x1\n==================\n");

    assertEquals(
        List.of(new RaceReport.Access("Write", "", 7, List.of(new Frame("main.f", "", "/src/main.go", 3, 1)))),
        trace.races().get(0).accesses());
    assertEquals(List.of(), trace.warnings());
  }

  @Test
  void aRaceCreationLineWithoutAGoroutineIdIsAWarning() {
    GoTrace trace = parser.parse(
        "WARNING: DATA RACE\nGoroutine created at:\n  main.main()\n      /src/main.go:30 +0x88\n==================\n");

    assertEquals(1, trace.races().size());
    assertEquals(List.of(), trace.races().get(0).goroutines());
    assertEquals(
        new ParseWarning(2, "expected a race report line (an access, \"Goroutine N (...) created at:\" or a frame), got: \"Goroutine created at:\""),
        trace.warnings().get(0));
  }
}
