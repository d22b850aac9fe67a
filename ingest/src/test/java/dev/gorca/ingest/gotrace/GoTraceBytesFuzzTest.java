package dev.gorca.ingest.gotrace;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gorca.ingest.fuzz.CaptureFiles;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link GoTraceParser} with raw bytes: it must never throw and every {@link
 * GoTraceInvariants invariant} must hold. Seeds are the small captures under {@code
 * GoTraceBytesFuzzTestInputs/anyBytes} plus every capture of lab/captures up to {@link
 * #MAX_SEED_BYTES}; findings land in that directory and are replayed by every test run.
 */
class GoTraceBytesFuzzTest {
  /** Larger seeds make slow inputs and long mutations; the structure-aware target covers big dumps. */
  static final int MAX_SEED_BYTES = 16 * 1024;

  static Stream<Arguments> labCaptures() {
    return CaptureFiles.named(MAX_SEED_BYTES, "crash.txt", "dump.txt").stream()
        .map(capture -> Arguments.of(Named.of(capture.name(), capture.bytes())));
  }

  @MethodSource("labCaptures")
  @DictionaryEntries({
    "goroutine ", " [running]:", " [chan receive, 2 minutes]:", ", locked to thread", " minutes",
    "gp=0xc000002380 m=0 mp=0x5a4c40 ", "m=nil", " {pattern: \"GET /x\"}:", "panic: ",
    "\tpanic: ", " [recovered]", "fatal error: ", "runtime: ", "unexpected fault address",
    "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f5d6]",
    "signal arrived during cgo execution", "runtime stack:", "created by ", " in goroutine ",
    "goroutine running on other thread; stack unavailable", "...additional frames elided...",
    "...12 frames elided...", "WARNING: DATA RACE", "==================", "exit status ",
    "SIGQUIT: quit", "PC=0x46e0c1 m=0 sigcode=0 addr=0x0", "rip    0x46e0c1",
    "Write at 0x00c000012345 by goroutine 7:", "Goroutine 7 (running) created at:", " +0x1d",
    " fp=0xc00005a710 sp=0xc00005a6f0 pc=0x43a1b6", "(scan)", "Found 1 data race(s)"
  })
  @FuzzTest(maxDuration = "40s")
  void anyBytes(byte[] input) {
    GoTraceInvariants.parseAndCheck(input);
  }
}
