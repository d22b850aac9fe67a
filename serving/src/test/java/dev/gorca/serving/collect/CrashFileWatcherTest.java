package dev.gorca.serving.collect;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.ingest.gotrace.CrashKind;
import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash-file watcher on files the test appends real Go crash output to (lab captures, Go 1.23), with the
 * clock passed to every poll: {@code CRASH_AT + n} is n ms after the test began.
 */
class CrashFileWatcherTest {
  private static final Duration QUIET = Duration.ofSeconds(1);
  private static final int MAX_CRASH_BYTES = 4 * 1024 * 1024;
  /** Application log lines, then {@code panic: assignment to entry in nil map} and six goroutines. */
  private static final String NIL_MAP = read("go1.23/nil_dereference/serve");
  /** {@code panic: runtime error: index out of range [10] with length 10}. */
  private static final String INDEX = read("go1.23/index_out_of_range/pagination_index");

  @TempDir Path dir;
  private Path crashFile;
  private Path offsetsFile;

  @BeforeEach
  void emptyCrashFile() throws IOException {
    crashFile = Files.createFile(dir.resolve("checkout.stderr"));
    offsetsFile = dir.resolve("offsets.properties");
  }

  @Test
  void a_crash_is_handed_out_once_the_file_has_not_grown_for_the_quiet_period() throws IOException {
    CrashFileWatcher watcher = watcher();
    append(NIL_MAP);
    assertEquals(Optional.empty(), watcher.poll(CRASH_AT), "growth just seen");
    assertEquals(Optional.empty(), watcher.poll(CRASH_AT + 999), "still inside the quiet period");
    CrashOutput crash = watcher.poll(CRASH_AT + 1000).orElseThrow();
    assertEquals(NIL_MAP, crash.text());
    assertEquals(CrashKind.NIL_DEREFERENCE, crash.kind());
    assertEquals(0, crash.startOffset());
    assertEquals(bytes(NIL_MAP), crash.endOffset());
    assertFalse(crash.truncated());
    assertEquals(Files.getLastModifiedTime(crashFile).toMillis(), crash.writtenAtMs());
  }

  @Test
  void output_still_growing_is_not_handed_out_until_it_stops() throws IOException {
    CrashFileWatcher watcher = watcher();
    int half = NIL_MAP.indexOf("goroutine 20");
    append(NIL_MAP.substring(0, half));
    assertEquals(Optional.empty(), watcher.poll(CRASH_AT));
    append(NIL_MAP.substring(half));
    assertEquals(Optional.empty(), watcher.poll(CRASH_AT + 800), "grew again");
    assertEquals(Optional.empty(), watcher.poll(CRASH_AT + 1700), "quiet for 900 ms only");
    assertEquals(NIL_MAP, watcher.poll(CRASH_AT + 1800).orElseThrow().text());
  }

  @Test
  void a_handled_crash_is_never_handed_out_again_and_the_next_one_comes_alone() throws IOException {
    CrashFileWatcher watcher = watcher();
    handOut(watcher, NIL_MAP, CRASH_AT);
    assertEquals(Optional.empty(), watcher.poll(CRASH_AT + 5000));
    assertEquals(Optional.empty(), watcher.poll(CRASH_AT + 60_000));

    CrashOutput second = handOut(watcher, INDEX, CRASH_AT + 70_000);
    assertEquals(INDEX, second.text());
    assertEquals(CrashKind.INDEX_OUT_OF_RANGE, second.kind());
    assertEquals(bytes(NIL_MAP), second.startOffset());
  }

  @Test
  void a_crash_that_was_not_handled_is_handed_out_again_after_retry_and_only_then() throws IOException {
    CrashFileWatcher watcher = watcher();
    append(NIL_MAP);
    watcher.poll(CRASH_AT);
    CrashOutput first = watcher.poll(CRASH_AT + 1000).orElseThrow();
    assertEquals(Optional.empty(), watcher.poll(CRASH_AT + 1500), "not read twice without a retry");
    watcher.retry();
    assertEquals(first, watcher.poll(CRASH_AT + 2000).orElseThrow());
  }

