package dev.gorca.ingest.contract;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static dev.gorca.ingest.contract.TestTimes.NEXT_SCRAPE_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsJsonLinesTest {
  private static MetricsFile read(String text) throws IOException {
    return MetricsJsonLines.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void each_line_is_one_sample_with_canonical_keys() throws IOException {
    MetricsFile file = read("{\"ts_ms\": 1700000000000, \"go_goroutines\": 12, \"go_memstats_heap_alloc_bytes\": 1234}\n"
        + "{\"ts_ms\": 1700000015000, \"go_goroutines\": 13.5, \"go_gc_duration_seconds{quantile=\\\"0.5\\\"}\": 4.5e-05,"
        + " \"h_bucket{le=\\\"+Inf\\\",handler=\\\"/\\\"}\": \"+Inf\"}\n");
    assertEquals(List.of(
        new MetricSample(CRASH_AT, Map.of("go_goroutines", 12.0, "go_memstats_heap_alloc_bytes", 1234.0)),
        new MetricSample(NEXT_SCRAPE_AT, Map.of("go_goroutines", 13.5, "go_gc_duration_seconds{quantile=\"0.5\"}", 4.5e-05,
            "h_bucket{handler=\"/\",le=\"+Inf\"}", Double.POSITIVE_INFINITY))), file.samples());
    assertEquals(List.of(), file.warnings());
  }

  @Test
  void bad_lines_are_skipped_with_a_warning_naming_the_line_and_the_rest_is_read() throws IOException {
    MetricsFile file = read(String.join("\n",
        "{\"ts_ms\": 1700000000000, \"go_goroutines\": 12}",
        "",
        "{\"go_goroutines\": 12}",
        "{\"ts_ms\": 1700000000000, \"go_goroutines\": \"twelve\"}",
        "not json at all",
        "[1, 2]",
        "{\"ts_ms\": -1, \"go_goroutines\": 1}",
        "{\"ts_ms\": 1700000000000, \"go.goroutines\": 1}",
        "{\"ts_ms\": 1700000015000, \"go_goroutines\": 14}"));
    assertEquals(List.of(new MetricSample(CRASH_AT, Map.of("go_goroutines", 12.0)),
        new MetricSample(NEXT_SCRAPE_AT, Map.of("go_goroutines", 14.0))), file.samples());
    assertEquals(List.of(
        new LineWarning(3, "ts_ms: expected an integer number of milliseconds since the epoch, found no such field; "
            + "every line needs ts_ms (line skipped)"),
        new LineWarning(4, "go_goroutines: expected a JSON number or one of \"NaN\", \"+Inf\", \"-Inf\", found a string "
            + "\"twelve\"; send the sample value as a number (line skipped)"),
        new LineWarning(5, "$: expected one JSON object per line, found malformed JSON at column 4: Unrecognized token "
            + "'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false'); "
            + "fix the line or drop it (line skipped)"),
        new LineWarning(6, "$: expected a JSON object per line, found an array; write one {\"ts_ms\": ..., \"series\": "
            + "value} object per line (line skipped)"),
        new LineWarning(7, "ts_ms: expected milliseconds since 1970-01-01T00:00:00Z (>= 0), found -1; send the event "
            + "time as epoch milliseconds (line skipped)"),
        new LineWarning(8, "go.goroutines: expected a Prometheus series key such as go_goroutines or "
            + "go_gc_duration_seconds{quantile=\"0.5\"}, found \"go.goroutines\" (expected the series key to end after "
            + "\"go\", found \".goroutines\"); rename the key (line skipped)")), file.warnings());
  }

  @Test
  void a_line_that_is_not_utf8_is_skipped_with_the_byte_position() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("{\"ts_ms\": 0, \"up\": 1}\n{\"ts_ms\": 0, \"caf".getBytes(StandardCharsets.UTF_8));
    bytes.write(0xE9);
    bytes.writeBytes("\": 1}\r\n{\"ts_ms\": 1, \"up\": 1}\r\n".getBytes(StandardCharsets.UTF_8));
    MetricsFile file = MetricsJsonLines.read(new ByteArrayInputStream(bytes.toByteArray()));
    assertEquals(List.of(new MetricSample(0, Map.of("up", 1.0)), new MetricSample(1, Map.of("up", 1.0))), file.samples());
    assertEquals(List.of(new LineWarning(2, "expected UTF-8 text, found an invalid byte 0xE9 at byte 18 of the line; "
        + "skipped it: write the file as UTF-8")), file.warnings());
  }

  @Test
  void a_line_longer_than_the_limit_is_skipped_without_holding_it_in_memory() throws IOException {
    String huge = "{\"ts_ms\": 0, \"up\": \"" + "x".repeat(MetricsJsonLines.MAX_LINE_BYTES) + "\"}";
    MetricsFile file = read(huge + "\n{\"ts_ms\": 0, \"up\": 1}");
    assertEquals(List.of(new MetricSample(0, Map.of("up", 1.0))), file.samples());
    assertEquals(List.of(new LineWarning(1, "expected a line of at most 8 MiB, found a longer one; skipped it: split "
        + "the sample or check the file is JSON Lines")), file.warnings());
  }

  @Test
  void null_values_are_left_out_as_labkit_writes_null_for_nan() throws IOException {
    MetricsFile file = read("{\"ts_ms\": 0, \"go_goroutines\": 3, \"go_gc_duration_seconds{quantile=\\\"1\\\"}\": null}");
    assertEquals(List.of(new MetricSample(0, Map.of("go_goroutines", 3.0))), file.samples());
  }

  @Test
  void format_writes_ts_ms_first_then_series_in_key_order() {
    MetricSample sample = new MetricSample(CRASH_AT, Map.of("go_threads", 8.0, "go_goroutines", 12.0,
        "go_gc_duration_seconds{quantile=\"0.5\"}", Double.NaN, "go_memstats_last_gc_time_seconds", 1.795609871899655e+09,
        "process_cpu_seconds_total", 0.02));
    assertEquals("{\"ts_ms\":1700000000000,\"go_gc_duration_seconds{quantile=\\\"0.5\\\"}\":\"NaN\",\"go_goroutines\":12,"
        + "\"go_memstats_last_gc_time_seconds\":1.795609871899655E9,\"go_threads\":8,\"process_cpu_seconds_total\":0.02}",
        MetricsJsonLines.format(sample));
  }

  @Test
  void written_samples_read_back_equal_including_nan_and_infinities() throws IOException {
    List<MetricSample> samples = List.of(
        new MetricSample(CRASH_AT, Map.of("a", Double.NaN, "b{le=\"+Inf\"}", Double.POSITIVE_INFINITY, "c", -1e-300)),
        new MetricSample(NEXT_SCRAPE_AT, Map.of("a", Double.NEGATIVE_INFINITY, "big", 9.223372036854776e+18)));
    StringWriter out = new StringWriter();
    MetricsJsonLines.write(samples, out);
    MetricsFile file = read(out.toString());
    assertEquals(samples, file.samples());
    assertEquals(List.of(), file.warnings());
  }

  @Test
  void a_file_of_garbage_keeps_only_the_first_thousand_warnings_and_counts_the_rest() throws IOException {
    MetricsFile file = read("garbage\n".repeat(1500));
    assertEquals(1001, file.warnings().size());
    assertEquals(new LineWarning(0, "500 more warnings not shown (only the first 1000 are kept)"), file.warnings().get(1000));
  }
}
