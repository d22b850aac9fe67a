package dev.gorca.ingest.gotrace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Broken input yields what could be read plus warnings with line numbers, never an exception.
 * Every case starts from real Go output and breaks it the way production breaks it.
 */
class GoTraceParserMalformedInputTest {
  private static final String NIL_CRASH = "go1.21/nil_dereference/nil_method_receiver";
  private static final String LEAK = "go1.23/goroutine_leak/request_timeout";

  private final GoTraceParser parser = new GoTraceParser();

  private static String text(String capture, boolean dump) {
    LabCapture c = LabCaptures.named(capture);
    return new String(c.read(dump ? c.dump() : c.crash()), UTF_8);
  }

  @Test
  void emptyInputIsNoCrashAndNoWarning() {
    GoTrace trace = parser.parse("");
    assertEquals(CrashKind.NONE, trace.kind());
    assertEquals(List.of(), trace.goroutines());
    assertEquals(List.of(), trace.warnings());
  }

  @Test
  void aDumpCutInTheMiddleOfAFunctionLineKeepsEveryCompleteGoroutineAndWarnsOfTheCut() {
    String full = text(LEAK, true);
    GoTrace whole = parser.parse(full);
    // Cut inside the function line that follows the 100th goroutine header (the first is at 0).
    assertTrue(full.startsWith("goroutine "));
    int header = nthIndexOf(full, "\ngoroutine ", 99);
    int functionLine = full.indexOf('\n', header + 1) + 1;
    String cut = full.substring(0, functionLine + 10);

    GoTrace trace = parser.parse(cut);

    assertEquals(100, trace.goroutines().size());
    assertEquals(whole.goroutines().subList(0, 99), trace.goroutines().subList(0, 99));
    assertEquals(whole.goroutines().get(99).id(), trace.goroutines().get(99).id());
    assertEquals(1, trace.warnings().size());
    assertTrue(trace.warnings().get(0).message().contains("probably truncated"), trace.warnings().toString());
    assertEquals(lineCount(cut), trace.warnings().get(0).line());
  }

  @Test
  void aLogLineInterleavedIntoAStackIsAWarningAtItsLineAndKeptAsOtherOutput() {
    String full = text(NIL_CRASH, false);
    int header = full.indexOf("\ngoroutine ");
    int functionLine = full.indexOf('\n', header + 1) + 1;
    int fileLine = full.indexOf('\n', functionLine) + 1;
    int insertAt = full.indexOf('\n', fileLine) + 1; // after the first frame's two lines
    String log = "2026/11/25 12:00:00 ERROR upstream timeout service=billing";
    String mixed = full.substring(0, insertAt) + log + "\n" + full.substring(insertAt);
    GoTrace clean = parser.parse(full);

    GoTrace trace = parser.parse(mixed);

    assertEquals(clean.goroutines().size(), trace.goroutines().size());
    assertEquals(clean.goroutines().get(0).frames(), trace.goroutines().get(0).frames());
    assertEquals(1, trace.warnings().size());
    int logLine = lineCount(full.substring(0, insertAt)) + 1;
    assertEquals(logLine, trace.warnings().get(0).line());
    assertTrue(trace.otherOutput().contains(new GoTrace.NumberedLine(logLine, log)));
    assertEquals(clean.kind(), trace.kind());
  }

  @Test
  void windowsLineEndingsParseLikeUnixOnes() {
    String full = text(LEAK, false);
    GoTrace unix = parser.parse(full);
    GoTrace windows = parser.parse(full.replace("\n", "\r\n"));
    assertEquals(unix.goroutines(), windows.goroutines());
    assertEquals(unix.kind(), windows.kind());
    assertEquals(List.of(), windows.warnings());
  }

  @Test
  void aGarbledGoroutineHeaderIsAWarningAndTheOtherGoroutinesStillParse() {
    String full = text(LEAK, true);
    int header = nthIndexOf(full, "\ngoroutine ", 3) + 1;
    int bracket = full.indexOf('[', header);
    String garbled = full.substring(0, bracket) + "{{" + full.substring(bracket + 1);
    GoTrace clean = parser.parse(full);

    GoTrace trace = parser.parse(garbled);

    assertFalse(trace.warnings().isEmpty());
    assertTrue(trace.warnings().get(0).message().startsWith("expected a goroutine header"), trace.warnings().get(0).message());
    assertEquals(clean.goroutines().size() - 1, trace.goroutines().size());
  }

  @Test
  void randomBytesNeverThrowAndWarningsPointInsideTheInput() {
    Random random = new Random(20261125L);
    for (int i = 0; i < 200; i++) {
      byte[] bytes = new byte[random.nextInt(4096)];
      random.nextBytes(bytes);
      GoTrace trace = parser.parse(bytes);
      for (ParseWarning warning : trace.warnings()) {
        assertTrue(warning.line() >= 0 && warning.line() <= trace.lineCount(), warning.toString());
      }
    }
  }

  @Test
  void realOutputSpliceAtRandomPointsNeverThrows() {
    String a = text(NIL_CRASH, false);
    String b = text(LEAK, true);
    Random random = new Random(7L);
    for (int i = 0; i < 300; i++) {
      int cutA = random.nextInt(a.length());
      int cutB = random.nextInt(b.length());
      GoTrace trace = parser.parse(a.substring(0, cutA) + b.substring(cutB));
      int bucketed = trace.buckets().stream().mapToInt(Bucket::count).sum();
      assertEquals(trace.goroutines().size(), bucketed);
    }
  }

  @Test
  void inputBeyondTheLimitIsReadUpToTheLimitWithAWarningThatSaysSo() {
    String full = text(LEAK, true);
    GoTrace trace = new GoTraceParser(full.length() / 2).parse(full);

    assertTrue(trace.goroutines().size() > 0);
    assertTrue(trace.goroutines().size() < parser.parse(full).goroutines().size());
    assertEquals(0, trace.warnings().get(0).line());
    assertTrue(trace.warnings().get(0).message().contains("only the first " + full.length() / 2), trace.warnings().get(0).message());
  }

  private static int nthIndexOf(String text, String needle, int n) {
    int at = -1;
    for (int i = 0; i < n; i++) at = text.indexOf(needle, at + 1);
    return at;
  }

  private static int lineCount(String text) {
    int lines = 0;
    for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') lines++;
    return text.endsWith("\n") ? lines : lines + 1;
  }
}