  @Test
  void a_restarted_watcher_remembers_the_offset_and_does_not_publish_the_crash_again() throws IOException {
    handOut(watcher(), NIL_MAP, CRASH_AT);

    CrashFileWatcher restarted = watcher();
    assertEquals(bytes(NIL_MAP), restarted.offset());
    assertEquals(Optional.empty(), restarted.poll(CRASH_AT + 10_000));
    assertEquals(Optional.empty(), restarted.poll(CRASH_AT + 20_000));
    assertEquals(INDEX, handOut(restarted, INDEX, CRASH_AT + 30_000).text());
  }

  @Test
  void a_crash_written_while_the_collector_was_down_is_handed_out_after_the_restart() throws IOException {
    handOut(watcher(), NIL_MAP, CRASH_AT);
    append(INDEX);

    CrashFileWatcher restarted = watcher();
    restarted.poll(CRASH_AT + 10_000);
    assertEquals(INDEX, restarted.poll(CRASH_AT + 11_000).orElseThrow().text());
  }

  @Test
  void a_crash_handed_out_but_not_acknowledged_before_a_restart_is_handed_out_again() throws IOException {
    CrashFileWatcher watcher = watcher();
    append(NIL_MAP);
    watcher.poll(CRASH_AT);
    watcher.poll(CRASH_AT + 1000).orElseThrow();

    CrashFileWatcher restarted = watcher();
    restarted.poll(CRASH_AT + 5000);
    assertEquals(NIL_MAP, restarted.poll(CRASH_AT + 6000).orElseThrow().text());
  }

  @Test
  void log_lines_alone_are_no_crash_but_come_along_with_the_crash_that_follows() throws IOException {
    CrashFileWatcher watcher = watcher();
    int panic = NIL_MAP.indexOf("panic: ");
    append(NIL_MAP.substring(0, panic));
    watcher.poll(CRASH_AT);
    assertEquals(Optional.empty(), watcher.poll(CRASH_AT + 5000), "only log lines");
    assertEquals(Optional.empty(), watcher.poll(CRASH_AT + 9000));
    append(NIL_MAP.substring(panic));
    watcher.poll(CRASH_AT + 10_000);
    CrashOutput crash = watcher.poll(CRASH_AT + 11_000).orElseThrow();
    assertEquals(NIL_MAP, crash.text());
    assertTrue(crash.text().startsWith("2026/11/25 13:28:40 INFO starting pricing-edge"), crash.text());
  }

  @Test
  void a_long_log_before_the_crash_is_cut_to_the_last_context_bytes() throws IOException {
    CrashFileWatcher watcher = watcher();
    String line = "2026/11/25 13:28:40 INFO GET /v1/price sku=SKU-1 status=200 took=1.2ms\n";
    long at = CRASH_AT;
    // 2 MiB of log written without a quiet second, as a busy service writes it, then the crash.
    for (int chunk = 0; chunk < 32; chunk++) {
      append(line.repeat(65536 / line.length()));
      at += 500;
      assertEquals(Optional.empty(), watcher.poll(at));
    }
    append(INDEX);
    watcher.poll(at + 500);
    CrashOutput crash = watcher.poll(at + 1500).orElseThrow();
    assertEquals(CrashKind.INDEX_OUT_OF_RANGE, crash.kind());
    assertTrue(crash.text().endsWith(INDEX));
    assertTrue(crash.text().startsWith(line), "starts at a line: " + crash.text().substring(0, 80));
    assertTrue(crash.text().length() <= CrashFileWatcher.CONTEXT_BYTES + INDEX.length(),
        "log before the crash kept: " + (crash.text().length() - INDEX.length()) + " bytes");
  }

