package dev.gorca.ingest.gotrace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything read from one piece of Go runtime output: a crash's stderr, a SIGQUIT dump, a race
 * report, or a {@code debug=2} goroutine dump (which is a trace with no headline).
 *
 * @param kind what killed the process, {@link CrashKind#NONE} for a plain dump
 * @param message the headline an operator reads first: the first panic value, the fatal error, the
 *     signal header or the race warning; "" when there is none
 * @param panics every {@code panic:} line, first first
 * @param fatalError the text after {@code fatal error: }, or null
 * @param runtimeMessages {@code runtime: ...} and {@code unexpected fault address} lines, in order
 * @param signals fatal signals in order (a GOTRACEBACK=crash dump prints one per thread)
 * @param races race-detector reports
 * @param registers register dump of the first signal (GOTRACEBACK=crash), name to value
 * @param runtimeStack frames of the {@code runtime stack:} section (the failing thread's system stack)
 * @param goroutines every goroutine, in printed order
 * @param exitStatus the {@code exit status N} line of {@code go run}, or null
 * @param otherOutput lines that are not runtime output (application logs, gctrace), kept in order;
 *     at most {@link GoTraceParser#MAX_OTHER_LINES_KEPT}, the rest counted in {@code otherOutputLineCount}
 * @param otherOutputLineCount how many such lines there were
 * @param warnings what could not be read where runtime output was expected
 * @param lineCount lines read
 */
public record GoTrace(
    CrashKind kind,
    String message,
    List<PanicValue> panics,
    String fatalError,
    List<String> runtimeMessages,
    List<SignalInfo> signals,
    List<RaceReport> races,
    Map<String, String> registers,
    List<Frame> runtimeStack,
    List<Goroutine> goroutines,
    Integer exitStatus,
    List<NumberedLine> otherOutput,
    int otherOutputLineCount,
    List<ParseWarning> warnings,
    int lineCount) {

  public GoTrace {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(message, "message == null");
    panics = List.copyOf(panics);
    runtimeMessages = List.copyOf(runtimeMessages);
    signals = List.copyOf(signals);
    races = List.copyOf(races);
    registers = Collections.unmodifiableMap(new LinkedHashMap<>(registers));
    runtimeStack = List.copyOf(runtimeStack);
    goroutines = List.copyOf(goroutines);
    otherOutput = List.copyOf(otherOutput);
    warnings = List.copyOf(warnings);
  }

  /** The first fatal signal, or null. */
  public SignalInfo signal() {
    return signals.isEmpty() ? null : signals.get(0);
  }

  /** Goroutines grouped by state and stack, largest first. */
  public List<Bucket> buckets() {
    return Buckets.of(goroutines);
  }

  /** A line of non-runtime output with its 1-based line number. */
  public record NumberedLine(int line, String text) {}
}
