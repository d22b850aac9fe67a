package dev.gorca.ingest.gotrace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gorca.ingest.fuzz.CaptureFiles;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fuzz targets' oracle holds on every real capture, whole, whatever its size. */
class GoTraceInvariantsTest {
  static Stream<Arguments> labCaptures() {
    return CaptureFiles.named(Long.MAX_VALUE, "crash.txt", "dump.txt").stream()
        .map(capture -> Arguments.of(Named.of(capture.name(), capture.bytes())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("labCaptures")
  void everyLabCaptureParsesWithTheInvariantsHolding(byte[] capture) {
    GoTraceInvariants.parseAndCheck(capture);
  }

  @Test
  void lineCountCountsALastLineWithoutNewlineButNotAnEmptyTail() {
    assertEquals(0, GoTraceInvariants.expectedLineCount("", GoTraceParser.MAX_INPUT_CHARS));
    assertEquals(1, GoTraceInvariants.expectedLineCount("\n", GoTraceParser.MAX_INPUT_CHARS));
    assertEquals(1, GoTraceInvariants.expectedLineCount("a", GoTraceParser.MAX_INPUT_CHARS));
    assertEquals(1, GoTraceInvariants.expectedLineCount("a\n", GoTraceParser.MAX_INPUT_CHARS));
    assertEquals(2, GoTraceInvariants.expectedLineCount("a\nb", GoTraceParser.MAX_INPUT_CHARS));
    assertEquals(2, GoTraceInvariants.expectedLineCount("a\r\n\r\n", GoTraceParser.MAX_INPUT_CHARS));
    assertEquals(1, GoTraceInvariants.expectedLineCount("a\nb", 2));
  }
}