  @Test
  void a_truncated_file_is_read_from_its_start() throws IOException {
    CrashFileWatcher watcher = watcher();
    handOut(watcher, NIL_MAP, CRASH_AT);
    Files.writeString(crashFile, INDEX, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    watcher.poll(CRASH_AT + 10_000);
    CrashOutput crash = watcher.poll(CRASH_AT + 11_000).orElseThrow();
    assertEquals(INDEX, crash.text());
    assertEquals(0, crash.startOffset());
  }

  @Test
  void a_rotated_file_is_read_from_its_start_even_when_it_is_already_longer_than_the_offset() throws IOException {
    CrashFileWatcher watcher = watcher();
    handOut(watcher, INDEX, CRASH_AT);
    Files.move(crashFile, dir.resolve("checkout.stderr.1"));
    Files.writeString(crashFile, NIL_MAP, StandardCharsets.UTF_8);
    watcher.poll(CRASH_AT + 10_000);
    CrashOutput crash = watcher.poll(CRASH_AT + 11_000).orElseThrow();
    assertEquals(NIL_MAP, crash.text());
    assertEquals(0, crash.startOffset());
  }

  @Test
  void a_file_seen_for_the_first_time_is_read_from_its_end() throws IOException {
    append(NIL_MAP);
    CrashFileWatcher watcher = watcher();
    assertEquals(bytes(NIL_MAP), watcher.offset());
    assertEquals(Optional.empty(), watcher.poll(CRASH_AT + 10_000));
    assertEquals(INDEX, handOut(watcher, INDEX, CRASH_AT + 20_000).text());
  }

  @Test
  void a_file_that_appears_after_the_start_is_read_from_its_start() throws IOException {
    Files.delete(crashFile);
    CrashFileWatcher watcher = watcher();
    assertEquals(Optional.empty(), watcher.poll(CRASH_AT));
    assertEquals(NIL_MAP, handOut(watcher, NIL_MAP, CRASH_AT + 1000).text());
  }

  @Test
  void crash_output_longer_than_an_envelope_carries_is_cut_to_its_head_at_a_line_end() throws IOException {
    String stackOverflow = read("go1.23/stack_overflow/infinite_recursion");
    int maxCrashBytes = 17 * 1024;
    assertTrue(bytes(stackOverflow) > maxCrashBytes, "the capture is longer than the limit of this test");
    CrashFileWatcher watcher = new CrashFileWatcher(crashFile, CrashOffsets.load(offsetsFile), QUIET, maxCrashBytes);
    append(stackOverflow);
    watcher.poll(CRASH_AT);
    CrashOutput crash = watcher.poll(CRASH_AT + 1000).orElseThrow();
    assertTrue(crash.truncated());
    assertEquals(CrashKind.STACK_OVERFLOW, crash.kind());
    assertTrue(crash.text().length() <= maxCrashBytes);
    assertTrue(stackOverflow.startsWith(crash.text()));
    assertTrue(crash.text().endsWith("\n"));
    assertEquals(bytes(stackOverflow), crash.endOffset(), "the whole crash is handled, not only its head");
  }

  private CrashFileWatcher watcher() {
    return new CrashFileWatcher(crashFile, CrashOffsets.load(offsetsFile), QUIET, MAX_CRASH_BYTES);
  }

  /** Appends {@code text}, lets the quiet period pass after {@code at}, and reports the crash handled. */
  private CrashOutput handOut(CrashFileWatcher watcher, String text, long at) throws IOException {
    append(text);
    assertEquals(Optional.empty(), watcher.poll(at));
    CrashOutput crash = watcher.poll(at + QUIET.toMillis()).orElseThrow();
    watcher.handled(crash);
    return crash;
  }

  private void append(String text) throws IOException {
    Files.writeString(crashFile, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String read(String capture) {
    LabCapture lab = LabCaptures.named(capture);
    return new String(lab.read(lab.crash()), StandardCharsets.UTF_8);
  }
}
