package dev.gorca.ingest.gotrace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Go runtime output — panics, fatal errors, signal and SIGQUIT dumps, race reports and
 * {@code debug=2} goroutine dumps of Go 1.19 and later — into a {@link GoTrace}.
 *
 * <p>A line state machine. Each state, an example line, and where it goes:
 *
 * <ul>
 *   <li><b>OUTSIDE</b> — between blocks. {@code panic: boom} → PANIC; {@code goroutine 7 [chan
 *       receive, 3 minutes]:} → GOROUTINE; {@code runtime stack:} → GOROUTINE (the thread's system
 *       stack); {@code WARNING: DATA RACE} → RACE; {@code fatal error: ...}, {@code runtime: ...},
 *       {@code [signal SIGSEGV: ...]}, {@code SIGQUIT: quit}, {@code PC=0x... m=0 sigcode=0},
 *       {@code signal arrived during cgo execution}, register lines ({@code rip 0x46e0c1}),
 *       {@code exit status 2} stay here. Anything else is other output (application logs,
 *       gctrace), kept in order.
 *   <li><b>PANIC</b> — after {@code panic: ...}. {@code \tpanic: second [recovered]} adds a nested
 *       panic; other tab-indented or plain lines continue a multi-line panic value; a blank line
 *       → OUTSIDE; a line OUTSIDE knows (e.g. {@code [signal ...}) is handled there.
 *   <li><b>GOROUTINE</b> — a stack. {@code main.(*T).run(0xc000010000, {0x4b1234, 0x5})} is a
 *       function line that must be followed by its file line {@code \t/src/main.go:12 +0x1d};
 *       {@code created by main.start in goroutine 1} plus its file line; {@code
 *       ...additional frames elided...} or {@code ...12 frames elided...}; {@code \tgoroutine
 *       running on other thread; stack unavailable}. A blank line → OUTSIDE; a new header starts
 *       the next goroutine; a line OUTSIDE knows ends the stack and is handled there; any other
 *       line is a warning (a log line interleaved into the dump).
 *   <li><b>RACE</b> — a race report, {@code Write at 0x00c000012345 by goroutine 7:} and {@code
 *       Goroutine 7 (running) created at:} each followed by two-space-indented function lines and
 *       six-space-indented file lines, until {@code ==================} → OUTSIDE.
 * </ul>
 *
 * <p>Never throws on content and never drops input: what is not runtime output is kept as other
 * output, what breaks the format is a warning with its line number. Thread-safe: each call keeps
 * its state in a fresh {@link Run}.
 */
public final class GoTraceParser {
  /**
   * Input beyond this many characters is not read (a warning says so). 128 Mi characters covers a
   * dump of about 300,000 goroutines; the operator's 64 MB dump parses whole.
   */
  public static final int MAX_INPUT_CHARS = 128 * 1024 * 1024;

  /** Other output (logs, gctrace) kept verbatim; beyond this it is only counted. */
  public static final int MAX_OTHER_LINES_KEPT = 1000;

  private static final String GOROUTINE_PREFIX = "goroutine ";
  private static final String PANIC_PREFIX = "panic: ";
  private static final String NESTED_PANIC_PREFIX = "\tpanic: ";
  private static final String FATAL_PREFIX = "fatal error: ";
  private static final String RUNTIME_PREFIX = "runtime: ";
  private static final String FAULT_PREFIX = "unexpected fault address";
  private static final String SIGNAL_BRACKET_PREFIX = "[signal ";
  private static final String CGO_SIGNAL_LINE = "signal arrived during cgo execution";
  private static final String RUNTIME_STACK_LINE = "runtime stack:";
  private static final String CREATED_BY_PREFIX = "created by ";
  private static final String IN_GOROUTINE = " in goroutine ";
  private static final String STACK_UNAVAILABLE = "goroutine running on other thread; stack unavailable";
  private static final String ADDITIONAL_ELIDED = "...additional frames elided...";
  private static final String RACE_WARNING = "WARNING: DATA RACE";
  private static final String RACE_DELIMITER = "==================";
  private static final String EXIT_STATUS_PREFIX = "exit status ";

  private final int maxInputChars;

  /** A parser that reads up to {@link #MAX_INPUT_CHARS} characters of each input. */
  public GoTraceParser() {
    this(MAX_INPUT_CHARS);
  }

  /** A parser that reads up to {@code maxInputChars} of each input, e.g. an API's smaller limit. */
  public GoTraceParser(int maxInputChars) {
    if (maxInputChars < 1) throw new IllegalArgumentException("maxInputChars < 1: " + maxInputChars);
    this.maxInputChars = maxInputChars;
  }

  /** Parses UTF-8 bytes; malformed sequences become U+FFFD rather than failing the parse. */
  public GoTrace parse(byte[] utf8) {
    return parse(new String(utf8, StandardCharsets.UTF_8));
  }

  public GoTrace parse(String text) {
    return new Run(text, maxInputChars).run();
  }

  private enum State {
    OUTSIDE,
    PANIC,
    GOROUTINE,
    RACE
  }

  /** One parse: the input, the cursor, and what has been read so far. */
  private static final class Run implements ParseContext {
    private final String text;
    private final int end;
    private final Map<String, String> interned = new HashMap<>();

    private final List<PanicValue> panics = new ArrayList<>();
    private String fatalError;
    private final List<String> runtimeMessages = new ArrayList<>();
    private final List<SignalInfo> signals = new ArrayList<>();
    private final List<RaceReport> races = new ArrayList<>();
    private final Map<String, String> registers = new LinkedHashMap<>();
    private final List<Frame> runtimeStack = new ArrayList<>();
    private final List<Goroutine> goroutines = new ArrayList<>();
    private Integer exitStatus;
    private final List<GoTrace.NumberedLine> otherOutput = new ArrayList<>();
    private int otherOutputLineCount;
    private final List<ParseWarning> warnings = new ArrayList<>();

    private State state = State.OUTSIDE;
    private int lineNumber;
    /** The current line is the last and has no newline: the input was probably cut. */
    private boolean truncatedLine;

    // PANIC state: the panic being read; its value may span lines.
    private StringBuilder panicValue;
    private String panicAnnotation;

    // GOROUTINE state. header == null while reading "runtime stack:".
    private GoroutineHeader header;
    private List<Frame> frames;
    private String pendingFunction;
    private String pendingArguments;
    private int pendingFunctionLine;
    private String creatorFunction;
    private long creatorGoroutine;
    private boolean awaitingCreatorFile;
    private CreatedBy createdBy;
    private int elidedFrames;
    private boolean stackUnavailable;

    private RaceReader race;

    Run(String text, int maxInputChars) {
      if (text.length() > maxInputChars) {
        warnings.add(
            new ParseWarning(
                0,
                "input has "
                    + text.length()
                    + " characters; only the first "
                    + maxInputChars
                    + " were read; split the input or raise the parser's limit"));
      }
      this.text = text;
      this.end = Math.min(text.length(), maxInputChars);
    }

    GoTrace run() {
      int pos = 0;
      while (pos < end) {
        int newline = text.indexOf('\n', pos);
        if (newline < 0 || newline > end) newline = end;
        int lineEnd = newline;
        if (lineEnd > pos && text.charAt(lineEnd - 1) == '\r') lineEnd--;
        lineNumber++;
        truncatedLine = newline == end && (end < text.length() ? text.charAt(end) != '\n' : true);
        handle(text.substring(pos, lineEnd));
        pos = newline + 1;
      }
      finishAll();
      CrashKind kind = CrashClassifier.classify(panics, fatalError, signals, !races.isEmpty());
      return new GoTrace(
          kind,
          headline(),
          panics,
          fatalError,
          runtimeMessages,
          signals,
          races,
          registers,
          runtimeStack,
          goroutines,
          exitStatus,
          otherOutput,
          otherOutputLineCount,
          warnings,
          lineNumber);
    }

    private String headline() {
      if (!panics.isEmpty()) return panics.get(0).value();
      if (fatalError != null) return fatalError;
      if (!signals.isEmpty()) {
        SignalInfo signal = signals.get(0);
        return signal.description().isEmpty()
            ? signal.name()
            : signal.name() + ": " + signal.description();
      }
      if (!races.isEmpty()) return RACE_WARNING;
      return "";
    }

    private void handle(String line) {
      switch (state) {
        case GOROUTINE -> {
          if (inGoroutine(line)) return;
        }
        case PANIC -> {
          if (inPanic(line)) return;
        }
        case RACE -> {
          if (race.accept(line, lineNumber)) return;
          races.add(race.finish());
          race = null;
          state = State.OUTSIDE;
          return; // the delimiter line
        }
        case OUTSIDE -> {}
      }
      outside(line);
    }

    // ---- OUTSIDE

    private void outside(String line) {
      if (line.isEmpty()) return;
      char first = line.charAt(0);
      if (first == 'g' && line.startsWith(GOROUTINE_PREFIX)) {
        GoroutineHeader parsed = GoroutineHeader.parse(line);
        if (parsed != null) {
          startGoroutine(parsed);
          return;
        }
        if (line.length() > GOROUTINE_PREFIX.length()
            && Character.isDigit(line.charAt(GOROUTINE_PREFIX.length()))) {
          warn("expected a goroutine header like \"goroutine 7 [chan receive]:\", got: " + quote(line));
          keepOther(line);
          return;
        }
      }
      if (first == 'p' && line.startsWith(PANIC_PREFIX)) {
        startPanic(line.substring(PANIC_PREFIX.length()));
        return;
      }
      if (first == 'f' && line.startsWith(FATAL_PREFIX)) {
        String message = line.substring(FATAL_PREFIX.length());
        if (fatalError == null) fatalError = message;
        else runtimeMessages.add(line); // a second throw while crashing
        return;
      }
      if (line.startsWith(RUNTIME_PREFIX) || line.startsWith(FAULT_PREFIX)) {
        runtimeMessages.add(line);
        return;
      }
      if (line.equals(RUNTIME_STACK_LINE)) {
        startRuntimeStack();
        return;
      }
      if (line.startsWith(SIGNAL_BRACKET_PREFIX)) {
        SignalInfo signal = SignalLines.parseBracket(line);
        if (signal != null) signals.add(signal);
        else {
          warn("expected \"[signal SIGxxx: description code=... addr=... pc=...]\", got: " + quote(line));
          keepOther(line);
        }
        return;
      }
      if (line.equals(CGO_SIGNAL_LINE)) {
        if (signals.isEmpty()) signals.add(new SignalInfo("", "", "", "", "", true));
        else signals.set(signals.size() - 1, signals.get(signals.size() - 1).withDuringCgo());
        return;
      }
      if (first == 'S' && SignalLines.isHeader(line)) {
        signals.add(SignalLines.parseHeader(line));
        return;
      }
      if (first == 'P' && line.startsWith("PC=") && !signals.isEmpty()) {
        int last = signals.size() - 1;
        signals.set(last, SignalLines.withPcLine(signals.get(last), line));
        return;
      }
      if (line.equals(RACE_WARNING)) {
        race = new RaceReader(this, lineNumber);
        state = State.RACE;
        return;
      }
      if (line.equals(RACE_DELIMITER) || line.equals("-----") || isRaceSummary(line)) return;
      if (line.startsWith(EXIT_STATUS_PREFIX)) {
        Integer status = parseIntOrNull(line.substring(EXIT_STATUS_PREFIX.length()));
        if (status != null) {
          exitStatus = status;
          return;
        }
      }
      if (!signals.isEmpty() && SignalLines.isRegisterLine(line)) {
        int space = line.indexOf(' ');
        // A GOTRACEBACK=crash dump prints one register set per thread; the first is the faulting one.
        registers.putIfAbsent(line.substring(0, space), line.substring(line.lastIndexOf(' ') + 1));
        return;
      }
      if (line.startsWith(CREATED_BY_PREFIX)) {
        warn("\"created by\" outside a goroutine; expected it after a goroutine's frames: " + quote(line));
      }
      keepOther(line);
    }

    private static boolean isRaceSummary(String line) {
      return line.startsWith("Found ") && line.endsWith("data race(s)");
    }

    // ---- PANIC

    private void startPanic(String rest) {
      finishPanic();
      panicValue = new StringBuilder();
      panicAnnotation = "";
      appendPanicLine(rest);
      state = State.PANIC;
    }

    private boolean inPanic(String line) {
      if (line.isEmpty()) {
        finishPanic();
        state = State.OUTSIDE;
        return true;
      }
      if (line.startsWith(NESTED_PANIC_PREFIX)) {
        startPanic(line.substring(NESTED_PANIC_PREFIX.length()));
        return true;
      }
      if (line.startsWith(PANIC_PREFIX)
          || line.startsWith(SIGNAL_BRACKET_PREFIX)
          || line.startsWith(FATAL_PREFIX)
          || line.startsWith(GOROUTINE_PREFIX) && GoroutineHeader.parse(line) != null) {
        finishPanic();
        state = State.OUTSIDE;
        return false;
      }
      // Go 1.19 prints a multi-line panic value as is; later versions indent its lines with a tab.
      panicValue.append('\n');
      appendPanicLine(line.startsWith("\t") ? line.substring(1) : line);
      return true;
    }

    private void appendPanicLine(String line) {
      String annotation = PanicValues.annotation(line);
      if (annotation != null) {
        panicAnnotation = annotation;
        line = line.substring(0, line.length() - annotation.length() - 3);
      }
      panicValue.append(line);
    }

    private void finishPanic() {
      if (panicValue == null) return;
      panics.add(new PanicValue(panicValue.toString(), panicAnnotation));
      panicValue = null;
      panicAnnotation = null;
    }

    // ---- GOROUTINE

    private void startGoroutine(GoroutineHeader parsed) {
      startStack();
      header = parsed;
      header.line = lineNumber;
    }

    private void startRuntimeStack() {
      startStack();
      header = null;
    }

    private void startStack() {
      finishAll();
      frames = new ArrayList<>();
      pendingFunction = null;
      awaitingCreatorFile = false;
      createdBy = null;
      creatorFunction = null;
      elidedFrames = 0;
      stackUnavailable = false;
      state = State.GOROUTINE;
    }

    /** Returns false when the line is not part of the stack and OUTSIDE must handle it. */
    private boolean inGoroutine(String line) {
      if (line.isEmpty()) {
        finishStack();
        state = State.OUTSIDE;
        return true;
      }
      char first = line.charAt(0);
      if (first == '\t') {
        inGoroutineIndented(line);
        return true;
      }
      if (pendingFunction != null) {
        warn("expected the file line of " + pendingFunction + "(...) (line " + pendingFunctionLine
            + "), a tab then file:line, got: " + quote(line));
        frames.add(new Frame(pendingFunction, pendingArguments, "", 0, -1));
        pendingFunction = null;
      }
      if (awaitingCreatorFile) {
        awaitingCreatorFile = false;
        createdBy = new CreatedBy(creatorFunction, creatorGoroutine, "", 0);
        warn("expected the file line of \"created by " + creatorFunction + "\", got: " + quote(line));
      }
      if (first == 'c' && line.startsWith(CREATED_BY_PREFIX)) {
        startCreatedBy(line.substring(CREATED_BY_PREFIX.length()));
        return true;
      }
      if (first == '.' && line.endsWith("elided...")) {
        elidedFrames = parseElided(line);
        return true;
      }
      if (first == 'g' && line.startsWith(GOROUTINE_PREFIX) && GoroutineHeader.parse(line) != null) {
        finishStack();
        state = State.OUTSIDE;
        return false;
      }
      if (line.equals(STACK_UNAVAILABLE)) {
        stackUnavailable = true;
        return true;
      }
      int open = functionArgumentsStart(line);
      if (open > 0) {
        pendingFunction = intern(line.substring(0, open));
        pendingArguments = line.substring(open + 1, line.length() - 1);
        pendingFunctionLine = lineNumber;
        return true;
      }
      if (endsStack(line)) {
        finishStack();
        state = State.OUTSIDE;
        return false;
      }
      if (truncatedLine) {
        warn("the input ends in the middle of a line, probably truncated: " + quote(line));
        keepOther(line);
        return true;
      }
      warn("expected a frame, \"created by\" or a blank line in "
          + (header == null ? "the runtime stack" : "goroutine " + header.id)
          + ", got: " + quote(line));
      keepOther(line);
      return true;
    }

    private void inGoroutineIndented(String line) {
      if (pendingFunction != null) {
        frames.add(FileLines.frame(pendingFunction, pendingArguments, line, this));
        pendingFunction = null;
        return;
      }
      if (awaitingCreatorFile) {
        Frame location = FileLines.frame(creatorFunction, "", line, this);
        createdBy = new CreatedBy(creatorFunction, creatorGoroutine, location.file(), location.line());
        awaitingCreatorFile = false;
        return;
      }
      if (line.length() > 1 && line.regionMatches(1, STACK_UNAVAILABLE, 0, STACK_UNAVAILABLE.length())) {
        stackUnavailable = true;
        return;
      }
      warn("expected a function line before this file line, got: " + quote(line));
      keepOther(line);
    }

    private void startCreatedBy(String rest) {
      int in = rest.indexOf(IN_GOROUTINE);
      long parent = -1;
      String function = rest;
      if (in > 0) {
        Long id = parseLongOrNull(rest.substring(in + IN_GOROUTINE.length()));
        if (id != null) {
          parent = id;
          function = rest.substring(0, in);
        }
      }
      creatorFunction = intern(function);
      creatorGoroutine = parent;
      awaitingCreatorFile = true;
    }

    private int parseElided(String line) {
      if (line.equals(ADDITIONAL_ELIDED)) return -1;
      // "...12 frames elided..."
      int space = line.indexOf(' ');
      Integer count = space > 3 ? parseIntOrNull(line.substring(3, space)) : null;
      if (count == null) {
        warn("expected \"...N frames elided...\", got: " + quote(line));
        return -1;
      }
      return count;
    }

    /** Lines that end a stack without a blank line: the trailers `go run` and the runtime print. */
    private boolean endsStack(String line) {
      return line.startsWith(EXIT_STATUS_PREFIX)
          || line.startsWith(PANIC_PREFIX)
          || line.startsWith(FATAL_PREFIX)
          || line.startsWith(RUNTIME_PREFIX)
          || line.startsWith(SIGNAL_BRACKET_PREFIX)
          || line.equals(RACE_DELIMITER)
          || line.equals("-----")
          || SignalLines.isHeader(line)
          || SignalLines.isRegisterLine(line);
    }

    private void finishStack() {
      if (frames == null) return;
      if (pendingFunction != null) {
        warn("the stack ended after " + pendingFunction + "(...) without its file line; the input may be truncated");
        frames.add(new Frame(pendingFunction, pendingArguments, "", 0, -1));
        pendingFunction = null;
      }
      if (awaitingCreatorFile) {
        warn("the stack ended after \"created by " + creatorFunction + "\" without its file line; the input may be truncated");
        createdBy = new CreatedBy(creatorFunction, creatorGoroutine, "", 0);
        awaitingCreatorFile = false;
      }
      if (header == null) {
        runtimeStack.addAll(frames);
      } else {
        goroutines.add(
            new Goroutine(
                header.id,
                header.state,
                header.waitMinutes,
                header.lockedToThread,
                header.gp,
                header.m,
                header.mp,
                header.labels,
                frames,
                elidedFrames,
                stackUnavailable,
                createdBy,
                header.line));
      }
      frames = null;
      header = null;
    }

    private void finishAll() {
      finishPanic();
      finishStack();
      if (race != null) {
        warn("the race report that began on line " + race.startLine + " has no closing " + RACE_DELIMITER);
        races.add(race.finish());
        race = null;
      }
    }

    // ---- shared

    @Override
    public String intern(String s) {
      String seen = interned.putIfAbsent(s, s);
      return seen == null ? s : seen;
    }

    @Override
    public void warn(String message) {
      warnings.add(new ParseWarning(lineNumber, message));
    }

    private void keepOther(String line) {
      otherOutputLineCount++;
      if (otherOutput.size() < MAX_OTHER_LINES_KEPT) {
        otherOutput.add(new GoTrace.NumberedLine(lineNumber, line));
      }
    }
  }

  /**
   * Where a function line's argument list opens, or -1 when the line is not a function line. A
   * function line is {@code name(args)} with no whitespace in the name: {@code main.(*T).m(0x1)},
   * {@code main.Map[...](...)}, {@code panic({0x4a1b20, 0x4d6c60})}.
   */
  static int functionArgumentsStart(String line) {
    int length = line.length();
    if (length < 3 || line.charAt(length - 1) != ')') return -1;
    int open = line.lastIndexOf('(');
    if (open <= 0) return -1;
    for (int i = 0; i < open; i++) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') return -1;
    }
    return open;
  }

  static Integer parseIntOrNull(String s) {
    Long value = parseLongOrNull(s);
    return value == null || value > Integer.MAX_VALUE ? null : (int) (long) value;
  }

  static Long parseLongOrNull(String s) {
    int length = s.length();
    if (length == 0 || length > 18) return null;
    long value = 0;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return null;
      value = value * 10 + (c - '0');
    }
    return value;
  }

  static String quote(String line) {
    String shown = line.length() > 200 ? line.substring(0, 200) + "…" : line;
    return "\"" + shown + "\"";
  }
}
