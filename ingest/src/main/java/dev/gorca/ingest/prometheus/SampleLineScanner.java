package dev.gorca.ingest.prometheus;

import dev.gorca.ingest.contract.Quote;
import dev.gorca.ingest.contract.SeriesKey;
import dev.gorca.ingest.contract.SeriesKeyScanner;
import dev.gorca.ingest.contract.SeriesKeyScanner.SyntaxError;
import java.util.OptionalLong;

/**
 * Reads one sample line, {@code go_gc_duration_seconds{quantile="0.5"} 4.5e-05 [1700000000000]}, by walking
 * its characters once. Values are Go float syntax as client_golang writes them: decimal numbers and
 * NaN, +Inf, -Inf (case-insensitive, "Inf" and "Infinity" too). Throws {@link SyntaxError}.
 */
final class SampleLineScanner {
  private final String text;
  private final int lineStart;
  private final int from;
  private final int end;
  private int pos;

  /** Reads {@code text[from, end)}; columns in messages count from {@code lineStart}. */
  SampleLineScanner(String text, int lineStart, int from, int end) {
    this.text = text;
    this.lineStart = lineStart;
    this.from = from;
    this.end = end;
  }

  Sample scan(int lineNumber) {
    SeriesKeyScanner seriesScanner = new SeriesKeyScanner(text, lineStart, from, end);
    SeriesKey series = seriesScanner.scanSeries();
    pos = seriesScanner.position();
    if (!skipBlanks()) {
      throw error(pos >= end
          ? "expected a blank and a value after " + series + ", found the end of the line (truncated input?)"
          : "expected a blank and a value after " + series + ", found " + found());
    }
    int valueStart = pos;
    double value = parseValue(token(), valueStart);
    OptionalLong timestamp = OptionalLong.empty();
    if (skipBlanks() && pos < end) {
      int timestampStart = pos;
      timestamp = OptionalLong.of(parseTimestamp(token(), timestampStart));
      skipBlanks();
      if (pos < end) {
        throw error("expected the end of the line after the timestamp, found " + found());
      }
    }
    return new Sample(series, value, timestamp, lineNumber);
  }

  /** Go's strconv.ParseFloat, which Prometheus uses, minus hex floats and underscores that no client writes. */
  private double parseValue(String token, int tokenStart) {
    switch (token.toLowerCase(java.util.Locale.ROOT)) {
      case "nan":
        return Double.NaN;
      case "inf": case "+inf": case "infinity": case "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf": case "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    boolean hasDigit = false;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c >= '0' && c <= '9') {
        hasDigit = true;
      } else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
        // Rejecting here also keeps Java-only forms such as "1d" or "0x1p3" out of Double.parseDouble.
        throw valueError(token, tokenStart);
      }
    }
    if (!hasDigit) {
      throw valueError(token, tokenStart);
    }
    try {
      return Double.parseDouble(token);
    } catch (NumberFormatException e) {
      throw valueError(token, tokenStart);
    }
  }

  private long parseTimestamp(String token, int tokenStart) {
    boolean wellFormed = !token.isEmpty();
    for (int i = 0; wellFormed && i < token.length(); i++) {
      char c = token.charAt(i);
      wellFormed = (c >= '0' && c <= '9') || (i == 0 && c == '-' && token.length() > 1);
    }
    if (wellFormed) {
      try {
        return Long.parseLong(token);
      } catch (NumberFormatException e) {
        // falls through to the error: out of range
      }
    }
    throw errorAt("expected a timestamp in integer milliseconds after the value, found " + Quote.of(token), tokenStart);
  }

  private SyntaxError valueError(String token, int tokenStart) {
    return errorAt("expected a sample value (a number, NaN, +Inf or -Inf), found " + Quote.of(token), tokenStart);
  }

  private String token() {
    int tokenStart = pos;
    while (pos < end && text.charAt(pos) != ' ' && text.charAt(pos) != '\t') {
      pos++;
    }
    return text.substring(tokenStart, pos);
  }

  /** Skips spaces and tabs; true when there was at least one. */
  private boolean skipBlanks() {
    int before = pos;
    while (pos < end && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
      pos++;
    }
    return pos > before;
  }

  private String found() {
    return pos >= end ? "the end of the line" : Quote.of(text.substring(pos, Math.min(end, pos + 20)));
  }

  private SyntaxError error(String message) {
    return errorAt(message, pos);
  }

  /** Columns point at the start of the offending token, where a reader looks first. */
  private SyntaxError errorAt(String message, int at) {
    return new SyntaxError(message, at - lineStart + 1);
  }
}
