package dev.gorca.ingest.gotrace;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads one race report after {@code WARNING: DATA RACE}, up to the closing {@code
 * ==================}:
 *
 * <pre>
 * Write at 0x00c000012345 by goroutine 7:
 *   main.(*Cache).Set()
 *       /src/main.go:20 +0x64
 *
 * Previous read at 0x00c000012345 by main goroutine:
 *   ...
 * Goroutine 7 (running) created at:
 *   main.main()
 *       /src/main.go:30 +0x88
 * </pre>
 */
final class RaceReader {
  private static final String DELIMITER = "==================";

  final int startLine;
  private final ParseContext context;
  private final List<RaceReport.Access> accesses = new ArrayList<>();
  private final List<RaceReport.Creation> creations = new ArrayList<>();

  private String operation;
  private String address;
  private long goroutine;
  private String status;
  private boolean readingCreation;
  private List<Frame> frames;
  private String pendingFunction;
  private String pendingArguments;

  RaceReader(ParseContext context, int startLine) {
    this.context = context;
    this.startLine = startLine;
  }

  /** False on the closing delimiter: the report is complete. */
  boolean accept(String line, int lineNumber) {
    if (line.equals(DELIMITER)) {
      closeSection();
      return false;
    }
    if (line.isEmpty()) {
      closeSection();
      return true;
    }
    if (line.startsWith("      ") && pendingFunction != null) {
      frames.add(FileLines.frame(pendingFunction, pendingArguments, line, context));
      pendingFunction = null;
      return true;
    }
    if (line.startsWith("  ") && frames != null) {
      String trimmed = line.substring(2);
      int open = GoTraceParser.functionArgumentsStart(trimmed);
      if (open > 0) {
        flushPending();
        pendingFunction = context.intern(trimmed.substring(0, open));
        pendingArguments = trimmed.substring(open + 1, trimmed.length() - 1);
        return true;
      }
    }
    if (line.endsWith(":") && readAccessHeader(line)) return true;
    if (line.startsWith("Goroutine ") && line.endsWith(" created at:") && readCreationHeader(line)) {
      return true;
    }
    if (line.equals("  [failed to restore the stack]") || line.startsWith("  [original ")) return true;
    context.warn("expected a race report line (an access, \"Goroutine N (...) created at:\" or a frame), got: "
        + GoTraceParser.quote(line));
    return true;
  }

  /** {@code Previous write at 0x00c000012345 by goroutine 6:} or {@code ... by main goroutine:}. */
  private boolean readAccessHeader(String line) {
    int at = line.indexOf(" at ");
    int by = line.lastIndexOf(" by ");
    if (at <= 0 || by < at) return false;
    closeSection();
    operation = line.substring(0, at);
    // " at by " shares its space: the address is missing, not negative in length.
    address = by >= at + 4 ? line.substring(at + 4, by) : "";
    String who = line.substring(by + 4, line.length() - 1);
    if (who.equals("main goroutine")) goroutine = 1;
    else if (who.startsWith("goroutine ")) {
      Long id = GoTraceParser.parseLongOrNull(who.substring("goroutine ".length()));
      goroutine = id == null ? -1 : id;
    } else goroutine = -1;
    readingCreation = false;
    frames = new ArrayList<>();
    return true;
  }

  /** {@code Goroutine 7 (running) created at:}. */
  private boolean readCreationHeader(String line) {
    // "Goroutine created at:" matches both prefix and suffix through their shared space.
    if (line.length() < "Goroutine ".length() + " created at:".length()) return false;
    String middle = line.substring("Goroutine ".length(), line.length() - " created at:".length());
    int space = middle.indexOf(' ');
    if (space <= 0) return false;
    Long id = GoTraceParser.parseLongOrNull(middle.substring(0, space));
    if (id == null) return false;
    closeSection();
    goroutine = id;
    String rest = middle.substring(space + 1);
    status = rest.startsWith("(") && rest.endsWith(")") ? rest.substring(1, rest.length() - 1) : rest;
    readingCreation = true;
    frames = new ArrayList<>();
    return true;
  }

  private void flushPending() {
    if (pendingFunction != null) {
      context.warn("race report frame " + pendingFunction + "() has no file line");
      frames.add(new Frame(pendingFunction, pendingArguments, "", 0, -1));
      pendingFunction = null;
    }
  }

  private void closeSection() {
    if (frames == null) return;
    flushPending();
    if (readingCreation) creations.add(new RaceReport.Creation(goroutine, status, frames));
    else accesses.add(new RaceReport.Access(operation, address, goroutine, frames));
    frames = null;
  }

  RaceReport finish() {
    closeSection();
    return new RaceReport(accesses, creations, startLine);
  }
}
