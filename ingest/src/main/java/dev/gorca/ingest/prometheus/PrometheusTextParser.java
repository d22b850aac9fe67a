package dev.gorca.ingest.prometheus;

import dev.gorca.ingest.contract.EnvelopeLimits;
import dev.gorca.ingest.contract.Quote;
import dev.gorca.ingest.contract.SeriesKey;
import dev.gorca.ingest.contract.SeriesKeyScanner.SyntaxError;
import dev.gorca.ingest.contract.Warnings;

/**
 * Parses Prometheus text exposition format 0.0.4 as client_golang serves it. Never throws: it returns the
 * families it could read and a warning per line it could not use, and keeps going after a bad line.
 *
 * <p>Each line is one of (leading blanks allowed):
 * <ul>
 *   <li>blank: skipped;
 *   <li>{@code # HELP go_goroutines Number of goroutines that currently exist.}: help text, escapes
 *       {@code \\} and {@code \n} resolved;
 *   <li>{@code # TYPE go_goroutines gauge}: counter, gauge, summary, histogram or untyped;
 *   <li>{@code # anything else}: a comment, skipped;
 *   <li>{@code go_gc_duration_seconds{quantile="0.5"} 4.5e-05 [timestamp]}: a sample.
 * </ul>
 * A trailing CR is dropped and a last line without a newline is read like the others.
 *
 * <p>Bounded: at most {@code maxChars} of text (default 8 MiB, the metrics record limit) and
 * {@code maxSeries} series (default 100,000; a Go service exposes a few hundred to a few thousand);
 * past either, it stops at a line boundary and says so in a warning. Warnings are capped too
 * ({@link Warnings#DEFAULT_MAX}).
 */
public final class PrometheusTextParser {
  public static final int DEFAULT_MAX_CHARS = 8 * EnvelopeLimits.MIB;
  public static final int DEFAULT_MAX_SERIES = 100_000;

  private final int maxChars;
  private final int maxSeries;

  public PrometheusTextParser() {
    this(DEFAULT_MAX_CHARS, DEFAULT_MAX_SERIES);
  }

  public PrometheusTextParser(int maxChars, int maxSeries) {
    if (maxChars <= 0 || maxSeries <= 0) {
      throw new IllegalArgumentException("expected positive limits, found maxChars=" + maxChars
          + " maxSeries=" + maxSeries);
    }
    this.maxChars = maxChars;
    this.maxSeries = maxSeries;
  }

  public ParsedScrape parse(String text) {
    Warnings warnings = new Warnings();
    FamilyAssembler families = new FamilyAssembler(warnings);
    if (text == null) {
      warnings.add(0, "expected Prometheus text, found null; nothing was read");
      return new ParsedScrape(families.build(), warnings.toList());
    }
    int limit = text.length();
    if (limit > maxChars) {
      int lastNewline = text.lastIndexOf('\n', maxChars - 1);
      limit = lastNewline < 0 ? 0 : lastNewline + 1;
    }
    int lineNumber = 0;
    int lineStart = 0;
    while (lineStart < limit) {
      int newline = text.indexOf('\n', lineStart);
      int lineEnd = newline < 0 || newline >= limit ? limit : newline;
      lineNumber++;
      if (families.seriesCount() >= maxSeries && isSample(text, lineStart, lineEnd)) {
        warnings.add(lineNumber, "expected at most " + maxSeries + " series, found more; stopped reading at this "
            + "line: scrape less (drop labels with many values) or raise the parser's maxSeries");
        return new ParsedScrape(families.build(), warnings.toList());
      }
      readLine(text, lineStart, stripCarriageReturn(text, lineStart, lineEnd), lineNumber, families, warnings);
      lineStart = lineEnd + 1;
    }
    if (limit < text.length()) {
      warnings.add(0, "expected at most " + maxChars + " chars of Prometheus text, found " + text.length()
          + "; read only the first " + lineNumber + " lines: send smaller scrapes or raise the parser's maxChars");
    }
    return new ParsedScrape(families.build(), warnings.toList());
  }

