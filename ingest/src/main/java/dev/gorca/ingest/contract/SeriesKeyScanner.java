package dev.gorca.ingest.contract;

import java.util.TreeMap;

/**
 * Reads {@code name} or {@code name{label="value",...}} from a region of a string, as the Prometheus text
 * format writes it: blanks (space, tab) allowed around label tokens, a trailing comma allowed, escapes
 * {@code \\ \" \n} in values. Shared by {@link SeriesKey#parse} and the exposition parser so both agree.
 * Errors are {@link SyntaxError}s carrying a message and a 1-based column.
 */
public final class SeriesKeyScanner {
  /** A malformed series; cheap (no stack trace) because garbage input may raise millions of them. */
  public static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int column;

    public SyntaxError(String message, int column) {
      super(message + " at column " + column, null, false, false);
      this.column = column;
    }

    public int column() {
      return column;
    }
  }

  private final String text;
  private final int start;
  private final int end;
  private int pos;

  /** Scans {@code text[from, end)}; columns in messages count from {@code from}. */
  public SeriesKeyScanner(String text, int from, int end) {
    this(text, from, from, end);
  }

  /** Scans {@code text[from, end)}; columns in messages count from {@code lineStart}. */
  public SeriesKeyScanner(String text, int lineStart, int from, int end) {
    this.text = text;
    this.start = lineStart;
    this.pos = from;
    this.end = end;
  }

  public int position() {
    return pos;
  }

  /** Reads a metric name and, when a '{' follows at once, its labels; leaves the position after them. */
  public SeriesKey scanSeries() {
    String name = scanName(true, "a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
    if (pos < end && text.charAt(pos) == '{') {
      pos++;
      return new SeriesKey(name, scanLabels(name));
    }
    return SeriesKey.of(name);
  }

  private TreeMap<String, String> scanLabels(String metric) {
    TreeMap<String, String> labels = new TreeMap<>();
    while (true) {
      skipBlanks();
      if (pos < end && text.charAt(pos) == '}') {
        pos++;
        return labels;
      }
      String label = scanName(false, "a label name ([a-zA-Z_][a-zA-Z0-9_]*) or '}'");
      skipBlanks();
      expect('=', "'=' after label name " + label);
      skipBlanks();
      expect('"', "'\"' opening the value of label " + label);
      String value = scanQuotedValue(label);
      if (labels.put(label, value) != null) {
        throw error("expected each label once, found " + label + " twice on " + metric);
      }
      skipBlanks();
      if (pos < end && text.charAt(pos) == ',') {
        pos++;
      } else if (pos >= end || text.charAt(pos) != '}') {
        throw error("expected ',' or '}' after the value of label " + label + ", found " + found());
      }
    }
  }

  private String scanQuotedValue(String label) {
    StringBuilder value = null;
    int runStart = pos;
    while (pos < end) {
      char c = text.charAt(pos);
      if (c == '"') {
        String result = value == null ? text.substring(runStart, pos) : value.append(text, runStart, pos).toString();
        pos++;
        return result;
      }
      if (c == '\n') {
        throw error("expected the value of label " + label + " on one line, found a raw newline; escape it as \\n");
      }
      if (c == '\\') {
        if (value == null) {
          value = new StringBuilder();
        }
        value.append(text, runStart, pos);
        if (pos + 1 >= end) {
          throw error("expected an escaped character after '\\' in the value of label " + label
              + ", found the end of the line");
        }
        char escaped = text.charAt(pos + 1);
        switch (escaped) {
          case '\\' -> value.append('\\');
          case '"' -> value.append('"');
          case 'n' -> value.append('\n');
          default -> throw error("expected one of the escapes \\\\ \\\" \\n in the value of label " + label
              + ", found \\" + escaped + "; escape a backslash as \\\\");
        }
        pos += 2;
        runStart = pos;
      } else {
        pos++;
      }
    }
    throw error("expected a closing '\"' for the value of label " + label + ", found the end of the line"
        + " (truncated input?)");
  }

  private String scanName(boolean colonAllowed, String what) {
    int nameStart = pos;
    if (pos >= end || !SeriesKey.isNameStart(text.charAt(pos), colonAllowed)) {
      throw error("expected " + what + ", found " + found());
    }
    pos++;
    while (pos < end && SeriesKey.isNamePart(text.charAt(pos), colonAllowed)) {
      pos++;
    }
    return text.substring(nameStart, pos);
  }

  private void expect(char c, String what) {
    if (pos >= end || text.charAt(pos) != c) {
      throw error("expected " + what + ", found " + found());
    }
    pos++;
  }

  private void skipBlanks() {
    while (pos < end && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private String found() {
    return pos >= end ? "the end of the line" : Quote.of(text.substring(pos, Math.min(end, pos + 20)));
  }

  private SyntaxError error(String message) {
    return new SyntaxError(message, pos - start + 1);
  }
}
