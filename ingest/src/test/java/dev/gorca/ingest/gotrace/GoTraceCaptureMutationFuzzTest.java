package dev.gorca.ingest.gotrace;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gorca.ingest.fuzz.FuzzFindings;
import dev.gorca.ingest.fuzz.CaptureFiles;
import dev.gorca.ingest.fuzz.LineMutator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes {@link GoTraceParser} with real crashes and dumps from lab/captures, damaged the way
 * production damages them ({@link LineMutator}): truncated mid-line, spliced, interleaved with
 * log lines. A finding is also kept as a raw input of {@link GoTraceBytesFuzzTest}, which replays
 * it whatever captures are added later.
 */
class GoTraceCaptureMutationFuzzTest {
  /** Other writers of the same stderr, and runtime lines out of place. */
  static final List<String> FOREIGN_LINES = List.of(
      "2026/11/25 12:31:16 INFO order processed id=40 worker=1 total=126.00",
      "{\"level\":\"error\",\"msg\":\"request failed\",\"err\":\"context deadline exceeded\"}",
      "gc 12 @1.234s 2%: 0.012+1.2+0.003 ms clock, 0.024+0.5/1.1/0+0.006 ms cpu, 4->4->2 MB, 5 MB goal, 2 P",
      "goroutine 7 [running]:",
      "goroutine 1 gp=0xc000002380 m=0 mp=0x5a4c40 [running]:",
      "goroutine 5 [select, 3 minutes, locked to thread] {pattern: \"GET /panic\"}:",
      "panic: boom",
      "\tpanic: second [recovered]",
      "fatal error: all goroutines are asleep - deadlock!",
      "runtime: out of memory: cannot allocate 4194304-byte block (3833856 in use)",
      "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f5d6]",
      "signal arrived during cgo execution",
      "SIGQUIT: quit",
      "PC=0x46e0c1 m=0 sigcode=0 addr=0x0",
      "rip    0x46e0c1",
      "runtime stack:",
      "main.(*Batcher).loop(0xc000010000, {0x4b1234, 0x5})",
      "\t/src/main.go:12 +0x1d",
      "created by main.start in goroutine 1",
      "...additional frames elided...",
      "...12 frames elided...",
      "\tgoroutine running on other thread; stack unavailable",
      "WARNING: DATA RACE",
      "Write at 0x00c000012345 by goroutine 7:",
      "  main.(*Cache).Set()",
      "      /src/main.go:20 +0x64",
      "Goroutine 7 (running) created at:",
      "==================",
      "exit status 2",
      "");

  private static final List<String[]> CAPTURES = CaptureFiles.named(Long.MAX_VALUE, "crash.txt", "dump.txt")
      .stream()
      .map(capture -> LineMutator.lines(capture.text()))
      .toList();
  private static final LineMutator MUTATOR = new LineMutator(FOREIGN_LINES);

  @FuzzTest(maxDuration = "40s")
  void mutatedCapture(FuzzedDataProvider data) {
    if (CAPTURES.isEmpty()) return; // built outside the repository: GoTraceBytesFuzzTest still runs
    // Now and then a small limit, as an API with a lower limit would set: the input is cut there.
    int maxInputChars = data.consumeInt(0, 7) == 0 ? data.consumeInt(1, 4096) : GoTraceParser.MAX_INPUT_CHARS;
    byte[] input = MUTATOR.mutate(CAPTURES, data).getBytes(StandardCharsets.UTF_8);
    try {
      GoTraceInvariants.parseAndCheck(input, maxInputChars);
    } catch (RuntimeException | AssertionError e) {
      FuzzFindings.keepAsRegressionInput(GoTraceBytesFuzzTest.class, "anyBytes", input);
      throw e;
    }
  }
}
