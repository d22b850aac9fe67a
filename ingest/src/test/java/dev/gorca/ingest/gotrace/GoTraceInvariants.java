package dev.gorca.ingest.gotrace;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What must hold for any {@link GoTrace}, whatever the input: the fuzz targets' oracle. Each
 * failure says which invariant broke and with which values.
 */
final class GoTraceInvariants {
  private GoTraceInvariants() {}

  /** Parses {@code input} as the API does and checks every invariant on the result. */
  static GoTrace parseAndCheck(byte[] input) {
    return parseAndCheck(input, GoTraceParser.MAX_INPUT_CHARS);
  }

  /** The same with a parser that reads at most {@code maxInputChars}. */
  static GoTrace parseAndCheck(byte[] input, int maxInputChars) {
    GoTrace trace = new GoTraceParser(maxInputChars).parse(input);
    check(new String(input, java.nio.charset.StandardCharsets.UTF_8), maxInputChars, trace);
    return trace;
  }

  static void check(String text, int maxInputChars, GoTrace trace) {
    int lines = expectedLineCount(text, maxInputChars);
    expect(trace.lineCount() == lines, "lineCount is " + trace.lineCount() + ", the input has " + lines + " lines");
    checkWarnings(trace.warnings(), lines);
    checkGoroutines(trace.goroutines(), lines);
    checkBuckets(trace);
    checkOtherOutput(trace, lines);
    for (RaceReport race : trace.races()) {
      expect(race.line() >= 1 && race.line() <= lines, "race report on line " + race.line() + " of " + lines);
    }
    if (!trace.panics().isEmpty()) {
      expect(trace.message().equals(trace.panics().get(0).value()), "message is not the first panic value");
    }
    // What `gorca parse --json` and the API print must not fail either.
    GoTraceJson.of(trace).toString();
  }

  /** Lines as the parser counts them: a last line without '\n' counts, an empty tail does not. */
  static int expectedLineCount(String text, int maxInputChars) {
    int end = Math.min(text.length(), maxInputChars);
    int count = 0;
    for (int i = 0; i < end; i++) if (text.charAt(i) == '\n') count++;
    if (end > 0 && text.charAt(end - 1) != '\n') count++;
    return count;
  }

  private static void checkWarnings(List<ParseWarning> warnings, int lines) {
    int previous = 0;
    for (ParseWarning warning : warnings) {
      expect(warning.line() >= 0 && warning.line() <= lines,
          "warning on line " + warning.line() + " of " + lines + ": " + warning.message());
      expect(warning.line() >= previous, "warnings out of order: line " + warning.line() + " after " + previous);
      expect(!warning.message().isEmpty(), "empty warning message on line " + warning.line());
      previous = warning.line();
    }
  }

  private static void checkGoroutines(List<Goroutine> goroutines, int lines) {
    int previousHeader = 0;
    for (Goroutine goroutine : goroutines) {
      expect(goroutine.id() >= 0, "goroutine id " + goroutine.id() + " < 0");
      expect(goroutine.headerLine() > previousHeader && goroutine.headerLine() <= lines,
          "goroutine " + goroutine.id() + " header on line " + goroutine.headerLine()
              + " after line " + previousHeader + " of " + lines);
      expect(!goroutine.state().isEmpty(), "goroutine " + goroutine.id() + " has an empty state");
      expect(goroutine.m() >= -1, "goroutine " + goroutine.id() + " m=" + goroutine.m());
      expect(goroutine.elidedFrames() >= -1, "goroutine " + goroutine.id() + " elided " + goroutine.elidedFrames());
      previousHeader = goroutine.headerLine();
    }
  }

  private static void checkBuckets(GoTrace trace) {
    List<Bucket> buckets = trace.buckets();
    Set<Long> ids = new HashSet<>();
    for (Goroutine goroutine : trace.goroutines()) ids.add(goroutine.id());
    long total = 0;
    int previousCount = Integer.MAX_VALUE;
    for (Bucket bucket : buckets) {
      total += bucket.count();
      expect(bucket.count() <= previousCount, "buckets not largest first: " + bucket.count() + " after " + previousCount);
      expect(bucket.minWaitMinutes() <= bucket.maxWaitMinutes(),
          "bucket wait " + bucket.minWaitMinutes() + " > " + bucket.maxWaitMinutes());
      expect(bucket.lockedToThread() <= bucket.count(), "bucket locked " + bucket.lockedToThread() + " > count");
      expect(bucket.goroutineIds().size() == Math.min(bucket.count(), Bucket.MAX_IDS_KEPT),
          "bucket of " + bucket.count() + " keeps " + bucket.goroutineIds().size() + " ids");
      expect(ids.containsAll(bucket.goroutineIds()), "bucket ids " + bucket.goroutineIds() + " not all parsed");
      previousCount = bucket.count();
    }
    expect(total == trace.goroutines().size(),
        "buckets hold " + total + " goroutines, the trace " + trace.goroutines().size());
  }

  private static void checkOtherOutput(GoTrace trace, int lines) {
    List<GoTrace.NumberedLine> kept = trace.otherOutput();
    expect(kept.size() <= GoTraceParser.MAX_OTHER_LINES_KEPT, "kept " + kept.size() + " other lines");
    expect(kept.size() <= trace.otherOutputLineCount(),
        "kept " + kept.size() + " other lines of " + trace.otherOutputLineCount());
    expect(trace.otherOutputLineCount() <= lines, trace.otherOutputLineCount() + " other lines of " + lines);
    int previous = 0;
    for (GoTrace.NumberedLine line : kept) {
      expect(line.line() > previous && line.line() <= lines,
          "other output on line " + line.line() + " after " + previous + " of " + lines);
      previous = line.line();
    }
  }

  private static void expect(boolean holds, String brokenInvariant) {
    if (!holds) throw new AssertionError(brokenInvariant);
  }
}
