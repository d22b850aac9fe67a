package dev.gorca.ingest.contract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The metrics file form the CLI reads: JSON Lines, one sample per line,
 * {@code {"ts_ms": 1700000000000, "go_goroutines": 12, "go_gc_duration_seconds{quantile=\"0.5\"}": 0.0001}}.
 * Keys other than {@code ts_ms} are series keys, canonicalised on read (see {@link SeriesKey}); NaN and
 * infinities are the strings "NaN", "+Inf", "-Inf". Reading never throws on bad content: a bad line is
 * skipped with a warning naming its number. Blank lines are skipped silently.
 */
public final class MetricsJsonLines {
  /** The file's reserved key; a Prometheus series named ts_ms cannot be stored in this form. */
  public static final String TS_FIELD = "ts_ms";
  /** Longest line read, in bytes; longer lines are skipped with a warning so one bad line cannot exhaust memory. */
  public static final int MAX_LINE_BYTES = 8 * EnvelopeLimits.MIB;

  private static final ObjectMapper MAPPER = EnvelopeCodec.strictMapper(MAX_LINE_BYTES);

  private MetricsJsonLines() {}

  public static MetricsFile read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  /** Reads to the end of {@code in}; throws only what reading the stream throws. */
  public static MetricsFile read(InputStream in) throws IOException {
    List<MetricSample> samples = new ArrayList<>();
    Warnings warnings = new Warnings();
    LineBuffer line = new LineBuffer();
    byte[] chunk = new byte[64 * 1024];
    int lineNumber = 1;
    for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (chunk[i] == '\n') {
          line.append(chunk, start, i);
          readLine(line, lineNumber++, samples, warnings);
          line.reset();
          start = i + 1;
        }
      }
      line.append(chunk, start, n);
    }
    if (line.length() > 0 || line.overLong) {
      readLine(line, lineNumber, samples, warnings);
    }
    return new MetricsFile(samples, warnings.toList());
  }

  /** One line without its newline, in key order: ts_ms first, then the series. */
  public static String format(MetricSample sample) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = MAPPER.getFactory().createGenerator(out)) {
      generator.writeStartObject();
      generator.writeNumberField(TS_FIELD, sample.tsMs());
      FlatValues.write(generator, sample.values());
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toString();
  }

  public static void write(Iterable<MetricSample> samples, Writer out) throws IOException {
    for (MetricSample sample : samples) {
      out.write(format(sample));
      out.write('\n');
    }
  }

  private static void readLine(LineBuffer line, int lineNumber, List<MetricSample> samples, Warnings warnings) {
    if (line.overLong) {
      warnings.add(lineNumber, "expected a line of at most " + EnvelopeLimits.describe(MAX_LINE_BYTES)
          + ", found a longer one; skipped it: split the sample or check the file is JSON Lines");
      return;
    }
    int end = line.length();
    if (end > 0 && line.bytes()[end - 1] == '\r') {
      end--;
    }
    int invalid = Utf8.firstInvalidByte(line.bytes(), 0, end);
    if (invalid >= 0) {
      warnings.add(lineNumber, String.format("expected UTF-8 text, found an invalid byte 0x%02X at byte %d of "
          + "the line; skipped it: write the file as UTF-8", line.bytes()[invalid] & 0xff, invalid + 1));
      return;
    }
    String text = new String(line.bytes(), 0, end, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return;
    }
    try {
      samples.add(parseSample(text));
    } catch (FieldProblem problem) {
      warnings.add(lineNumber, problem.rejection().message() + " (line skipped)");
    } catch (InvalidFieldException e) {
      warnings.add(lineNumber, e.getMessage() + " (line skipped)");
    }
  }

  private static MetricSample parseSample(String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at column " + at.getColumnNr();
      throw new FieldProblem(RejectReason.MALFORMED_JSON, Rejection.WHOLE_RECORD, "expected one JSON object per "
          + "line, found malformed JSON" + where + ": " + e.getOriginalMessage() + "; fix the line or drop it");
    }
    if (!root.isObject()) {
      throw JsonFields.wrongType(Rejection.WHOLE_RECORD, "a JSON object per line", root,
          "write one {\"ts_ms\": ..., \"series\": value} object per line");
    }
    long tsMs = new JsonFields((ObjectNode) root, "every line").requiredEpochMillis(TS_FIELD);
    Fields.requireTimestamp(TS_FIELD, tsMs);
    return new MetricSample(tsMs, FlatValues.read(root, "", TS_FIELD));
  }

  /** A growable byte buffer that stops growing at the line limit and remembers that it overflowed. */
  private static final class LineBuffer extends ByteArrayOutputStream {
    boolean overLong;

    void append(byte[] chunk, int from, int to) {
      if (overLong || to <= from) {
        return;
      }
      if (count + (to - from) > MAX_LINE_BYTES) {
        overLong = true;
        return;
      }
      write(chunk, from, to - from);
    }

    byte[] bytes() {
      return buf;
    }

    int length() {
      return count;
    }

    @Override
    public synchronized void reset() {
      super.reset();
      overLong = false;
      if (buf.length > 1024 * 1024) {
        buf = new byte[1024]; // do not keep a huge buffer after one long line
      }
    }
  }
}
