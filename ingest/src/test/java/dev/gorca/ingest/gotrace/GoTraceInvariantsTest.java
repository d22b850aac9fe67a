package dev.gorca.ingest.gotrace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gorca.ingest.fuzz.LabCaptures;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fuzz targets' oracle holds on every real capture, whole, whatever its size. */
class GoTraceInvariantsTest {
  static Stream<Arguments> labCaptures() {
    return LabCaptures.named(Long.MAX_VALUE, "crash.txt", "dump.txt").stream()
        .map(capture -> Arguments.of(Named.of(capture.name(), capture.bytes())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("labCaptures")
  void every_lab_capture_parses_with_the_invariants_holding(byte[] capture) {
    GoTraceInvariants.parseAndCheck(capture);
  }

  @Test
  void line_count_counts_a_last_line_without_newline_but_not_an_empty_tail() {
    assertEquals(0, GoTraceInvariants.expectedLineCount(""));
    assertEquals(1, GoTraceInvariants.expectedLineCount("\n"));
    assertEquals(1, GoTraceInvariants.expectedLineCount("a"));
    assertEquals(1, GoTraceInvariants.expectedLineCount("a\n"));
    assertEquals(2, GoTraceInvariants.expectedLineCount("a\nb"));
    assertEquals(2, GoTraceInvariants.expectedLineCount("a\r\n\r\n"));
  }
}
