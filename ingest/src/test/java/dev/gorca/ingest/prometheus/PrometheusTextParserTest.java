package dev.gorca.ingest.prometheus;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gorca.ingest.contract.LineWarning;
import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.contract.SeriesKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrometheusTextParserTest {
  /** Shaped like client_golang's /metrics: every type, labels, HELP escapes, NaN quantiles, +Inf bucket. */
  static final String SCRAPE = """
      # HELP go_gc_duration_seconds A summary of the pause duration of garbage collection cycles.
      # TYPE go_gc_duration_seconds summary
      go_gc_duration_seconds{quantile="0"} 2.9917e-05
      go_gc_duration_seconds{quantile="0.25"} 4.1e-05
      go_gc_duration_seconds{quantile="0.5"} 4.5e-05
      go_gc_duration_seconds{quantile="0.75"} NaN
      go_gc_duration_seconds{quantile="1"} 0.000187292
      go_gc_duration_seconds_sum 0.001211417
      go_gc_duration_seconds_count 19
      # HELP go_goroutines Number of goroutines that currently exist.
      # TYPE go_goroutines gauge
      go_goroutines 512
      # HELP go_info Information about the Go environment.
      # TYPE go_info gauge
      go_info{version="go1.21.5"} 1
      # HELP go_memstats_alloc_bytes_total Total number of bytes allocated, even if freed.
      # TYPE go_memstats_alloc_bytes_total counter
      go_memstats_alloc_bytes_total 3.944224e+06
      # HELP http_request_duration_seconds Latency with a backslash \\\\ and a newline \\n in help.
      # TYPE http_request_duration_seconds histogram
      http_request_duration_seconds_bucket{handler="/v1/quote",le="0.005"} 2000
      http_request_duration_seconds_bucket{handler="/v1/quote",le="0.5"} 2500
      http_request_duration_seconds_bucket{handler="/v1/quote",le="+Inf"} 2500
      http_request_duration_seconds_sum{handler="/v1/quote"} 2.654264336000001
      http_request_duration_seconds_count{handler="/v1/quote"} 2500
      # HELP http_requests_total Requests by code.
      # TYPE http_requests_total counter
      http_requests_total{code="200",handler="/v1/quote"} 2000
      http_requests_total{handler="/v1/quote",code="504"} 500
      # TYPE process_max_fds gauge
      process_max_fds 20000
      # TYPE process_virtual_memory_max_bytes gauge
      process_virtual_memory_max_bytes 1.8446744073709552e+19
      legacy_untyped_total 7 1700000000000
      """;

  private final PrometheusTextParser parser = new PrometheusTextParser();

  @Test
  void a_client_golang_scrape_flattens_to_canonical_keys_with_exact_values() {
    ParsedScrape scrape = parser.parse(SCRAPE);
    assertEquals(List.of(), scrape.warnings());
    Map<String, Double> expected = new TreeMap<>();
    expected.put("go_gc_duration_seconds{quantile=\"0\"}", 2.9917e-05);
    expected.put("go_gc_duration_seconds{quantile=\"0.25\"}", 4.1e-05);
    expected.put("go_gc_duration_seconds{quantile=\"0.5\"}", 4.5e-05);
    expected.put("go_gc_duration_seconds{quantile=\"0.75\"}", Double.NaN);
    expected.put("go_gc_duration_seconds{quantile=\"1\"}", 0.000187292);
    expected.put("go_gc_duration_seconds_sum", 0.001211417);
    expected.put("go_gc_duration_seconds_count", 19.0);
    expected.put("go_goroutines", 512.0);
    expected.put("go_info{version=\"go1.21.5\"}", 1.0);
    expected.put("go_memstats_alloc_bytes_total", 3944224.0);
    expected.put("http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"0.005\"}", 2000.0);
    expected.put("http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"0.5\"}", 2500.0);
    expected.put("http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"+Inf\"}", 2500.0);
    expected.put("http_request_duration_seconds_sum{handler=\"/v1/quote\"}", 2.654264336000001);
    expected.put("http_request_duration_seconds_count{handler=\"/v1/quote\"}", 2500.0);
    expected.put("http_requests_total{code=\"200\",handler=\"/v1/quote\"}", 2000.0);
    expected.put("http_requests_total{code=\"504\",handler=\"/v1/quote\"}", 500.0);
    expected.put("process_max_fds", 20000.0);
    expected.put("process_virtual_memory_max_bytes", 1.8446744073709552e+19);
    expected.put("legacy_untyped_total", 7.0);
    assertEquals(new MetricSample(CRASH_AT, expected), scrape.toSample(CRASH_AT));
  }

  @Test
  void samples_are_grouped_into_families_with_their_declared_type_and_help() {
    List<MetricFamily> families = parser.parse(SCRAPE).families();
    assertEquals(List.of("go_gc_duration_seconds SUMMARY 7", "go_goroutines GAUGE 1", "go_info GAUGE 1",
            "go_memstats_alloc_bytes_total COUNTER 1", "http_request_duration_seconds HISTOGRAM 5",
            "http_requests_total COUNTER 2", "process_max_fds GAUGE 1", "process_virtual_memory_max_bytes GAUGE 1",
            "legacy_untyped_total UNTYPED 1"),
        families.stream().map(f -> f.name() + " " + f.type() + " " + f.samples().size()).toList());
    assertEquals("Latency with a backslash \\ and a newline \n in help.", families.get(4).help());
    assertEquals("", families.get(6).help());
    assertEquals(new Sample(SeriesKey.of("legacy_untyped_total"), 7.0, OptionalLong.of(1_700_000_000_000L), 34),
        families.get(8).samples().get(0));
  }

  @Test
  void label_values_resolve_backslash_quote_and_newline_escapes() {
    ParsedScrape scrape = parser.parse("""
        build_info{path="C:\\\\go\\\\bin",msg="say \\"hi\\"",lines="a\\nb"} 1
        """);
    assertEquals(List.of(), scrape.warnings());
    assertEquals(Map.of("path", "C:\\go\\bin", "msg", "say \"hi\"", "lines", "a\nb"),
        scrape.families().get(0).samples().get(0).series().labels());
    assertEquals(List.of("build_info{lines=\"a\\nb\",msg=\"say \\\"hi\\\"\",path=\"C:\\\\go\\\\bin\"}"),
        List.copyOf(scrape.toSample(CRASH_AT).values().keySet()));
  }

  @Test
  void nan_infinities_signs_exponents_and_blanks_are_read_as_go_writes_them() {
    ParsedScrape scrape = parser.parse("a NaN\nb +Inf\nc -Inf\nd -1.5e-3\ne 1E+2\n\tf  \t 3   \ng Inf\nh +4\n");
    assertEquals(List.of(), scrape.warnings());
    Map<String, Double> values = scrape.toSample(CRASH_AT).values();
    assertEquals(Double.NaN, values.get("a"));
    assertEquals(Double.POSITIVE_INFINITY, values.get("b"));
    assertEquals(Double.NEGATIVE_INFINITY, values.get("c"));
    assertEquals(-0.0015, values.get("d"));
    assertEquals(100.0, values.get("e"));
    assertEquals(3.0, values.get("f"));
    assertEquals(Double.POSITIVE_INFINITY, values.get("g"));
    assertEquals(4.0, values.get("h"));
  }

  @Test
  void comments_blank_lines_and_crlf_line_ends_are_skipped_without_warnings() {
    ParsedScrape scrape = parser.parse("# a comment\r\n\r\n#\r\n# EOF\r\n   \r\n# TYPE up gauge\r\nup 1\r\n");
    assertEquals(List.of(), scrape.warnings());
    assertEquals(Map.of("up", 1.0), scrape.toSample(CRASH_AT).values());
  }

  @Test
  void garbage_lines_are_skipped_with_warnings_naming_line_and_column_and_good_lines_are_kept() {
    ParsedScrape scrape = parser.parse(String.join("\n",
        "go_goroutines 12",
        "this is not a metric",
        "go_threads",
        "go_threads{ 8",
        "process_open_fds 0x10",
        "process_open_fds ten",
        "m{a=\"1\"}2",
        "m{a=\"x\\q\"} 1",
        "m 1 soon",
        "m 1 2 3",
        "5xx_total 1",
        "# TYPE",
        "# TYPE m blob",
        "# TYPE m gauge extra",
        "go_threads 8",
        ""));
    assertEquals(Map.of("go_goroutines", 12.0, "go_threads", 8.0), scrape.toSample(CRASH_AT).values());
    assertEquals(List.of(
        "line 2: expected a sample value (a number, NaN, +Inf or -Inf), found \"is\" at column 6 in \"this is not a metric\"; skipped the line",
        "line 3: expected a blank and a value after go_threads, found the end of the line (truncated input?) at column 11 in \"go_threads\"; skipped the line",
        "line 4: expected a label name ([a-zA-Z_][a-zA-Z0-9_]*) or '}', found \"8\" at column 13 in \"go_threads{ 8\"; skipped the line",
        "line 5: expected a sample value (a number, NaN, +Inf or -Inf), found \"0x10\" at column 18 in \"process_open_fds 0x10\"; skipped the line",
        "line 6: expected a sample value (a number, NaN, +Inf or -Inf), found \"ten\" at column 18 in \"process_open_fds ten\"; skipped the line",
        "line 7: expected a blank and a value after m{a=\"1\"}, found \"2\" at column 9 in \"m{a=\\\"1\\\"}2\"; skipped the line",
        "line 8: expected one of the escapes \\\\ \\\" \\n in the value of label a, found \\q; escape a backslash as \\\\ at column 7 in \"m{a=\\\"x\\\\q\\\"} 1\"; skipped the line",
        "line 9: expected a timestamp in integer milliseconds after the value, found \"soon\" at column 5 in \"m 1 soon\"; skipped the line",
        "line 10: expected the end of the line after the timestamp, found \"3\" at column 7 in \"m 1 2 3\"; skipped the line",
        "line 11: expected a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), found \"5xx_total 1\" at column 1 in \"5xx_total 1\"; skipped the line",
        "line 12: expected a metric name after # TYPE, found nothing at column 7 in \"# TYPE\"; skipped the line",
        "line 13: expected a metric type (counter, gauge, summary, histogram, untyped) after # TYPE m, found \"blob\" at column 10 in \"# TYPE m blob\"; skipped the line",
        "line 14: expected the end of the line after the type, found \"extra\" at column 15 in \"# TYPE m gauge extra\"; skipped the line"),
        scrape.warnings().stream().map(LineWarning::toString).toList());
  }

  @Test
  void input_cut_in_the_middle_of_a_line_keeps_everything_before_and_warns_about_the_cut_line() {
    String cut = SCRAPE.substring(0, SCRAPE.indexOf("handler=\"/v1/quote\",le=\"0.5\"") + 26);
    ParsedScrape scrape = parser.parse(cut);
    assertEquals(List.of(new LineWarning(22, "expected a closing '\"' for the value of label le, found the end of the "
        + "line (truncated input?) at column 64 in \"http_request_duration_seconds_bucket{handler=\\\"/v1/quote\\\",le=\\\"0.\"; "
        + "skipped the line")), scrape.warnings());
    assertEquals(11, scrape.seriesCount());
  }

  @Test
  void a_scrape_cut_after_a_value_without_newline_keeps_the_last_sample() {
    ParsedScrape scrape = parser.parse("go_goroutines 12\ngo_threads 8");
    assertEquals(List.of(), scrape.warnings());
    assertEquals(Map.of("go_goroutines", 12.0, "go_threads", 8.0), scrape.toSample(CRASH_AT).values());
  }

  @Test
  void rules_of_the_format_are_enforced_by_dropping_the_offending_line_with_a_warning() {
    ParsedScrape scrape = parser.parse("""
        # HELP s first
        # HELP s second
        # TYPE s summary
        # TYPE s gauge
        s{quantile="0.5"} 1
        s 2
        s_sum 3
        s_count 4
        # TYPE h histogram
        h 1
        h_bucket 2
        h_bucket{le="1"} 3
        g 1
        # TYPE g gauge
        g 2
        """);
    assertEquals(List.of(
        "line 2: expected one HELP line for s, found a second (first on line 1); kept the first",
        "line 4: expected one TYPE line for s, found a second (first on line 3); kept the first",
        "line 6: expected a quantile label on s (a summary), found s; skipped the sample",
        "line 10: expected h_bucket, _sum or _count in histogram h, found h; skipped the sample",
        "line 11: expected an le label on h_bucket (a histogram bucket), found h_bucket; skipped the sample",
        "line 14: expected the TYPE line for g before its samples, found it after line 13; ignored it, the family stays untyped",
        "line 15: expected each series once per scrape, found g again (first on line 13); kept the first"),
        scrape.warnings().stream().map(LineWarning::toString).toList());
    assertEquals(List.of("s SUMMARY 3", "h HISTOGRAM 1", "g UNTYPED 1"),
        scrape.families().stream().map(f -> f.name() + " " + f.type() + " " + f.samples().size()).toList());
    assertEquals("first", scrape.families().get(0).help());
  }

  @Test
  void a_backslash_in_help_other_than_the_two_escapes_is_kept_with_a_warning() {
    ParsedScrape scrape = parser.parse("# HELP m path C:\\temp\n# TYPE m gauge\nm 1\n");
    assertEquals("path C:\\temp", scrape.families().get(0).help());
    assertEquals(List.of(new LineWarning(1, "expected \\\\ or \\n after a backslash in HELP text, found \"\\\\t\"; "
        + "kept it as written")), scrape.warnings());
  }

  @Test
  void input_over_the_char_limit_is_read_up_to_the_last_whole_line_within_it() {
    PrometheusTextParser small = new PrometheusTextParser(40, 100);
    ParsedScrape scrape = small.parse("go_goroutines 12\ngo_threads 8\nprocess_open_fds 10\n");
    assertEquals(Map.of("go_goroutines", 12.0, "go_threads", 8.0), scrape.toSample(CRASH_AT).values());
    assertEquals(List.of(new LineWarning(0, "expected at most 40 chars of Prometheus text, found 50; read only the "
        + "first 2 lines: send smaller scrapes or raise the parser's maxChars")), scrape.warnings());
  }

  @Test
  void input_over_the_series_limit_stops_at_the_first_sample_past_it() {
    PrometheusTextParser small = new PrometheusTextParser(1000, 2);
    ParsedScrape scrape = small.parse("a 1\n# comment\nb 2\nc 3\nd 4\n");
    assertEquals(2, scrape.seriesCount());
    assertEquals(List.of(new LineWarning(4, "expected at most 2 series, found more; stopped reading at this line: "
        + "scrape less (drop labels with many values) or raise the parser's maxSeries")), scrape.warnings());
  }

  @Test
  void null_input_gives_an_empty_scrape_and_a_warning() {
    ParsedScrape scrape = parser.parse(null);
    assertEquals(0, scrape.seriesCount());
    assertEquals(List.of(new LineWarning(0, "expected Prometheus text, found null; nothing was read")), scrape.warnings());
  }

  @Test
  void a_megabytes_of_garbage_give_a_thousand_warnings_and_a_count_without_slowing_down() {
    String garbage = "}{\"\\ ===\n".repeat(500_000);
    ParsedScrape scrape = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> parser.parse(garbage));
    assertEquals(0, scrape.seriesCount());
    assertEquals(1001, scrape.warnings().size());
    assertEquals(new LineWarning(0, "499000 more warnings not shown (only the first 1000 are kept)"),
        scrape.warnings().get(1000));
  }

  @Test
  void a_scrape_of_fifty_thousand_labelled_series_parses_exactly_and_fast() {
    StringBuilder text = new StringBuilder("# TYPE rpc_duration_seconds histogram\n");
    for (int handler = 0; handler < 5_000; handler++) {
      for (String le : List.of("0.005", "0.01", "0.1", "1", "10", "+Inf")) {
        text.append("rpc_duration_seconds_bucket{handler=\"/api/v").append(handler).append("\",le=\"").append(le)
            .append("\"} ").append(handler).append('\n');
      }
      text.append("rpc_duration_seconds_sum{handler=\"/api/v").append(handler).append("\"} 0.5\n");
      text.append("rpc_duration_seconds_count{handler=\"/api/v").append(handler).append("\"} ").append(handler).append('\n');
    }
    String scrapeText = text.toString();
    ParsedScrape scrape = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> parser.parse(scrapeText));
    assertEquals(List.of(), scrape.warnings());
    assertEquals(40_000, scrape.seriesCount());
    MetricSample sample = scrape.toSample(CRASH_AT);
    assertEquals(4_999.0, sample.values().get("rpc_duration_seconds_bucket{handler=\"/api/v4999\",le=\"+Inf\"}"));
    assertEquals(40_000, sample.values().size());
  }
}