  private static void readLine(String text, int start, int end, int lineNumber, FamilyAssembler families,
                               Warnings warnings) {
    int first = skipBlanks(text, start, end);
    if (first == end) {
      return;
    }
    try {
      if (text.charAt(first) == '#') {
        readComment(text, start, first + 1, end, lineNumber, families, warnings);
      } else {
        families.sample(new SampleLineScanner(text, start, first, end).scan(lineNumber));
      }
    } catch (SyntaxError e) {
      warnings.add(lineNumber, e.getMessage() + " in " + Quote.of(text.substring(start, end)) + "; skipped the line");
    }
  }

  /** {@code # HELP name text}, {@code # TYPE name type}, or any other comment (ignored). */
  private static void readComment(String text, int lineStart, int afterHash, int end, int lineNumber,
                                  FamilyAssembler families, Warnings warnings) {
    int keywordStart = skipBlanks(text, afterHash, end);
    int keywordEnd = tokenEnd(text, keywordStart, end);
    String keyword = text.substring(keywordStart, keywordEnd);
    boolean help = keyword.equals("HELP");
    if (!help && !keyword.equals("TYPE")) {
      return;
    }
    int nameStart = skipBlanks(text, keywordEnd, end);
    int nameEnd = tokenEnd(text, nameStart, end);
    String name = text.substring(nameStart, nameEnd);
    if (!SeriesKey.isMetricName(name)) {
      throw new SyntaxError("expected a metric name after # " + keyword + ", found "
          + (name.isEmpty() ? "nothing" : Quote.of(name)), nameStart - lineStart + 1);
    }
    int restStart = skipBlanks(text, nameEnd, end);
    if (help) {
      families.help(lineNumber, name, unescapeHelp(text, restStart, end, lineNumber, warnings));
      return;
    }
    int typeEnd = tokenEnd(text, restStart, end);
    String typeName = text.substring(restStart, typeEnd);
    MetricType type = MetricType.byName(typeName).orElseThrow(() -> new SyntaxError("expected a metric type "
        + "(counter, gauge, summary, histogram, untyped) after # TYPE " + name + ", found "
        + (typeName.isEmpty() ? "nothing" : Quote.of(typeName)), restStart - lineStart + 1));
    if (skipBlanks(text, typeEnd, end) != end) {
      throw new SyntaxError("expected the end of the line after the type, found "
          + Quote.of(text.substring(typeEnd, end).strip()), typeEnd - lineStart + 1);
    }
    families.type(lineNumber, name, type);
  }

  /** HELP text allows {@code \\} and {@code \n}; any other backslash is kept as written, with a warning. */
  private static String unescapeHelp(String text, int start, int end, int lineNumber, Warnings warnings) {
    int backslash = text.indexOf('\\', start);
    if (backslash < 0 || backslash >= end) {
      return text.substring(start, end);
    }
    StringBuilder help = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        help.append(c);
      } else if (i + 1 < end && text.charAt(i + 1) == '\\') {
        help.append('\\');
        i++;
      } else if (i + 1 < end && text.charAt(i + 1) == 'n') {
        help.append('\n');
        i++;
      } else {
        help.append('\\');
        warnings.add(lineNumber, "expected \\\\ or \\n after a backslash in HELP text, found "
            + (i + 1 < end ? Quote.of(text.substring(i, i + 2)) : "a backslash at the end of the line")
            + "; kept it as written");
      }
    }
    return help.toString();
  }

  private static boolean isSample(String text, int start, int end) {
    int first = skipBlanks(text, start, end);
    return first < end && text.charAt(first) != '#';
  }

  private static int stripCarriageReturn(String text, int start, int end) {
    return end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
  }

  private static int skipBlanks(String text, int from, int end) {
    int i = from;
    while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static int tokenEnd(String text, int from, int end) {
    int i = from;
    while (i < end && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
      i++;
    }
    return i;
  }
}
